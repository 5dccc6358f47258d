import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringToU8a, u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, signatureVerify } from "@polkadot/util-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decryptKeyfile,
  encryptKeyfile,
  keyfileFromMnemonic,
  parseKeyfile,
  secretFromCanonical,
  secretToCanonical,
  serializeKeyfile,
  Wallet,
  WalletError,
  WalletErrorCode,
} from "../index.js";

const fixtures = fileURLToPath(new URL("../../test-fixtures/wallet/", import.meta.url));
// bittensor-wallet's own test vectors (btwallet tests/test_keyfile.py @ 93b3761)
const MNEMONIC = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";
const PRIVATE_KEY = "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e";
const PASSWORD = "correct horse battery staple";

const fixture = async (name: string) => new Uint8Array(await readFile(join(fixtures, name)));
const mode = async (p: string) => (await stat(p)).mode & 0o777;
const signs = (pair: { sign(m: Uint8Array): Uint8Array; address: string }) =>
  signatureVerify(stringToU8a("tao-subnet"), pair.sign(stringToU8a("tao-subnet")), pair.address).isValid;
const errorCode = async (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof WalletError ? e.code : `not a WalletError: ${String(e)}`),
  );

beforeAll(cryptoWaitReady);

describe("keyfile format (btcli)", () => {
  it("derives btwallet's address and canonical private key from its test mnemonic", async () => {
    const data = await keyfileFromMnemonic(MNEMONIC);
    expect(data.ss58Address).toBe(ADDRESS);
    expect(u8aToHex(data.privateKey)).toBe(PRIVATE_KEY);
  });

  it("converts between schnorrkel's canonical and ed25519-form secrets both ways", () => {
    const canonical = Uint8Array.from(Buffer.from(PRIVATE_KEY.slice(2), "hex"));
    const ed = secretFromCanonical(canonical);
    expect(ed[0]! & 7).toBe(0); // × cofactor: a multiple of 8
    expect(u8aToHex(secretToCanonical(ed))).toBe(PRIVATE_KEY);
    expect(u8aToHex(ed.subarray(32))).toBe(u8aToHex(canonical.subarray(32))); // nonce untouched
  });

  it("reads btcli's plain hotkey file and signs as its address", async () => {
    const data = await parseKeyfile(await fixture("hotkey.json"));
    expect(data.ss58Address).toBe(ADDRESS);
    expect(data.secretPhrase).toBe(MNEMONIC);
  });

  it("loads a keyfile holding only privateKey (canonical form) into a pair that signs verifiably", async () => {
    const { pairFromKeyfile } = await import("./keyfile.js");
    const data = await parseKeyfile(await fixture("hotkey-privatekey-only.json"));
    expect(data.secretPhrase).toBeUndefined();
    const pair = pairFromKeyfile(data);
    expect(pair.address).toBe(ADDRESS);
    expect(signs(pair)).toBe(true);
  });

  it("writes the same JSON fields btcli writes and reads them back", async () => {
    const data = await keyfileFromMnemonic(MNEMONIC);
    const json = JSON.parse(Buffer.from(serializeKeyfile(data)).toString()) as Record<string, string>;
    const btcli = JSON.parse(Buffer.from(await fixture("hotkey.json")).toString()) as Record<string, string>;
    expect(json).toEqual(btcli);
    expect((await parseKeyfile(serializeKeyfile(data))).ss58Address).toBe(ADDRESS);
  });

  it("decrypts a coldkey sealed by libsodium (argon2i13 SENSITIVE + secretbox) and refuses a wrong password", async () => {
    const sealed = await fixture("coldkey");
    expect(Buffer.from(sealed.subarray(0, 5)).toString()).toBe("$NACL");
    const plain = await decryptKeyfile(sealed, PASSWORD);
    expect(Buffer.from(plain).toString()).toBe(Buffer.from(await fixture("coldkey.plain.json")).toString());
    expect(await errorCode(decryptKeyfile(sealed, "wrong password"))).toBe(WalletErrorCode.WRONG_PASSWORD);
  }, 120_000);

  it("encrypts so that its own output opens with the password and not without", async () => {
    const sealed = await encryptKeyfile(stringToU8a("{}"), PASSWORD);
    expect(Buffer.from(await decryptKeyfile(sealed, PASSWORD)).toString()).toBe("{}");
    const again = await encryptKeyfile(stringToU8a("{}"), PASSWORD);
    expect(u8aToHex(again.subarray(5, 29))).not.toBe(u8aToHex(sealed.subarray(5, 29))); // fresh nonce
  }, 120_000);

  it("names what is wrong with a bad keyfile", async () => {
    expect(await errorCode(parseKeyfile(stringToU8a("not json")))).toBe(WalletErrorCode.KEYFILE_INVALID);
    expect(await errorCode(parseKeyfile(stringToU8a('{"privateKey":"0x12"}')))).toBe(WalletErrorCode.KEYFILE_INVALID);
    expect(await errorCode(parseKeyfile(stringToU8a("$ANSIBLE_VAULT;1.1;AES256\n…")))).toBe(WalletErrorCode.KEYFILE_INVALID);
    expect(await errorCode(keyfileFromMnemonic("old leopard transfer rib spatial phone calm indicate online fire caution caution"))).toBe(
      WalletErrorCode.INVALID_MNEMONIC,
    );
  });
});

