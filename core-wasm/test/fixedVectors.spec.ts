import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createCore } from "@tao-subnet/core";

// Conformance vectors live beside the repository, in ../shared/vectors (read in place).
const vectors = fileURLToPath(new URL("../../../shared/vectors/yuma/weighted_median.json", import.meta.url));

interface MedianCase {
  stake_f32: number[];
  stake_i32f32_bits: number[];
  score_f32: number[];
  score_i32f32_bits: number[];
}

describe.each(["release", "debug"] as const)("f32 → I32F32 conversions of the chain's weighted-median tests (%s)", (target) => {
  const core = createCore(target);
  const dv = new DataView(new ArrayBuffer(4));
  const f32Bits = (x: number) => (dv.setFloat32(0, x), dv.getUint32(0));
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
  const { cases } = JSON.parse(readFileSync(vectors, "utf8")) as { cases: Array<MedianCase & { minority_bits: number; partition_lo_bits: number; expected_bits: number }> };

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
