/**
 * Timelock encryption against drand quicknet's real signature of round 1000 (the fixture copied
 * from subtensor's drand tests, `sdk/test-fixtures/drand/SOURCE.md`): a weights payload encrypted
 * to round 1000 decrypts with that signature to the same bytes, in both payload formats; any
 * other signature, round or altered byte is refused with a typed error. Whether the runtime itself
 * reads these bytes is `test/chain/timelock.spec.ts`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { bls12_381 as bls } from "@noble/curves/bls12-381";
import { describe, expect, it } from "vitest";
import { QUICKNET, revealRound, roundAt, timeOfRound } from "./drand.js";
import { TimelockError } from "./errors.js";
import { decodeWeightsPayload, encodeWeightsPayload } from "./payload.js";
import { parseTlockCiphertext, roundIdentity, tlockDecrypt, tlockEncrypt, verifyRoundSignature } from "./tle.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test-fixtures/drand/${name}`, import.meta.url), "utf8"));
const pulse = fixture("quicknet-pulse-1000.json") as { round: number; randomness: string; signature: string };
const info = fixture("quicknet-info.json") as { public_key: string; period: number; genesis_time: number };

/** A seeded byte source (sha256 counter), for reproducible ciphertexts. */
const seeded = (seed: string) => {
  let i = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32)
      out.set(
        createHash("sha256")
          .update(`${seed}:${i++}`)
          .digest()
          .subarray(0, Math.min(32, n - at)),
        at,
      );
    return out;
  };
};

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TimelockError);
    return `${(e as TimelockError).code}/${(e as TimelockError).kind}`;
  }
  return "no error";
};

const hotkey = new Uint8Array(32).map((_, i) => i + 1);
const payload = { uids: [0, 3, 7], values: [65535, 32768, 1], versionKey: 7n };

