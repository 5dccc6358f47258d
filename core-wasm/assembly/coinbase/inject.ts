// Injection and the chain's buy (`inject_and_maybe_swap`), one subnet at a time in storage order
// against the block's credit: the pool's weights are updated for the injection first (a refused
// update injects nothing), then the excess TAO buys alpha (spent even when the buy fails: it stays
// in the subnet's account), then the alpha and TAO are added to the reserves. What is left of the
// credit is recycled.
import { adjustProtocolLiquidity } from "../swap/pool";
import { MAX_PRICE_LIMIT, SWAP_OK, swapTaoForAlpha } from "../swap/swap";
import { H_TOTAL_STAKE, OS_ALPHA_BOUGHT, OS_ALPHA_IN, OS_EXCESS_TAO, OS_TAO_IN, S_SUBNET_ALPHA_IN, S_SUBNET_ALPHA_OUT, S_SUBNET_PROTOCOL_ALPHA, S_SUBNET_TAO } from "./layout";
import { poolOf, savePool } from "./pool";
import { hdr, satAdd, setHdr, setOutSub, setSub, sub } from "./state";

/** The block's unspent credit (rao): the mint, less what the subnets took. */
let credit: u64 = 0;
export function beginInjection(minted: u64): void {
  credit = minted;
}
export function unspentCredit(): u64 {
  return credit;
}

/** Injects subnet record `s`'s terms (the chain's `tou64!` values). */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs inject_and_maybe_swap @ 14bc6f9
export function injectAndMaybeSwap(s: i32, taoIn: u64, alphaIn: u64, excess: u64): void {
  const pool = poolOf(s);
  // adjust_protocol_liquidity: the weight update for the injection, or nothing injected
  const accepted = adjustProtocolLiquidity(pool, taoIn, alphaIn);
  const actualTao = accepted ? taoIn : 0;
  const actualAlpha = accepted ? alphaIn : 0;
  if (excess > 0 && credit >= excess) {
    credit -= excess;
    // swap_tao_for_alpha(netuid, excess, max_price, drop_fees = true); a refused swap leaves the
    // reserves as they were (and may still have initialised the pool, as the chain commits)
    const r = swapTaoForAlpha(pool, excess, MAX_PRICE_LIMIT, true);
    if (r.error == SWAP_OK) {
      setSub(s, S_SUBNET_ALPHA_OUT, satAdd(sub(s, S_SUBNET_ALPHA_OUT), r.amountPaidOut));
      setHdr(H_TOTAL_STAKE, satAdd(hdr(H_TOTAL_STAKE), excess));
      setSub(s, S_SUBNET_PROTOCOL_ALPHA, satAdd(sub(s, S_SUBNET_PROTOCOL_ALPHA), r.amountPaidOut));
      setOutSub(s, OS_EXCESS_TAO, r.amountPaidIn);
      setOutSub(s, OS_ALPHA_BOUGHT, r.amountPaidOut);
    }
  }
  savePool(s, pool);
  setOutSub(s, OS_ALPHA_IN, actualAlpha);
  setSub(s, S_SUBNET_ALPHA_IN, satAdd(sub(s, S_SUBNET_ALPHA_IN), actualAlpha));
  if (actualTao != 0 && credit >= actualTao) {
    credit -= actualTao;
    setOutSub(s, OS_TAO_IN, actualTao);
    setSub(s, S_SUBNET_TAO, satAdd(sub(s, S_SUBNET_TAO), actualTao));
    setHdr(H_TOTAL_STAKE, satAdd(hdr(H_TOTAL_STAKE), actualTao));
  }
}
