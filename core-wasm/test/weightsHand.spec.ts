import { toU16Weights, WeightsInputError } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/*
 * Hand-checked cases for `toU16Weights` against the Python SDK's
 * `convert_and_normalize_weights_and_uids(uids, weights)` (bittensor/utils/weight_utils.py @ bb526e6):
 *
 *   weights = np.array(weights, dtype=np.float32)        # lists are cast to float32 (dtype "float32")
 *   weights = weights.tolist(); if sum(weights) == 0: return [], []
 *   max_weight = float(max(weights)); weights = [float(w) / max_weight for w in weights]   # float64
 *   uint16_val = round(float(w) * 65535)                 # Python round: ties to EVEN
 *   keep (uid, uint16_val) when uint16_val != 0
 *
 * Each row says why the value is what it is. The values were derived by hand from those lines and
 * re-checked with python3 + numpy 2.4 running the same lines (not by this code).
 */
type Row = [why: string, uids: number[], weights: number[], dtype: "float32" | "float64", expected: { uids: number[]; weights: number[] }];
const rows: Row[] = [
  ["0.5·65535 = 32767.5 exactly: a tie, goes to the even 32768", [0, 1], [1, 0.5], "float32", { uids: [0, 1], weights: [65535, 32768] }],
  ["max-upscale first: [2, 1] → [1, 0.5] → the same tie, 32768", [0, 1], [2, 1], "float32", { uids: [0, 1], weights: [65535, 32768] }],
  ["0.25·65535 = 16383.75 → 16384 (no tie)", [0, 1], [4, 1], "float32", { uids: [0, 1], weights: [65535, 16384] }],
  ["0.125·65535 = 8191.875 → 8192", [0, 1], [8, 1], "float32", { uids: [0, 1], weights: [65535, 8192] }],
  ["float32(0.3) = 0.30000001192…, ·65535 = 19660.50078 → 19661 (above the tie)", [0, 1], [1, 0.3], "float32", { uids: [0, 1], weights: [65535, 19661] }],
  [
    "float64 0.3·65535 rounds to 19660.5 exactly: a tie, goes to the even 19660 (the cast matters)",
    [0, 1],
    [1, 0.3],
    "float64",
    { uids: [0, 1], weights: [65535, 19660] },
  ],
  ["float32(0.9) = 0.89999997615…, ·65535 = 58981.498 → 58981", [0, 1], [1, 0.9], "float32", { uids: [0, 1], weights: [65535, 58981] }],
  ["float64 0.9·65535 = 58981.5 exactly: tie, 58981 is odd → 58982 (the cast matters)", [0, 1], [1, 0.9], "float64", { uids: [0, 1], weights: [65535, 58982] }],
  [
    "float32(0.1)·65535 = 6553.50010 → 6554; (float64 gives the tie 6553.5 → even 6554 too)",
    [0, 1],
    [1, 0.1],
    "float32",
    { uids: [0, 1], weights: [65535, 6554] },
  ],
  ["float64 0.1·65535 = 6553.5: tie → even 6554", [0, 1], [1, 0.1], "float64", { uids: [0, 1], weights: [65535, 6554] }],
  ["float32(0.7)·65535 = 45874.4992 → 45874", [0, 1], [1, 0.7], "float32", { uids: [0, 1], weights: [65535, 45874] }],
  [
    "float64 0.7·65535 = 45874.5: tie, 45874 is even → 45874 (JS Math.round would give 45875)",
    [0, 1],
    [1, 0.7],
    "float64",
    { uids: [0, 1], weights: [65535, 45874] },
  ],
  ["(0.5 / 65535)·65535 = 0.5 exactly: tie → even 0 → dropped with its uid", [0, 1], [65535, 0.5], "float32", { uids: [0], weights: [65535] }],
  ["(1.5 / 65535)·65535 = 1.5: tie → even 2", [0, 1], [65535, 1.5], "float32", { uids: [0, 1], weights: [65535, 2] }],
  ["(2.5 / 65535)·65535 = 2.5: tie → even 2 (Math.round: 3)", [0, 1], [65535, 2.5], "float32", { uids: [0, 1], weights: [65535, 2] }],
  ["(32767.5 / 65535)·65535 = 32767.5 (exact in float32): tie → 32768", [0, 1], [65535, 32767.5], "float32", { uids: [0, 1], weights: [65535, 32768] }],
  ["(1 / 131070)·65535 = 0.5: tie → 0 → dropped", [0, 1], [131070, 1], "float64", { uids: [0], weights: [65535] }],
  [
    "1/3 and 2/3 of 65535 are 21845 and 43690 (the float64 products round back onto them)",
    [0, 1, 2],
    [3, 1, 2],
    "float32",
    { uids: [0, 1, 2], weights: [65535, 21845, 43690] },
  ],
  ["zeros are dropped with their uids; 0.25 → 16384", [0, 1, 2, 3], [0, 1, 0, 0.25], "float32", { uids: [1, 3], weights: [65535, 16384] }],
  ["a weight below 1/131070 of the max rounds to 0 and is dropped", [0, 1], [1, 1e-6], "float32", { uids: [0], weights: [65535] }],
  ["1e-5·65535 = 0.655 → 1: kept", [0, 1], [1, 1e-5], "float32", { uids: [0, 1], weights: [65535, 1] }],
  [
    "uids keep their order and values (no sorting); 0.5 → 32768, 0.25 → 16384",
    [5, 9, 2],
    [0.5, 1, 0.25],
    "float32",
    { uids: [5, 9, 2], weights: [32768, 65535, 16384] },
  ],
  ["two maxima both get 65535", [0, 1, 2], [1, 1, 0.5], "float32", { uids: [0, 1, 2], weights: [65535, 65535, 32768] }],
  [
    "float32(0.4) is exactly 2·float32(0.2) and 4·float32(0.1): ratios 0.5 and 0.25 → 32768, 16384",
    [0, 1, 2],
    [0.2, 0.4, 0.1],
    "float32",
    { uids: [0, 1, 2], weights: [32768, 65535, 16384] },
  ],
  ["float32 rounding commutes with halving: 5e29 / 1e30 stays exactly 0.5 → 32768", [0, 1], [1e30, 5e29], "float32", { uids: [0, 1], weights: [65535, 32768] }],
  ["float32(16777217) = 16777216; 65535/16777216 = 0.0039 → 0, dropped", [0, 1], [16777217, 1], "float32", { uids: [0], weights: [65535] }],
  ["all zeros: nothing to set on chain", [0, 1, 2], [0, 0, 0], "float32", { uids: [], weights: [] }],
];

