// The swap pallet's `Balancer` (pallets/swap/src/pallet/balancer.rs @ 14bc6f9): a weighted pool with
// base (alpha) reserve x, quote (TAO) reserve y, quote weight w2 (Perquintill parts per 1e18) and
// base weight w1 = 1 − w2. Prices and exponentials are U64F64 bits (hi, lo): each function returns
// the low word and leaves the high word in `balHi`. Integer instructions only.
import { Fixed128 } from "../fixed/fixed128";
import { divU128ByU64, mulU64, wideHi, wideLo } from "../fixed/wide";
import { divU192ByU128Small } from "../fixed/wide128";
import { Big } from "./bignum";
import { powRatioScaled, powRatioSome } from "./powRatio";

/** Perquintill accuracy: 1.0 = 1e18 parts. */
export const ACCURACY: u64 = 1_000_000_000_000_000_000;
/** The balancer's lower limit for both weights (0.01). */
export const MIN_WEIGHT: u64 = ACCURACY / 100;
/** Perquintill::from_rational(1, 2). */
export const HALF: u64 = 500_000_000_000_000_000;
/** `exp_scaled`'s precision argument to pow_ratio_scaled. */
const EXP_PRECISION: u32 = 256;
/** `calculate_*_delta_in`'s precision argument. */
const DELTA_PRECISION: u32 = 1024;

const U: bool = false; // U64F64 is unsigned
const F: i32 = 64;

/** High word of the last U64F64 result. */
export let balHi: u64 = 0;
@inline function out(hi: u64, lo: u64): u64 {
  balHi = hi;
  return lo;
}

/** `Perquintill::saturating_sub` from one: the base weight. */
export function baseWeight(quote: u64): u64 {
  return quote >= ACCURACY ? 0 : ACCURACY - quote;
}

/** `Balancer::check_constraints`: both weights at least 0.01. */
export function weightsValid(quote: u64): bool {
  return baseWeight(quote) >= MIN_WEIGHT && quote >= MIN_WEIGHT;
}

/**
 * `Perquintill::from_rational(p, q)` for u128 p, q (words): floor(1e18 × p / q) when q > 0 and
 * p ≤ q, else one (sp-arithmetic rounds down and falls back to one on error). The quotient is at
 * most 1e18, so one word: long division by a one-word q, one digit of Knuth's algorithm D by a
 * two-word q.
 */
export function perquintillFromRational(pHi: u64, pLo: u64, qHi: u64, qLo: u64): u64 {
  if ((qHi | qLo) == 0 || pHi > qHi || (pHi == qHi && pLo > qLo)) return ACCURACY;
  // 1e18 × p in three words
  mulU64(pLo, ACCURACY);
  const n0 = wideLo;
  const c = wideHi;
  mulU64(pHi, ACCURACY);
  const n1 = wideLo + c;
  const n2 = wideHi + (n1 < c ? 1 : 0);
  if (qHi != 0) return divU192ByU128Small(n2, n1, n0, qHi, qLo);
  const r1 = divU128ByU64(n2 % qLo, n1, qLo);
  divU128ByU64(r1, n0, qLo);
  return wideLo;
}

/**
 * `calculate_price(x, y)` = (w1 / w2) × (y / x) in U64F64: `w1.safe_div(w2).saturating_mul(y.safe_div(x))`.
 * x = alpha reserve, y = TAO reserve. Returns the low word; high in `balHi`.
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::calculate_price @ 14bc6f9
export function calculatePrice(quote: u64, x: u64, y: u64): u64 {
  const w2Lo = Fixed128.fromU64(quote, F, U);
  const w2Hi = Fixed128.hi();
  const w1Lo = Fixed128.fromU64(baseWeight(quote), F, U);
  const w1Hi = Fixed128.hi();
  const xLo = Fixed128.fromU64(x, F, U);
  const xHi = Fixed128.hi();
  const yLo = Fixed128.fromU64(y, F, U);
  const yHi = Fixed128.hi();
  const rLo = Fixed128.safeDiv(w1Hi, w1Lo, w2Hi, w2Lo, F, U);
  const rHi = Fixed128.hi();
  const qLo = Fixed128.safeDiv(yHi, yLo, xHi, xLo, F, U);
  const qHi = Fixed128.hi();
  const pLo = Fixed128.saturatingMul(rHi, rLo, qHi, qLo, F, U);
  return out(Fixed128.hi(), pLo);
}

/**
 * `exp_scaled(x, dx, base_quote)`: (x / (x + dx))^(w1 / w2) when baseQuote, else ^(w2 / w1), as
 * U64F64 (pow_ratio_scaled at precision 256 and scale 1e18, then / 1e18), capped at 1 when dx ≥ 0.
 * dx is `dxMagnitude` with the sign `dxNegative`. 0 when x + dx is 0 or the power does not fit a u64.
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::exp_scaled @ 14bc6f9
export function expScaled(quote: u64, x: u64, dxMagnitude: u64, dxNegative: bool, baseQuote: bool): u64 {
  let xPlusDx: u64;
  if (!dxNegative) {
    xPlusDx = x + dxMagnitude;
    if (xPlusDx < x) xPlusDx = <u64>-1;
  } else {
    xPlusDx = dxMagnitude > x ? 0 : x - dxMagnitude;
  }
  if (xPlusDx == 0) return out(0, 0);
  const w1 = baseWeight(quote);
  const w2 = quote;
  const r = powRatioScaled(new Big(2).setU64(x), new Big(2).setU64(xPlusDx), baseQuote ? w1 : w2, baseQuote ? w2 : w1, EXP_PRECISION, ACCURACY);
  if (!powRatioSome || !r.fitsU64()) return out(0, 0);
  // U64F64(v).safe_div(U64F64(1e18))
  const lo = Fixed128.safeDiv(r.lowU64(), 0, ACCURACY, 0, F, U);
  const hi = Fixed128.hi();
  if (!dxNegative && hi >= 1) return out(1, 0); // min(result, 1)
  return out(hi, lo);
}

/** `exp_base_quote(x, dx)`: (x / (x + dx))^(w1 / w2), for sells. */
export function expBaseQuote(quote: u64, x: u64, dx: u64): u64 {
  return expScaled(quote, x, dx, false, true);
}

