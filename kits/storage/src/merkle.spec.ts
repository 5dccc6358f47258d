import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ScoringHost, sha256Hex } from "@tao-subnet/sdk/scoring";
import { afterAll, describe, expect, it } from "vitest";
import {
  challengeAnswer,
  chunkOf,
  encodeChallenge,
  encodeResponse,
  inclusionProof,
  leafHash,
  leafHashes,
  MODE_CHECK,
  MODE_SCORE,
  merkleRoot,
  nodeHash,
  proofLength,
  type ScoringChallenge,
  type ScoringResponse,
  STORAGE_SCORING_MODULE,
  treeLevels,
  verifyInclusion,
} from "./index.js";

const bytes = new Uint8Array(readFileSync(STORAGE_SCORING_MODULE));
const { instance } = await WebAssembly.instantiate(bytes, {
  env: {
    abort: () => {
      throw new Error("abort");
    },
  },
});
const wasm = instance.exports as unknown as {
  memory: WebAssembly.Memory;
  reset(): void;
  alloc(n: number): number;
  sha256_bytes(p: number, n: number, o: number): void;
  merkle_root(p: number, n: number, cs: number, o: number): void;
  wilson_u16(s: number, n: number): number;
};

function inWasm(data: Uint8Array, f: (p: number, out: number) => void): string {
  wasm.reset();
  const p = wasm.alloc(data.length + 1);
  const out = wasm.alloc(32);
  new Uint8Array(wasm.memory.buffer).set(data, p);
  f(p, out);
  return Buffer.from(new Uint8Array(wasm.memory.buffer, out, 32)).toString("hex");
}

