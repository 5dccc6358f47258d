import { describe, expect, it } from "vitest";
import { Random } from "../../kit/random.js";
import { maxUpscaleToU16 } from "./upscale.js";

// The chain's `vec_max_upscale_to_u16` in I32F32, step by step in BigInt (the devnet's earlier code).
const ONE = 1n << 32n;
const fromInt = (x: number) => BigInt(x) * ONE;
const mul = (a: bigint, b: bigint) => (a * b) / ONE; // operands are non-negative here
const div = (a: bigint, b: bigint) => (b === 0n ? 0n : (a * ONE) / b);
const round = (a: bigint) => (a % ONE >= ONE / 2n ? a - (a % ONE) + ONE : a - (a % ONE));
const toU16 = (a: bigint) => Number(a / ONE > 65535n ? 65535n : a / ONE);
function reference(values: number[]): number[] {
  const u16Max = fromInt(65535);
  const vec = values.map(fromInt);
  if (vec.length === 0) return [];
  const max = vec.reduce((a, b) => (b > a ? b : a));
  if (max === 0n) return vec.map((e) => toU16(mul(e, u16Max)));
  if (max > fromInt(32768)) return vec.map((e) => toU16(round(mul(e, div(u16Max, max)))));
  return vec.map((e) => toU16(round(div(mul(e, u16Max), max))));
}

describe("maxUpscaleToU16 (numbers) gives the chain's I32F32 bits", () => {
  it("on edge rows: empty, zeros, one value, the 32768 boundary, halves that round up", () => {
    const rows = [[], [0, 0], [1], [65535], [32768, 1, 16384], [32769, 1, 16385], [3, 1, 2], [2, 1], [65534, 32767], [7, 0, 7], [1, 32768, 32767]];
    for (const r of rows) expect(Array.from(maxUpscaleToU16(r)), JSON.stringify(r)).toEqual(reference(r));
  });

  it("on 3,000 seeded rows of every scale (max from 1 to 65535)", () => {
    const random = new Random(new Uint8Array(16).fill(7));
    for (let t = 0; t < 3000; t++) {
      const max = 1 + random.int(t % 3 === 0 ? 64 : 65535);
      const row = Array.from({ length: 1 + random.int(40) }, () => random.int(max + 1));
      expect(Array.from(maxUpscaleToU16(row)), JSON.stringify(row)).toEqual(reference(row));
    }
  });
});
