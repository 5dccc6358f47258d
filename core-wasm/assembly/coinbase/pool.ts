// The subnet pool as the coinbase sees it (the swap pallet's SwapHandler): the spot price, the
// weight update for an injection, and the chain's TAO→alpha buy. Mechanism 1 is the balancer pool;
// any other mechanism is stable (price 1, swaps 1:1, no pool call).
import { fxHi, u64f64Div, u64f64Mul } from "./fx";

/** Perquintill's one (10^18 parts). */
export const PERQUINTILL_ONE: u64 = 1_000_000_000_000_000_000;

/**
 * `current_alpha_price` as U64F64 (low word returned, high in `fxHi`): stable 1; dynamic 0 when the
 * alpha reserve is empty, else the balancer's (w_base / w_quote) · (tao / alpha).
 */
// see: subtensor pallets/swap/src/pallet/impls.rs current_price, balancer.rs calculate_price @ 14bc6f9
export function poolPrice(mechanism: u64, taoReserve: u64, alphaReserve: u64, quoteParts: u64): u64 {
  if (mechanism != 1) {
    poolHi = 1;
    return 0;
  }
  if (alphaReserve == 0) {
    poolHi = 0;
    return 0;
  }
  const baseParts = quoteParts < PERQUINTILL_ONE ? PERQUINTILL_ONE - quoteParts : 0;
  // U64F64 of whole numbers: (n, 0)
  const rLo = u64f64Div(baseParts, 0, quoteParts, 0);
  const rHi = fxHi;
  const qLo = u64f64Div(taoReserve, 0, alphaReserve, 0);
  const qHi = fxHi;
  const lo = u64f64Mul(rHi, rLo, qHi, qLo);
  poolHi = fxHi;
  return lo;
}
/** High word of the last `poolPrice`. */
export let poolHi: u64 = 0;

/**
 * The balancer's new quote weight (Perquintill parts) after adding `taoDelta` and `alphaDelta` to
 * reserves (`update_weights_for_added_liquidity`), or -1 (u64::MAX) when the weights would leave
 * their allowed range (the chain then injects nothing).
 */
// see: subtensor pallets/swap/src/pallet/balancer.rs update_weights_for_added_liquidity @ 14bc6f9
export function poolWeightForAddedLiquidity(taoReserve: u64, alphaReserve: u64, taoDelta: u64, alphaDelta: u64, quoteParts: u64): u64 {
  // pending the swap maths (branch wt-17swap): refused until it is merged
  return <u64>-1;
}

/** Result of the last `poolBuy`: TAO paid in, alpha paid out, and the pool's weight afterwards. */
export let buyPaidIn: u64 = 0;
export let buyPaidOut: u64 = 0;
export let buyQuoteParts: u64 = 0;
export let buyInitialized: bool = false;

/**
 * The chain's buy of alpha with `tao` (fees dropped, limit price 10^9 TAO per alpha) on a balancer
 * pool; false when the swap pallet refuses it (its state then stays as it was).
 */
// see: subtensor pallets/swap/src/pallet/impls.rs do_swap, swap_inner; swap_step.rs @ 14bc6f9
export function poolBuy(tao: u64, taoReserve: u64, alphaReserve: u64, quoteParts: u64, initialized: bool, minimumReserve: u64): bool {
  // pending the swap maths (branch wt-17swap): refused until it is merged
  buyPaidIn = 0;
  buyPaidOut = 0;
  buyQuoteParts = quoteParts;
  buyInitialized = initialized;
  return false;
}