/** `exp_quote_base(y, dy)`: (y / (y + dy))^(w2 / w1), for buys. */
export function expQuoteBase(quote: u64, y: u64, dy: u64): u64 {
  return expScaled(quote, y, dy, false, false);
}

/**
 * `mul_perquintill_round(p, value)` = min(u128::MAX, (value × parts + 1e18 / 2) / 1e18) for a u128
 * value (words); returns the low word, the high word in `balHi`. The product and the rounding term
 * fit in three words; the division is long division by the one-word 1e18.
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::mul_perquintill_round @ 14bc6f9
export function mulPerquintillRound(parts: u64, hi: u64, lo: u64): u64 {
  mulU64(lo, parts);
  const p0 = wideLo;
  const c = wideHi;
  mulU64(hi, parts);
  const p1 = wideLo + c;
  const p2 = wideHi + (p1 < c ? 1 : 0);
  const s0 = p0 + ACCURACY / 2;
  const s1 = p1 + (s0 < p0 ? 1 : 0);
  const s2 = p2 + (s1 < p1 ? 1 : 0);
  if (s2 >= ACCURACY) return out(<u64>-1, <u64>-1); // the quotient is 2^128 or more
  const r1 = divU128ByU64(s2, s1, ACCURACY);
  const q1 = wideLo;
  divU128ByU64(r1, s0, ACCURACY);
  return out(q1, wideLo);
}

/** u64 × (hi:lo) with hi ≤ 1 (a sum of two u64) → u128, saturating; low word, high in `balHi`. */
function mulSatU128(a: u64, hi: u64, lo: u64): u64 {
  mulU64(a, lo);
  const l = wideLo;
  let h = wideHi;
  if (hi != 0) {
    const h2 = h + a;
    if (h2 < h) return out(<u64>-1, <u64>-1);
    h = h2;
  }
  return out(h, l);
}

/** Whether the last `updateWeightsForAddedLiquidity` was accepted. */
export let weightUpdateOk: bool = true;

/**
 * `update_weights_for_added_liquidity`: the quote weight that keeps the price when (taoDelta,
 * alphaDelta) join reserves (taoReserve, alphaReserve): q1 = round(w1 × tao × (alpha + Δα)),
 * q2 = round(w2 × alpha × (tao + Δτ)), new w2 = from_rational(q2, q1 + q2) (0.5 when both are 0).
 * Returns the new quote weight; `weightUpdateOk` false (and the old weight returned) when it falls
 * outside [0.01, 0.99], where the chain refuses the update. u128 arithmetic on word pairs.
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::update_weights_for_added_liquidity @ 14bc6f9
export function updateWeightsForAddedLiquidity(quote: u64, taoReserve: u64, alphaReserve: u64, taoDelta: u64, alphaDelta: u64): u64 {
  const newTaoLo = taoReserve + taoDelta;
  const newTaoHi: u64 = newTaoLo < taoReserve ? 1 : 0;
  const newAlphaLo = alphaReserve + alphaDelta;
  const newAlphaHi: u64 = newAlphaLo < alphaReserve ? 1 : 0;
  const v1Lo = mulSatU128(taoReserve, newAlphaHi, newAlphaLo);
  const q1Lo = mulPerquintillRound(baseWeight(quote), balHi, v1Lo);
  const q1Hi = balHi;
  const v2Lo = mulSatU128(alphaReserve, newTaoHi, newTaoLo);
  const q2Lo = mulPerquintillRound(quote, balHi, v2Lo);
  const q2Hi = balHi;
  let sumLo = q1Lo + q2Lo;
  const hi1 = q1Hi + q2Hi;
  let sumHi = hi1 + (sumLo < q1Lo ? 1 : 0);
  if (hi1 < q1Hi || sumHi < hi1) {
    sumHi = <u64>-1; // saturating_add on u128
    sumLo = <u64>-1;
  }
  const w = (sumHi | sumLo) == 0 ? HALF : perquintillFromRational(q2Hi, q2Lo, sumHi, sumLo);
  weightUpdateOk = weightsValid(w);
  return weightUpdateOk ? w : quote;
}

/** (exp_result as U64F64, clamped as the chain does) / 1e18 − 1, × reserve, to u64. */
function deltaFromPower(r: Big, reserve: u64): u64 {
  let vHi: u64;
  if (r.fitsU64()) vHi = r.lowU64();
  else if (!r.neg) vHi = <u64>-1; // u64::MAX < exp_result
  else vHi = 0;
  // exp_result_fixed.safe_div(scale_fixed)
  const qLo = Fixed128.safeDiv(vHi, 0, ACCURACY, 0, F, U);
  const qHi = Fixed128.hi();
  // .saturating_sub(one)
  const sLo = Fixed128.saturatingSub(qHi, qLo, 1, 0, U);
  const sHi = Fixed128.hi();
  // reserve_fixed.saturating_mul(...)
  const mLo = Fixed128.saturatingMul(reserve, 0, sHi, sLo, F, U);
  return Fixed128.toU64Saturating(Fixed128.hi(), mLo, F, U);
}

