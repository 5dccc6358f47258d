// A subnet's terms for the block (`get_subnet_terms`), from prices before any injection: the alpha
// it mints on its own halving curve, the alpha that would match its TAO emission at the spot
// price, that alpha capped at root_proportion × alpha emission (then TAO in = alpha in × price),
// and the excess TAO the chain buys alpha with.
import { blockEmissionForIssuance } from "../emission/blockEmission";
import { fxHi, gt128, u96Div, u96FromU64, u96FromU64f64, u96Mul, u96Sub } from "./fx";
import { S_SUBNET_ALPHA_IN, S_SUBNET_ALPHA_OUT } from "./layout";
import { rootProportion, spotPrice } from "./price";
import { satAdd, sub } from "./state";

/** The terms of the last `termsOf`/`subnetTerms`: U96F32 (hi, lo) of TAO in, alpha in and the excess, and the alpha emission (rao). */
export let termTaoInHi: u64 = 0;
export let termTaoInLo: u64 = 0;
export let termAlphaInHi: u64 = 0;
export let termAlphaInLo: u64 = 0;
export let termExcessHi: u64 = 0;
export let termExcessLo: u64 = 0;
export let termAlphaOut: u64 = 0;

/**
 * The terms of a subnet with TAO emission `e` (U96F32), alpha issuance `alphaIssuance`, spot price
 * `p` (U64F64) and root proportion `rp` (U96F32).
 */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs get_subnet_terms @ 14bc6f9
export function termsOf(eHi: u64, eLo: u64, alphaIssuance: u64, priceHi: u64, priceLo: u64, rpHi: u64, rpLo: u64): void {
  const alphaEmission = blockEmissionForIssuance(alphaIssuance);
  const aeLo = u96FromU64(alphaEmission);
  const aeHi = fxHi;
  const pLo = u96FromU64f64(priceHi, priceLo);
  const pHi = fxHi;
  let tiHi = eHi;
  let tiLo = eLo;
  let aiLo = u96Div(eHi, eLo, pHi, pLo);
  let aiHi = fxHi;
  const capLo = u96Mul(rpHi, rpLo, aeHi, aeLo);
  const capHi = fxHi;
  if (gt128(aiHi, aiLo, capHi, capLo)) {
    aiHi = capHi;
    aiLo = capLo;
    tiLo = u96Mul(aiHi, aiLo, pHi, pLo);
    tiHi = fxHi;
  }
  termExcessLo = u96Sub(eHi, eLo, tiHi, tiLo);
  termExcessHi = fxHi;
  termTaoInHi = tiHi;
  termTaoInLo = tiLo;
  termAlphaInHi = aiHi;
  termAlphaInLo = aiLo;
  termAlphaOut = alphaEmission;
}

/** Terms of subnet record `s` in the running step (prices before any injection). */
export function subnetTerms(s: i32, eHi: u64, eLo: u64): void {
  const pLo = spotPrice(s);
  const pHi = fxHi;
  const rpLo = rootProportion(s);
  termsOf(eHi, eLo, satAdd(sub(s, S_SUBNET_ALPHA_IN), sub(s, S_SUBNET_ALPHA_OUT)), pHi, pLo, fxHi, rpLo);
}
