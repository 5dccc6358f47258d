/** The weights policy: the score EMA resized to the subnet, and scores → u16 weights for miners only. */
import { processWeights, scoreEma, toU16Weights } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { foldScores, weightsFromScores } from "./weightsPolicy.js";

const limits = { minAllowedWeights: 1, maxWeightLimit: 65535 };

describe("weights policy", () => {
  it("folds rewards into the previous scores, growing to new uids (at 0) and cutting uids beyond n", () => {
    const grown = foldScores(
      [0.5, 0.25],
      new Map([
        [0, 1],
        [2, 1],
      ]),
      3,
      0.5,
    );
    expect(Array.from(grown)).toEqual([0.75, 0.125, 0.5]); // queried: halfway to the reward; unqueried uid 1 decays by half
    const cut = foldScores(grown, new Map([[0, 0]]), 2, 0.5);
    expect(Array.from(cut)).toEqual([0.375, 0.0625]);
    // the same bits as the core's EMA on the same float32 input
    expect(foldScores([0.3, 0.7], new Map([[1, 0.9]]), 2, 0.1)).toEqual(scoreEma(Float32Array.from([0.3, 0.7]), new Map([[1, 0.9]]), 0.1));
  });

  it("refuses NaN, infinite or out-of-range rewards and saved scores, naming the uid, so none reaches the weights (issue #21)", () => {
    for (const r of [Number.NaN, Number.POSITIVE_INFINITY, -0.5, 2]) {
      expect(() => foldScores([0.5], new Map([[0, r]]), 1, 0.1)).toThrow(expect.objectContaining({ code: "RUNTIME_OPTIONS_INVALID", field: "rewards" }));
    }
    for (const p of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(() => foldScores([0.5, p], new Map([[0, 1]]), 2, 0.1)).toThrow(/uid 1's saved score is/);
    }
    expect(Array.from(foldScores([0.5, 0.5], new Map([[0, 1]]), 2, 0.5))).toEqual([0.75, 0.25]);
  });

  it("weights only miners, as processWeights and toU16Weights make them, whatever the other uids score", () => {
    const scores = Float32Array.from([0.9, 0.5, 0.25, 0.8]);
    const w = weightsFromScores(scores, new Set([1, 2]), limits);
    expect(w.uids).toEqual([1, 2]);
    expect(w.weights[0]).toBe(65535); // max-upscaled
    expect(Math.abs(w.weights[1]! - 65535 / 2)).toBeLessThanOrEqual(0.5);
    const p = processWeights({ uids: [0, 1, 2, 3], weights: [0, 0.5, 0.25, 0], numNeurons: 4, ...limits });
    expect(w).toEqual(toU16Weights(p.uids, p.weights));
  });

  it("applies the subnet's max weight limit", () => {
    const w = weightsFromScores(Float32Array.from([0, 1, 0.01, 0.01]), new Set([1, 2, 3]), { minAllowedWeights: 1, maxWeightLimit: (65535 / 2) | 0 });
    // uid 1 alone would take ~98 %: the limit caps it, so the others rise relative to it
    expect(w.uids).toEqual([1, 2, 3]);
    expect(w.weights[1]! / w.weights[0]!).toBeGreaterThan(0.1);
  });

  it("has nothing to say when no miner has a positive score (not uniform made-up weights)", () => {
    expect(weightsFromScores(Float32Array.from([0.9, 0, 0]), new Set([1, 2]), limits)).toEqual({ uids: [], weights: [] });
    expect(weightsFromScores(new Float32Array(3), new Set([0, 1, 2]), limits)).toEqual({ uids: [], weights: [] });
  });
});
