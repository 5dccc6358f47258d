// A subnet's terms for the block (`get_subnet_terms`), from prices before any injection: the alpha
// it mints on its own halving curve, the alpha that would match its TAO emission at the spot
// price, that alpha capped at root_proportion × alpha emission (then TAO in = alpha in × price),
// and the excess TAO the chain buys alpha with.
import { blockEmissionForIssuance } from "../emission/blockEmission";
import { fxHi, gt128, u96Div, u96FromU64, u96FromU64f64, u96Mul, u96Sub, u96ToU64 } from "./fx";
import { S_SUBNET_ALPHA_IN, S_SUBNET_ALPHA_OUT } from "./layout";
import { rootProportion, spotPrice } from "./price";
import { satAdd, sub } from "./state";

/** The terms of the last `subnetTerms`, as the chain's `tou64!` of each. */
export let termTaoIn: u64 = 0;
export let termAlphaIn: u64 = 0;
export let termAlphaOut: u64 = 0;
export let termExcess: u64 = 0;

/** Terms of subnet record `s` with TAO emission (U96F32) `eHi:eLo`. */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs get_subnet_terms @ 14bc6f9
export function subnetTerms(s: i32, eHi: u64, eLo: u64): void {
  const alphaEmission = blockEmissionForIssuance(satAdd(sub(s, S_SUBNET_ALPHA_IN), sub(s, S_SUBNET_ALPHA_OUT)));
  const aeLo = u96FromU64(alphaEmission);
  const aeHi = fxHi;
  const pLo64 = spotPrice(s);
  const pLo = u96FromU64f64(fxHi, pLo64);
  const pHi = fxHi;
  let tiHi = eHi;
  let tiLo = eLo;
  let aiLo = u96Div(eHi, eLo, pHi, pLo);
  let aiHi = fxHi;
  const rpLo = rootProportion(s);
  const capLo = u96Mul(fxHi, rpLo, aeHi, aeLo);
  const capHi = fxHi;
  if (gt128(aiHi, aiLo, capHi, capLo)) {
    aiHi = capHi;
    aiLo = capLo;
    tiLo = u96Mul(aiHi, aiLo, pHi, pLo);
    tiHi = fxHi;
  }
  const exLo = u96Sub(eHi, eLo, tiHi, tiLo);
  termExcess = u96ToU64(fxHi, exLo);
  termTaoIn = u96ToU64(tiHi, tiLo);
  termAlphaIn = u96ToU64(aiHi, aiLo);
  termAlphaOut = alphaEmission;
}
