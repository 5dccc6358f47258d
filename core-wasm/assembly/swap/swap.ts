// A swap through a subnet's pool, as the chain runs it: subtensor's swap_tao_for_alpha /
// swap_alpha_for_tao (staking/stake_utils.rs) → the swap pallet's do_swap, swap_inner and one
// BasicSwapStep (impls.rs, swap_step.rs @ 14bc6f9), with the pallet's transactional rollback.
// Prices are U64F64 (hi, lo) word pairs. Integer instructions only.
import { Fixed128 } from "../fixed/fixed128";
import { balHi, calculateBaseDeltaIn, calculatePrice, calculateQuoteDeltaIn, expBaseQuote, expQuoteBase, HALF } from "./balancer";
import { currentPrice, priceHiOut, SwapPool } from "./pool";

export const SWAP_OK: i32 = 0;
/** SwapInputTooLarge: the input less its fee exceeds 1000 × the input reserve. */
export const SWAP_ERR_INPUT_TOO_LARGE: i32 = 1;
/** ReservesTooLow: the output reserve is under MinimumReserve, or a nonzero input would buy nothing. */
export const SWAP_ERR_RESERVES_TOO_LOW: i32 = 2;
/** PriceLimitExceeded: the current price is already at or beyond the limit. */
export const SWAP_ERR_PRICE_LIMIT: i32 = 3;
/** InsufficientLiquidity: the swap would pay out more than the output reserve holds. */
export const SWAP_ERR_INSUFFICIENT_LIQUIDITY: i32 = 4;

/** SwapInterface::max_price() (a TaoBalance price limit: limit price = 1e15 / 1e9 = 1e6 TAO per alpha). */
export const MAX_PRICE_LIMIT: u64 = 1_000_000_000_000_000;
/** SwapInterface::min_price() (limit price 1e-6 TAO per alpha). */
export const MIN_PRICE_LIMIT: u64 = 1_000;
/** MAX_SWAP_INPUT_RESERVE_MULTIPLIER. */
const MAX_INPUT_MULTIPLIER: u64 = 1_000;
const I64_MAX: u64 = 0x7fff_ffff_ffff_ffff;

const U: bool = false;
const F: i32 = 64;

/** The chain's SwapResult, and the refusal (error ≠ SWAP_OK: the amounts are 0). */
export class SwapResult {
  error: i32 = SWAP_OK;
  /** Amount that entered the input reserve (the fee excluded). */
  amountPaidIn: u64 = 0;
  /** Amount taken from the output reserve. */
  amountPaidOut: u64 = 0;
  feePaid: u64 = 0;
  feeToBlockAuthor: u64 = 0;
}

function refused(code: i32): SwapResult {
  const r = new SwapResult();
  r.error = code;
  return r;
}

@inline function satSub(a: u64, b: u64): u64 { return b > a ? 0 : a - b; }
@inline function satAdd(a: u64, b: u64): u64 { const s = a + b; return s < a ? <u64>-1 : s; }

/** `calculate_fee_amount`: 0 when fees are dropped or the subnet is stable, else floor(amount × (feeRate / 65535)) in U64F64. */
// see: subtensor pallets/swap/src/pallet/impls.rs Pallet::calculate_fee_amount @ 14bc6f9
export function calculateFeeAmount(pool: SwapPool, amount: u64, dropFees: bool): u64 {
  if (dropFees || pool.mechanism != 1) return 0;
  const rateLo = Fixed128.safeDiv(<u64>pool.feeRate, 0, 65535, 0, F, U);
  const rateHi = Fixed128.hi();
  const mLo = Fixed128.saturatingMul(amount, 0, rateHi, rateLo, F, U);
  return Fixed128.toU64Saturating(Fixed128.hi(), mLo, F, U);
}

/** The limit price of a TaoBalance price limit: U64F64(limit).safe_div(U64F64(1e9)); low word, high in `limitHi`. */
export let limitHi: u64 = 0;
// see: subtensor pallets/swap/src/pallet/impls.rs SwapEngine::swap @ 14bc6f9
export function limitPriceOf(priceLimit: u64): u64 {
  const lo = Fixed128.safeDiv(priceLimit, 0, 1_000_000_000, 0, F, U);
  limitHi = Fixed128.hi();
  return lo;
}

/** `convert_deltas` of a buy: alpha out for TAO in, floor(alpha × (1 − (y / (y + dy))^(w2 / w1))). */
// see: subtensor pallets/swap/src/pallet/swap_step.rs SwapStep<TaoBalance, AlphaBalance>::convert_deltas @ 14bc6f9
export function convertDeltasBuy(quote: u64, taoReserve: u64, alphaReserve: u64, taoIn: u64): u64 {
  const eLo = expQuoteBase(quote, taoReserve, taoIn);
  const sLo = Fixed128.saturatingSub(1, 0, balHi, eLo, U);
  const mLo = Fixed128.saturatingMul(alphaReserve, 0, Fixed128.hi(), sLo, F, U);
  return Fixed128.toU64Saturating(Fixed128.hi(), mLo, F, U);
}

