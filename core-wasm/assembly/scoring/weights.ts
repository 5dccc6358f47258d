// Validator-side weight processing, matching the Python SDK (bittensor `weight_utils`) on numpy
// float32/float64 arithmetic bit for bit: numpy's pairwise summation, sequential cumsum,
// `normalize_max_weight`, and `convert_weights_and_uids_for_emit` (max-upscale, round half to
// even). Floats are deliberate here: this is not consensus math, it must equal what numpy does.
// Arrays live in linear memory (pointers from the host); f32 and f64 variants are generic.

/** numpy's pairwise sum (`pairwise_sum` in loops_utils.h.src): 8 accumulators per 128-block, halving above. */
// see: numpy numpy/_core/src/umath/loops_utils.h.src pairwise_sum
export function pairwiseSum<T>(ptr: usize, n: i32): T {
  const size = <usize>sizeof<T>();
  if (n < 8) {
    let res: T = <T>0;
    for (let i = 0; i < n; i++) res += load<T>(ptr + <usize>i * size);
    return res;
  }
  if (n <= 128) {
    let r0 = load<T>(ptr), r1 = load<T>(ptr + size), r2 = load<T>(ptr + 2 * size), r3 = load<T>(ptr + 3 * size);
    let r4 = load<T>(ptr + 4 * size), r5 = load<T>(ptr + 5 * size), r6 = load<T>(ptr + 6 * size), r7 = load<T>(ptr + 7 * size);
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = ptr + <usize>i * size;
      r0 += load<T>(p); r1 += load<T>(p + size); r2 += load<T>(p + 2 * size); r3 += load<T>(p + 3 * size);
      r4 += load<T>(p + 4 * size); r5 += load<T>(p + 5 * size); r6 += load<T>(p + 6 * size); r7 += load<T>(p + 7 * size);
    }
    let res: T = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += load<T>(ptr + <usize>i * size);
    return res;
  }
  let n2 = n / 2;
  n2 -= n2 % 8;
  return pairwiseSum<T>(ptr, n2) + pairwiseSum<T>(ptr + <usize>n2 * size, n - n2);
}

export function sumF32(ptr: usize, n: i32): f32 { return pairwiseSum<f32>(ptr, n); }
export function sumF64(ptr: usize, n: i64 /* i32 range */): f64 { return pairwiseSum<f64>(ptr, <i32>n); }

/**
 * `normalize_max_weight(x, limit)` in place on n values of type T at `ptr` (T = f32 for float32
 * arrays, f64 for the float64 arrays the SDK builds in its fallback paths). `scratch` has room for
 * 3n values of T. `limitF64` is the Python float; it is rounded to T the way numpy casts a Python
 * scalar (NEP 50), while `1 − limit·(n − k)` is computed in Python floats first.
 */
// see: bittensor bittensor/utils/weight_utils.py normalize_max_weight @ bb526e6
export function normalizeMaxWeight<T>(ptr: usize, n: i32, limitF64: f64, scratch: usize): void {
  const size = <usize>sizeof<T>();
  const limit = <T>limitF64;
  const epsilon = <T>1e-7;
  const xSum = pairwiseSum<T>(ptr, n);
  if (xSum == <T>0 || <f64>n * limitF64 <= 1.0) {
    for (let i = 0; i < n; i++) store<T>(ptr + <usize>i * size, <T>1 / <T>n);
    return;
  }
  // values = sort(x); estimation = values / values.sum()
  const values = scratch;
  memory.copy(values, ptr, <usize>n * size);
  sortValues<T>(values, n);
  const vSum = pairwiseSum<T>(values, n);
  const est = scratch + <usize>n * size;
  let estMax: T = <T>0;
  for (let i = 0; i < n; i++) {
    const e: T = load<T>(values + <usize>i * size) / vSum;
    store<T>(est + <usize>i * size, e);
    if (i == 0 || e > estMax) estMax = e;
  }
  if (estMax <= limit) {
    for (let i = 0; i < n; i++) store<T>(ptr + <usize>i * size, load<T>(ptr + <usize>i * size) / xSum);
    return;
  }
  // cumsum (sequential), then how many estimates stay under the limit
  const cum = scratch + 2 * <usize>n * size;
  let acc: T = <T>0;
  for (let i = 0; i < n; i++) {
    acc += load<T>(est + <usize>i * size);
    store<T>(cum + <usize>i * size, acc);
  }
  let nValues = 0;
  for (let i = 0; i < n; i++) {
    const e = load<T>(est + <usize>i * size);
    const estimationSum: T = <T>(n - i - 1) * e;
    if (e / (estimationSum + load<T>(cum + <usize>i * size) + epsilon) < limit) nValues++;
  }
  // cumsum[n_values - 1] (Python's −1 wraps to the last element)
  const cIdx = nValues == 0 ? n - 1 : nValues - 1;
  // numpy 2 (NEP 50) types: `limit * cumsum[k] - epsilon` stays in T (Python floats are weak), but
  // the denominator is float64 (a Python float times numpy's int64 `n_values`), so the division, the
  // cutoff and the `weights > cutoff` comparison are float64; the assignment rounds back to T.
  const denominator = 1.0 - limitF64 * <f64>(n - nValues);
  const numerator: T = limit * load<T>(cum + <usize>cIdx * size) - epsilon;
  const cutoff: f64 = (<f64>numerator / denominator) * <f64>vSum;
  const cutoffT: T = <T>cutoff;
  for (let i = 0; i < n; i++) {
    const p = ptr + <usize>i * size;
    if (<f64>load<T>(p) > cutoff) store<T>(p, cutoffT);
  }
  const wSum = pairwiseSum<T>(ptr, n);
  for (let i = 0; i < n; i++) store<T>(ptr + <usize>i * size, load<T>(ptr + <usize>i * size) / wSum);
}

