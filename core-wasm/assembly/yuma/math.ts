// Stateless kernels of the sparse Yuma epoch, named after their Rust twins in subtensor's
// epoch/math.rs (camelCase). Vectors are StaticArray<i64> of I32F32 bits; matrices are Csr.
// Sums use wrapping `+` where the chain uses `iter().sum()` (wrapping in release builds) and
// saturating adds where the chain saturates. Integer instructions only.
import { I32F32 } from "../fixed/i32f32";
import { Csr, CsrBuilder, sortAscending, uninitI32, uninitI64 } from "./csr";

const ZERO: i64 = 0;
const ONE: i64 = I32F32.ONE;

// see: subtensor pallets/subtensor/src/epoch/math.rs fixed_proportion_to_u16 @ 14bc6f9
// saturating_mul(x, 65535) is x·65535 exactly while it fits (an integer factor: nothing to floor),
// and every x ≥ 2^33 (saturated or not) gives more than 65535 after >> 32, so x is capped there;
// x ≤ 0 gives at most 0. Without branches: x·65535 = x·2^16 − x.
@inline export function fixedProportionToU16(x: i64): u16 {
  const c = min<i64>(max<i64>(x, 0), <i64>1 << 33);
  return <u16>min<i64>(((c << 16) - c) >> 32, 65535);
}

/** Wrapping sum (`iter().sum()`). */
// see: subtensor pallets/subtensor/src/epoch/math.rs sum @ 14bc6f9
export function sum(x: StaticArray<i64>): i64 {
  let s: i64 = 0;
  for (let i = 0; i < x.length; i++) s += unchecked(x[i]);
  return s;
}

// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_normalize @ 14bc6f9
export function inplaceNormalize(x: StaticArray<i64>): void {
  const s = sum(x);
  if (s == 0) return;
  for (let i = 0; i < x.length; i++) unchecked((x[i] = I32F32.safeDiv(x[i], s)));
}

// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_normalize_using_sum @ 14bc6f9
export function inplaceNormalizeUsingSum(x: StaticArray<i64>, s: i64): void {
  if (s == 0) return;
  for (let i = 0; i < x.length; i++) unchecked((x[i] = I32F32.safeDiv(x[i], s)));
}

// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_mask_vector @ 14bc6f9
export function inplaceMaskVector(mask: StaticArray<bool>, x: StaticArray<i64>): void {
  for (let i = 0; i < x.length; i++) if (unchecked(mask[i])) unchecked((x[i] = 0));
}

/** Nonzero entries among the k largest (stable ascending sort; ties keep uid order). */
// see: subtensor pallets/subtensor/src/epoch/math.rs is_topk_nonzero @ 14bc6f9
export function isTopkNonzero(x: StaticArray<i64>, k: i32): StaticArray<bool> {
  const n = x.length;
  const out = new StaticArray<bool>(n);
  for (let i = 0; i < n; i++) unchecked((out[i] = x[i] != 0));
  if (n < k) return out;
  // stable ascending order of indices by value: sort (value, index) keys
  const idx = new StaticArray<i32>(n);
  for (let i = 0; i < n; i++) unchecked((idx[i] = i));
  stableSortByValue(idx, x);
  for (let r = 0; r < n - k; r++) unchecked((out[idx[r]] = false));
  return out;
}

/** Stable merge sort of `idx` by `x[idx]` ascending. */
function stableSortByValue(idx: StaticArray<i32>, x: StaticArray<i64>): void {
  const n = idx.length;
  let src = idx;
  let dst = new StaticArray<i32>(n);
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let a = lo, b = mid, o = lo;
      while (a < mid && b < hi) {
        if (unchecked(x[src[b]]) < unchecked(x[src[a]])) unchecked((dst[o++] = src[b++]));
        else unchecked((dst[o++] = src[a++]));
      }
      while (a < mid) unchecked((dst[o++] = src[a++]));
      while (b < hi) unchecked((dst[o++] = src[b++]));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== idx) memory.copy(changetype<usize>(idx), changetype<usize>(src), <usize>n << 2);
}

