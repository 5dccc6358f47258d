// The coinbase's inner functions as flat exports, one per chain function that the chain's own
// tests call directly (its unit tests port them: core-wasm/test/coinbaseUnits.spec.ts). Results
// that are more than one word come back as an ArrayBuffer of u64 words.
import { dividendDistribution } from "./distribute";
import { fxHi } from "./fx";
import { currentPrice, priceHi, SwapPool } from "../swap/pool";
import { movingPriceOf, rootProportionOf } from "./price";
import { blocksUntilNextAutoEpoch } from "./scheduler";
import { termAlphaInHi, termAlphaInLo, termAlphaOut, termExcessHi, termExcessLo, termsOf, termTaoInHi, termTaoInLo } from "./terms";

function words(n: i32): ArrayBuffer {
  return new ArrayBuffer(n << 3);
}
@inline function put(buf: ArrayBuffer, i: i32, v: u64): void {
  store<u64>(changetype<usize>(buf) + (<usize>i << 3), v);
}
@inline function get(buf: ArrayBuffer, i: i32): u64 {
  return load<u64>(changetype<usize>(buf) + (<usize>i << 3));
}

/** `root_proportion` from alpha issuance, SubnetTAO[0] and the raw TaoWeight: [hi, lo] of the U96F32. */
export function coinbaseRootProportion(alphaIssuance: u64, rootTao: u64, taoWeight: u64): ArrayBuffer {
  const out = words(2);
  const lo = rootProportionOf(alphaIssuance, rootTao, taoWeight);
  put(out, 0, fxHi);
  put(out, 1, lo);
  return out;
}

/**
 * `get_subnet_terms` of one subnet: TAO emission (U96F32 hi, lo), the pool (mechanism, SubnetTAO,
 * SubnetAlphaIn, SubnetAlphaOut, quote weight parts), SubnetTAO[0] and the raw TaoWeight →
 * [taoIn hi, lo, alphaIn hi, lo, alphaOut (rao), excess hi, lo, root proportion hi, lo].
 */
export function coinbaseSubnetTerms(eHi: u64, eLo: u64, mechanism: u64, tao: u64, alphaIn: u64, alphaOut: u64, quote: u64, rootTao: u64, taoWeight: u64): ArrayBuffer {
  const out = words(9);
  const pLo = currentPrice(SwapPool.of(<i32>mechanism, tao, alphaIn, quote, true, 0, 0));
  const pHi = priceHi();
  const issuance = alphaIn + alphaOut < alphaIn ? <u64>-1 : alphaIn + alphaOut;
  const rpLo = rootProportionOf(issuance, rootTao, taoWeight);
  const rpHi = fxHi;
  termsOf(eHi, eLo, issuance, pHi, pLo, rpHi, rpLo);
  put(out, 0, termTaoInHi);
  put(out, 1, termTaoInLo);
  put(out, 2, termAlphaInHi);
  put(out, 3, termAlphaInLo);
  put(out, 4, termAlphaOut);
  put(out, 5, termExcessHi);
  put(out, 6, termExcessLo);
  put(out, 7, rpHi);
  put(out, 8, rpLo);
  return out;
}

/**
 * `update_moving_price`: block, FirstEmissionBlockNumber (0 = none), EMAPriceHalvingBlocks,
 * SubnetMovingAlpha (I96F32 hi, lo), the spot price (U64F64 hi, lo) and the moving price as read
 * (U64F64 hi, lo) → [hi, lo] of the new SubnetMovingPrice (I96F32).
 */
export function coinbaseMovingPrice(block: u64, first: u64, halving: u64, maHi: u64, maLo: u64, pHi: u64, pLo: u64, mHi: u64, mLo: u64): ArrayBuffer {
  const out = words(2);
  const lo = movingPriceOf(block, first, halving, maHi, maLo, pHi, pLo, mHi, mLo);
  put(out, 0, fxHi);
  put(out, 1, lo);
  return out;
}

/**
 * `calculate_dividend_distribution`: input words [n, pendingAlpha, pendingRoot, taoWeight hi, lo,
 * then per hotkey alphaStake, rootStake, dividend hi, dividend lo] → per hotkey [alpha dividend hi,
 * lo, root alpha dividend hi, lo] (U96F32).
 */
export function coinbaseDividendDistribution(input: ArrayBuffer): ArrayBuffer {
  const n = <i32>get(input, 0);
  const alphaStake = new StaticArray<u64>(n);
  const rootStake = new StaticArray<u64>(n);
  const divHi = new StaticArray<u64>(n);
  const divLo = new StaticArray<u64>(n);
  for (let i = 0; i < n; i++) {
    alphaStake[i] = get(input, 5 + 4 * i);
    rootStake[i] = get(input, 6 + 4 * i);
    divHi[i] = get(input, 7 + 4 * i);
    divLo[i] = get(input, 8 + 4 * i);
  }
  const paHi = new StaticArray<u64>(n);
  const paLo = new StaticArray<u64>(n);
  const raHi = new StaticArray<u64>(n);
  const raLo = new StaticArray<u64>(n);
  dividendDistribution(n, get(input, 1), get(input, 2), get(input, 3), get(input, 4), alphaStake, rootStake, divHi, divLo, paHi, paLo, raHi, raLo);
  const out = words(4 * n);
  for (let i = 0; i < n; i++) {
    put(out, 4 * i, paHi[i]);
    put(out, 4 * i + 1, paLo[i]);
    put(out, 4 * i + 2, raHi[i]);
    put(out, 4 * i + 3, raLo[i]);
  }
  return out;
}

/** `blocks_until_next_auto_epoch(netuid, tempo, block)` with the subnet's LastEpochBlock `last`. */
export function coinbaseBlocksUntilNextEpoch(tempo: u64, last: u64, block: u64): u64 {
  return blocksUntilNextAutoEpoch(tempo, last, block);
}
