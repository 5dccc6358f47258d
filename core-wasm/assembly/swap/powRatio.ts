// safe-bigmath's `SafeInt::pow_ratio_scaled` (0.4.1 @ 013c499, the version subtensor 14bc6f9 pins):
// (base_num / base_den)^(exp_num / exp_den) × scale, as an integer, bit for bit.
//
// Two paths, as the library has them:
// - exact: once the exponent fraction is reduced by its gcd, if numerator and denominator are both
//   ≤ 1024, the result is the largest r with r^den × base_den^num ≤ base_num^num × scale^den, i.e.
//   floor of the real value. The library finds it by bisection; any method that finds that integer
//   gives the same bits, so here it is the integer den-th root (Newton from above) of
//   floor(base_num^num × scale^den / base_den^num) (for an integer r, r^q ≤ N/D ⟺ r^q ≤ floor(N/D)).
// - fallback: fixed point with P = max(precision, 32, bits(scale) + 8) + 24 fraction bits:
//   ln(2) = −ln1p(−1/2), ln of each base through a mantissa in [0.75, 1.5) and ln1p's Taylor
//   series, ln_scaled = floor((ln num − ln den) × exp_num / exp_den), exp's Taylor series, the
//   24 guard bits rounded off (half away from zero), × scale, floor. Each series stops exactly where
//   the library's does (a zero term, a term below 2^24, or an unchanged rounded sum), and at most
//   min(4096, P + 128) terms. Every floor is the library's (`div_floor`, `>>` on signed values).
//
// Sizes (why the capacities below suffice; `Big` grows anyway if one did not): a fallback value is
// at most 2^P × max over the series of |X|^n / n! ≤ 2^P × e^|X| (X = ln_scaled / 2^P), and a
// product of two of them at most twice that plus the guard; for the balancer's calls, bases are
// ≤ 2^128 and exponent ratios ≤ 99 (weights in [0.01, 0.99]), so |X| ≤ 99 × ln(2^128) < 8,800 and
// the series' cap of P + 128 terms bounds a term by 2^P × |X|^(P+128) / (P+128)! as well.
import { ln1pSeries } from "./lnSeries";
import { Big, add, divFloor, divFloorSmall, magCmp, magDivRem, mul, mulSmallAdd, negate, pow, roundShift, shl, shrFloor, sub } from "./bignum";

/** safe-bigmath's DEFAULT_MAX_ITERS. */
export const DEFAULT_MAX_ITERS: i32 = 4096;
/** safe-bigmath's MAX_EXACT_EXPONENT. */
export const MAX_EXACT_EXPONENT: u64 = 1024;
const GUARD_BITS: i32 = 24;

/** Whether the last `powRatioScaled` returned Some (false: a zero denominator, the library's None). */
export let powRatioSome: bool = true;
/** Which path the last call took: 0 early return, 1 exact, 2 fallback (for tests). */
export let powRatioPath: i32 = 0;

