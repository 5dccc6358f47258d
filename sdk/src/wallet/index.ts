/** `@tao-subnet/sdk/wallet`: btcli-compatible wallets and keyfiles. */

export { WalletError, WalletErrorCode } from "./errors.js";
export type { KeyfileData } from "./keyfile.js";
export {
  decryptKeyfile,
  encryptKeyfile,
  isEncrypted,
  keyfileFromMnemonic,
  pairFromKeyfile,
  parseKeyfile,
  secretFromCanonical,
  secretToCanonical,
  serializeKeyfile,
} from "./keyfile.js";
export type { WalletSummary } from "./wallet.js";
export { DEFAULT_WALLETS_PATH, Wallet, writeSecretFile } from "./wallet.js";