export function normalizeMaxWeightF32(ptr: usize, n: i32, limit: f64, scratch: usize): void { normalizeMaxWeight<f32>(ptr, n, limit, scratch); }
export function normalizeMaxWeightF64(ptr: usize, n: i32, limit: f64, scratch: usize): void { normalizeMaxWeight<f64>(ptr, n, limit, scratch); }

/** Ascending sort of n values (numpy's sort order for finite values; insertion sort for short runs, else heap sort). */
function sortValues<T>(ptr: usize, n: i32): void {
  const size = <usize>sizeof<T>();
  for (let i = 1; i < n; i++) {
    const v = load<T>(ptr + <usize>i * size);
    let j = i - 1;
    while (j >= 0 && load<T>(ptr + <usize>j * size) > v) {
      store<T>(ptr + <usize>(j + 1) * size, load<T>(ptr + <usize>j * size));
      j--;
    }
    store<T>(ptr + <usize>(j + 1) * size, v);
  }
}

/**
 * `convert_weights_and_uids_for_emit` on weights already converted to Python floats (f64 at
 * `ptr`): max-upscale, `round(w · 65535)` with ties to even; writes u16 values (as u32) to `out`
 * and returns how many are non-zero (the caller drops the zeros and their uids).
 */
// see: bittensor bittensor/utils/weight_utils.py convert_weights_and_uids_for_emit @ bb526e6
export function toU16WeightsF64(ptr: usize, n: i32, out: usize): i32 {
  let total: f64 = 0;
  let maxW: f64 = 0;
  for (let i = 0; i < n; i++) {
    const w = load<f64>(ptr + (<usize>i << 3));
    total += w;
    if (i == 0 || w > maxW) maxW = w;
  }
  if (total == 0) return -1;
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const v = (load<f64>(ptr + (<usize>i << 3)) / maxW) * 65535.0;
    const r = roundHalfEven(v);
    store<u32>(out + (<usize>i << 2), <u32>r);
    if (r != 0) nonZero++;
  }
  return nonZero;
}

/** Python's `round(x)`: nearest integer, ties to even (exact on the f64 value). */
function roundHalfEven(x: f64): f64 {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 == 0 ? f : f + 1;
}

/**
 * Score moving average as validators keep it (the subnet template's `update_scores`):
 * s ← α·r + (1 − α)·s for queried uids; with `decayUnqueried`, the others decay as s ← (1 − α)·s.
 * In float32, as the template's numpy arrays.
 */
// `keep` is float32(1 − α) computed by the caller in float64, as numpy gets it from a Python float
export function scoreEmaF32(scores: usize, rewards: usize, queried: usize, n: i32, alpha: f32, keep: f32, decayUnqueried: bool): void {
  for (let i = 0; i < n; i++) {
    const p = scores + (<usize>i << 2);
    const q = load<u8>(queried + <usize>i) != 0;
    if (q) store<f32>(p, alpha * load<f32>(rewards + (<usize>i << 2)) + keep * load<f32>(p));
    else if (decayUnqueried) store<f32>(p, alpha * <f32>0 + keep * load<f32>(p));
  }
}