describe("Wallet on disk", () => {
  it("creates a coldkey (encrypted, 0600) and hotkey (plain, 0600) that btcli's layout and the fixtures agree on", async () => {
    const root = await mkdtemp(join(tmpdir(), "wallets-"));
    const w = new Wallet("owner", root);
    expect(await w.createColdkey({ password: PASSWORD, mnemonic: MNEMONIC })).toEqual({ address: ADDRESS });
    expect((await w.createHotkey("miner")).address).toMatch(/^5/);
    for (const p of [w.coldkeyPath, w.coldkeypubPath, w.hotkeyPath("miner"), `${w.hotkeyPath("miner")}pub.txt`]) expect(await mode(p)).toBe(0o600);
    expect(await mode(w.path)).toBe(0o700);
    const cold = await readFile(w.coldkeyPath);
    expect(cold.subarray(0, 5).toString()).toBe("$NACL");
    expect(cold.includes(Buffer.from("leopard"))).toBe(false);
    expect(JSON.parse((await readFile(w.coldkeypubPath)).toString())).toMatchObject({ ss58Address: ADDRESS });
    expect(await w.coldkeyAddress()).toBe(ADDRESS);
    const pair = await w.coldkey(PASSWORD);
    expect(pair.address).toBe(ADDRESS);
    expect(signs(pair)).toBe(true);
    expect(signs(await w.hotkey("miner"))).toBe(true);
    expect(await readdir(join(w.path, "hotkeys"))).toEqual(["miner", "minerpub.txt"]); // no temp files left
    expect(await Wallet.list(root)).toEqual([
      { name: "owner", path: w.path, coldkey: ADDRESS, hotkeys: [{ name: "miner", address: (await w.hotkey("miner")).address }] },
    ]);
  }, 120_000);

  it("opens btcli's fixture wallet (libsodium-sealed coldkey) and regenerates it identically from the mnemonic", async () => {
    const root = await mkdtemp(join(tmpdir(), "wallets-"));
    const w = new Wallet("btcli", root);
    const { mkdir, copyFile } = await import("node:fs/promises");
    await mkdir(join(w.path, "hotkeys"), { recursive: true });
    await copyFile(join(fixtures, "coldkey"), w.coldkeyPath);
    await copyFile(join(fixtures, "coldkeypub.txt"), w.coldkeypubPath);
    await copyFile(join(fixtures, "hotkey.json"), w.hotkeyPath("default"));
    expect((await w.coldkey(PASSWORD)).address).toBe(ADDRESS);
    expect((await w.hotkey()).address).toBe(ADDRESS);
    expect(await w.hotkeyAddress()).toBe(ADDRESS);
    const regen = new Wallet("regen", root);
    await regen.createColdkey({ password: PASSWORD, mnemonic: MNEMONIC });
    expect(await readFile(regen.coldkeypubPath, "utf8")).toBe(await readFile(w.coldkeypubPath, "utf8"));
  }, 120_000);

  it("never overwrites a key without overwrite, and a wrong password changes nothing", async () => {
    const root = await mkdtemp(join(tmpdir(), "wallets-"));
    const w = new Wallet("w", root);
    await w.createColdkey({ password: PASSWORD, mnemonic: MNEMONIC });
    const before = await readFile(w.coldkeyPath);
    expect(await errorCode(w.createColdkey({ password: "other" }))).toBe(WalletErrorCode.KEYFILE_EXISTS);
    expect(await errorCode(w.coldkey("nope"))).toBe(WalletErrorCode.WRONG_PASSWORD);
    expect(await errorCode(w.coldkey())).toBe(WalletErrorCode.PASSWORD_REQUIRED);
    expect((await readFile(w.coldkeyPath)).equals(before)).toBe(true);
    await w.createHotkey("h", { mnemonic: MNEMONIC });
    expect(await errorCode(w.createHotkey("h"))).toBe(WalletErrorCode.KEYFILE_EXISTS);
    expect((await w.createHotkey("h", { overwrite: true })).address).not.toBe(ADDRESS);
  }, 120_000);

  it("rejects names that would escape the wallet directory and reports missing files", async () => {
    const root = await mkdtemp(join(tmpdir(), "wallets-"));
    expect(() => new Wallet("../etc", root)).toThrow(WalletError);
    expect(() => new Wallet("ok", root).hotkeyPath("a/b")).toThrow(/hotkey name/);
    expect(await errorCode(new Wallet("missing", root).coldkeyAddress())).toBe(WalletErrorCode.KEYFILE_NOT_FOUND);
    expect(await Wallet.list(join(root, "nothing-here"))).toEqual([]);
  });
});