/** `convert_deltas` of a sell: TAO out for alpha in, floor(tao × (1 − (x / (x + dx))^(w1 / w2))). */
// see: subtensor pallets/swap/src/pallet/swap_step.rs SwapStep<AlphaBalance, TaoBalance>::convert_deltas @ 14bc6f9
export function convertDeltasSell(quote: u64, taoReserve: u64, alphaReserve: u64, alphaIn: u64): u64 {
  const eLo = expBaseQuote(quote, alphaReserve, alphaIn);
  const sLo = Fixed128.saturatingSub(1, 0, balHi, eLo, U);
  const mLo = Fixed128.saturatingMul(taoReserve, 0, Fixed128.hi(), sLo, F, U);
  return Fixed128.toU64Saturating(Fixed128.hi(), mLo, F, U);
}

@inline function lessU128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): bool {
  return aHi < bHi || (aHi == bHi && aLo < bLo);
}

/**
 * The pallet's `do_swap` for a buy (TAO in, alpha out) or a sell, with `limitHi:limitLo` the U64F64
 * limit price. `simulate` = the chain's should_rollback: nothing in the pool changes. Otherwise, on
 * success, the pool's reserves move as swap_tao_for_alpha / swap_alpha_for_tao move SubnetTAO and
 * SubnetAlphaIn (the reserve deltas through the chain's i64 clamp).
 */
// see: subtensor pallets/swap/src/pallet/impls.rs Pallet::do_swap, swap_inner @ 14bc6f9
// see: subtensor pallets/swap/src/pallet/swap_step.rs BasicSwapStep::new, determine_action, process_swap @ 14bc6f9
export function doSwap(pool: SwapPool, buy: bool, amount: u64, limitHiIn: u64, limitLoIn: u64, dropFees: bool, simulate: bool): SwapResult {
  // ensure_swap_input_within_reserve_limit
  const fee0 = calculateFeeAmount(pool, amount, dropFees);
  const net = satSub(amount, fee0);
  const inputReserve = buy ? pool.taoReserve : pool.alphaReserve;
  const hiMul = inputReserve * MAX_INPUT_MULTIPLIER;
  const maxAmount = inputReserve != 0 && hiMul / MAX_INPUT_MULTIPLIER != inputReserve ? <u64>-1 : hiMul;
  if (net > maxAmount) return refused(SWAP_ERR_INPUT_TOO_LARGE);

  // swap_inner
  const outReserve = buy ? pool.alphaReserve : pool.taoReserve;
  if (outReserve < pool.minimumReserve) return refused(SWAP_ERR_RESERVES_TOO_LOW);
  const savedWeight = pool.quoteWeight;
  const savedInit = pool.initialized;
  if (!pool.initialized) {
    // maybe_initialize_palswap(netuid, None)
    pool.quoteWeight = HALF;
    pool.initialized = true;
  }
  const curLo = currentPrice(pool);
  const curHi = priceHiOut;
  const beyond = buy ? lessU128(curHi, curLo, limitHiIn, limitLoIn) : lessU128(limitHiIn, limitLoIn, curHi, curLo);
  if (!beyond) {
    pool.quoteWeight = savedWeight;
    pool.initialized = savedInit;
    return refused(SWAP_ERR_PRICE_LIMIT);
  }

  // BasicSwapStep::new
  const w = pool.quoteWeight;
  const tao = pool.taoReserve;
  const alpha = pool.alphaReserve;
  let fee = calculateFeeAmount(pool, amount, dropFees);
  const requested = satSub(amount, fee);
  let tgtLo: u64, tgtHi: u64;
  // convert_deltas(requested): the chain computes it here and again in process_swap when the whole
  // amount is swapped; same reserves, same weights, same input, so the second call reuses it
  const outForRequested = buy ? convertDeltasBuy(w, tao, alpha, requested) : convertDeltasSell(w, tao, alpha, requested);
  if (buy) tgtLo = calculatePrice(w, satSub(alpha, outForRequested), satAdd(tao, requested));
  else tgtLo = calculatePrice(w, satAdd(alpha, requested), satSub(tao, outForRequested));
  tgtHi = balHi;

  // determine_action
  let deltaIn: u64;
  const targetCloser = buy ? !lessU128(limitHiIn, limitLoIn, tgtHi, tgtLo) : !lessU128(tgtHi, tgtLo, limitHiIn, limitLoIn);
  if (targetCloser) {
    deltaIn = requested;
  } else {
    deltaIn = buy ? calculateQuoteDeltaIn(w, curHi, curLo, limitHiIn, limitLoIn, tao) : calculateBaseDeltaIn(w, curHi, curLo, limitHiIn, limitLoIn, alpha);
    // fee = delta_in × (fee_rate / (65535 − fee_rate)), fee_rate 0 when fees are dropped
    const rate: u64 = dropFees ? 0 : <u64>pool.feeRate;
    const dLo = Fixed128.saturatingSub(65535, 0, rate, 0, U);
    const dHi = Fixed128.hi();
    const qLo = Fixed128.safeDiv(rate, 0, dHi, dLo, F, U);
    const qHi = Fixed128.hi();
    const mLo = Fixed128.saturatingMul(deltaIn, 0, qHi, qLo, F, U);
    fee = Fixed128.toU64Saturating(Fixed128.hi(), mLo, F, U);
  }

  // process_swap
  const deltaOut = targetCloser ? outForRequested : buy ? convertDeltasBuy(w, tao, alpha, deltaIn) : convertDeltasSell(w, tao, alpha, deltaIn);
  if (deltaIn != 0 && deltaOut == 0) {
    pool.quoteWeight = savedWeight;
    pool.initialized = savedInit;
    return refused(SWAP_ERR_RESERVES_TOO_LOW);
  }
  const r = new SwapResult();
  r.amountPaidIn = deltaIn;
  r.amountPaidOut = deltaOut;
  r.feePaid = fee;
  r.feeToBlockAuthor = deltaIn != 0 ? fee : 0;

  if (simulate) {
    pool.quoteWeight = savedWeight;
    pool.initialized = savedInit;
    return r;
  }
  // committed, but the paid-out amount must fit the reserve read before the swap (the initialisation stays)
  if (outReserve < deltaOut) return refused(SWAP_ERR_INSUFFICIENT_LIQUIDITY);
  applyReserves(pool, buy, r);
  return r;
}

