// A subnet's root proportion and moving price: tao_weight · root TAO against the subnet's alpha
// issuance (read by the injection cap and the root alpha), and the EMA of the spot price that the
// next block's shares use. Updated after the block for every emitted subnet.
import { fxHi, gt128, i96FromU64f64, u64f64Add, u64f64Div, u64f64FromI96, u64f64Mul, u64f64Sub, u96Add, u96Div, u96FromU64, u96Mul } from "./fx";
import { H_ROOT_SUBNET_TAO, H_SUBNET_MOVING_ALPHA_HI, H_SUBNET_MOVING_ALPHA_LO, H_TAO_WEIGHT, S_EMA_PRICE_HALVING_BLOCKS, S_FIRST_EMISSION_BLOCK, S_FLAGS, S_MECHANISM, S_MOVING_PRICE_HI, S_MOVING_PRICE_LO, S_SUBNET_ALPHA_IN, S_SUBNET_ALPHA_OUT, SF_HAS_FIRST_EMISSION_BLOCK } from "./layout";
import { currentPrice, priceHi } from "../swap/pool";
import { poolOf } from "./pool";
import { hdr, satAdd, satSub, setSub, sub } from "./state";

/** `get_tao_weight()` of a raw TaoWeight: U96F32(raw) / U96F32(u64::MAX) (low word; high in `fxHi`). */
export function taoWeightOf(raw: u64): u64 {
  const wLo = u96FromU64(raw);
  const wHi = fxHi;
  const mLo = u96FromU64(<u64>-1);
  return u96Div(wHi, wLo, fxHi, mLo);
}

/** The running step's `get_tao_weight()`, computed once per step (`cacheTaoWeight`). */
let twHi: u64 = 0;
let twLo: u64 = 0;
export function cacheTaoWeight(): void {
  twLo = taoWeightOf(hdr(H_TAO_WEIGHT));
  twHi = fxHi;
}
export function taoWeightFloat(): u64 {
  fxHi = twHi;
  return twLo;
}

/**
 * `root_proportion`: tao_weight × root TAO / (tao_weight × root TAO + alpha issuance), U96F32, 0
 * when both are 0 (low word; high in `fxHi`); `tw` is `get_tao_weight()`.
 */
// see: subtensor pallets/subtensor/src/coinbase/block_step.rs root_proportion @ 14bc6f9
export function rootProportionWith(alphaIssuance: u64, rootTao: u64, wHi: u64, wLo: u64): u64 {
  const aLo = u96FromU64(alphaIssuance);
  const aHi = fxHi;
  const rLo = u96FromU64(rootTao);
  const tLo = u96Mul(fxHi, rLo, wHi, wLo);
  const tHi = fxHi;
  const dLo = u96Add(tHi, tLo, aHi, aLo);
  return u96Div(tHi, tLo, fxHi, dLo);
}

/** `root_proportion` with the raw TaoWeight. */
export function rootProportionOf(alphaIssuance: u64, rootTao: u64, taoWeightRaw: u64): u64 {
  const wLo = taoWeightOf(taoWeightRaw);
  return rootProportionWith(alphaIssuance, rootTao, fxHi, wLo);
}

/** `root_proportion(netuid)` of subnet record `s` in the running step. */
export function rootProportion(s: i32): u64 {
  return rootProportionWith(satAdd(sub(s, S_SUBNET_ALPHA_IN), sub(s, S_SUBNET_ALPHA_OUT)), hdr(H_ROOT_SUBNET_TAO), twHi, twLo);
}

/** `get_moving_alpha_price`: stable subnets 1, else U64F64(SubnetMovingPrice) (low word; high in `fxHi`). */
export function movingAlphaPrice(s: i32): u64 {
  if (sub(s, S_MECHANISM) == 0) {
    fxHi = 1;
    return 0;
  }
  return u64f64FromI96(sub(s, S_MOVING_PRICE_HI), sub(s, S_MOVING_PRICE_LO));
}

/** The pool's spot price of subnet `s` as U64F64 (low word; high in `fxHi`). */
export function spotPrice(s: i32): u64 {
  const lo = currentPrice(poolOf(s));
  fxHi = priceHi();
  return lo;
}

/**
 * `update_moving_price`'s new SubnetMovingPrice (I96F32, low word; high in `fxHi`) at `block`, for a
 * subnet whose start_call came at `firstEmissionBlock` − 1 (0 when not done), with EMAPriceHalvingBlocks
 * `halving`, SubnetMovingAlpha `ma` (I96F32), spot price `p` (U64F64) and moving price `m` (U64F64,
 * as `get_moving_alpha_price` reads it).
 */
// see: subtensor pallets/subtensor/src/staking/stake_utils.rs update_moving_price @ 14bc6f9
export function movingPriceOf(block: u64, firstEmissionBlock: u64, halving: u64, maHi: u64, maLo: u64, pHi: u64, pLo: u64, mHi: u64, mLo: u64): u64 {
  const startCall = satSub(firstEmissionBlock, 1);
  const bHi = satSub(block, startCall); // U64F64 of a whole number: (n, 0)
  const sumLo = u64f64Add(bHi, 0, halving, 0);
  const ratioLo = u64f64Div(bHi, 0, fxHi, sumLo);
  const ratioHi = fxHi;
  const uLo = u64f64FromI96(maHi, maLo);
  const alphaLo = u64f64Mul(fxHi, uLo, ratioHi, ratioLo);
  const alphaHi = fxHi;
  const oneMinusLo = u64f64Sub(1, 0, alphaHi, alphaLo);
  const oneMinusHi = fxHi;
  if (gt128(pHi, pLo, 1, 0)) {
    pHi = 1;
    pLo = 0;
  }
  const curLo = u64f64Mul(alphaHi, alphaLo, pHi, pLo);
  const curHi = fxHi;
  const movLo = u64f64Mul(oneMinusHi, oneMinusLo, mHi, mLo);
  const newLo = u64f64Add(curHi, curLo, fxHi, movLo);
  return i96FromU64f64(fxHi, newLo);
}

/** `update_moving_price(netuid)` for subnet record `s` at `block`. */
export function updateMovingPrice(s: i32, block: u64): void {
  const first = (sub(s, S_FLAGS) & SF_HAS_FIRST_EMISSION_BLOCK) != 0 ? sub(s, S_FIRST_EMISSION_BLOCK) : 0;
  const pLo = spotPrice(s);
  const pHi = fxHi;
  const mLo = movingAlphaPrice(s);
  const mHi = fxHi;
  const lo = movingPriceOf(block, first, sub(s, S_EMA_PRICE_HALVING_BLOCKS), hdr(H_SUBNET_MOVING_ALPHA_HI), hdr(H_SUBNET_MOVING_ALPHA_LO), pHi, pLo, mHi, mLo);
  setSub(s, S_MOVING_PRICE_HI, fxHi);
  setSub(s, S_MOVING_PRICE_LO, lo);
}
