// Per-block split of a subnet's alpha emission, as `emit_to_subnets` does it in U96F32: the owner
// cut (SubnetOwnerCut / 65535, 11,796 on the runtime ≈ 18 %), then 50 % of the rest to miners
// (server emission), and the other 50 % to validators less the root stakers' share
// (root_proportion × rest × 0.5). Integer instructions only.
import { Fixed128 } from "../fixed/fixed128";

const FRAC: i32 = 32; // U96F32
const SIGNED: bool = false;

let ownerOut: u64 = 0;
let serverOut: u64 = 0;
let validatorOut: u64 = 0;
let rootOut: u64 = 0;
export function splitOwnerCut(): u64 { return ownerOut; }
export function splitServer(): u64 { return serverOut; }
export function splitValidator(): u64 { return validatorOut; }
export function splitRootAlpha(): u64 { return rootOut; }

/**
 * Splits `alphaOut` rao. `ownerCutEnabled` false skips the cut. `rootProportion` is U96F32 bits
 * (hi, lo): tao_weight / (tao_weight + alpha_issuance), 0 for a subnet without root stake.
 * Results (rao, floored as `tou64!`) are read with the `split*` getters.
 */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs emit_to_subnets @ 14bc6f9
export function emissionSplit(alphaOut: u64, ownerCut: u16, ownerCutEnabled: bool, rootHi: u64, rootLo: u64): void {
  let aLo = Fixed128.fromU64(alphaOut, FRAC, SIGNED);
  let aHi = Fixed128.hi();
  // cut_percent = U96F32(SubnetOwnerCut).safe_div(U96F32(u16::MAX))
  const cLo = Fixed128.fromU64(<u64>ownerCut, FRAC, SIGNED);
  const cHi = Fixed128.hi();
  const mLo = Fixed128.fromU64(65535, FRAC, SIGNED);
  const mHi = Fixed128.hi();
  const pctLo = Fixed128.safeDiv(cHi, cLo, mHi, mLo, FRAC, SIGNED);
  const pctHi = Fixed128.hi();
  ownerOut = 0;
  if (ownerCutEnabled) {
    const oLo = Fixed128.saturatingMul(aHi, aLo, pctHi, pctLo, FRAC, SIGNED);
    const oHi = Fixed128.hi();
    aLo = Fixed128.saturatingSub(aHi, aLo, oHi, oLo, SIGNED);
    aHi = Fixed128.hi();
    ownerOut = Fixed128.toU64Saturating(oHi, oLo, FRAC, SIGNED);
  }
  const halfLo: u64 = 0x8000_0000; // 0.5 in U96F32
  const halfHi: u64 = 0;
  // root_alpha = root_proportion × alpha_out × 0.5
  const r1Lo = Fixed128.saturatingMul(rootHi, rootLo, aHi, aLo, FRAC, SIGNED);
  const r1Hi = Fixed128.hi();
  const rLo = Fixed128.saturatingMul(r1Hi, r1Lo, halfHi, halfLo, FRAC, SIGNED);
  const rHi = Fixed128.hi();
  // server = alpha_out × 0.5; validators = (alpha_out − server) − root_alpha
  const sLo = Fixed128.saturatingMul(aHi, aLo, halfHi, halfLo, FRAC, SIGNED);
  const sHi = Fixed128.hi();
  const tLo = Fixed128.saturatingSub(aHi, aLo, sHi, sLo, SIGNED);
  const tHi = Fixed128.hi();
  const vLo = Fixed128.saturatingSub(tHi, tLo, rHi, rLo, SIGNED);
  const vHi = Fixed128.hi();
  serverOut = Fixed128.toU64Saturating(sHi, sLo, FRAC, SIGNED);
  validatorOut = Fixed128.toU64Saturating(vHi, vLo, FRAC, SIGNED);
  rootOut = Fixed128.toU64Saturating(rHi, rLo, FRAC, SIGNED);
}