/** SubnetTAO / SubnetAlphaIn after a swap, through SwapResult's i64 reserve deltas. */
function applyReserves(pool: SwapPool, buy: bool, r: SwapResult): void {
  // paid_in_reserve_delta_i64: min(paid_in, i64::MAX); paid_out_reserve_delta_i64().unsigned_abs(): min(paid_out, 2^63)
  const inDelta = r.amountPaidIn > I64_MAX ? I64_MAX : r.amountPaidIn;
  const outDelta = r.amountPaidOut > I64_MAX + 1 ? I64_MAX + 1 : r.amountPaidOut;
  if (buy) {
    pool.alphaReserve = satSub(pool.alphaReserve, outDelta);
    pool.taoReserve = satAdd(pool.taoReserve, inDelta);
  } else {
    pool.alphaReserve = satAdd(pool.alphaReserve, inDelta);
    pool.taoReserve = satSub(pool.taoReserve, outDelta);
  }
}

/** A stable subnet's swap: 1:1, no fee, no checks. */
function stableSwap(pool: SwapPool, buy: bool, amount: u64, simulate: bool): SwapResult {
  const r = new SwapResult();
  r.amountPaidIn = amount;
  r.amountPaidOut = amount;
  if (!simulate) applyReserves(pool, buy, r);
  return r;
}

/**
 * subtensor's `swap_tao_for_alpha(tao, price_limit, drop_fees)`: `priceLimit` is the chain's
 * TaoBalance limit (limit price = priceLimit / 1e9 TAO per alpha; the coinbase passes
 * MAX_PRICE_LIMIT). On success taoReserve += amountPaidIn, alphaReserve −= amountPaidOut; the caller
 * adds amountPaidOut to SubnetAlphaOut and `tao` to TotalStake.
 */
// see: subtensor pallets/subtensor/src/staking/stake_utils.rs Pallet::swap_tao_for_alpha @ 14bc6f9
export function swapTaoForAlpha(pool: SwapPool, tao: u64, priceLimit: u64, dropFees: bool): SwapResult {
  if (pool.mechanism != 1) return stableSwap(pool, true, tao, false);
  const lo = limitPriceOf(priceLimit);
  return doSwap(pool, true, tao, limitHi, lo, dropFees, false);
}

/**
 * subtensor's `swap_alpha_for_tao(alpha, price_limit, drop_fees)`. On success alphaReserve +=
 * amountPaidIn, taoReserve −= amountPaidOut; the caller takes amountPaidIn from SubnetAlphaOut and
 * amountPaidOut from TotalStake.
 */
// see: subtensor pallets/subtensor/src/staking/stake_utils.rs Pallet::swap_alpha_for_tao @ 14bc6f9
export function swapAlphaForTao(pool: SwapPool, alpha: u64, priceLimit: u64, dropFees: bool): SwapResult {
  if (pool.mechanism != 1) return stableSwap(pool, false, alpha, false);
  const lo = limitPriceOf(priceLimit);
  return doSwap(pool, false, alpha, limitHi, lo, dropFees, false);
}

/** The same buy simulated (the chain's `should_rollback`): the pool does not change. */
export function simSwapTaoForAlpha(pool: SwapPool, tao: u64, priceLimit: u64, dropFees: bool): SwapResult {
  if (pool.mechanism != 1) return stableSwap(pool, true, tao, true);
  const lo = limitPriceOf(priceLimit);
  return doSwap(pool, true, tao, limitHi, lo, dropFees, true);
}

/** The same sell simulated. */
export function simSwapAlphaForTao(pool: SwapPool, alpha: u64, priceLimit: u64, dropFees: bool): SwapResult {
  if (pool.mechanism != 1) return stableSwap(pool, false, alpha, true);
  const lo = limitPriceOf(priceLimit);
  return doSwap(pool, false, alpha, limitHi, lo, dropFees, true);
}
