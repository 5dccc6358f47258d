/**
 * The validator's weights policy, the one copy the runtime and the simulation run: a round's
 * rewards fold into the score moving average (`scoreEma`), and the miners' scores become chain
 * weights as the Python SDK processes them (`processWeights`: min-weights, max-weight limit; then
 * `toU16Weights`: the float32 cast, max-upscale to u16, ties to even). The numbers come from the
 * WASM core (`@tao-subnet/core` weights), so every validator computes the same bits.
 */
import { processWeights, scoreEma, toU16Weights } from "@tao-subnet/core";
import { RuntimeOptionsError } from "./errors.js";

/** The subnet hyperparameters that shape weights. */
export interface WeightLimits {
  minAllowedWeights: number;
  maxWeightLimit: number;
}

/** Weights as the chain takes them: uids and u16 values. */
export interface U16Weights {
  uids: number[];
  weights: number[];
}

/**
 * Folds a round's rewards (uid → reward in [0, 1]) into the previous scores, resized to the
 * subnet's `n` uids (a new uid starts at 0, a uid beyond `n` is gone). Queried uids move by
 * `alpha` towards their reward; the others decay as the Python template does.
 */
export function foldScores(previous: ArrayLike<number>, rewards: Map<number, number>, n: number, alpha: number): Float32Array {
  // NaN or ±Infinity never reaches the average, and so the weights: a reward outside [0, 1] or a
  // saved score that is not a finite number ≥ 0 (a state file holding 1e999) is refused, named
  for (const [uid, r] of rewards)
    if (typeof r !== "number" || !(r >= 0 && r <= 1))
      throw new RuntimeOptionsError(`reward of uid ${uid} is ${String(r).slice(0, 40)}; a reward is a number in [0, 1] (the kit's aggregate)`, "rewards");
  const scores = new Float32Array(n);
  for (let u = 0; u < Math.min(n, previous.length); u++) {
    const p = previous[u]!;
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0)
      throw new RuntimeOptionsError(
        `uid ${u}'s saved score is ${String(p).slice(0, 40)}; expected a finite number ≥ 0 (fix or delete the validator's state file)`,
        "scores",
      );
    scores[u] = p;
  }
  return scoreEma(scores, rewards, alpha);
}

/**
 * The u16 weights for `scores` (one per uid of the subnet): only `miners` are weighted, the rest
 * get 0 before processing. Empty when no miner has a positive score: there is nothing to say, and
 * the chain would otherwise receive made-up uniform weights.
 */
export function weightsFromScores(scores: Float32Array, miners: ReadonlySet<number>, limits: WeightLimits): U16Weights {
  const masked = Array.from(scores, (s, u) => (miners.has(u) ? s : 0));
  if (!masked.some((s) => s > 0)) return { uids: [], weights: [] };
  const processed = processWeights({
    uids: Array.from(scores.keys()),
    weights: masked,
    numNeurons: scores.length,
    minAllowedWeights: limits.minAllowedWeights,
    maxWeightLimit: limits.maxWeightLimit,
  });
  return toU16Weights(processed.uids, processed.weights);
}
