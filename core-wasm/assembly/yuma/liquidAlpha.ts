// The liquid-alpha bonds EMA of Yuma 3: α per (validator, miner) from the sigmoid of how far the
// weight is from consensus (or the bond from the weight), and the EMA of the bonds with it.
import { I32F32 } from "../fixed/i32f32";
import { Csr, CsrBuilder } from "./csr";
import { Scratch, rowAscending } from "./math";

const ONE: i64 = I32F32.ONE;
const LIQUID_CHUNK: i32 = 64;

// see: subtensor pallets/subtensor/src/epoch/math.rs clamp_value @ 14bc6f9
@inline function clampValue(v: i64, lo: i64, hi: i64): i64 {
  const a = v < hi ? v : hi;
  return a > lo ? a : lo;
}

// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs alpha_sigmoid @ 14bc6f9
/** `steepness / −100`, the sigmoid's slope (computed once per epoch; `alphaSigmoid` takes it). */
export function sigmoidSlope(steepness: i64): i64 {
  return I32F32.saturatingDiv(steepness, I32F32.fromInt(-100));
}

export function alphaSigmoid(consensus: i64, weight: i64, bond: i64, alphaLow: i64, alphaHigh: i64, slope: i64): i64 {
  const diffBuy = clampValue(I32F32.saturatingSub(weight, consensus), 0, ONE);
  const diffSell = clampValue(I32F32.saturatingSub(bond, weight), 0, ONE);
  const combined = weight >= bond ? diffBuy : diffSell;
  return alphaOfDiff(combined, alphaLow, alphaHigh, slope);
}

/** α as a function of the combined difference alone (so callers may cache it per value). */
export function alphaOfDiff(combined: i64, alphaLow: i64, alphaHigh: i64, slope: i64): i64 {
  return alphaOfExp(I32F32.expSafe(sigmoidArg(combined, slope)), alphaLow, alphaHigh);
}

/** The sigmoid's exponent: slope · (combined − ½). */
@inline function sigmoidArg(combined: i64, slope: i64): i64 {
  return I32F32.saturatingMul(slope, I32F32.saturatingSub(combined, I32F32.HALF));
}

/** α from e = expSafe(exponent): low + (high − low) / (1 + e), clamped to [low, high]. */
@inline function alphaOfExp(e: i64, alphaLow: i64, alphaHigh: i64): i64 {
  const d = I32F32.saturatingAdd(ONE, e);
  // e ≥ 0, so d ≥ 1.0 and ONE / d is checkedDiv's 2^64 / d path (quotient ≤ 1.0, never fails)
  const sigmoid = d >= ONE ? <i64>I32F32.recip64(<u64>d) : I32F32.saturatingDiv(ONE, d);
  const alpha = I32F32.saturatingAdd(alphaLow, I32F32.saturatingMul(sigmoid, I32F32.saturatingSub(alphaHigh, alphaLow)));
  return clampValue(alpha, alphaLow, alphaHigh);
}


/**
 * The chain's "peek" lookup of row i's value at column j while sweeping j upward: entries with a
 * smaller column are skipped for good, so an unsorted row reads as the chain reads it.
 */
class RowSweep {
  p: i32 = 0;
  constructor(public m: Csr, public i: i32) { this.p = m.rowStart(i); }
  at(j: i32): i64 {
    const end = this.m.rowEnd(this.i);
    while (this.p < end && this.m.col(this.p) < j) this.p++;
    return this.p < end && this.m.col(this.p) == j ? this.m.val(this.p) : 0;
  }
}

/**
 * EMA with a liquid alpha per (validator, miner): α_ij from the sigmoid of how far the weight is
 * from consensus (buy) or the bond from the weight (sell), clamped to [alphaLow, alphaHigh].
 * Only the α at columns where the new or old row has an entry are computed (the others are unused).
 */
// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs compute_liquid_alpha_values_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs mat_ema_alpha_sparse @ 14bc6f9
export function matEmaLiquidAlphaSparse(weights: Csr, bonds: Csr, consensus: StaticArray<i64>, alphaLow: i64, alphaHigh: i64, steepness: i64): Csr {
  const columns = consensus.length;
  const slope = sigmoidSlope(steepness);
  const alphaAtZero = alphaOfDiff(0, alphaLow, alphaHigh, slope);
  const alphaAtOne = alphaOfDiff(ONE, alphaLow, alphaHigh, slope);
  const s = new Scratch(columns);
  const b = new CsrBuilder(weights.n, max(weights.nnz(), bonds.nnz()));
  // scratch of the fast path, per chunk of a row: each entry's bond, and the entries whose α needs exp
  const bondAt = new StaticArray<i64>(LIQUID_CHUNK);
  const alphaAt = new StaticArray<i64>(LIQUID_CHUNK);
  const pending = new StaticArray<i32>(LIQUID_CHUNK);
  const pendingX = new StaticArray<i64>(LIQUID_CHUNK);
  for (let i = 0; i < weights.n; i++) {
    if (rowAscending(weights, i) && rowAscending(bonds, i)) {
      // Both rows ascending (so no column repeats): an output entry exists only at the new row's
      // columns, and there the sweep lookups are a merge. α of the old row's other columns only
      // scales values that are never read, so it is not computed. The row goes in chunks small
      // enough for the scratch to stay in L1: find bonds and α inputs, exp two at a time, emit.
      const ws = weights.rowStart(i);
      const we = weights.rowEnd(i);
      let q = bonds.rowStart(i);
      const qe = bonds.rowEnd(i);
      b.ensure(we - ws);
      let outLen = b.len;
      const oc = changetype<usize>(b.cols);
      const ov = changetype<usize>(b.vals);
      // raw addresses of the rows' arrays (field loads would repeat after every store)
      const wc = changetype<usize>(weights.cols);
      const wv = changetype<usize>(weights.vals);
      const bc = changetype<usize>(bonds.cols);
      const bv = changetype<usize>(bonds.vals);
      const cv = changetype<usize>(consensus);
      for (let c0 = ws; c0 < we; c0 += LIQUID_CHUNK) {
        const c1 = min(c0 + LIQUID_CHUNK, we);
        let np = 0;
        for (let k = c0; k < c1; k++) {
          const j = load<i32>(wc + (<usize>k << 2));
          if (j >= columns) continue;
          while (q < qe && load<i32>(bc + (<usize>q << 2)) < j) q++;
          const hasBond = q < qe && load<i32>(bc + (<usize>q << 2)) == j;
          const bond = hasBond ? load<i64>(bv + (<usize>q << 3)) : 0;
          const w = load<i64>(wv + (<usize>k << 3));
          const t = k - c0;
          // a missing bond decays to 0 whatever α is: −1 marks it (bond values are ≥ 0)
          unchecked((bondAt[t] = hasBond ? bond : -1));
          const diffBuy = clampValue(I32F32.saturatingSub(w, load<i64>(cv + (<usize>j << 3))), 0, ONE);
          const diffSell = clampValue(I32F32.saturatingSub(bond, w), 0, ONE);
          const combined = w >= bond ? diffBuy : diffSell;
          if (combined == 0) unchecked((alphaAt[t] = alphaAtZero));
          else if (combined == ONE) unchecked((alphaAt[t] = alphaAtOne));
          else {
            unchecked((pending[np] = t));
            unchecked((pendingX[np] = sigmoidArg(combined, slope)));
            np++;
          }
        }
        // exp two at a time (the series of both run interleaved)
        let p = 0;
        for (; p + 1 < np; p += 2) {
          const ea = I32F32.expSafePair(unchecked(pendingX[p]), unchecked(pendingX[p + 1]));
          const eb = I32F32.expPairSecond;
          unchecked((alphaAt[pending[p]] = alphaOfExp(ea, alphaLow, alphaHigh)));
          unchecked((alphaAt[pending[p + 1]] = alphaOfExp(eb, alphaLow, alphaHigh)));
        }
        if (p < np) unchecked((alphaAt[pending[p]] = alphaOfExp(I32F32.expSafe(pendingX[p]), alphaLow, alphaHigh)));
        for (let k = c0; k < c1; k++) {
          const j = load<i32>(wc + (<usize>k << 2));
          if (j >= columns) continue;
          const t = k - c0;
          const alpha = unchecked(alphaAt[t]);
          const bond = unchecked(bondAt[t]);
          const decayed = bond < 0 ? 0 : I32F32.saturatingMul(I32F32.saturatingSub(ONE, alpha), bond);
          const inc = max(I32F32.saturatingMul(alpha, load<i64>(wv + (<usize>k << 3))), 0);
          const v = min(I32F32.saturatingAdd(decayed, inc), ONE);
          if (v > 0) {
            store<i32>(oc + (<usize>outLen << 2), j);
            store<i64>(ov + (<usize>outLen << 3), v);
            outLen++;
          }
        }
      }
      b.len = outLen;
      b.endRow();
      continue;
    }
    // columns needing α: those of the new row and of the old row
    for (let k = weights.rowStart(i); k < weights.rowEnd(i); k++) { const j = weights.col(k); if (j < columns) s.touch(j); }
    for (let k = bonds.rowStart(i); k < bonds.rowEnd(i); k++) { const j = bonds.col(k); if (j < columns) s.touch(j); }
    s.sortTouched();
    const wSweep = new RowSweep(weights, i);
    const bSweep = new RowSweep(bonds, i);
    for (let t = 0; t < s.count; t++) {
      const j = unchecked(s.touched[t]);
      const w = wSweep.at(j);
      const bond = bSweep.at(j);
      const diffBuy = clampValue(I32F32.saturatingSub(w, unchecked(consensus[j])), 0, ONE);
      const diffSell = clampValue(I32F32.saturatingSub(bond, w), 0, ONE);
      const combined = w >= bond ? diffBuy : diffSell;
      // the clamped ends (0 and 1) are frequent and their α is fixed for the epoch: reuse it
      unchecked((s.b[j] = combined == 0 ? alphaAtZero : combined == ONE ? alphaAtOne : alphaOfDiff(combined, alphaLow, alphaHigh, slope)));
    }
    // decayed old values (1 − α)·b, then α·w added, capped at 1, in new-row order
    for (let k = bonds.rowStart(i); k < bonds.rowEnd(i); k++) {
      const j = bonds.col(k);
      if (j < columns) unchecked((s.a[j] = I32F32.saturatingMul(I32F32.saturatingSub(ONE, s.b[j]), bonds.val(k))));
    }
    for (let k = weights.rowStart(i); k < weights.rowEnd(i); k++) {
      const j = weights.col(k);
      if (j >= columns) continue;
      const inc = max(I32F32.saturatingMul(unchecked(s.b[j]), weights.val(k)), 0);
      const v = min(I32F32.saturatingAdd(unchecked(s.a[j]), inc), ONE);
      if (v > 0) b.push(j, v);
    }
    s.reset();
    b.endRow();
  }
  return b.finish();
}