describe("toU16Weights matches the Python SDK on hand-checked cases", () => {
  it("has at least 20 hand-checked cases, halves included", () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.filter(([why]) => why.includes("tie")).length).toBeGreaterThanOrEqual(10);
  });

  it.each(rows)("%s (%j, %j, %s)", (_, uids, weights, dtype, expected) => {
    expect(toU16Weights(uids, weights, { dtype })).toEqual(expected);
  });

  it("casts to float32 by default, as the SDK does with Python lists", () => {
    expect(toU16Weights([0, 1], [1, 0.3])).toEqual({ uids: [0, 1], weights: [65535, 19661] });
  });

  it("refuses a weight the float32 cast would turn into inf (the SDK fails on round(nan) there)", () => {
    expect(() => toU16Weights([0, 1], [1e39, 1])).toThrowError(WeightsInputError);
    expect(toU16Weights([0, 1], [1e39, 1e38], { dtype: "float64" })).toEqual({ uids: [0, 1], weights: [65535, 6554] });
  });
});

/** The SDK's lines, transcribed: float32 cast (Math.fround is IEEE round-to-nearest-even, as numpy), float64 max-upscale, Python round. */
function pythonLines(uids: number[], weights: number[], dtype: "float32" | "float64") {
  const w = dtype === "float32" ? weights.map(Math.fround) : weights;
  if (w.reduce((a, b) => a + b, 0) === 0) return { uids: [], weights: [] };
  const max = Math.max(...w);
  const out = { uids: [] as number[], weights: [] as number[] };
  w.forEach((x, i) => {
    const v = (x / max) * 65535;
    const f = Math.floor(v);
    const r = v - f > 0.5 ? f + 1 : v - f < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    if (r !== 0) {
      out.uids.push(uids[i]!);
      out.weights.push(r);
    }
  });
  return out;
}

describe("toU16Weights against the SDK's lines transcribed", () => {
  it("agrees on random weights, including ones built to land on halves", () => {
    const weight = fc.oneof(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.integer({ min: 0, max: 131070 }).map((k) => k / 2), // k/2 of 65535: ties after max-upscale
      fc.constant(0),
    );
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 40 }), fc.constantFrom("float32" as const, "float64" as const), (ws, dtype) => {
        const withMax = [...ws, 65535]; // a max of 65535 turns k/2 into an exact half
        const uids = withMax.map((_, i) => i);
        expect(toU16Weights(uids, withMax, { dtype })).toEqual(pythonLines(uids, withMax, dtype));
      }),
      { numRuns: 500 },
    );
  });
});
