// Flat WASM exports of the pool maths for the TypeScript side (src/swap.ts) and the tests. Each call
// leaves its result in module state read by the getters below; the host calls them inside one
// `core.arena`, since results may live on the call's heap.
import { Big } from "./bignum";
import {
  balHi,
  baseNeededForQuote,
  calculateBaseDeltaIn,
  calculatePrice,
  calculateQuoteDeltaIn,
  expScaled,
  initialWeightForPrice,
  mulPerquintillRound,
  perquintillFromRational,
  updateWeightsForAddedLiquidity,
  weightUpdateOk,
} from "./balancer";
import { injectAndMaybeSwap } from "./inject";
import { adjustProtocolLiquidity, currentPrice, currentPriceU96F32, priceHiOut, SwapPool } from "./pool";
import { powRatioPath, powRatioScaled, powRatioSome } from "./powRatio";
import { convertDeltasBuy, convertDeltasSell, doSwap, limitHi, limitPriceOf, SwapResult, swapAlphaForTao, swapTaoForAlpha, simSwapAlphaForTao, simSwapTaoForAlpha } from "./swap";

let hiOut: u64 = 0;
/** High word of the last 128-bit result of a `swap*` export. */
export function swapHi(): u64 { return hiOut; }

// ---- pow_ratio_scaled ----
let powOut: Big | null = null;
/** safe-bigmath's pow_ratio_scaled on u128 bases, u64 exponent parts and scale; returns whether it was Some. */
export function swapPowRatioScaled(numHi: u64, numLo: u64, denHi: u64, denLo: u64, expNum: u64, expDen: u64, precision: u32, scale: u64): bool {
  powOut = powRatioScaled(new Big(4).setU128(numHi, numLo), new Big(4).setU128(denHi, denLo), expNum, expDen, precision, scale);
  return powRatioSome;
}
export function swapPowPath(): i32 { return powRatioPath; }
export function swapPowNegative(): bool { return powOut!.neg; }
export function swapPowLimbCount(): i32 { return powOut!.n; }
export function swapPowLimb(i: i32): u32 { return powOut!.get(i); }

// ---- balancer ----
export function swapCalculatePrice(quote: u64, alpha: u64, tao: u64): u64 { const lo = calculatePrice(quote, alpha, tao); hiOut = balHi; return lo; }
export function swapExpScaled(quote: u64, x: u64, dx: u64, dxNegative: bool, baseQuote: bool): u64 { const lo = expScaled(quote, x, dx, dxNegative, baseQuote); hiOut = balHi; return lo; }
export function swapMulPerquintillRound(parts: u64, valueHi: u64, valueLo: u64): u64 {
  const lo = mulPerquintillRound(parts, valueHi, valueLo);
  hiOut = balHi;
  return lo;
}
export function swapPerquintillFromRational(pHi: u64, pLo: u64, qHi: u64, qLo: u64): u64 {
  return perquintillFromRational(pHi, pLo, qHi, qLo);
}
export function swapUpdateWeights(quote: u64, tao: u64, alpha: u64, taoDelta: u64, alphaDelta: u64): u64 { return updateWeightsForAddedLiquidity(quote, tao, alpha, taoDelta, alphaDelta); }
export function swapWeightUpdateOk(): bool { return weightUpdateOk; }
export function swapQuoteDeltaIn(quote: u64, curHi: u64, curLo: u64, tgtHi: u64, tgtLo: u64, reserve: u64): u64 { return calculateQuoteDeltaIn(quote, curHi, curLo, tgtHi, tgtLo, reserve); }
export function swapBaseDeltaIn(quote: u64, curHi: u64, curLo: u64, tgtHi: u64, tgtLo: u64, reserve: u64): u64 { return calculateBaseDeltaIn(quote, curHi, curLo, tgtHi, tgtLo, reserve); }
export function swapBaseNeededForQuote(quote: u64, tao: u64, alpha: u64, deltaTao: u64): u64 { return baseNeededForQuote(quote, tao, alpha, deltaTao); }
export function swapInitialWeightForPrice(tao: u64, alpha: u64, priceHi: u64, priceLo: u64): u64 { return initialWeightForPrice(tao, alpha, priceHi, priceLo); }
export function swapConvertDeltasBuy(quote: u64, tao: u64, alpha: u64, taoIn: u64): u64 { return convertDeltasBuy(quote, tao, alpha, taoIn); }
export function swapConvertDeltasSell(quote: u64, tao: u64, alpha: u64, alphaIn: u64): u64 { return convertDeltasSell(quote, tao, alpha, alphaIn); }
export function swapLimitPrice(priceLimit: u64): u64 { const lo = limitPriceOf(priceLimit); hiOut = limitHi; return lo; }

