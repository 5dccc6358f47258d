// The pool side of run_coinbase's inject_and_maybe_swap for one subnet (subtensor
// pallets/subtensor/src/coinbase/run_coinbase.rs @ 14bc6f9): the weight update for the injection
// first (a refused update injects nothing), then the protocol's buy with the excess TAO (fees
// dropped, price limit MAX_PRICE_LIMIT; a failed buy buys nothing), then the accepted TAO and alpha
// join the reserves. The credit accounting (what is minted, spent or recycled) stays with the caller.
import { adjustProtocolLiquidity, SwapPool } from "./pool";
import { MAX_PRICE_LIMIT, SWAP_OK, swapTaoForAlpha } from "./swap";

export class Injection {
  /** SubnetTaoInEmission: TAO added to the reserve (0 when the weight update was refused). */
  taoInjected: u64 = 0;
  /** SubnetAlphaInEmission: alpha added to the reserve (0 when refused). */
  alphaInjected: u64 = 0;
  /** SubnetExcessTao: the buy's amount paid in (0 when there was no buy or it failed). */
  excessTaoIn: u64 = 0;
  /** Alpha the buy took from the pool (SubnetProtocolAlpha and SubnetAlphaOut grow by it). */
  alphaBought: u64 = 0;
  /** The buy's SwapResult error (SWAP_OK also when there was no buy). */
  swapError: i32 = SWAP_OK;
  /** Whether the weight update was accepted. */
  accepted: bool = true;
}

@inline function satAdd(a: u64, b: u64): u64 { const s = a + b; return s < a ? <u64>-1 : s; }

/**
 * One subnet's injection and buy, in the chain's order. `taoIn`, `alphaIn` and `excessTao` are the
 * subnet terms already floored to u64 (`tou64!`). Mutates the pool: weights, reserves.
 */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs Pallet::inject_and_maybe_swap @ 14bc6f9
export function injectAndMaybeSwap(pool: SwapPool, taoIn: u64, alphaIn: u64, excessTao: u64): Injection {
  const r = new Injection();
  r.accepted = adjustProtocolLiquidity(pool, taoIn, alphaIn);
  const tao = r.accepted ? taoIn : 0;
  const alpha = r.accepted ? alphaIn : 0;
  if (excessTao > 0) {
    const s = swapTaoForAlpha(pool, excessTao, MAX_PRICE_LIMIT, true);
    r.swapError = s.error;
    if (s.error == SWAP_OK) {
      r.alphaBought = s.amountPaidOut;
      r.excessTaoIn = s.amountPaidIn;
    }
  }
  // resolve_to_alpha_in(mint_alpha(alpha)); SubnetTAO += tao
  pool.alphaReserve = satAdd(pool.alphaReserve, alpha);
  pool.taoReserve = satAdd(pool.taoReserve, tao);
  r.taoInjected = tao;
  r.alphaInjected = alpha;
  return r;
}
