/**
 * Validator-side weight processing with the Python SDK's exact numbers (numpy float32/float64,
 * bittensor `weight_utils`): `processWeights` (= `process_weights_for_netuid` given the subnet's
 * hyperparameters), `toU16Weights` (= `convert_weights_and_uids_for_emit`: max-upscale, round
 * half to even, zeros dropped) and `scoreEma` (the subnet template's moving average). The float
 * kernels run in the WASM core; the branching follows the SDK line by line.
 */
import { WeightsInputError } from "./errors.js";
import { type CoreInstance, getCore } from "./wasm.js";

export interface ProcessWeightsInput {
  /** Uids the weights are for (the SDK expects positions 0..n−1 in its fallback paths). */
  uids: number[];
  /** Raw scores or weights, any non-negative floats (cast to float32 as the SDK does). */
  weights: number[];
  /** Subnet size (`metagraph.n`). */
  numNeurons: number;
  /** `MinAllowedWeights` hyperparameter. */
  minAllowedWeights: number;
  /** `MaxWeightsLimit` hyperparameter as stored on chain (u16; the SDK uses it as value / 65535). */
  maxWeightLimit: number;
  /** Quantile of the lowest weights to drop, u16 (value / 65535); 0 keeps all. */
  excludeQuantile?: number;
}

export interface ProcessedWeights {
  uids: number[];
  weights: number[];
  /** The numpy dtype the SDK would return (float64 only in its fallback paths). */
  dtype: "float32" | "float64";
}

function check(field: string, ok: boolean, message: string): void {
  if (!ok) throw new WeightsInputError(field, message);
}

function withF<T>(core: CoreInstance, bytes: number, fn: (ptr: number, scratch: number) => T): T {
  return core.arena(() => fn(core.lowerBytes(new Uint8Array(bytes)), core.lowerBytes(new Uint8Array(bytes * 3))));
}

function normalizeMaxWeight(values: number[], limit: number, dtype: "float32" | "float64", core: CoreInstance): number[] {
  const n = values.length;
  const size = dtype === "float32" ? 4 : 8;
  return withF(core, n * size, (ptr, scratch) => {
    const view = dtype === "float32" ? new Float32Array(core.exports.memory.buffer, ptr, n) : new Float64Array(core.exports.memory.buffer, ptr, n);
    view.set(values);
    core.call(dtype === "float32" ? "normalizeMaxWeightF32" : "normalizeMaxWeightF64", ptr, n, limit, scratch);
    return Array.from(dtype === "float32" ? new Float32Array(core.exports.memory.buffer, ptr, n) : new Float64Array(core.exports.memory.buffer, ptr, n));
  });
}

/** numpy `quantile(x, q)` (linear method) of a float32 array, as a float32 value. */
function quantileF32(xs: number[], q: number): number {
  const s = Float32Array.from(xs).sort();
  const v = q * (s.length - 1);
  const lo = Math.floor(v);
  const hi = Math.min(lo + 1, s.length - 1);
  const t = v - lo;
  const a = s[lo]!;
  const b = s[hi]!;
  const diff = Math.fround(b - a);
  return Math.fround(t >= 0.5 ? b - diff * (1 - t) : a + diff * t);
}

/** `process_weights` of the Python SDK, with the subnet's hyperparameters given. */
// see: bittensor bittensor/utils/weight_utils.py process_weights @ bb526e6
export function processWeights(input: ProcessWeightsInput): ProcessedWeights {
  const { uids, weights, numNeurons, minAllowedWeights, maxWeightLimit } = input;
  const excludeQuantile = input.excludeQuantile ?? 0;
  check("uids", Array.isArray(uids) && uids.every((u) => Number.isInteger(u) && u >= 0), "expected an array of non-negative integer uids");
  check("weights", Array.isArray(weights) && weights.length === uids.length, `expected an array of ${uids.length} numbers (one per uid)`);
  check(
    "weights",
    weights.every((w) => Number.isFinite(w) && w >= 0),
    "expected finite, non-negative numbers",
  );
  check("numNeurons", Number.isInteger(numNeurons) && numNeurons >= 1 && numNeurons <= 65535, "expected an integer 1..65535");
  check("minAllowedWeights", Number.isInteger(minAllowedWeights) && minAllowedWeights >= 0, "expected a non-negative integer");
  check("maxWeightLimit", Number.isInteger(maxWeightLimit) && maxWeightLimit >= 0 && maxWeightLimit <= 65535, "expected the u16 hyperparameter (0..65535)");
  check("excludeQuantile", Number.isInteger(excludeQuantile) && excludeQuantile >= 0 && excludeQuantile <= 65535, "expected a u16 (0..65535)");
  const core = getCore();
  const limit = maxWeightLimit / 65535;
  const w32 = weights.map(Math.fround);
  const nz = w32.flatMap((w, i) => (w > 0 ? [i] : []));
  if (nz.length === 0 || numNeurons < minAllowedWeights) {
    return { uids: Array.from({ length: numNeurons }, (_, i) => i), weights: Array.from({ length: numNeurons }, () => 1 / numNeurons), dtype: "float64" };
  }
  if (nz.length < minAllowedWeights) {
    const padded = Array.from({ length: numNeurons }, () => 1e-5);
    for (const i of nz) padded[i] = padded[i]! + w32[i]!;
    return { uids: Array.from({ length: numNeurons }, (_, i) => i), weights: normalizeMaxWeight(padded, limit, "float64", core), dtype: "float64" };
  }
  const quantile = excludeQuantile / 65535;
  const maxExclude = Math.max(0, nz.length - minAllowedWeights) / nz.length;
  const q = Math.min(quantile, maxExclude);
  const values = nz.map((i) => w32[i]!);
  const lowest = quantileF32(values, q);
  const keep = nz.filter((i) => lowest <= w32[i]!);
  return {
    uids: keep.map((i) => uids[i]!),
    weights: normalizeMaxWeight(
      keep.map((i) => w32[i]!),
      limit,
      "float32",
      core,
    ),
    dtype: "float32",
  };
}

