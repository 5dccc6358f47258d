// Injection and the chain's buy (`inject_and_maybe_swap`), one subnet at a time in storage order
// against the block's credit: the pool's weights are updated for the injection first (a refused
// update injects nothing), then the excess TAO buys alpha (spent even when the buy fails: it stays
// in the subnet's account), then the alpha and TAO are added to the reserves. What is left of the
// credit is recycled.
import { H_SWAP_MINIMUM_RESERVE, H_TOTAL_STAKE, OS_ALPHA_BOUGHT, OS_ALPHA_IN, OS_EXCESS_TAO, OS_TAO_IN, S_FLAGS, S_MECHANISM, S_SUBNET_ALPHA_IN, S_SUBNET_ALPHA_OUT, S_SUBNET_PROTOCOL_ALPHA, S_SUBNET_TAO, S_SWAP_QUOTE_WEIGHT, SF_PAL_SWAP_INITIALIZED } from "./layout";
import { buyInitialized, buyPaidIn, buyPaidOut, buyQuoteParts, poolBuy, poolWeightForAddedLiquidity } from "./pool";
import { hdr, satAdd, satSub, setHdr, setOutSub, setSub, sub } from "./state";

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
  // adjust_protocol_liquidity: the weight update for the injection, or nothing injected
  let actualTao: u64 = 0;
  let actualAlpha: u64 = 0;
  const weight = poolWeightForAddedLiquidity(sub(s, S_SUBNET_TAO), sub(s, S_SUBNET_ALPHA_IN), taoIn, alphaIn, sub(s, S_SWAP_QUOTE_WEIGHT));
  if (weight != <u64>-1) {
    setSub(s, S_SWAP_QUOTE_WEIGHT, weight);
    actualTao = taoIn;
    actualAlpha = alphaIn;
  }
  if (excess > 0 && credit >= excess) {
    credit -= excess;
    swapTaoForAlpha(s, excess);
  }
  setOutSub(s, OS_ALPHA_IN, actualAlpha);
  setSub(s, S_SUBNET_ALPHA_IN, satAdd(sub(s, S_SUBNET_ALPHA_IN), actualAlpha));
  if (actualTao != 0 && credit >= actualTao) {
    credit -= actualTao;
    setOutSub(s, OS_TAO_IN, actualTao);
    setSub(s, S_SUBNET_TAO, satAdd(sub(s, S_SUBNET_TAO), actualTao));
    setHdr(H_TOTAL_STAKE, satAdd(hdr(H_TOTAL_STAKE), actualTao));
  }
}

/** `swap_tao_for_alpha(netuid, tao, max_price, drop_fees = true)` and the protocol's bookkeeping. */
// see: subtensor pallets/subtensor/src/staking/stake_utils.rs swap_tao_for_alpha @ 14bc6f9
function swapTaoForAlpha(s: i32, tao: u64): void {
  let paidIn = tao;
  let paidOut = tao;
  if (sub(s, S_MECHANISM) == 1) {
    const flags = sub(s, S_FLAGS);
    const ok = poolBuy(tao, sub(s, S_SUBNET_TAO), sub(s, S_SUBNET_ALPHA_IN), sub(s, S_SWAP_QUOTE_WEIGHT), (flags & SF_PAL_SWAP_INITIALIZED) != 0, hdr(H_SWAP_MINIMUM_RESERVE));
    // a refused swap may still have initialised the pool (the chain commits that on InsufficientLiquidity)
    setSub(s, S_SWAP_QUOTE_WEIGHT, buyQuoteParts);
    setSub(s, S_FLAGS, buyInitialized ? flags | SF_PAL_SWAP_INITIALIZED : flags & ~SF_PAL_SWAP_INITIALIZED);
    if (!ok) return;
    paidIn = buyPaidIn;
    paidOut = buyPaidOut;
  }
  setSub(s, S_SUBNET_ALPHA_IN, satSub(sub(s, S_SUBNET_ALPHA_IN), paidOut));
  setSub(s, S_SUBNET_ALPHA_OUT, satAdd(sub(s, S_SUBNET_ALPHA_OUT), paidOut));
  setSub(s, S_SUBNET_TAO, satAdd(sub(s, S_SUBNET_TAO), paidIn));
  setHdr(H_TOTAL_STAKE, satAdd(hdr(H_TOTAL_STAKE), tao));
  setSub(s, S_SUBNET_PROTOCOL_ALPHA, satAdd(sub(s, S_SUBNET_PROTOCOL_ALPHA), paidOut));
  setOutSub(s, OS_EXCESS_TAO, paidIn);
  setOutSub(s, OS_ALPHA_BOUGHT, paidOut);
}
