import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ProcessWeightsInput, processWeights, scoreEma, toU16Weights, WeightsInputError } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

// Outputs of the Python SDK's own weight_utils (bittensor 10.2.0 with numpy 2.4.6), produced by
// fixtures/pythonWeights.py: the expected values are the SDK's, not ours.
const fixtures = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/pythonWeights.json", import.meta.url)), "utf8")) as {
  processWeights: Array<{
    name: string;
    input: ProcessWeightsInput;
    processed: { uids: number[]; weights: number[]; dtype: string };
    emit: { uids: number[]; weights: number[] };
  }>;
  emit: Array<{ name: string; uids: number[]; weights: number[]; emit: { uids: number[]; weights: number[] } }>;
};

describe("weight processing matches the Python SDK", () => {
  it("has at least 20 process_weights cases and the emit halves", () => {
    expect(fixtures.processWeights.length).toBeGreaterThanOrEqual(20);
    expect(fixtures.emit.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fixtures.processWeights.map((c) => [c.name, c] as const))("process_weights, then emit: %s", (_, c) => {
    const p = processWeights(c.input);
    expect(p.uids).toEqual(c.processed.uids);
    expect(p.dtype).toBe(c.processed.dtype);
    expect(p.weights).toEqual(c.processed.weights); // exact float equality, element by element
    // the SDK passes process_weights' ndarray on as it is: float32, or float64 in the fallbacks
    expect(toU16Weights(p.uids, p.weights, { dtype: p.dtype })).toEqual(c.emit);
  });

  it.each(fixtures.emit.map((c) => [c.name, c] as const))("convert_weights_and_uids_for_emit: %s", (_, c) => {
    expect(toU16Weights(c.uids, c.weights, { dtype: "float64" })).toEqual(c.emit); // the fixtures pass float64 ndarrays
  });

  it("returns nothing to set when every weight is zero", () => {
    expect(toU16Weights([0, 1], [0, 0])).toEqual({ uids: [], weights: [] });
  });

  it.each([
    ["a negative weight", () => toU16Weights([0], [-1]), "weights"],
    ["a negative uid", () => toU16Weights([-1], [1]), "uids"],
    ["mismatched lengths", () => toU16Weights([0, 1], [1]), "weights"],
    ["a NaN score", () => processWeights({ uids: [0], weights: [NaN], numNeurons: 1, minAllowedWeights: 0, maxWeightLimit: 65535 }), "weights"],
    ["a limit above u16", () => processWeights({ uids: [0], weights: [1], numNeurons: 1, minAllowedWeights: 0, maxWeightLimit: 70000 }), "maxWeightLimit"],
  ])("rejects %s with a WeightsInputError naming the field", (_, f, field) => {
    expect(f).toThrowError(WeightsInputError);
    try {
      f();
    } catch (e) {
      expect((e as WeightsInputError).field).toBe(field);
    }
  });
});

describe("score moving average", () => {
  it("folds rewards of queried uids in float32 and decays the others when asked", () => {
    const s = new Float32Array([0.5, 0.5, 0.5]);
    const out = scoreEma(s, new Map([[0, 1]]), 0.1);
    expect(out[0]).toBe(Math.fround(Math.fround(Math.fround(0.1) * 1) + Math.fround(Math.fround(0.9) * 0.5)));
    expect(out[1]).toBe(Math.fround(Math.fround(0.1) * 0 + Math.fround(Math.fround(0.9) * 0.5)));
    const kept = scoreEma(s, new Map([[0, 1]]), 0.1, false);
    expect(kept[1]).toBe(0.5);
    expect(s[0]).toBe(0.5); // input untouched
  });

  it("matches the subnet template's numpy update (float32 arrays, α a Python float)", () => {
    // python3 + numpy 2.4: s = np.array([0.5, 0.25, 0.8], np.float32); r = zeros_like(s); r[0] = 1.0
    // 0.3 * r + (1 - 0.3) * s  →  [0.6499999761581421, 0.17499999701976776, 0.5600000023841858]
    const out = scoreEma(new Float32Array([0.5, 0.25, 0.8]), new Map([[0, 1]]), 0.3);
    expect(Array.from(out)).toEqual([0.6499999761581421, 0.17499999701976776, 0.5600000023841858]);
    // α = 0.9: numpy's float32(1 − 0.9) = 0.10000000149011612, not float32(1) − float32(0.9)
    expect(scoreEma(new Float32Array([1]), new Map(), 0.9)[0]).toBe(0.10000000149011612);
  });
});