/**
 * The three weight masks of the epoch in one pass (each keeps or drops an entry on its own, so
 * their composition is one filter): rows of validators without a permit, self-weights (except the
 * subnet owner's), and weights set before the target registered.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs mask_rows_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs mask_diag_sparse_except_index @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs vec_mask_sparse_matrix @ 14bc6f9
export function maskWeightsSparse(m: Csr, forbids: StaticArray<bool>, except: i32, lastUpdate: StaticArray<u64>, registered: StaticArray<u64>): Csr {
  const b = new CsrBuilder(m.n, m.nnz());
  for (let i = 0; i < m.n; i++) {
    if (!unchecked(forbids[i])) {
      const fv = unchecked(lastUpdate[i]);
      for (let k = m.rowStart(i); k < m.rowEnd(i); k++) {
        const j = m.col(k);
        if (i == j && !(i == except)) continue;
        if (fv <= unchecked(registered[j])) continue;
        b.push(j, m.val(k));
      }
    }
    b.endRow();
  }
  return b.finish();
}

/** Drops B[i][j] where lastTempo ≤ blockAtRegistration[j] (bonds to uids registered since). */
// see: subtensor pallets/subtensor/src/epoch/math.rs scalar_vec_mask_sparse_matrix @ 14bc6f9
export function scalarVecMaskSparseMatrix(m: Csr, scalar: u64, registered: StaticArray<u64>): Csr {
  const b = new CsrBuilder(m.n, m.nnz());
  for (let i = 0; i < m.n; i++) {
    for (let k = m.rowStart(i); k < m.rowEnd(i); k++) {
      const j = m.col(k);
      const vj = j < registered.length ? unchecked(registered[j]) : 0;
      if (!(scalar <= vj)) b.push(j, m.val(k));
    }
    b.endRow();
  }
  return b.finish();
}

// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_row_normalize_sparse @ 14bc6f9
export function inplaceRowNormalizeSparse(m: Csr): void {
  for (let i = 0; i < m.n; i++) {
    let s: i64 = 0;
    for (let k = m.rowStart(i); k < m.rowEnd(i); k++) s += m.val(k);
    if (s > 0) for (let k = m.rowStart(i); k < m.rowEnd(i); k++) unchecked((m.vals[k] = I32F32.safeDiv(m.vals[k], s)));
  }
}

// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_col_normalize_sparse @ 14bc6f9
export function inplaceColNormalizeSparse(m: Csr, columns: i32): void {
  const colSum = new StaticArray<i64>(columns);
  const nnz = m.nnz();
  for (let k = 0; k < nnz; k++) {
    const j = m.col(k);
    if (j < columns) unchecked((colSum[j] = I32F32.saturatingAdd(colSum[j], m.val(k))));
  }
  for (let k = 0; k < nnz; k++) {
    const j = m.col(k);
    const d = j < columns ? unchecked(colSum[j]) : ZERO;
    if (d != 0) unchecked((m.vals[k] = I32F32.safeDiv(m.vals[k], d)));
  }
}

// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_col_max_upscale_sparse @ 14bc6f9
export function inplaceColMaxUpscaleSparse(m: Csr, columns: i32): void {
  const colMax = new StaticArray<i64>(columns);
  const nnz = m.nnz();
  for (let k = 0; k < nnz; k++) {
    const j = m.col(k);
    if (j < columns && unchecked(colMax[j]) < m.val(k)) unchecked((colMax[j] = m.val(k)));
  }
  for (let k = 0; k < nnz; k++) {
    const j = m.col(k);
    const mx = j < columns ? unchecked(colMax[j]) : ZERO;
    if (mx != 0) unchecked((m.vals[k] = I32F32.safeDiv(m.vals[k], mx)));
  }
}

/** Results of `clipTrustIncentive` besides the clipped matrix. */
export let clipTrust: StaticArray<i64> = new StaticArray<i64>(0);
export let clipIncentive: StaticArray<i64> = new StaticArray<i64>(0);