describe("timelock encryption (TinyBLS381, AES-GCM) with drand quicknet round 1000", () => {
  it("the fixture is drand's: the signature verifies for round 1000 under quicknet's key, and its randomness is sha256 of the signature", () => {
    expect(QUICKNET).toEqual({ publicKey: info.public_key, period: info.period, genesisTime: info.genesis_time });
    expect(pulse.round).toBe(1000);
    expect(verifyRoundSignature(1000, pulse.signature, QUICKNET.publicKey)).toBe(true);
    expect(verifyRoundSignature(1001, pulse.signature, QUICKNET.publicKey)).toBe(false);
    expect(createHash("sha256").update(Buffer.from(pulse.signature, "hex")).digest("hex")).toBe(pulse.randomness);
  });

  for (const format of ["legacy", "hotkey"] as const) {
    it(`round trip of a ${format} weights payload: encrypt to round 1000, decrypt with the real signature, same payload`, () => {
      const plain = encodeWeightsPayload({ ...payload, hotkey }, format);
      const ct = tlockEncrypt(plain, 1000, QUICKNET.publicKey);
      expect(ct.length).toBe(244 + plain.length);
      const out = tlockDecrypt(ct, pulse.signature);
      expect(Buffer.from(out).toString("hex")).toBe(Buffer.from(plain).toString("hex"));
      expect(decodeWeightsPayload(out)).toEqual(format === "hotkey" ? { ...payload, hotkey } : payload);
    });
  }

  it("the layout is the crate's: U (96), v and w (32), body = vec(ciphertext ‖ tag) ‖ vec(nonce of 12), suite AES_GCM_", () => {
    const msg = new TextEncoder().encode("this is a test");
    const ct = tlockEncrypt(msg, 1000, QUICKNET.publicKey);
    const p = parseTlockCiphertext(ct);
    expect(p.u.toBytes(true).length).toBe(96);
    expect([p.v.length, p.w.length, p.nonce.length, p.sealed.length]).toEqual([32, 32, 12, msg.length + 16]);
    expect(new TextDecoder().decode(p.cipherSuite)).toBe("AES_GCM_");
    // every length prefix is a u64, little-endian
    expect(Buffer.from(ct.subarray(96, 104)).toString("hex")).toBe("2000000000000000");
    expect(Buffer.from(ct.subarray(ct.length - 16)).toString("hex")).toBe("0800000000000000" + Buffer.from("AES_GCM_").toString("hex"));
  });

  it("reads a ciphertext from a Buffer view into a larger pool (as Buffer.from(hex) gives) like any byte array", () => {
    const plain = encodeWeightsPayload(payload, "legacy");
    const ct = tlockEncrypt(plain, 1000, QUICKNET.publicKey);
    const pooled = Buffer.from(Buffer.from(ct).toString("hex"), "hex");
    const offset = Buffer.concat([Buffer.alloc(13, 0xee), Buffer.from(ct)]).subarray(13);
    expect(tlockDecrypt(pooled, pulse.signature)).toEqual(plain);
    expect(tlockDecrypt(offset, pulse.signature)).toEqual(plain);
    expect(decodeWeightsPayload(Buffer.concat([Buffer.alloc(5), Buffer.from(plain)]).subarray(5))).toEqual(payload);
  });

  it("the same random bytes give the same ciphertext; fresh ones a different one", () => {
    const plain = encodeWeightsPayload(payload, "legacy");
    const a = tlockEncrypt(plain, 1000, QUICKNET.publicKey, { random: seeded("x") });
    const b = tlockEncrypt(plain, 1000, QUICKNET.publicKey, { random: seeded("x") });
    const c = tlockEncrypt(plain, 1000, QUICKNET.publicKey);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, c)).not.toBe(0);
    expect(tlockDecrypt(c, pulse.signature)).toEqual(plain);
  });

  it("refuses another round's ciphertext, another key's signature, altered bytes and malformed input, with typed errors", () => {
    const plain = encodeWeightsPayload(payload, "legacy");
    const ct = tlockEncrypt(plain, 1000, QUICKNET.publicKey);
    expect(code(() => tlockDecrypt(tlockEncrypt(plain, 1001, QUICKNET.publicKey), pulse.signature))).toBe("DECRYPTION_FAILED/refused");
    // a valid G1 point that is not quicknet's signature: another key's signature of round 1000
    const other = roundIdentity(1000).multiply(12345n).toBytes(true);
    expect(code(() => tlockDecrypt(ct, other))).toBe("DECRYPTION_FAILED/refused");
    const body = ct.slice();
    body[96 + 80 + 20] ^= 1; // inside the AES ciphertext
    expect(code(() => tlockDecrypt(body, pulse.signature))).toBe("DECRYPTION_FAILED/refused");
    const header = ct.slice();
    header[96 + 8 + 3] ^= 1; // v
    expect(code(() => tlockDecrypt(header, pulse.signature))).toBe("DECRYPTION_FAILED/refused");
    expect(code(() => tlockDecrypt(ct.subarray(0, 150), pulse.signature))).toBe("INVALID_CIPHERTEXT/bad-input");
    expect(code(() => tlockDecrypt(new Uint8Array(300).fill(7), pulse.signature))).toBe("INVALID_POINT/bad-input");
    expect(code(() => tlockDecrypt(ct, "b446"))).toBe("INVALID_POINT/bad-input");
    expect(code(() => tlockEncrypt(plain, 0, QUICKNET.publicKey))).toBe("INVALID_ARGUMENT/bad-input");
    expect(code(() => tlockEncrypt(plain, 1000, "00".repeat(96)))).toBe("INVALID_POINT/bad-input");
    expect(code(() => encodeWeightsPayload({ uids: [1, 2], values: [3], versionKey: 0n }, "legacy"))).toBe("INVALID_PAYLOAD/bad-input");
    expect(code(() => encodeWeightsPayload({ uids: [70000], values: [3], versionKey: 0n }, "legacy"))).toBe("INVALID_PAYLOAD/bad-input");
    expect(code(() => encodeWeightsPayload(payload, "hotkey"))).toBe("INVALID_PAYLOAD/bad-input");
    expect(code(() => decodeWeightsPayload(new Uint8Array([8, 1])))).toBe("INVALID_PAYLOAD/bad-input");
  });

  it("a beacon with its own key (a local devnet's) works the same: its signature of a round decrypts", () => {
    const sk = 0x1234567890abcdefn;
    const pk = bls.G2.Point.BASE.multiply(sk).toBytes(true);
    const sig = roundIdentity(42).multiply(sk).toBytes(true);
    expect(verifyRoundSignature(42, sig, pk)).toBe(true);
    const plain = encodeWeightsPayload({ ...payload, hotkey }, "hotkey");
    expect(tlockDecrypt(tlockEncrypt(plain, 42, pk), sig)).toEqual(plain);
  });
});

describe("the reveal round (the Python SDK's generate_commit)", () => {
  it("aims at the third block of the reveal epoch, by wall clock, rounded down", () => {
    // tempo 100, netuid 1, block 1000, period 2: epoch (1000+2)/101 = 9, reveal epoch 11, first block 11·101−2 = 1109, target 1112
    const now = 1_700_000_000;
    const r = revealRound(QUICKNET, { block: 1000, netuid: 1, tempo: 100, revealPeriod: 2, blockTimeSeconds: 12, nowSeconds: now });
    expect(r).toBe(Math.floor((now + 112 * 12 - 1692803367) / 3));
    expect(timeOfRound(QUICKNET, r)).toBeLessThanOrEqual(now + 112 * 12);
    expect(timeOfRound(QUICKNET, r + 1)).toBeGreaterThan(now + 112 * 12);
    expect(roundAt(QUICKNET, 0)).toBe(1);
    expect(code(() => revealRound(QUICKNET, { block: -1, netuid: 1, tempo: 1, revealPeriod: 1, blockTimeSeconds: 12 }))).toBe("INVALID_ARGUMENT/bad-input");
    expect(code(() => revealRound(QUICKNET, { block: 1, netuid: 1, tempo: 1, revealPeriod: 1, blockTimeSeconds: 0 }))).toBe("INVALID_ARGUMENT/bad-input");
  });
});
