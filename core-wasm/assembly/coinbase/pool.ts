// A subnet record's pool as the swap pallet's `SwapPool` (../swap/): read from the packed state and
// written back after the pool calls, so the coinbase and the swap maths share one implementation.
import { SwapPool } from "../swap/pool";
import { H_SWAP_MINIMUM_RESERVE, S_FLAGS, S_MECHANISM, S_SUBNET_ALPHA_IN, S_SUBNET_TAO, S_SWAP_QUOTE_WEIGHT, SF_PAL_SWAP_INITIALIZED } from "./layout";
import { hdr, setSub, sub } from "./state";

/** Subnet record `s`'s pool (fees are dropped on every coinbase swap, so the fee rate is 0). */
export function poolOf(s: i32): SwapPool {
  const initialized = (sub(s, S_FLAGS) & SF_PAL_SWAP_INITIALIZED) != 0;
  return SwapPool.of(<i32>sub(s, S_MECHANISM), sub(s, S_SUBNET_TAO), sub(s, S_SUBNET_ALPHA_IN), sub(s, S_SWAP_QUOTE_WEIGHT), initialized, 0, hdr(H_SWAP_MINIMUM_RESERVE));
}

/** Writes `pool`'s reserves, weight and initialisation back to subnet record `s`. */
export function savePool(s: i32, pool: SwapPool): void {
  setSub(s, S_SUBNET_TAO, pool.taoReserve);
  setSub(s, S_SUBNET_ALPHA_IN, pool.alphaReserve);
  setSub(s, S_SWAP_QUOTE_WEIGHT, pool.quoteWeight);
  const flags = sub(s, S_FLAGS);
  setSub(s, S_FLAGS, pool.initialized ? flags | SF_PAL_SWAP_INITIALIZED : flags & ~SF_PAL_SWAP_INITIALIZED);
}