/**
 * W̄ = the chain's `col_clip_sparse(W, C)`, and in the same pass its row sums (validator trust,
 * `row_sum_sparse`) and W̄ᵀ·v (`matmul_sparse`, before normalisation), each summed in the order of
 * the chain's separate routines.
 * W̄ may share W's column and row arrays (neither is changed in place after a build).
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs col_clip_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs row_sum_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs matmul_sparse @ 14bc6f9
export function clipTrustIncentive(m: Csr, threshold: StaticArray<i64>, v: StaticArray<i64>, columns: i32): Csr {
  const n = m.n;
  const nnz = m.nnz();
  const trust = new StaticArray<i64>(n);
  const out = new StaticArray<i64>(columns);
  clipTrust = trust;
  clipIncentive = out;
  // W̄ keeps W's entries until one is dropped (a column whose threshold is ≤ 0), so it shares W's
  // column and row arrays (never written after a build): this loop writes only values, and stops
  // at the first drop, from where `clipWithDrops` goes on with arrays of W̄'s own
  const vals = uninitI64(nnz);
  const mc = changetype<usize>(m.cols);
  const mv = changetype<usize>(m.vals);
  const mr = changetype<usize>(m.rowPtr);
  const ov = changetype<usize>(vals);
  const th0 = changetype<usize>(threshold);
  const thLen = threshold.length;
  const acc = changetype<usize>(out);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const scale = i < v.length ? unchecked(v[i]) : ZERO;
    const small = <u64>scale < 0x1_0000_0000; // 0 ≤ scale < 1.0: products of values below 1.0 are native
    let rowSum: i64 = 0;
    const end = load<i32>(mr + (<usize>(i + 1) << 2));
    for (; k < end; k++) {
      const j = load<i32>(mc + (<usize>k << 2));
      const x = load<i64>(mv + (<usize>k << 3));
      const th = j < thLen ? load<i64>(th0 + (<usize>j << 3)) : ZERO;
      if (th <= 0 && th < x) return clipWithDrops(m, threshold, v, columns, vals, i, k, rowSum);
      // min(x, th) without a branch: about half the weights of a column lie above its median
      const c = select<i64>(th, x, th < x);
      store<i64>(ov + (<usize>k << 3), c);
      rowSum += c;
      if (j < columns) {
        const a = acc + (<usize>j << 3);
        const p = small && <u64>c < 0x1_0000_0000 ? <i64>((<u64>scale * <u64>c) >> 32) : I32F32.saturatingMul(scale, c);
        store<i64>(a, I32F32.saturatingAdd(load<i64>(a), p));
      }
    }
    unchecked((trust[i] = rowSum));
  }
  const clipped = new Csr(n, m.rowPtr, m.cols, vals);
  clipped.rowsAscending = m.rowsAscending;
  return clipped;
}

/**
 * `clipTrustIncentive` from entry k of row i on (the first dropped entry; every entry before it
 * kept, with its value in `vals` and row i's sum so far `rowSum`), with column and row arrays of
 * W̄'s own.
 */
function clipWithDrops(m: Csr, threshold: StaticArray<i64>, v: StaticArray<i64>, columns: i32, vals: StaticArray<i64>, i0: i32, k0: i32, rowSum0: i64): Csr {
  const n = m.n;
  const cols = uninitI32(max(m.nnz(), 1));
  const rowPtr = uninitI32(n + 1);
  memory.copy(changetype<usize>(cols), changetype<usize>(m.cols), <usize>k0 << 2);
  memory.copy(changetype<usize>(rowPtr), changetype<usize>(m.rowPtr), <usize>(i0 + 1) << 2);
  const trust = clipTrust;
  const acc = changetype<usize>(clipIncentive);
  let len = k0;
  let k = k0;
  let rowSum = rowSum0;
  for (let i = i0; i < n; i++) {
    const scale = i < v.length ? unchecked(v[i]) : ZERO;
    if (i > i0) rowSum = 0;
    for (const end = m.rowEnd(i); k < end; k++) {
      const j = m.col(k);
      const x = m.val(k);
      const th = j < threshold.length ? unchecked(threshold[j]) : ZERO;
      if (th <= 0 && th < x) continue;
      const c = th < x ? th : x;
      unchecked((cols[len] = j));
      unchecked((vals[len] = c));
      len++;
      rowSum += c;
      if (j < columns) {
        const a = acc + (<usize>j << 3);
        store<i64>(a, I32F32.saturatingAdd(load<i64>(a), I32F32.saturatingMul(scale, c)));
      }
    }
    unchecked((trust[i] = rowSum));
    unchecked((rowPtr[i + 1] = len));
  }
  const clipped = new Csr(n, rowPtr, cols, vals);
  clipped.rowsAscending = m.rowsAscending;
  return clipped;
}