function gcdU64(a: u64, b: u64): u64 {
  while (b != 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/**
 * (baseNum / baseDen)^(expNum / expDen) × scale, floored as safe-bigmath computes it; `precision`
 * is the library's argument (fraction bits requested for the fallback). Returns the signed result
 * (the fallback can, in principle, go negative when its series is cut short); on the library's None
 * (baseDen = 0 or expDen = 0) returns 0 with `powRatioSome` false.
 */
// see: safe-bigmath src/integer.rs SafeInt::pow_ratio_scaled_with_max_iters @ 013c499
export function powRatioScaled(baseNum: Big, baseDen: Big, expNum: u64, expDen: u64, precision: u32, scale: u64): Big {
  powRatioSome = true;
  powRatioPath = 0;
  const out = new Big(8);
  if (baseDen.isZero() || expDen == 0) {
    powRatioSome = false;
    return out;
  }
  if (baseNum.isZero()) return out;
  if (expNum == 0) return out.setU64(scale);
  const g = gcdU64(expNum, expDen);
  const en = expNum / g;
  const ed = expDen / g;
  if (en <= MAX_EXACT_EXPONENT && ed <= MAX_EXACT_EXPONENT) {
    powRatioPath = 1;
    return exactPath(baseNum, baseDen, <u32>en, <u32>ed, scale);
  }
  powRatioPath = 2;
  return fallbackPath(baseNum, baseDen, en, ed, precision, scale);
}

/** floor((num^e × scale^q / den^e)^(1/q)). */
function exactPath(num: Big, den: Big, e: u32, q: u32, scale: u64): Big {
  const numPow = new Big(num.n * <i32>e + 1);
  pow(numPow, num, e);
  const scalePow = new Big(2 * <i32>q + 1);
  pow(scalePow, new Big(2).setU64(scale), q);
  const target = new Big(numPow.n + scalePow.n);
  mul(target, numPow, scalePow);
  const denPow = new Big(den.n * <i32>e + 1);
  pow(denPow, den, e);
  const m = new Big(target.n);
  const rem = new Big(denPow.n + 1);
  magDivRem(m, rem, target, denPow);
  return integerRoot(m, q);
}

/**
 * floor(m^(1/q)) for m ≥ 0, q ≥ 1: Newton's integer iteration y = ((q − 1)x + floor(m / x^(q−1))) / q
 * from any start x ≥ floor(m^(1/q)), which decreases to the floor root and stops there. The start
 * is a close overestimate, exp(ln(m) / q) in 96-bit fixed point (integers only, this file's own
 * series) raised by 2^−30 and checked exactly (x^q > m), so Newton needs a few steps; if the check
 * failed, the start would be 2^ceil(bits/q), always above the root. Either way the answer is the
 * same integer: the start only sets the speed (from 2^ceil(bits/q), a 1024th root takes ~700 steps).
 */
function integerRoot(m: Big, q: u32): Big {
  if (m.isZero() || q == 1) return new Big(m.n).copyFrom(m);
  const bits = m.bitLength();
  let x = estimateRootAbove(m, bits, q);
  const xp = new Big(8);
  const quo = new Big(8);
  const rem = new Big(8);
  while (true) {
    pow(xp, x, q - 1);
    magDivRem(quo, rem, m, xp);
    const y = new Big(x.n + 2);
    mulSmallAdd(y, x, q - 1, 0);
    add(y, y, quo);
    divFloorSmall(y, y, q);
    if (magCmp(y, x) >= 0) return x;
    x = y;
  }
}

const EST_P: i32 = 96;
const EST_ITERS: i32 = 4096;

/** A start for integerRoot: at least floor(m^(1/q)), close to it when the estimate holds. */
function estimateRootAbove(m: Big, bits: i32, q: u32): Big {
  const cap = (EST_P >> 5) + 12;
  const lnTwo = lnTwoFixed(EST_P, EST_ITERS, cap);
  const lnM = lnBig(m, EST_P, lnTwo, EST_ITERS, cap);
  divFloorSmall(lnM, lnM, q);
  const e = expFixed(lnM, EST_P, EST_ITERS, cap);
  const x = new Big(e.n);
  shrFloor(x, e, EST_P);
  const margin = new Big(x.n);
  shrFloor(margin, x, 30);
  add(x, x, margin);
  add(x, x, new Big(1).setU64(2));
  // check x^q > m exactly; otherwise the power of two
  const xq = new Big(8);
  pow(xq, x, q);
  return magCmp(xq, m) > 0 ? x : new Big(8).setPow2((bits + <i32>q - 1) / <i32>q);
}

// The library stops each series when the step just added is below the guard (|step| < 2^24) or the
// sum rounded to the guard (round_to_precision) did not change. The second test never decides:
// adding a step of at least 2^24 moves sum / 2^24 by at least 1, and rounding half away from zero
// is non-decreasing with round(v + 1) ≥ round(v) + 1, so the rounded sum always changes then. The
// loops below therefore test only the step's size (the fixture and restatement tests check it).

/** ln1p's Taylor series at x (fixed point, P fraction bits), stopping where the library's does (lnSeries.ts). */
function ln1pFixed(x: Big, p: i32, maxIters: i32): Big {
  return ln1pSeries(x, p, maxIters, GUARD_BITS);
}

/** exp's Taylor series at x (fixed point, P fraction bits), stopping where the library's does. */
function expFixed(x: Big, p: i32, maxIters: i32, cap: i32): Big {
  const term = new Big(cap).setPow2(p);
  const result = new Big(cap).setPow2(p);
  const prod = new Big(2 * cap);
  for (let n = 1; n <= maxIters; n++) {
    // floor(term × x / (2^P × n)) = floor(floor(term × x / 2^P) / n)
    mul(prod, term, x);
    shrFloor(prod, prod, p);
    divFloorSmall(term, prod, <u32>n);
    if (term.isZero()) break;
    add(result, result, term);
    if (term.bitLength() <= GUARD_BITS) break;
  }
  return result;
}

/** ln(value) (value > 0) through a mantissa in [0.75, 1.5) × 2^shift. */
function lnBig(value: Big, p: i32, lnTwo: Big, maxIters: i32, cap: i32): Big {
  let shift = value.bitLength() - 1;
  const mant = new Big(cap);
  shl(mant, value, p);
  shrFloor(mant, mant, shift);
  // 1.5 in fixed point
  const threeHalves = new Big(cap).setPow2(p);
  const half = new Big(cap).setPow2(p - 1);
  add(threeHalves, threeHalves, half);
  if (magCmp(mant, threeHalves) >= 0) {
    shrFloor(mant, mant, 1);
    shift++;
  }
  const one = new Big(cap).setPow2(p);
  sub(mant, mant, one);
  const lnMant = ln1pFixed(mant, p, maxIters);
  const k = new Big(2).setU64(<u64>shift);
  const scaled = new Big(cap + 2);
  mul(scaled, lnTwo, k);
  add(lnMant, lnMant, scaled);
  return lnMant;
}

// ln 2 depends only on (P, max_iters): the last three are kept in static memory (outside the heap that
// the host resets between calls), so the balancer's precisions 256 and 1024 (and the root estimate's 96) compute it once.
const LN2_SLOTS: i32 = 3;
const LN2_MAX_LIMBS: i32 = 64;
const ln2Store: usize = memory.data(LN2_SLOTS * LN2_MAX_LIMBS * 4);
let ln2P0: i32 = 0;
let ln2I0: i32 = 0;
let ln2N0: i32 = 0;
let ln2P1: i32 = 0;
let ln2I1: i32 = 0;
let ln2N1: i32 = 0;
let ln2P2: i32 = 0;
let ln2I2: i32 = 0;
let ln2N2: i32 = 0;
let ln2Next: i32 = 0;

/** ln 2 = −ln1p(−1/2) at P fraction bits, as the library computes it each call. */
function lnTwoFixed(p: i32, maxIters: i32, cap: i32): Big {
  const out = new Big(cap);
  const slot =
    ln2P0 == p && ln2I0 == maxIters && ln2N0 > 0 ? 0 : ln2P1 == p && ln2I1 == maxIters && ln2N1 > 0 ? 1 : ln2P2 == p && ln2I2 == maxIters && ln2N2 > 0 ? 2 : -1;
  if (slot >= 0) {
    const n = slot == 0 ? ln2N0 : slot == 1 ? ln2N1 : ln2N2;
    out.reserve(n);
    memory.copy(changetype<usize>(out.d), ln2Store + <usize>(slot * LN2_MAX_LIMBS * 4), <usize>n << 2);
    out.n = n;
    out.neg = false;
    return out;
  }
  const minusHalf = new Big(cap).setPow2(p - 1);
  minusHalf.neg = true;
  negate(out, ln1pFixed(minusHalf, p, maxIters));
  if (out.n <= LN2_MAX_LIMBS && !out.neg) {
    const s = ln2Next;
    memory.copy(ln2Store + <usize>(s * LN2_MAX_LIMBS * 4), changetype<usize>(out.d), <usize>out.n << 2);
    if (s == 0) { ln2P0 = p; ln2I0 = maxIters; ln2N0 = out.n; }
    else if (s == 1) { ln2P1 = p; ln2I1 = maxIters; ln2N1 = out.n; }
    else { ln2P2 = p; ln2I2 = maxIters; ln2N2 = out.n; }
    ln2Next = (s + 1) % LN2_SLOTS;
  }
  return out;
}

function fallbackPath(num: Big, den: Big, en: u64, ed: u64, precision: u32, scale: u64): Big {
  const scaleBits = scale == 0 ? 0 : 64 - <i32>clz(scale);
  let requested = <i32>precision;
  if (requested < 32) requested = 32;
  if (requested < scaleBits + 8) requested = scaleBits + 8;
  const p = requested + GUARD_BITS;
  const maxIters = DEFAULT_MAX_ITERS < p + 128 ? DEFAULT_MAX_ITERS : p + 128;
  // working capacity in limbs: P fraction bits plus the integer part the exp series can reach
  const cap = (p >> 5) + 16;

  const lnTwo = lnTwoFixed(p, maxIters, cap);

  const lnNum = lnBig(num, p, lnTwo, maxIters, cap);
  const lnDen = lnBig(den, p, lnTwo, maxIters, cap);
  const lnBase = new Big(cap);
  sub(lnBase, lnNum, lnDen);

  const enBig = new Big(2).setU64(en);
  const edBig = new Big(2).setU64(ed);
  const prod = new Big(cap + 4);
  mul(prod, lnBase, enBig);
  const lnScaled = new Big(cap + 4);
  divFloor(lnScaled, prod, edBig);

  const expFp = expFixed(lnScaled, p, maxIters, cap + (lnScaled.bitLength() >> 4));
  const expRequested = new Big(expFp.n + 1);
  roundShift(expRequested, expFp, GUARD_BITS);
  const scaled = new Big(expRequested.n + 3);
  mul(scaled, expRequested, new Big(2).setU64(scale));
  const result = new Big(scaled.n + 1);
  shrFloor(result, scaled, requested);
  return result;
}
