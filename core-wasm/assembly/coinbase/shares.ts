// The block's mint and its split between subnets: which subnets are emitted to (the gates), each
// one's share of the mint from the moving prices weighted by (1 − MinerBurned), the redistribution
// away from emission-disabled subnets, and the root sell flag.
import { blockEmissionForIssuance, TOTAL_SUPPLY } from "../emission/blockEmission";
import { fxHi, gt128, u64f64Add, u64f64Div, u64f64FromU96, u64f64Mul, u64f64Sub, u96FromU64f64 } from "./fx";
import { S_FLAGS, S_MINER_BURNED_HI, S_MINER_BURNED_LO, SF_EMISSION_ENABLED, SF_HAS_FIRST_EMISSION_BLOCK, SF_REGISTRATION_ALLOWED, SF_SUBTOKEN_ENABLED } from "./layout";
import { movingAlphaPrice } from "./price";
import { sub } from "./state";

/** TAO minted this block: the override or the halving curve, capped at 21M − issuance (`mint_tao`). */
// see: subtensor pallets/subtensor/src/coinbase/block_emission.rs get_block_emission; tao.rs mint_tao @ 14bc6f9
export function mintAmount(hasOverride: bool, given: u64, issuance: u64): u64 {
  const amount = hasOverride ? given : blockEmissionForIssuance(issuance);
  const remaining = TOTAL_SUPPLY > issuance ? TOTAL_SUPPLY - issuance : 0;
  return amount < remaining ? amount : remaining;
}

/** `get_subnets_to_emit_to`: start_call done, subtoken enabled, registration allowed. */
export function isEmitted(s: i32): bool {
  const gates = SF_HAS_FIRST_EMISSION_BLOCK | SF_SUBTOKEN_ENABLED | SF_REGISTRATION_ALLOWED;
  return (sub(s, S_FLAGS) & gates) == gates;
}

/**
 * Each emitted subnet's TAO emission (U96F32) for the `count` subnet records in `order`: written to
 * `emHi`/`emLo` by record index. `get_subnet_block_emissions` over `get_shares`.
 */
// see: subtensor pallets/subtensor/src/coinbase/subnet_emissions.rs get_subnet_block_emissions, get_shares, get_shares_price_ema @ 14bc6f9
export function subnetEmissions(order: StaticArray<i32>, count: i32, minted: u64, emHi: StaticArray<u64>, emLo: StaticArray<u64>): void {
  // price shares (U64F64): moving price / Σ moving prices
  const shHi = new StaticArray<u64>(count);
  const shLo = new StaticArray<u64>(count);
  let totHi: u64 = 0;
  let totLo: u64 = 0;
  for (let i = 0; i < count; i++) {
    const lo = movingAlphaPrice(order[i]);
    const hi = fxHi;
    shLo[i] = lo;
    shHi[i] = hi;
    totLo = u64f64Add(totHi, totLo, hi, lo);
    totHi = fxHi;
  }
  for (let i = 0; i < count; i++) {
    shLo[i] = u64f64Div(shHi[i], shLo[i], totHi, totLo);
    shHi[i] = fxHi;
  }
  // weighted by (1 − min(MinerBurned, 1)), renormalised; all zero → the price shares
  const wHi = new StaticArray<u64>(count);
  const wLo = new StaticArray<u64>(count);
  let wtHi: u64 = 0;
  let wtLo: u64 = 0;
  for (let i = 0; i < count; i++) {
    const s = order[i];
    let bLo = u64f64FromU96(sub(s, S_MINER_BURNED_HI), sub(s, S_MINER_BURNED_LO));
    let bHi = fxHi;
    if (gt128(bHi, bLo, 1, 0)) {
      bHi = 1;
      bLo = 0;
    }
    const fLo = u64f64Sub(1, 0, bHi, bLo);
    const wl = u64f64Mul(shHi[i], shLo[i], fxHi, fLo);
    wLo[i] = wl;
    wHi[i] = fxHi;
    wtLo = u64f64Add(wtHi, wtLo, wHi[i], wl);
    wtHi = fxHi;
  }
  if (wtHi != 0 || wtLo != 0) {
    for (let i = 0; i < count; i++) {
      shLo[i] = u64f64Div(wHi[i], wLo[i], wtHi, wtLo);
      shHi[i] = fxHi;
    }
  }
  // emission-disabled subnets get 0, the others are renormalised
  let disabled = false;
  let enHi: u64 = 0;
  let enLo: u64 = 0;
  for (let i = 0; i < count; i++) {
    if ((sub(order[i], S_FLAGS) & SF_EMISSION_ENABLED) != 0) {
      enLo = u64f64Add(enHi, enLo, shHi[i], shLo[i]);
      enHi = fxHi;
    } else disabled = true;
  }
  const mLo: u64 = 0; // U64F64(U96F32(minted)) is minted exactly: (minted, 0)
  const mHi = minted;
  for (let i = 0; i < count; i++) {
    const s = order[i];
    let hi = shHi[i];
    let lo = shLo[i];
    if (disabled) {
      if ((sub(s, S_FLAGS) & SF_EMISSION_ENABLED) != 0 && (enHi != 0 || enLo != 0)) {
        lo = u64f64Div(hi, lo, enHi, enLo);
        hi = fxHi;
      } else {
        hi = 0;
        lo = 0;
      }
    }
    const eLo = u64f64Mul(mHi, mLo, hi, lo);
    const uLo = u96FromU64f64(fxHi, eLo);
    emLo[s] = uLo;
    emHi[s] = fxHi;
  }
}

/** `get_network_root_sell_flag`: Σ moving prices of the emitted subnets > 1. */
export function rootSellFlag(order: StaticArray<i32>, count: i32): bool {
  let hi: u64 = 0;
  let lo: u64 = 0;
  for (let i = 0; i < count; i++) {
    const pLo = movingAlphaPrice(order[i]);
    lo = u64f64Add(hi, lo, fxHi, pLo);
    hi = fxHi;
  }
  return gt128(hi, lo, 1, 0);
}