// ---- a pool in module state (plain globals: nothing on the heap between calls) ----
let pMechanism: i32 = 1;
let pTao: u64 = 0;
let pAlpha: u64 = 0;
let pQuote: u64 = 0;
let pInit: bool = false;
let pFee: u16 = 33;
let pMin: u64 = 1;
function load(): SwapPool { return SwapPool.of(pMechanism, pTao, pAlpha, pQuote, pInit, pFee, pMin); }
function store(p: SwapPool): void {
  pTao = p.taoReserve;
  pAlpha = p.alphaReserve;
  pQuote = p.quoteWeight;
  pInit = p.initialized;
}
export function swapPoolSet(mechanism: i32, tao: u64, alpha: u64, quote: u64, initialized: bool, feeRate: u16, minimumReserve: u64): void {
  pMechanism = mechanism;
  pTao = tao;
  pAlpha = alpha;
  pQuote = quote;
  pInit = initialized;
  pFee = feeRate;
  pMin = minimumReserve;
}
export function swapPoolTao(): u64 { return pTao; }
export function swapPoolAlpha(): u64 { return pAlpha; }
export function swapPoolQuote(): u64 { return pQuote; }
export function swapPoolInitialized(): bool { return pInit; }
export function swapPoolPrice(): u64 { const lo = currentPrice(load()); hiOut = priceHiOut; return lo; }
export function swapPoolPriceU96F32(): u64 { const lo = currentPriceU96F32(load()); hiOut = priceHiOut; return lo; }
export function swapPoolAdjust(taoDelta: u64, alphaDelta: u64): bool {
  const p = load();
  const ok = adjustProtocolLiquidity(p, taoDelta, alphaDelta);
  store(p);
  return ok;
}

let rPaidIn: u64 = 0;
let rPaidOut: u64 = 0;
let rFee: u64 = 0;
let rFeeAuthor: u64 = 0;
function keep(r: SwapResult): i32 {
  rPaidIn = r.amountPaidIn;
  rPaidOut = r.amountPaidOut;
  rFee = r.feePaid;
  rFeeAuthor = r.feeToBlockAuthor;
  return r.error;
}
/** swap_tao_for_alpha (buy) or swap_alpha_for_tao on the module's pool; `simulate` = sim (no change). Returns the error code. */
export function swapPoolSwap(buy: bool, amount: u64, priceLimit: u64, dropFees: bool, simulate: bool): i32 {
  const p = load();
  const r = buy
    ? simulate ? simSwapTaoForAlpha(p, amount, priceLimit, dropFees) : swapTaoForAlpha(p, amount, priceLimit, dropFees)
    : simulate ? simSwapAlphaForTao(p, amount, priceLimit, dropFees) : swapAlphaForTao(p, amount, priceLimit, dropFees);
  store(p);
  return keep(r);
}
/** The pallet's do_swap with a U64F64 limit price (the chain's own tests call it so). */
export function swapPoolDoSwap(buy: bool, amount: u64, limitHi: u64, limitLo: u64, dropFees: bool, simulate: bool): i32 {
  const p = load();
  const r = doSwap(p, buy, amount, limitHi, limitLo, dropFees, simulate);
  store(p);
  return keep(r);
}
export function swapResPaidIn(): u64 { return rPaidIn; }
export function swapResPaidOut(): u64 { return rPaidOut; }
export function swapResFee(): u64 { return rFee; }
export function swapResFeeToAuthor(): u64 { return rFeeAuthor; }

let iTao: u64 = 0;
let iAlpha: u64 = 0;
let iExcess: u64 = 0;
let iBought: u64 = 0;
let iAccepted: bool = true;
/** inject_and_maybe_swap's pool side on the module's pool; returns the buy's error code. */
export function swapPoolInject(taoIn: u64, alphaIn: u64, excessTao: u64): i32 {
  const p = load();
  const r = injectAndMaybeSwap(p, taoIn, alphaIn, excessTao);
  store(p);
  iTao = r.taoInjected;
  iAlpha = r.alphaInjected;
  iExcess = r.excessTaoIn;
  iBought = r.alphaBought;
  iAccepted = r.accepted;
  return r.swapError;
}
export function swapInjTao(): u64 { return iTao; }
export function swapInjAlpha(): u64 { return iAlpha; }
export function swapInjExcessIn(): u64 { return iExcess; }
export function swapInjAlphaBought(): u64 { return iBought; }
export function swapInjAccepted(): bool { return iAccepted; }