/**
 * Yuma 3's per-validator dividend weight Σ_j B̂_ij · I_j with B̂ the column-normalised bonds, in
 * one pass without the two intermediate matrices: `inplaceColNormalizeSparse` on a copy, then the
 * chain's `mat_vec_mul_sparse` (zero products dropped, which a sum ignores) and `row_sum_sparse`
 * (wrapping).
 * With `uids` ≠ 0 the same pass copies the rows i with keep[i] in row order as u16 columns (at
 * `uids`) and u16 proportions (`fixedProportionToU16`, at `values`): the stored bonds.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_col_normalize_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs mat_vec_mul_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs row_sum_sparse @ 14bc6f9
export function colNormalizedRowDot(m: Csr, columns: i32, v: StaticArray<i64>, uids: usize = 0, values: usize = 0, keep: StaticArray<bool> | null = null, givenSums: StaticArray<i64> | null = null, givenDense: StaticArray<bool> | null = null): StaticArray<i64> {
  const colSum = givenSums != null ? givenSums : new StaticArray<i64>(columns);
  const cols = changetype<usize>(m.cols);
  const vals = changetype<usize>(m.vals);
  const sums = changetype<usize>(colSum);
  const rowPtr = changetype<usize>(m.rowPtr);
  // column sums; and which rows hold exactly the columns 0, 1, …, columns − 1 in order (dense:
  // the second pass then reads their values only). The liquid-alpha EMA hands both over (it sums
  // as it writes B; no column sum saturates: n ≤ 65535 values ≤ 1.0)
  const dense = givenDense != null ? givenDense : new StaticArray<bool>(m.n);
  for (let i = 0; i < m.n && givenSums == null; i++) {
    let c = cols + (<usize>load<i32>(rowPtr + (<usize>i << 2)) << 2);
    const end = cols + (<usize>load<i32>(rowPtr + (<usize>(i + 1) << 2)) << 2);
    let isDense = <i32>(end - c) == columns << 2;
    let x = vals + ((c - cols) << 1);
    for (let expect = 0; c < end; c += 4, x += 8, expect++) {
      const j = load<i32>(c);
      isDense &= j == expect;
      if (j < columns) {
        const at = sums + (<usize>j << 3);
        store<i64>(at, I32F32.saturatingAdd(load<i64>(at), load<i64>(x)));
      }
    }
    unchecked((dense[i] = isDense));
  }
  const scale = changetype<usize>(v);
  const vLen = v.length;
  const both = <u32>min(columns, vLen);
  const out = new StaticArray<i64>(m.n);
  let uid = uids;
  let value = values;
  // two copies of the row loop, each with few live values (V8 keeps them in registers)
  for (let i = 0; i < m.n; i++) {
    let acc: i64 = 0;
    let c = cols + (<usize>load<i32>(rowPtr + (<usize>i << 2)) << 2);
    const end = cols + (<usize>load<i32>(rowPtr + (<usize>(i + 1) << 2)) << 2);
    let x = vals + ((c - cols) << 1);
    const copy = uids != 0 && unchecked(keep![i]);
    if (unchecked(dense[i])) {
      if (copy) {
        for (let j = 0; j < columns; j++, x += 8) {
          const val = load<i64>(x);
          store<u16>(uid, <u16>j);
          store<u16>(value, fixedProportionToU16(val));
          uid += 2;
          value += 2;
          acc += dotTerm(j, val, both, sums, scale, columns, vLen);
        }
      } else {
        for (let j = 0; j < columns; j++, x += 8) acc += dotTerm(j, load<i64>(x), both, sums, scale, columns, vLen);
      }
    } else if (copy) {
      for (; c < end; c += 4, x += 8) {
        const j = load<i32>(c);
        const val = load<i64>(x);
        store<u16>(uid, <u16>j);
        store<u16>(value, fixedProportionToU16(val));
        uid += 2;
        value += 2;
        acc += dotTerm(j, val, both, sums, scale, columns, vLen);
      }
    } else {
      for (; c < end; c += 4, x += 8) acc += dotTerm(load<i32>(c), load<i64>(x), both, sums, scale, columns, vLen);
    }
    unchecked((out[i] = acc));
  }
  return out;
}

/**
 * One term of `colNormalizedRowDot`: safe_div(val, colSum_j) · v_j (saturating), the division native
 * when val < 1.0 over a positive sum (the product native below 1.0), else by `dotTermWide`.
 */