/** RFC 9162 §2.1.1 MTH, written recursively from the RFC's definition (the reference). */
function mth(leaves: Uint8Array[]): Buffer {
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
/** RFC 9162 §2.1.3.1 PATH(m, D[n]), recursively. */
function path(m: number, leaves: Uint8Array[]): Buffer[] {
  if (leaves.length === 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

describe("SHA-256 and Merkle trees in the WASM module and in TypeScript", () => {
  it("hashes like node:crypto for every length around the block and padding boundaries and for large inputs", () => {
    for (const n of [0, 1, 3, 31, 32, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65537, 1 << 20]) {
      const d = randomBytes(n);
      expect(
        inWasm(d, (p, o) => wasm.sha256_bytes(p, n, o)),
        `${n} bytes`,
      ).toBe(createHash("sha256").update(d).digest("hex"));
    }
  });

  it("builds the RFC 9162 tree: roots and inclusion paths equal the RFC's recursive definition for 1..70 leaves", () => {
    for (let n = 1; n <= 70; n++) {
      const chunks = Array.from({ length: n }, () => randomBytes(8 + (n % 7)));
      const levels = treeLevels(chunks.map(leafHash));
      const root = levels.at(-1)![0]!;
      expect(root.equals(mth(chunks)), `root of ${n}`).toBe(true);
      for (let i = 0; i < n; i++) {
        const p = inclusionProof(levels, i);
        expect(
          p.map((x) => x.toString("hex")),
          `path ${i}/${n}`,
        ).toEqual(path(i, chunks).map((x) => x.toString("hex")));
        expect(p.length).toBe(proofLength(i, n));
        expect(verifyInclusion(root, i, n, leafHash(chunks[i]!), p)).toBe(true);
        // the same proof for another index, or one hash short or long, does not verify
        if (n > 1) expect(verifyInclusion(root, (i + 1) % n, n, leafHash(chunks[i]!), p)).toBe(false);
        if (p.length > 0) expect(verifyInclusion(root, i, n, leafHash(chunks[i]!), p.slice(1))).toBe(false);
        expect(verifyInclusion(root, i, n, leafHash(chunks[i]!), [...p, root])).toBe(false);
      }
    }
  });

  it("computes the same Merkle root in WASM as in TypeScript for blob and chunk sizes of the protocol's range", () => {
    for (const [size, cs] of [
      [1024, 1024],
      [1025, 256],
      [5000, 1024],
      [65536, 4096],
      [100_003, 1024],
      [3 << 20, 65536],
    ] as const) {
      const d = randomBytes(size);
      expect(
        inWasm(d, (p, o) => wasm.merkle_root(p, size, cs, o)),
        `${size}/${cs}`,
      ).toBe(merkleRoot(d, cs).toString("hex"));
    }
  });

  it("computes the Wilson lower bound (z = 1.96) in integers within one unit in 65535 of the real formula", () => {
    const z = 1.96;
    for (let n = 1; n <= 256; n += n < 20 ? 1 : 7) {
      for (let s = 0; s <= n; s += Math.max(1, Math.floor(n / 13))) {
        const p = s / n;
        const lb = (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
        expect(Math.abs(wasm.wilson_u16(s, n) - lb * 65535), `${s}/${n}`).toBeLessThanOrEqual(1.5);
      }
    }
    expect(wasm.wilson_u16(0, 0)).toBe(0);
    expect(wasm.wilson_u16(100, 100) / 65535).toBeGreaterThan(0.96);
  });
});

describe("the scoring module checks answers (loaded by sha256 in the sandboxed host)", () => {
  const host = new ScoringHost();
  const loaded = host.load(bytes, sha256Hex(bytes));
  afterAll(async () => (await loaded).close());
  const size = 10_000;
  const cs = 1024;
  const data = randomBytes(size);
  const levels = treeLevels(leafHashes(data, cs));
  const root = levels.at(-1)![0]!;
  const nonce = randomBytes(32);
  const challenge = (index: number, extra: Partial<ScoringChallenge> = {}): ScoringChallenge => ({
    op: "prove",
    root,
    size,
    chunkSize: cs,
    index,
    nonce,
    trials: 0,
    successes: 0,
    latencyBaseMs: 1000,
    latencyPerMiBMs: 1000,
    penalty: 1966,
    ...extra,
  });
  const honest = (index: number): ScoringResponse => {
    const chunk = chunkOf(data, index, cs);
    return { latencyMs: 10, answer: challengeAnswer(chunk, nonce), proof: inclusionProof(levels, index), data: chunk };
  };
  const check = async (pairs: Array<[ScoringChallenge, ScoringResponse]>, mode = MODE_CHECK) => {
    const m = await loaded;
    return m.scoreBatch(pairs.map(([c, r]) => ({ challenge: encodeChallenge(c, mode), response: encodeResponse(r) })));
  };

  it("accepts the honest answer for every chunk (the last one short) and rejects each kind of forgery", async () => {
    const chunks = Math.ceil(size / cs);
    const honestOnes = Array.from({ length: chunks }, (_, i) => [challenge(i), honest(i)] as [ScoringChallenge, ScoringResponse]);
    expect(await check(honestOnes)).toEqual(Array(chunks).fill(65535));
    const h = honest(3);
    const flipped = Buffer.from(h.data);
    flipped[7]! ^= 1;
    const forged: Array<[string, ScoringChallenge, ScoringResponse]> = [
      ["a chunk with one bit flipped", challenge(3), { ...h, data: flipped, answer: challengeAnswer(flipped, nonce) }],
      ["another chunk's data and proof", challenge(3), honest(4)],
      ["H(chunk) without the nonce", challenge(3), { ...h, answer: createHash("sha256").update(h.data).digest() }],
      ["an old nonce", challenge(3, { nonce: randomBytes(32) }), h],
      ["a proof one hash short", challenge(3), { ...h, proof: h.proof.slice(0, -1) }],
      ["a proof with one sibling changed", challenge(3), { ...h, proof: [randomBytes(32), ...h.proof.slice(1)] }],
      ["the root as the only proof element", challenge(3), { ...h, proof: [root] }],
      ["an index past the last chunk", challenge(chunks), honest(chunks - 1)],
      ["an empty answer", challenge(3), { latencyMs: 1, answer: new Uint8Array(32), proof: [], data: new Uint8Array(0) }],
    ];
    const got = await check(forged.map(([, c, r]) => [c, r]));
    forged.forEach(([what], i) => expect(got[i], what).toBe(0));
  });

  it("verifies a whole retrieved blob against its root, and an acknowledged store by its root", async () => {
    const ok: ScoringResponse = { latencyMs: 5, answer: new Uint8Array(32), proof: [], data };
    const bad = Buffer.from(data);
    bad[9_999]! ^= 0x80;
    const got = await check([
      [challenge(0, { op: "retrieve" }), ok],
      [challenge(0, { op: "retrieve" }), { ...ok, data: bad }],
      [challenge(0, { op: "retrieve" }), { ...ok, data: data.subarray(0, size - 1) }],
      [challenge(0, { op: "store" }), { ...ok, answer: root, data: new Uint8Array(0) }],
      [challenge(0, { op: "store" }), { ...ok, answer: randomBytes(32), data: new Uint8Array(0) }],
    ]);
    expect(got).toEqual([65535, 0, 0, 65535, 0]);
  });

  it("checks a round of 256 whole 64 KiB blobs in one batch within the module's memory and the time cap", async () => {
    const blob = randomBytes(65536);
    const r = merkleRoot(blob, 1024);
    const items: Array<[ScoringChallenge, ScoringResponse]> = Array.from({ length: 256 }, () => [
      challenge(0, { op: "retrieve", root: r, size: blob.length }),
      { latencyMs: 5, answer: new Uint8Array(32), proof: [], data: blob },
    ]);
    expect(await check(items)).toEqual(Array(256).fill(65535));
  });

  it("scores max(0, Wilson bound × latency factor − penalty × failures), and 0 for an answer that does not verify", async () => {
    const w = (s: number, n: number) => wasm.wilson_u16(s, n);
    const got = await check(
      [
        [challenge(1, { trials: 99, successes: 99 }), honest(1)],
        [challenge(1, { trials: 0, successes: 0 }), honest(1)],
        [challenge(1, { trials: 99, successes: 97 }), honest(1)],
        [challenge(1, { trials: 99, successes: 49 }), honest(1)],
        [challenge(1, { trials: 99, successes: 99 }), { ...honest(1), latencyMs: 3000 }],
        [challenge(1, { trials: 99, successes: 99 }), { ...honest(2) }],
      ],
      MODE_SCORE,
    );
    expect(got[0]).toBe(w(100, 100));
    expect(got[1]).toBe(w(1, 1));
    expect(got[2]).toBe(w(98, 100) - 2 * 1966);
    expect(got[3]).toBe(0); // 50 % success: W ≈ 0.40 minus 50 × 0.03
    // 1 KiB chunk: budget ≈ 1,000 ms; 3,000 ms is 3× the budget → factor 1/2
    expect(got[4]).toBeLessThan(Math.ceil(w(100, 100) / 2) + 2);
    expect(got[4]).toBeGreaterThan(Math.floor(w(100, 100) / 2) - 2);
    expect(got[5]).toBe(0);
  });
});
