/**
 * btcli-compatible wallets on disk: `<root>/<wallet>/coldkey` (encrypted), `coldkeypub.txt`,
 * `hotkeys/<hotkey>` (plain) and `hotkeys/<hotkey>pub.txt`, with root `~/.bittensor/wallets` by
 * default. Files holding keys are written 0600 (directories 0700) through a temporary file,
 * fsync and rename, so a crash leaves the old file or the new one, never half of either; an
 * existing key is never replaced without `overwrite`. No method logs or returns a secret except
 * the signing pair itself.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady, mnemonicGenerate } from "@polkadot/util-crypto";
import { writeDurably } from "../runtime/state.js";

import { WalletError, WalletErrorCode } from "./errors.js";
import {
  decryptKeyfile,
  encryptKeyfile,
  isEncrypted,
  type KeyfileData,
  keyfileFromMnemonic,
  pairFromKeyfile,
  parseKeyfile,
  serializeKeyfile,
} from "./keyfile.js";

export const DEFAULT_WALLETS_PATH = join(homedir(), ".bittensor", "wallets");

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
function checkName(kind: string, name: string): void {
  if (!NAME.test(name) || name.includes("..")) {
    throw new WalletError(WalletErrorCode.INVALID_NAME, `${kind} name ${JSON.stringify(name)}: use 1-64 letters, digits, '_', '-' or '.' (no '/' or '..')`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes a key file 0600 (directories 0700), atomically and durably; never replaces one unless `overwrite`. */
export async function writeSecretFile(path: string, data: Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
  try {
    await writeDurably(path, data, { exclusive: !options.overwrite });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    throw new WalletError(WalletErrorCode.KEYFILE_EXISTS, `${path} already exists; pass overwrite (CLI: --overwrite) to replace it, after backing it up`);
  }
}

async function readKeyfile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new WalletError(WalletErrorCode.KEYFILE_NOT_FOUND, `${what} not found at ${path}; create it with tao-subnet wallet create`);
    throw e;
  }
}

export interface WalletSummary {
  name: string;
  path: string;
  coldkey: string | null;
  hotkeys: Array<{ name: string; address: string | null }>;
}

export class Wallet {
  readonly path: string;

  constructor(
    readonly name: string = "default",
    readonly root: string = DEFAULT_WALLETS_PATH,
  ) {
    checkName("wallet", name);
    this.path = join(root, name);
  }

  get coldkeyPath(): string {
    return join(this.path, "coldkey");
  }
  get coldkeypubPath(): string {
    return join(this.path, "coldkeypub.txt");
  }
  hotkeyPath(hotkey: string): string {
    checkName("hotkey", hotkey);
    return join(this.path, "hotkeys", hotkey);
  }

  /** A new BIP-39 mnemonic (12 words), for callers that show or store it themselves. */
  static async generateMnemonic(words: 12 | 24 = 12): Promise<string> {
    await cryptoWaitReady();
    return mnemonicGenerate(words);
  }

  /**
   * Writes the coldkey (encrypted with `password`) and coldkeypub.txt from `mnemonic`
   * (`btcli wallet regen_coldkey`), or from a new one. Resolves to the address.
   */
  async createColdkey(options: { password: string; mnemonic?: string; overwrite?: boolean }): Promise<{ address: string }> {
    if (!options.password) throw new WalletError(WalletErrorCode.PASSWORD_REQUIRED, "coldkey: a password is required (btcli encrypts every coldkey); give one");
    const data = await keyfileFromMnemonic(options.mnemonic ?? (await Wallet.generateMnemonic()));
    if (!options.overwrite) {
      for (const p of [this.coldkeyPath, this.coldkeypubPath]) {
        if (await exists(p))
          throw new WalletError(WalletErrorCode.KEYFILE_EXISTS, `${p} already exists; pass overwrite (CLI: --overwrite) to replace it, after backing it up`);
      }
    }
    const sealed = await encryptKeyfile(serializeKeyfile(data), options.password);
    await writeSecretFile(this.coldkeyPath, sealed, { overwrite: true });
    await writeSecretFile(this.coldkeypubPath, serializeKeyfile({ ss58Address: data.ss58Address, publicKey: data.publicKey }), { overwrite: true });
    return { address: data.ss58Address };
  }