@inline function dotTerm(j: i32, val: i64, both: u32, sums: usize, scale: usize, columns: i32, vLen: i32): i64 {
  if (<u32>j < both && <u64>val < 0x1_0000_0000) {
    const d = load<i64>(sums + (<usize>j << 3));
    if (d > 0) {
      const x = (<u64>val << 32) / <u64>d;
      const y = <u64>load<i64>(scale + (<usize>j << 3));
      if ((x | y) >> 32 == 0) return <i64>((x * y) >> 32);
    }
  }
  return dotTermWide(j, val, sums, scale, columns, vLen);
}

/** `dotTerm` in general (out of line: rare). */
function dotTermWide(j: i32, val: i64, sums: usize, scale: usize, columns: i32, vLen: i32): i64 {
  let x = val;
  if (j < columns) {
    const d = load<i64>(sums + (<usize>j << 3));
    if (d != 0) x = I32F32.safeDiv(val, d);
  }
  return j < vLen ? I32F32.saturatingMul(x, load<i64>(scale + (<usize>j << 3))) : 0;
}

// see: subtensor pallets/subtensor/src/epoch/math.rs matmul_transpose_sparse @ 14bc6f9
export function matmulTransposeSparse(m: Csr, v: StaticArray<i64>): StaticArray<i64> {
  const out = new StaticArray<i64>(m.n);
  for (let i = 0; i < m.n; i++) {
    let acc: i64 = 0;
    for (let k = m.rowStart(i); k < m.rowEnd(i); k++) {
      const j = m.col(k);
      const x = j < v.length ? unchecked(v[j]) : ZERO;
      acc = I32F32.saturatingAdd(acc, I32F32.saturatingMul(x, m.val(k)));
    }
    unchecked((out[i] = acc));
  }
  return out;
}

// see: subtensor pallets/subtensor/src/epoch/math.rs row_hadamard_sparse @ 14bc6f9
export function rowHadamardSparse(m: Csr, v: StaticArray<i64>): Csr {
  const c = m.clone();
  for (let i = 0; i < m.n; i++) {
    const scale = unchecked(v[i]);
    for (let k = m.rowStart(i); k < m.rowEnd(i); k++) unchecked((c.vals[k] = I32F32.saturatingMul(m.vals[k], scale)));
  }
  return c;
}

// see: subtensor pallets/subtensor/src/epoch/math.rs vec_mul @ 14bc6f9
export function vecMul(a: StaticArray<i64>, b: StaticArray<i64>): StaticArray<i64> {
  const n = min(a.length, b.length);
  const out = new StaticArray<i64>(n);
  for (let i = 0; i < n; i++) {
    const p = I32F32.checkedMul(a[i], b[i]);
    unchecked((out[i] = I32F32.lastOk() ? p : 0));
  }
  return out;
}

/** Dense scratch rows reused by the row-wise kernels: values plus a list of touched columns. */
export class Scratch {
  a: StaticArray<i64>;
  b: StaticArray<i64>;
  seen: StaticArray<bool>;
  touched: StaticArray<i32>;
  count: i32 = 0;
  constructor(columns: i32) {
    this.a = new StaticArray<i64>(columns);
    this.b = new StaticArray<i64>(columns);
    this.seen = new StaticArray<bool>(columns);
    this.touched = new StaticArray<i32>(columns);
  }
  @inline touch(j: i32): void {
    if (!unchecked(this.seen[j])) {
      unchecked((this.seen[j] = true));
      unchecked((this.touched[this.count++] = j));
    }
  }
  /** Sorts the touched columns ascending (the chain's output order); a no-op for sorted rows. */
  sortTouched(): void {
    for (let t = 1; t < this.count; t++) {
      if (unchecked(this.touched[t - 1]) > unchecked(this.touched[t])) {
        sortAscending(this.touched, this.count);
        return;
      }
    }
  }
  reset(): void {
    for (let t = 0; t < this.count; t++) {
      const j = unchecked(this.touched[t]);
      unchecked((this.a[j] = 0));
      unchecked((this.b[j] = 0));
      unchecked((this.seen[j] = false));
    }
    this.count = 0;
  }
}

