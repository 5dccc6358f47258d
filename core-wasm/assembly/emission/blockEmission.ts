// Block emission from total issuance, exactly as the chain computes it in I96F32: the log2-based
// halving curve (k = floor(log2(1 / (1 − issuance / 21M TAO)))), 1 TAO / 2^k per block, 0 once the
// 21M cap is reached. Integer instructions only.
import { Fixed128 } from "../fixed/fixed128";

const FRAC: i32 = 32; // I96F32
const SIGNED: bool = true;
/** 21,000,000 TAO in rao (`TotalSupply`). */
export const TOTAL_SUPPLY: u64 = 21_000_000_000_000_000;
/** 1 TAO in rao (`DefaultBlockEmission`). */
export const DEFAULT_BLOCK_EMISSION: u64 = 1_000_000_000;

/** Halvings so far (the floored log2 residual), or -1 when the chain's checked arithmetic fails. */
let lastHalvings: i64 = 0;
export function lastBlockEmissionHalvings(): i64 {
  return lastHalvings;
}

/**
 * floor(log2(x)) of a positive I96F32 value: the integer part of substrate_fixed's `log2`, the only
 * part the chain uses (it floors the result). Returns -1 for x ≤ 0 (the crate returns an error).
 */
// see: substrate_fixed v0.6.0 transcendental::log2 (integer part)
export function log2FloorI96F32(hi: u64, lo: u64): i64 {
  if (<i64>hi < 0 || (hi == 0 && lo == 0)) return -1;
  const bits: i32 = hi != 0 ? 128 - <i32>clz(hi) : 64 - <i32>clz(lo);
  return <i64>(bits - 1 - FRAC);
}

// see: subtensor pallets/subtensor/src/coinbase/block_emission.rs get_block_emission_for_issuance @ 14bc6f9
export function blockEmissionForIssuance(issuance: u64): u64 {
  const totalLo = Fixed128.fromU64(issuance, FRAC, SIGNED);
  const totalHi = Fixed128.hi();
  const supplyLo = Fixed128.fromU64(TOTAL_SUPPLY, FRAC, SIGNED);
  const supplyHi = Fixed128.hi();
  // total_issuance >= TotalSupply → 0
  if (totalHi > supplyHi || (totalHi == supplyHi && totalLo >= supplyLo)) {
    lastHalvings = 0;
    return 0;
  }
  lastHalvings = -1;
  // 2.0 × 10,500,000,000,000,000.0 (both exact as f64), saturating
  const twoLo = Fixed128.fromU64(2, FRAC, SIGNED);
  const twoHi = Fixed128.hi();
  const halfLo = Fixed128.fromU64(10_500_000_000_000_000, FRAC, SIGNED);
  const halfHi = Fixed128.hi();
  const denLo = Fixed128.saturatingMul(twoHi, twoLo, halfHi, halfLo, FRAC, SIGNED);
  const denHi = Fixed128.hi();
  // x = total / den (checked)
  const xLo = Fixed128.checkedDiv(totalHi, totalLo, denHi, denLo, FRAC, SIGNED);
  const xHi = Fixed128.hi();
  if (!Fixed128.ok()) return 0;
  // y = 1 − x (checked)
  const oneLo = Fixed128.fromU64(1, FRAC, SIGNED);
  const oneHi = Fixed128.hi();
  const yLo = Fixed128.checkedSub(oneHi, oneLo, xHi, xLo, SIGNED);
  const yHi = Fixed128.hi();
  if (!Fixed128.ok()) return 0;
  // z = 1 / y (checked)
  const zLo = Fixed128.checkedDiv(oneHi, oneLo, yHi, yLo, FRAC, SIGNED);
  const zHi = Fixed128.hi();
  if (!Fixed128.ok()) return 0;
  const k = log2FloorI96F32(zHi, zLo);
  if (k < 0) return 0;
  lastHalvings = k;
  // multiplier = 2^k (saturating, by repeated doubling), pct = 1 / multiplier (safe_div)
  let mHi = oneHi;
  let mLo = oneLo;
  for (let i: i64 = 0; i < k; i++) {
    mLo = Fixed128.saturatingMul(mHi, mLo, twoHi, twoLo, FRAC, SIGNED);
    mHi = Fixed128.hi();
  }
  const pLo = Fixed128.safeDiv(oneHi, oneLo, mHi, mLo, FRAC, SIGNED);
  const pHi = Fixed128.hi();
  const eLo = Fixed128.fromU64(DEFAULT_BLOCK_EMISSION, FRAC, SIGNED);
  const eHi = Fixed128.hi();
  const bLo = Fixed128.saturatingMul(pHi, pLo, eHi, eLo, FRAC, SIGNED);
  const bHi = Fixed128.hi();
  return Fixed128.toU64Saturating(bHi, bLo, FRAC, SIGNED);
}