  /** Writes `hotkeys/<name>` (plain, as btcli does by default) and its pub file. */
  async createHotkey(hotkey = "default", options: { mnemonic?: string; overwrite?: boolean; password?: string } = {}): Promise<{ address: string }> {
    const path = this.hotkeyPath(hotkey);
    const data = await keyfileFromMnemonic(options.mnemonic ?? (await Wallet.generateMnemonic()));
    const plain = serializeKeyfile(data);
    await writeSecretFile(path, options.password ? await encryptKeyfile(plain, options.password) : plain, { overwrite: options.overwrite });
    await writeSecretFile(`${path}pub.txt`, serializeKeyfile({ ss58Address: data.ss58Address, publicKey: data.publicKey }), { overwrite: true });
    return { address: data.ss58Address };
  }

  /** The coldkey's address, from coldkeypub.txt (no password needed). */
  async coldkeyAddress(): Promise<string> {
    return (await parseKeyfile(await readKeyfile(this.coldkeypubPath, `wallet ${this.name}'s coldkeypub.txt`), this.coldkeypubPath)).ss58Address;
  }

  /** Opens the coldkey with its password. Throws WRONG_PASSWORD or PASSWORD_REQUIRED; changes nothing. */
  async coldkey(password?: string): Promise<KeyringPair> {
    return this.#open(this.coldkeyPath, `wallet ${this.name}'s coldkey`, password);
  }

  /** The hotkey's signing pair (a password only if it was saved encrypted). */
  async hotkey(hotkey = "default", password?: string): Promise<KeyringPair> {
    return this.#open(this.hotkeyPath(hotkey), `hotkey ${hotkey} of wallet ${this.name}`, password);
  }

  /** The hotkey's address without its secret (from `<hotkey>pub.txt`, else the keyfile). */
  async hotkeyAddress(hotkey = "default"): Promise<string> {
    const path = this.hotkeyPath(hotkey);
    if (await exists(`${path}pub.txt`)) return (await parseKeyfile(await readKeyfile(`${path}pub.txt`, "hotkey pub file"))).ss58Address;
    const bytes = await readKeyfile(path, `hotkey ${hotkey} of wallet ${this.name}`);
    if (isEncrypted(bytes)) throw new WalletError(WalletErrorCode.PASSWORD_REQUIRED, `${path} is encrypted and has no pub file; open it with its password`);
    return (await parseKeyfile(bytes, path)).ss58Address;
  }

  async #open(path: string, what: string, password?: string): Promise<KeyringPair> {
    const bytes = await readKeyfile(path, what);
    let data: KeyfileData;
    if (isEncrypted(bytes)) {
      if (password === undefined) throw new WalletError(WalletErrorCode.PASSWORD_REQUIRED, `${what} is encrypted: give its password (CLI: --password-env VAR)`);
      data = await parseKeyfile(await decryptKeyfile(bytes, password, what), path);
    } else {
      data = await parseKeyfile(bytes, path);
    }
    return pairFromKeyfile(data, path);
  }

  /** Every wallet under `root` with its coldkey address and hotkeys (no passwords needed). */
  static async list(root: string = DEFAULT_WALLETS_PATH): Promise<WalletSummary[]> {
    let names: string[];
    try {
      names = (await readdir(root, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
    const out: WalletSummary[] = [];
    for (const name of names) {
      if (!NAME.test(name)) continue;
      const w = new Wallet(name, root);
      const coldkey = await w.coldkeyAddress().catch(() => null);
      let hotkeyNames: string[] = [];
      try {
        hotkeyNames = (await readdir(join(w.path, "hotkeys"))).filter((f) => !f.endsWith("pub.txt") && !f.startsWith(".") && NAME.test(f)).sort();
      } catch {
        /* no hotkeys */
      }
      const hotkeys = await Promise.all(hotkeyNames.map(async (h) => ({ name: h, address: await w.hotkeyAddress(h).catch(() => null) })));
      out.push({ name, path: w.path, coldkey, hotkeys });
    }
    return out;
  }
}