/**
 * `calculate_quote_delta_in(current, target, reserve)`: the TAO that moves the price up to target,
 * y × ((target / current)^w1 − 1) (pow_ratio_scaled at precision 1024, scale 1e18). Prices are
 * U64F64 bits.
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::calculate_quote_delta_in @ 14bc6f9
export function calculateQuoteDeltaIn(quote: u64, currentHi: u64, currentLo: u64, targetHi: u64, targetLo: u64, reserve: u64): u64 {
  const r = powRatioScaled(new Big(4).setU128(targetHi, targetLo), new Big(4).setU128(currentHi, currentLo), baseWeight(quote), ACCURACY, DELTA_PRECISION, ACCURACY);
  if (!powRatioSome) return 0;
  return deltaFromPower(r, reserve);
}

/**
 * `calculate_base_delta_in(current, target, reserve)`: the alpha that moves the price down to
 * target, x × ((current / target)^w2 − 1).
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::calculate_base_delta_in @ 14bc6f9
export function calculateBaseDeltaIn(quote: u64, currentHi: u64, currentLo: u64, targetHi: u64, targetLo: u64, reserve: u64): u64 {
  const r = powRatioScaled(new Big(4).setU128(currentHi, currentLo), new Big(4).setU128(targetHi, targetLo), quote, ACCURACY, DELTA_PRECISION, ACCURACY);
  if (!powRatioSome) return 0;
  return deltaFromPower(r, reserve);
}

/** `get_base_needed_for_quote(tao, alpha, delta_tao)`: alpha × ((tao / (tao − Δτ))^(w2 / w1) − 1). */
// see: subtensor pallets/swap/src/pallet/balancer.rs Balancer::get_base_needed_for_quote @ 14bc6f9
export function baseNeededForQuote(quote: u64, taoReserve: u64, alphaReserve: u64, deltaTao: u64): u64 {
  const eLo = expScaled(quote, taoReserve, deltaTao, true, false);
  const eHi = balHi;
  const sLo = Fixed128.saturatingSub(eHi, eLo, 1, 0, U);
  const sHi = Fixed128.hi();
  const mLo = Fixed128.saturatingMul(alphaReserve, 0, sHi, sLo, F, U);
  return Fixed128.toU64Saturating(Fixed128.hi(), mLo, F, U);
}

/**
 * `maybe_initialize_palswap`'s weight from a price (U64F64 bits): w2 = y / (p·x + y) with
 * p·x = floor(p) × x + floor(x × frac(p)); 0 = refused (both reserves 0 or weight out of range).
 * Without a price the chain sets HALF.
 */
// see: subtensor pallets/swap/src/pallet/impls.rs Pallet::maybe_initialize_palswap @ 14bc6f9
export function initialWeightForPrice(taoReserve: u64, alphaReserve: u64, priceHi: u64, priceLo: u64): u64 {
  // px_high = (price.saturating_to_num::<u64>() as u128) × alpha
  mulU64(priceHi, alphaReserve);
  const hHi = wideHi;
  const hLo = wideLo;
  // px_low = U64F64(alpha).saturating_mul(price.frac()).saturating_to_num::<u128>()
  Fixed128.saturatingMul(alphaReserve, 0, 0, priceLo, F, U);
  const pxLow = Fixed128.hi();
  // px_high + px_low + tao, saturating to u128
  let sumLo = hLo + pxLow;
  let carry: u64 = sumLo < hLo ? 1 : 0;
  const lo2 = sumLo + taoReserve;
  carry += lo2 < sumLo ? 1 : 0;
  sumLo = lo2;
  let sumHi = hHi + carry;
  if (sumHi < hHi) {
    sumHi = <u64>-1;
    sumLo = <u64>-1;
  }
  if ((sumHi | sumLo) == 0) return 0;
  const w = perquintillFromRational(0, taoReserve, sumHi, sumLo);
  return weightsValid(w) ? w : 0;
}
