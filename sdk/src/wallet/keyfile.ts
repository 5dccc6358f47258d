/**
 * Keyfiles in bittensor-wallet's (btcli's) formats, read and written byte-compatibly:
 *
 * - plain: UTF-8 JSON with `accountId`, `publicKey`, `privateKey` (0x-hex, schnorrkel's canonical
 *   64-byte secret: key ‖ nonce), `secretPhrase`, `secretSeed` (0x-hex mini secret), `ss58Address`;
 *   loaded from the phrase, else the seed, else the private key, else the address (public only);
 * - encrypted: `$NACL` ‖ 24-byte nonce ‖ XSalsa20-Poly1305 secretbox of the plain JSON, with the key
 *   from argon2i (v1.3, libsodium's OPSLIMIT/MEMLIMIT_SENSITIVE: 8 passes, 512 MiB) over the
 *   password and the wallet's fixed 16-byte salt.
 *
 * see: opentensor/btwallet src/keyfile.rs (serialized_keypair_to_keyfile_data,
 * encrypt_keyfile_data, derive_key) and src/keypair.rs @ 93b3761
 */

import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { hexToU8a, isHex, stringToU8a, u8aConcat, u8aToHex, u8aToString } from "@polkadot/util";
import {
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  mnemonicToMiniSecret,
  mnemonicValidate,
  naclDecrypt,
  naclEncrypt,
  randomAsU8a,
  sr25519PairFromSeed,
} from "@polkadot/util-crypto";
import { argon2i } from "hash-wasm";
import { WalletError, WalletErrorCode } from "./errors.js";

const NACL_PREFIX = stringToU8a("$NACL");
// see: btwallet src/keyfile.rs NACL_SALT
const NACL_SALT = new Uint8Array([0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1]);
/** libsodium crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE / MEMLIMIT_SENSITIVE (bytes → KiB). */
const ARGON2I_SENSITIVE = { iterations: 8, memorySize: 512 * 1024, parallelism: 1 };

/** What a keyfile holds, decoded. Secret fields are absent in public-only files. */
export interface KeyfileData {
  ss58Address: string;
  publicKey: Uint8Array;
  secretPhrase?: string;
  secretSeed?: Uint8Array;
  /** schnorrkel canonical form (key ‖ nonce), as btcli stores it. */
  privateKey?: Uint8Array;
}

/** schnorrkel's ed25519-form secret key (what @polkadot/wasm-crypto uses) → canonical (÷ cofactor 8). */
export function secretToCanonical(secret: Uint8Array): Uint8Array {
  const out = secret.slice();
  for (let i = 0; i < 32; i++) out[i] = ((secret[i]! >> 3) | (i < 31 ? secret[i + 1]! << 5 : 0)) & 0xff;
  return out;
}

/** Canonical (btcli) secret key → schnorrkel's ed25519 form (× cofactor 8). */
export function secretFromCanonical(canonical: Uint8Array): Uint8Array {
  const out = canonical.slice();
  for (let i = 0; i < 32; i++) out[i] = ((canonical[i]! << 3) | (i > 0 ? canonical[i - 1]! >> 5 : 0)) & 0xff;
  return out;
}

/** Keyfile data for a mnemonic (as `btcli wallet new_coldkey/new_hotkey` and `regen_*` write). */
export async function keyfileFromMnemonic(mnemonic: string): Promise<KeyfileData> {
  await cryptoWaitReady();
  const phrase = mnemonic.trim().split(/\s+/).join(" ");
  if (!mnemonicValidate(phrase)) {
    throw new WalletError(
      WalletErrorCode.INVALID_MNEMONIC,
      "mnemonic: not a valid BIP-39 phrase (12, 15, 18, 21 or 24 English words with a valid checksum); check the words and their order",
    );
  }
  const seed = mnemonicToMiniSecret(phrase);
  const pair = sr25519PairFromSeed(seed);
  return {
    ss58Address: encodeAddress(pair.publicKey, 42),
    publicKey: pair.publicKey,
    secretPhrase: phrase,
    secretSeed: seed,
    privateKey: secretToCanonical(pair.secretKey),
  };
}

/** The plain JSON bytes btcli writes (field names and 0x-hex as bittensor-wallet). */
export function serializeKeyfile(data: KeyfileData): Uint8Array {
  const pub = u8aToHex(data.publicKey);
  const json: Record<string, string> = { accountId: pub, publicKey: pub };
  if (data.privateKey) json.privateKey = u8aToHex(data.privateKey);
  if (data.secretPhrase) json.secretPhrase = data.secretPhrase;
  if (data.secretSeed) json.secretSeed = u8aToHex(data.secretSeed);
  json.ss58Address = data.ss58Address;
  return stringToU8a(JSON.stringify(json));
}