// see: subtensor pallets/subtensor/src/epoch/math.rs interpolate_sparse @ 14bc6f9
export function interpolateSparse(m1: Csr, m2: Csr, columns: i32, ratio: i64): Csr {
  if (ratio == 0) return m1;
  if (ratio == ONE) return m2;
  const s = new Scratch(columns);
  const b = new CsrBuilder(m1.n, max(m1.nnz(), m2.nnz()));
  for (let i = 0; i < m1.n; i++) {
    for (let k = m1.rowStart(i); k < m1.rowEnd(i); k++) { const j = m1.col(k); if (j < columns) { s.touch(j); unchecked((s.a[j] = m1.val(k))); } }
    for (let k = m2.rowStart(i); k < m2.rowEnd(i); k++) { const j = m2.col(k); if (j < columns) { s.touch(j); unchecked((s.b[j] = m2.val(k))); } }
    s.sortTouched();
    for (let t = 0; t < s.count; t++) {
      const j = unchecked(s.touched[t]);
      const v1 = unchecked(s.a[j]);
      const v2 = unchecked(s.b[j]);
      const x = I32F32.saturatingAdd(v1, I32F32.saturatingMul(ratio, I32F32.saturatingSub(v2, v1)));
      if (0 < x) b.push(j, x);
    }
    s.reset();
    b.endRow();
  }
  return b.finish();
}

/**
 * α·next + (1 − α)·prev per entry, kept where positive. Rows that are both strictly ascending (the
 * usual case) are merged by column: each output column gets α·w when the new row has it, plus
 * (1 − α)·b when the old row has it, in that order, as the chain's dense accumulator adds them.
 * Other rows go through a scratch row and a sort of the columns they touch. The result's rows
 * ascend either way.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs mat_ema_sparse @ 14bc6f9
export function matEmaSparse(next: Csr, prev: Csr, alpha: i64, columns: i32): Csr {
  const oneMinusAlpha = I32F32.saturatingSub(ONE, alpha);
  const s = new Scratch(columns);
  const b = new CsrBuilder(next.n, max(next.nnz(), prev.nnz()));
  for (let i = 0; i < next.n; i++) {
    const ns = next.rowStart(i);
    const ne = next.rowEnd(i);
    const ps = i < prev.n ? prev.rowStart(i) : 0;
    const pe = i < prev.n ? prev.rowEnd(i) : 0;
    if ((next.rowsAscending || rowAscending(next, i)) && (pe == ps || prev.rowsAscending || rowAscending(prev, i))) {
      b.ensure(ne - ns + pe - ps);
      const oc = changetype<usize>(b.cols);
      const ov = changetype<usize>(b.vals);
      let len = b.len;
      let a = ns;
      let c = ps;
      while (true) {
        const ja = a < ne ? next.col(a) : i32.MAX_VALUE;
        const jc = c < pe ? prev.col(c) : i32.MAX_VALUE;
        const j = min(ja, jc);
        // both rows ascend: once the smaller column is past the matrix, so is the rest
        if (j >= columns) break;
        let v: i64 = 0;
        if (ja == j) {
          v = I32F32.saturatingMul(alpha, next.val(a));
          a++;
        }
        if (jc == j) {
          v = I32F32.saturatingAdd(v, I32F32.saturatingMul(oneMinusAlpha, prev.val(c)));
          c++;
        }
        if (v > 0) {
          store<i32>(oc + (<usize>len << 2), j);
          store<i64>(ov + (<usize>len << 3), v);
          len++;
        }
      }
      b.len = len;
      b.endRow();
      continue;
    }
    for (let k = next.rowStart(i); k < next.rowEnd(i); k++) {
      const j = next.col(k);
      if (j < columns) { s.touch(j); unchecked((s.a[j] = I32F32.saturatingAdd(s.a[j], I32F32.saturatingMul(alpha, next.val(k))))); }
    }
    if (i < prev.n) {
      for (let k = prev.rowStart(i); k < prev.rowEnd(i); k++) {
        const j = prev.col(k);
        if (j < columns) { s.touch(j); unchecked((s.a[j] = I32F32.saturatingAdd(s.a[j], I32F32.saturatingMul(oneMinusAlpha, prev.val(k))))); }
      }
    }
    s.sortTouched();
    for (let t = 0; t < s.count; t++) {
      const j = unchecked(s.touched[t]);
      const v = unchecked(s.a[j]);
      if (v > 0) b.push(j, v);
    }
    s.reset();
    b.endRow();
  }
  const out = b.finish();
  out.rowsAscending = true;
  return out;
}


/** Whether row i's columns are strictly ascending (the chain's computed rows, and most submitted ones). */
export function rowAscending(m: Csr, i: i32): bool {
  const end = m.rowEnd(i);
  for (let k = m.rowStart(i) + 1; k < end; k++) if (m.col(k - 1) >= m.col(k)) return false;
  return true;
}