/** Options of `toU16Weights`. */
export interface ToU16WeightsOptions {
  /**
   * The numpy dtype the weights have when the SDK converts them. `"float32"` (default): the SDK
   * casts a Python list to float32 first (`convert_uids_and_weights`, as `subtensor.set_weights`
   * does with lists), so each weight is rounded to float32 before the float64 max-upscale.
   * `"float64"`: a float64 ndarray passed straight to `convert_weights_and_uids_for_emit` (what
   * `processWeights` returns in its fallback paths; pass its `dtype`).
   */
  dtype?: "float32" | "float64";
}

/**
 * `convert_and_normalize_weights_and_uids` / `convert_weights_and_uids_for_emit`: u16 weights as
 * `set_weights` takes them: cast to the dtype, max-upscale (w / max w, float64), `round(w·65535)`
 * with Python's ties-to-even, zeros dropped with their uids. All weights zero → nothing to set.
 */
// see: bittensor bittensor/utils/weight_utils.py convert_weights_and_uids_for_emit, convert_uids_and_weights @ bb526e6
export function toU16Weights(uids: number[], weights: number[], options: ToU16WeightsOptions = {}): { uids: number[]; weights: number[] } {
  const dtype = options.dtype ?? "float32";
  check("dtype", dtype === "float32" || dtype === "float64", `expected "float32" or "float64", got ${JSON.stringify(dtype)}`);
  check(
    "uids",
    Array.isArray(uids) && uids.every((u) => Number.isInteger(u) && u >= 0),
    "expected non-negative integer uids (a negative uid cannot exist on chain)",
  );
  check(
    "weights",
    Array.isArray(weights) && weights.length === uids.length,
    `expected ${uids.length} weights, one per uid (got ${Array.isArray(weights) ? weights.length : typeof weights})`,
  );
  check(
    "weights",
    weights.every((w) => Number.isFinite(w) && w >= 0),
    "expected finite, non-negative weights (a negative weight cannot exist on chain)",
  );
  // numpy turns a float32 overflow into inf and the SDK then fails on round(nan): refuse up front
  if (dtype === "float32")
    check(
      "weights",
      weights.every((w) => Math.fround(w) !== Infinity),
      "a weight is above the float32 range (3.4e38), which the SDK's float32 cast turns into inf; scale the weights down",
    );
  if (uids.length === 0) return { uids: [], weights: [] };
  if (dtype === "float32") weights = weights.map(Math.fround); // numpy float32 cast: round to nearest, ties to even
  const core = getCore();
  const n = uids.length;
  return core.arena(() => {
    const ptr = core.lowerBytes(new Uint8Array(new Float64Array(weights).buffer));
    const out = core.lowerBytes(new Uint8Array(n * 4));
    const count = core.call<number>("toU16WeightsF64", ptr, n, out);
    if (count < 0) return { uids: [], weights: [] };
    const vals = new Uint32Array(core.exports.memory.buffer, out, n);
    const res = { uids: [] as number[], weights: [] as number[] };
    for (let i = 0; i < n; i++)
      if (vals[i] !== 0) {
        res.uids.push(uids[i]!);
        res.weights.push(vals[i]!);
      }
    return res;
  });
}

/**
 * The validator's score moving average (float32, as the subnet template): s ← α·r + (1 − α)·s
 * for queried uids; other uids decay by (1 − α) when `decayUnqueried` (the template's behaviour),
 * or keep their score. Returns a new array.
 */
export function scoreEma(scores: Float32Array, rewards: Map<number, number>, alpha: number, decayUnqueried = true): Float32Array {
  check("alpha", Number.isFinite(alpha) && alpha >= 0 && alpha <= 1, "expected a moving-average factor in [0, 1]");
  for (const [uid, r] of rewards) {
    check("rewards", Number.isInteger(uid) && uid >= 0 && uid < scores.length, `uid ${uid} is outside 0..${scores.length - 1}`);
    check("rewards", Number.isFinite(r), `reward of uid ${uid} is not a finite number`);
  }
  const core = getCore();
  const n = scores.length;
  return core.arena(() => {
    const s = core.lowerBytes(new Uint8Array(scores.buffer, scores.byteOffset, n * 4).slice());
    const r = new Float32Array(n);
    const q = new Uint8Array(n);
    for (const [uid, v] of rewards) {
      r[uid] = v;
      q[uid] = 1;
    }
    const rp = core.lowerBytes(new Uint8Array(r.buffer));
    const qp = core.lowerBytes(q);
    // numpy (NEP 50): α·r casts α to float32; (1 − α) is a Python float first, then float32
    core.call("scoreEmaF32", s, rp, qp, n, Math.fround(alpha), Math.fround(1 - alpha), decayUnqueried ? 1 : 0);
    return new Float32Array(core.exports.memory.buffer.slice(s, s + n * 4));
  });
}