const invalid = (where: string, why: string) =>
  new WalletError(WalletErrorCode.KEYFILE_INVALID, `${where}: ${why}; recreate it with tao-subnet wallet create (or btcli wallet regen_*)`);

/** Parses plain keyfile JSON (bittensor-wallet's field precedence: phrase, seed, private key, address). */
export async function parseKeyfile(bytes: Uint8Array, where = "keyfile"): Promise<KeyfileData> {
  await cryptoWaitReady();
  if (isEncrypted(bytes)) throw new WalletError(WalletErrorCode.PASSWORD_REQUIRED, `${where} is encrypted: give its password`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(u8aToString(bytes)) as Record<string, unknown>;
  } catch {
    if (u8aToString(bytes.subarray(0, 14)) === "$ANSIBLE_VAULT" || u8aToString(bytes.subarray(0, 4)) === "gAAA") {
      throw invalid(where, "a legacy encrypted format (Ansible Vault or Fernet); convert it with `btcli wallet update` first");
    }
    throw invalid(where, "not JSON");
  }
  const str = (k: string) => (typeof json[k] === "string" ? (json[k] as string) : undefined);
  const hex = (k: string, len: number) => {
    const v = str(k);
    if (v === undefined) return undefined;
    if (!isHex(v) || hexToU8a(v).length !== len) throw invalid(where, `${k} must be 0x-hex of ${len} bytes`);
    return hexToU8a(v);
  };
  const phrase = str("secretPhrase");
  if (phrase) return keyfileFromMnemonic(phrase);
  const seed = hex("secretSeed", 32);
  if (seed) {
    const pair = sr25519PairFromSeed(seed);
    return { ss58Address: encodeAddress(pair.publicKey, 42), publicKey: pair.publicKey, secretSeed: seed, privateKey: secretToCanonical(pair.secretKey) };
  }
  const privateKey = hex("privateKey", 64);
  const publicKey = hex("publicKey", 32) ?? (str("ss58Address") ? decodeAddress(str("ss58Address")!) : undefined);
  if (!publicKey) throw invalid(where, "no secretPhrase, secretSeed, publicKey or ss58Address");
  return { ss58Address: encodeAddress(publicKey, 42), publicKey, ...(privateKey ? { privateKey } : {}) };
}

export function isEncrypted(bytes: Uint8Array): boolean {
  return bytes.length > NACL_PREFIX.length && NACL_PREFIX.every((b, i) => bytes[i] === b);
}

const keyCache = new Map<string, Uint8Array>();

/** argon2i(password, fixed salt): 512 MiB and a few seconds, so cached per password for the process. */
async function deriveKey(password: string): Promise<Uint8Array> {
  const cached = keyCache.get(password);
  if (cached) return cached;
  const key = await argon2i({ password, salt: NACL_SALT, ...ARGON2I_SENSITIVE, hashLength: 32, outputType: "binary" });
  keyCache.set(password, key);
  return key;
}

export async function encryptKeyfile(plain: Uint8Array, password: string): Promise<Uint8Array> {
  const nonce = randomAsU8a(24);
  const { encrypted } = naclEncrypt(plain, await deriveKey(password), nonce);
  return u8aConcat(NACL_PREFIX, nonce, encrypted);
}

export async function decryptKeyfile(bytes: Uint8Array, password: string, where = "keyfile"): Promise<Uint8Array> {
  if (!isEncrypted(bytes)) throw invalid(where, "not a $NACL-encrypted keyfile");
  const nonce = bytes.subarray(5, 29);
  const plain = naclDecrypt(bytes.subarray(29), nonce, await deriveKey(password));
  if (!plain) throw new WalletError(WalletErrorCode.WRONG_PASSWORD, `${where}: wrong password; nothing was changed`);
  return plain;
}

/** A signing pair from keyfile data; throws when the file is public-only. */
export function pairFromKeyfile(data: KeyfileData, where = "keyfile"): KeyringPair {
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  if (data.secretSeed) return keyring.addFromSeed(data.secretSeed);
  if (data.privateKey) return keyring.addFromPair({ publicKey: data.publicKey, secretKey: secretFromCanonical(data.privateKey) });
  throw invalid(where, "holds only a public key, so it cannot sign");
}
