import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, encodeAddress, signatureVerify } from "@polkadot/util-crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseSignature, signMessage, usingSchnorrkelWasm, verifyBytes, verifyMessage } from "./crypto.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const message = "1764000000000000000.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.uuid.hash";

/** ℓ (the ristretto255 group order) as 32 little-endian bytes, hex. */
const L_LE = `edd3f55c1a631258d69cf7a2def9de14${"00".repeat(15)}10`;
const withS = (sig: string, sLe: string, marked = true) => {
  const bytes = Buffer.from(sig.slice(2), "hex");
  Buffer.from(sLe, "hex").copy(bytes, 32);
  if (marked) bytes[63]! |= 0x80;
  else bytes[63]! &= 0x7f;
  return `0x${bytes.toString("hex")}`;
};

describe("sr25519 on the wire, against @polkadot/util-crypto (the keyring's own implementation)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("signs what the keyring verifies, and verifies what the keyring signs (raw and <Bytes>-wrapped)", () => {
    const ours = signMessage(alice, message);
    expect(ours).toMatch(/^0x[0-9a-f]{128}$/);
    expect(signatureVerify(message, ours, alice.address).isValid).toBe(true);
    expect(verifyMessage(message, u8aToHex(alice.sign(new TextEncoder().encode(message))), alice.address)).toBe(true);
    expect(verifyMessage(message, u8aToHex(alice.sign(new TextEncoder().encode(`<Bytes>${message}</Bytes>`))), alice.address)).toBe(true);
    expect(verifyMessage(`${message}x`, ours, alice.address)).toBe(false);
    expect(verifyMessage(message, ours, keyring.addFromUri("//Bob").address)).toBe(false);
  });

  it("parses signatures as schnorrkel does: 64 bytes, marker bit set, s below ℓ", () => {
    const sig = signMessage(alice, message);
    expect(parseSignature(sig)).not.toBeNull();
    expect(parseSignature(sig.toUpperCase().replace("0X", "0x"))).not.toBeNull();
    expect(parseSignature(sig.slice(0, -2))).toBeNull();
    expect(parseSignature(`${sig}0`)).toBeNull();
    expect(parseSignature(`${sig.slice(0, -1)}g`)).toBeNull();
    expect(parseSignature(withS(sig, sig.slice(66), false))).toBeNull(); // an ed25519-style (unmarked) signature
    expect(parseSignature(withS(sig, L_LE))).toBeNull(); // s = ℓ
    expect(parseSignature(withS(sig, `ec${L_LE.slice(2)}`))).not.toBeNull(); // s = ℓ − 1
    expect(parseSignature(withS(sig, `${"00".repeat(31)}70`))).toBeNull(); // s ≥ 2^254
  });

  it("refuses a bad signature or a public key that is not a ristretto255 point without reaching schnorrkel's panic (a trap, logged to stderr)", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const sig = signMessage(alice, message);
    // 0xff…ff is not a canonical field element; 0x01 00… is a negative s: neither decodes
    for (const bad of [new Uint8Array(32).fill(0xff), Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0))]) {
      expect(verifyMessage(message, sig, encodeAddress(bad, 42))).toBe(false);
    }
    expect(verifyMessage(message, withS(sig, sig.slice(66), false), alice.address)).toBe(false);
    expect(verifyMessage(message, withS(sig, L_LE), alice.address)).toBe(false);
    expect(verifyMessage(message, sig, "not an address")).toBe(false);
    expect(errors).not.toHaveBeenCalled();
    // and the module still answers afterwards
    expect(verifyMessage(message, sig, alice.address)).toBe(true);
  });

  // last in this file: it leaves the module on the fallback (vitest gives each test file its own modules)
  it("after a real schnorrkel-wasm trap (a non-point public key passed past the checks), signs and verifies on @polkadot/wasm-crypto", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const bytes = new TextEncoder().encode(message);
    const sig = parseSignature(signMessage(alice, message))!;
    expect(usingSchnorrkelWasm()).toBe(true);
    expect(verifyBytes(new Uint8Array(32).fill(0xff), bytes, sig)).toBe(false);
    expect(usingSchnorrkelWasm()).toBe(false);
    const after = signMessage(alice, message);
    expect(signatureVerify(message, after, alice.address).isValid).toBe(true);
    expect(verifyMessage(message, after, alice.address)).toBe(true);
    expect(verifyMessage(`${message}x`, after, alice.address)).toBe(false);
  });
});
