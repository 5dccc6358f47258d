// A subnet's pool as the chain stores it, its price, and the protocol's injection (the swap pallet's
// impls.rs @ 14bc6f9: current_price, adjust_protocol_liquidity). Integer instructions only.
import { ACCURACY, calculatePrice, HALF, updateWeightsForAddedLiquidity, weightUpdateOk } from "./balancer";
import { balHi } from "./balancer";

/** The pallet's default FeeRate (33 / 65535 ≈ 0.05 %). */
export const DEFAULT_FEE_RATE: u16 = 33;
/** The runtime's MinimumReserve (the test mock uses 100, the swap pallet's own mock 1). */
export const DEFAULT_MINIMUM_RESERVE: u64 = 1_000_000;
/** Perquintill one, re-exported for callers. */
export const PERQUINTILL_ONE: u64 = ACCURACY;

/** One subnet's pool; the calls of this module and swap.ts / inject.ts mutate it in place. */
export class SwapPool {
  /** SubnetMechanism: 1 dynamic (balancer pool), anything else stable (price 1, swaps 1:1). */
  mechanism: i32 = 1;
  /** SubnetTAO. */
  taoReserve: u64 = 0;
  /** SubnetAlphaIn. */
  alphaReserve: u64 = 0;
  /** SwapBalancer quote (TAO) weight, Perquintill parts per 1e18. */
  quoteWeight: u64 = HALF;
  /** PalSwapInitialized. */
  initialized: bool = false;
  /** FeeRate (fee = amount × feeRate / 65535). */
  feeRate: u16 = DEFAULT_FEE_RATE;
  /** The pallet's MinimumReserve. */
  minimumReserve: u64 = DEFAULT_MINIMUM_RESERVE;

  static of(mechanism: i32, taoReserve: u64, alphaReserve: u64, quoteWeight: u64, initialized: bool, feeRate: u16, minimumReserve: u64): SwapPool {
    const p = new SwapPool();
    p.mechanism = mechanism;
    p.taoReserve = taoReserve;
    p.alphaReserve = alphaReserve;
    p.quoteWeight = quoteWeight;
    p.initialized = initialized;
    p.feeRate = feeRate;
    p.minimumReserve = minimumReserve;
    return p;
  }
}

/** High word of the last price. */
export let priceHiOut: u64 = 0;
export function priceHi(): u64 { return priceHiOut; }

/**
 * `current_price` (= SwapInterface::current_alpha_price): dynamic: 0 when the alpha reserve is 0,
 * else the balancer's (w1 / w2) × (tao / alpha); stable: 1. U64F64 low word; high from `priceHi()`.
 */
// see: subtensor pallets/swap/src/pallet/impls.rs Pallet::current_price @ 14bc6f9
export function currentPrice(pool: SwapPool): u64 {
  if (pool.mechanism != 1) {
    priceHiOut = 1;
    return 0;
  }
  if (pool.alphaReserve == 0) {
    priceHiOut = 0;
    return 0;
  }
  const lo = calculatePrice(pool.quoteWeight, pool.alphaReserve, pool.taoReserve);
  priceHiOut = balHi;
  return lo;
}

/**
 * The price as the coinbase reads it: `U96F32::saturating_from_num(current_alpha_price)`, which drops
 * the low 32 fraction bits (floor). U96F32 low word; high word from `priceHi()`.
 */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs get_subnet_terms @ 14bc6f9
export function currentPriceU96F32(pool: SwapPool): u64 {
  const lo = currentPrice(pool);
  const hi = priceHiOut;
  priceHiOut = hi >> 32;
  return (hi << 32) | (lo >> 32);
}

/**
 * The pallet's `adjust_protocol_liquidity(taoDelta, alphaDelta)`: updates `pool.quoteWeight` so the
 * price holds once the deltas join the reserves, and returns true; when the new weight would leave
 * [0.01, 0.99] the weight stays and it returns false: the chain then injects (0, 0). The reserves
 * are not touched here (the coinbase adds the accepted amounts after its buy).
 */
// see: subtensor pallets/swap/src/pallet/impls.rs Pallet::adjust_protocol_liquidity @ 14bc6f9
export function adjustProtocolLiquidity(pool: SwapPool, taoDelta: u64, alphaDelta: u64): bool {
  const w = updateWeightsForAddedLiquidity(pool.quoteWeight, pool.taoReserve, pool.alphaReserve, taoDelta, alphaDelta);
  if (!weightUpdateOk) return false;
  pool.quoteWeight = w;
  return true;
}
