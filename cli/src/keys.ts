/**
 * Keys for the runtimes. Until btcli-compatible wallets land, a hotkey comes from a development
 * URI (`//Alice`, `//miner1`) or from the mnemonic in an environment variable; the secret is never
 * printed or logged.
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady, mnemonicValidate } from "@polkadot/util-crypto";
import type { Signer } from "@tao-subnet/sdk";
import { CliErrorCode, UsageError } from "./errors.js";

export async function hotkeyFrom(values: Record<string, unknown>): Promise<Signer> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const uri = values.hotkey;
  const env = values["hotkey-env"];
  if (typeof uri === "string") {
    if (!uri.startsWith("//")) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--hotkey: expected a development URI such as //miner1 (use --hotkey-env NAME for a mnemonic)", "--hotkey");
    return keyring.addFromUri(uri);
  }
  if (typeof env === "string") {
    const mnemonic = process.env[env];
    if (!mnemonic || !mnemonicValidate(mnemonic)) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--hotkey-env: ${env} does not hold a valid mnemonic`, "--hotkey-env");
    return keyring.addFromMnemonic(mnemonic);
  }
  throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--hotkey is required: a development URI such as //miner1, or --hotkey-env NAME", "--hotkey");
}
