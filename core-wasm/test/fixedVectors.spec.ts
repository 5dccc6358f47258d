import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createCore } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Conformance vectors: copies of the chain-derived cases in test/vectors (see its README).
const vectors = fileURLToPath(new URL("../../test/vectors/yuma/weighted_median.json", import.meta.url));

interface MedianCase {
  stake_f32: number[];
  stake_i32f32_bits: number[];
  score_f32: number[];
  score_i32f32_bits: number[];
}

describe.each(["release", "debug"] as const)("f32 → I32F32 conversions of the chain's weighted-median tests (%s)", (target) => {
  const core = createCore(target);
  const dv = new DataView(new ArrayBuffer(4));
  const f32Bits = (x: number) => {
    dv.setFloat32(0, x);
    return dv.getUint32(0);
  };
  const { cases } = JSON.parse(readFileSync(vectors, "utf8")) as { cases: MedianCase[] };

  // Scores are plain conversions. Stakes are given after the test's normalisation (a lone stake of
  // 0.51 becomes 1.0), so they are compared only where the f32 stakes already sum to one.
  it(`converts all ${cases.length} cases' scores, and their already-normalised stakes, to the chain's bits`, () => {
    expect(cases.length).toBeGreaterThan(0);
    let stakeCases = 0;
    for (const c of cases) {
      c.score_f32.forEach((x, i) => expect(core.call<bigint>("i32f32FromF32Bits", f32Bits(x))).toBe(BigInt(c.score_i32f32_bits[i]!)));
      const converted = c.stake_f32.map((x) => core.call<bigint>("i32f32FromF32Bits", f32Bits(x)));
      const sum = converted.reduce((a, b) => a + b, 0n);
      if (sum > (1n << 32n) - 8n && sum < (1n << 32n) + 8n) {
        stakeCases++;
        converted.forEach((b, i) => expect(b).toBe(BigInt(c.stake_i32f32_bits[i]!)));
      }
    }
    expect(stakeCases).toBeGreaterThan(0);
  });
});

describe.each(["release", "debug"] as const)("the chain's weighted-median tests (%s)", (target) => {
  const core = createCore(target);
  const { cases } = JSON.parse(readFileSync(vectors, "utf8")) as {
    cases: Array<MedianCase & { minority_bits: number; partition_lo_bits: number; expected_bits: number }>;
  };

  it(`the column median gives expected_bits in all ${cases.length} cases`, () => {
    for (const c of cases) {
      expect(c.partition_lo_bits).toBe(0);
      const m = c.stake_i32f32_bits.length;
      const words = new BigUint64Array(2 + 2 * m);
      words[0] = BigInt(m);
      words[1] = BigInt.asUintN(64, BigInt(c.minority_bits));
      c.stake_i32f32_bits.forEach((b, i) => (words[2 + i] = BigInt(b)));
      c.score_i32f32_bits.forEach((b, i) => (words[2 + m + i] = BigInt(b)));
      const got = core.arena(() => core.call<bigint>("weightedMedianPacked", core.lowerBytes(new Uint8Array(words.buffer))));
      expect(BigInt.asIntN(64, got)).toBe(BigInt(c.expected_bits));
    }
  });
});

/** The chain's `weighted_median` as written (index partitions, saturating I32F32 sums), in BigInt. */
function chainWeightedMedian(stake: bigint[], score: bigint[], minority: bigint): bigint {
  const MAX = (1n << 63n) - 1n,
    MIN = -(1n << 63n);
  const sat = (x: bigint) => (x > MAX ? MAX : x < MIN ? MIN : x);
  let idx = score.map((_, i) => i);
  let lo = 0n;
  let hi = sat(stake.reduce((a, b) => a + b, 0n));
  for (let guard = 0; guard <= score.length; guard++) {
    if (idx.length === 0) return 0n;
    if (idx.length === 1) return score[idx[0]!]!;
    const pivot = score[idx[idx.length >> 1]!]!;
    let loStake = 0n,
      hiStake = 0n;
    const lower: number[] = [],
      upper: number[] = [];
    for (const i of idx) {
      if (score[i]! < pivot) {
        loStake = sat(loStake + stake[i]!);
        lower.push(i);
      } else if (score[i]! > pivot) {
        hiStake = sat(hiStake + stake[i]!);
        upper.push(i);
      }
    }
    if (minority < sat(lo + loStake) && lower.length > 0) {
      hi = sat(lo + loStake);
      idx = lower;
    } else if (sat(hi - hiStake) <= minority && upper.length > 0) {
      lo = sat(hi - hiStake);
      idx = upper;
    } else return pivot;
  }
  return 0n;
}

describe.each(["release", "debug"] as const)("the column median against the chain's algorithm (%s)", (target) => {
  const core = createCore(target);
  const ONE = 1n << 32n;
  it("agrees on 3,000 random columns (ties, zero stakes, minority below 0 and above the total)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((m) =>
            fc.tuple(
              fc.array(fc.oneof(fc.constant(0n), fc.bigInt(0n, ONE / 8n)), { minLength: m, maxLength: m }),
              fc.array(fc.oneof(fc.constantFrom(0n, ONE / 2n, ONE, ONE / 3n), fc.bigInt(0n, ONE)), { minLength: m, maxLength: m }),
            ),
          ),
        fc.oneof(fc.bigInt(-ONE, 2n * ONE), fc.constantFrom(0n, -1n, ONE / 2n)),
        ([stake, score], minority) => {
          const m = stake.length;
          const words = new BigUint64Array(2 + 2 * m);
          words[0] = BigInt(m);
          words[1] = BigInt.asUintN(64, minority);
          stake.forEach((b, i) => (words[2 + i] = b));
          score.forEach((b, i) => (words[2 + m + i] = b));
          const got = core.arena(() => core.call<bigint>("weightedMedianPacked", core.lowerBytes(new Uint8Array(words.buffer))));
          expect(BigInt.asIntN(64, got)).toBe(chainWeightedMedian(stake, score, minority));
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
