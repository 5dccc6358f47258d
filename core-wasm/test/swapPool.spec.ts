import { readdirSync, readFileSync } from "node:fs";
import {
  adjustProtocolLiquidity,
  balancer,
  doSwap,
  HALF_WEIGHT,
  injectAndMaybeSwap,
  MAX_PRICE_LIMIT,
  MIN_PRICE_LIMIT,
  PERQUINTILL_ONE,
  poolPrice,
  poolPriceU96F32,
  powRatioScaled,
  SwapInputError,
  type SwapPoolState,
  swapAlphaForTao,
  swapTaoForAlpha,
} from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { doSwapRef, ref } from "./swapReference.js";

const TWO64 = 2 ** 64;
const f = (bits: bigint) => Number(bits) / TWO64;
const U64_MAX = (1n << 64n) - 1n;
/** The swap pallet's own test mock: MinimumReserve 1, FeeRate 33, mechanism 1. */
const mockPool = (tao: bigint, alpha: bigint, over: Partial<SwapPoolState> = {}): SwapPoolState => ({
  mechanism: 1,
  taoReserve: tao,
  alphaReserve: alpha,
  quoteWeight: HALF_WEIGHT,
  initialized: false,
  feeRate: 33,
  minimumReserve: 1n,
  ...over,
});
/** U64F64::from_num(x) for an f64 (exact for the dyadic values used here, nearest otherwise). */
function fromF64(x: number): bigint {
  if (x === 0) return 0n;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const raw = buf.getBigUint64(0);
  const exp = Number((raw >> 52n) & 0x7ffn) - 1075;
  const mant = (raw & ((1n << 52n) - 1n)) | (1n << 52n);
  const shift = exp + 64;
  if (shift >= 0) return mant << BigInt(shift);
  const q = mant >> BigInt(-shift);
  const rem = mant - (q << BigInt(-shift));
  const half = 1n << BigInt(-shift - 1);
  return rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
}
const asU64 = (x: number) => (Number.isNaN(x) || x <= 0 ? 0n : x >= TWO64 ? U64_MAX : BigInt(Math.trunc(x)));
const absDiff = (a: bigint, b: bigint) => (a > b ? a - b : b - a);
/** U64F64 of the price limit the chain's tests use: U64F64(min/max_price_inner) / U64F64(1e9). */
const minPrice = (MIN_PRICE_LIMIT << 64n) / 1_000_000_000n;
const maxPrice = (MAX_PRICE_LIMIT << 64n) / 1_000_000_000n;

describe("the swap pallet's tests (pallets/swap/src/pallet/tests.rs @ 14bc6f9), ported", () => {
  const deltas: Array<[bigint, bigint]> = [
    [0n, 0n],
    [0n, 1n],
    [1n, 0n],
    [1n, 1n],
    [0n, 10n],
    [10n, 0n],
    [10n, 10n],
    [0n, 100n],
    [100n, 0n],
    [100n, 100n],
    [0n, 1_000n],
    [1_000n, 0n],
    [1_000n, 1_000n],
    [1_000_000n, 0n],
    [0n, 1_000_000n],
    [1_000_000n, 1_000_000n],
    [1_000_000_000n, 0n],
    [0n, 1_000_000_000n],
    [1_000_000_000n, 1_000_000_000n],
    [1_000_000_000_000n, 0n],
    [0n, 1_000_000_000_000n],
    [1_000_000_000_000n, 1_000_000_000_000n],
    [1n, 2n],
    [2n, 1n],
    [10n, 20n],
    [20n, 10n],
    [100n, 200n],
    [200n, 100n],
    [1_000n, 2_000n],
    [2_000n, 1_000n],
    [1_000_000n, 2_000_000n],
    [2_000_000n, 1_000_000n],
    [1_000_000_000n, 2_000_000_000n],
    [2_000_000_000n, 1_000_000_000n],
    [1_000_000_000_000n, 2_000_000_000_000n],
    [2_000_000_000_000n, 1_000_000_000_000n],
    [1_234_567n, 2_432_765n],
    [1_234_567n, 2_432_765_890n],
  ];

  it("ports test_adjust_protocol_liquidity_happy: 38 injections into 1e12 TAO / 4e12 alpha keep the price within 1e-12 and set w2 = y' / (p·x' + y')", () => {
    for (const [dt, da] of deltas) {
      const tao = 1_000_000_000_000n;
      const alpha = 4_000_000_000_000n;
      const before = f(poolPrice(mockPool(tao, alpha)));
      const { accepted, pool } = adjustProtocolLiquidity(mockPool(tao, alpha), dt, da);
      expect(accepted).toBe(true);
      const after = f(poolPrice({ ...pool, taoReserve: tao + dt, alphaReserve: alpha + da }));
      expect(Math.abs(before - after)).toBeLessThanOrEqual(before / 1e12);
      const newTao = Number(tao + dt);
      const newAlpha = Number(alpha + da);
      const expectedW = newTao / (newAlpha * before + newTao);
      const actualDelta = Number(pool.quoteWeight) / 1e18 - 0.5;
      expect(Math.abs(expectedW - 0.5 - actualDelta)).toBeLessThanOrEqual(expectedW / 1e12);
    }
  });

  it("ports test_adjust_protocol_liquidity_zero_alpha: with no alpha the update is refused (w stays 0.5) and the price becomes y'/x' exactly", () => {
    for (const [dt, da] of deltas) {
      const tao = 1_000_000_000_000n;
      expect(poolPrice(mockPool(tao, 0n))).toBe(0n);
      const { pool } = adjustProtocolLiquidity(mockPool(tao, 0n), dt, da);
      const after = poolPrice({ ...pool, taoReserve: tao + dt, alphaReserve: da });
      expect(pool.quoteWeight).toBe(HALF_WEIGHT);
      if (da === 0n) expect(after).toBe(0n);
      else expect(f(after)).toBe(Number(tao + dt) / Number(da));
    }
  });

  it("ports test_swap_initialization: the first swap resets the weights to 0.5 (price 0.25 at 1e9 / 4e9) and marks the pool initialised", () => {
    const pool = mockPool(1_000_000_000n, 4_000_000_000n, { quoteWeight: 300_000_000_000_000_000n });
    const r = swapTaoForAlpha(pool, 1_000n, MAX_PRICE_LIMIT, { simulate: false });
    expect(r.error).toBe("ok");
    expect(r.pool.initialized).toBe(true);
    expect(r.pool.quoteWeight).toBe(HALF_WEIGHT);
    expect(Math.abs(f(balancer.price(HALF_WEIGHT, 4_000_000_000n, 1_000_000_000n)) - 0.25)).toBeLessThanOrEqual(0.000000001);
  });

  it("ports test_swap_initialization_with_price: initialising at price 1/5 gives weights whose price is 0.2", () => {
    const price = (1n << 64n) / 5n; // U64F64::from(1u16) / U64F64::from(5u16)
    const w = balancer.initialWeightForPrice(1_000_000_000n, 4_000_000_000n, price);
    expect(w).not.toBeNull();
    expect(Math.abs(f(balancer.price(w!, 4_000_000_000n, 1_000_000_000n)) - 0.2)).toBeLessThanOrEqual(0.000000001);
    expect(balancer.initialWeightForPrice(0n, 0n, price)).toBeNull(); // ReservesOutOfBalance
  });

  it("ports test_swap_basic: eight buys and sells at 1e9 / 4e9 match the closed form within 1 and move the price the right way", () => {
    const cases: Array<[boolean, bigint, number]> = [
      [true, 1_000n, 1000.0],
      [true, 2_000n, 1000.0],
      [true, 123_456n, 1000.0],
      [false, 1_000n, 0.0001],
      [false, 2_000n, 0.0001],
      [false, 123_456n, 0.0001],
      [true, 1_000_000_000n, 1000.0],
      [true, 10_000_000_000n, 1000.0],
    ];
    for (const [buy, amount, limit] of cases) {
      const pool = mockPool(1_000_000_000n, 4_000_000_000n);
      const before = poolPrice({ ...pool, initialized: true });
      const fee = asU64(Number(amount) * (33 / 65535));
      const x = 4_000_000_000;
      const y = 1_000_000_000;
      const net = Number(amount - fee);
      const expectedOut = buy ? x * (1.0 - y / (y + net)) : y * (1.0 - x / (x + net));
      const r = doSwap(pool, buy, amount, fromF64(limit));
      expect(r.error).toBe("ok");
      expect(absDiff(r.amountPaidOut, asU64(expectedOut)) <= 1n).toBe(true);
      expect(absDiff(r.amountPaidIn, amount - fee) <= 1n).toBe(true);
      const after = poolPrice(r.pool);
      expect(after >= before).toBe(buy);
    }
  });

  it("ports test_swap_precision_edge_case: selling 999.5× the reserve at the minimum price still pays out TAO", () => {
    for (const [tao, alpha, amount] of [
      [1_000n, 1_000n, 999_500n],
      [1_000_000n, 1_000_000n, 999_500_000n],
    ] as Array<[bigint, bigint, bigint]>) {
      const r = doSwap(mockPool(tao, alpha), false, amount, minPrice, { simulate: true });
      expect(r.error).toBe("ok");
      expect(r.amountPaidOut > 0n).toBe(true);
    }
  });

  it("ports test_convert_deltas: 60 buys and sells at weights 0.5, 0.5 ± 1e-8, 0.1, 0.9 within 2 of the f64 closed form", () => {
    const reserves: Array<[bigint, bigint]> = [
      [1500n, 1000n],
      [1n, 1_000_000n],
      [1_000_000n, 1n],
    ];
    for (const wq of [0.5, 0.50000001, 0.49999999, 0.1, 0.9])
      for (const [tao, alpha] of reserves)
        for (const d of [1n, 10_000n, 1_000_000n, U64_MAX]) {
          const w = (PERQUINTILL_ONE * BigInt(Math.trunc(wq * 1e9))) / 1_000_000_000n;
          const y = Number(tao);
          const x = Number(alpha);
          const dd = Number(d);
          const sell = y * (1 - (x / (x + dd)) ** ((1 - wq) / wq));
          const buy = x * (1 - (y / (y + dd)) ** (wq / (1 - wq)));
          expect(absDiff(balancer.convertDeltas(false, w, tao, alpha, d), asU64(sell)) <= 2n).toBe(true);
          expect(absDiff(balancer.convertDeltas(true, w, tao, alpha, d), asU64(buy)) <= 2n).toBe(true);
        }
  });

  it("ports test_rollback_works: a simulated swap returns what the real one does, and changes nothing", () => {
    const pool = mockPool(1_000_000_000_000n, 4_000_000_000_000n);
    const limit = U64_MAX << 64n; // u64::MAX.into()
    const sim = doSwap(pool, true, 1_000_000n, limit, { simulate: true });
    const real = doSwap(pool, true, 1_000_000n, limit);
    const { pool: simPool, ...simResult } = sim;
    const { pool: _realPool, ...realResult } = real;
    expect(simResult).toEqual(realResult);
    expect(simPool).toEqual({ ...pool, feeRate: 33, minimumReserve: 1n });
    expect(real.pool.taoReserve).toBe(pool.taoReserve + real.amountPaidIn);
  });

  it("ports test_swap_rejects_input_over_1000x_input_reserve: 1,000,001 against 1,000 reserves is SwapInputTooLarge and changes nothing", () => {
    const pool = mockPool(1_000n, 1_000n);
    const sell = doSwap(pool, false, 1_000_001n, minPrice, { dropFees: true });
    const buy = doSwap(pool, true, 1_000_001n, maxPrice, { dropFees: true });
    for (const r of [sell, buy]) {
      expect(r.error).toBe("input-too-large");
      expect(r.pool).toEqual({ ...pool, feeRate: 33, minimumReserve: 1n });
    }
  });

  it("ports test_sim_swap_rejects_input_over_1000x_input_reserve: 1,001,000 with fees is refused in simulation", () => {
    const pool = mockPool(1_000n, 1_000n);
    expect(swapAlphaForTao(pool, 1_001_000n, MIN_PRICE_LIMIT, { simulate: true }).error).toBe("input-too-large");
    expect(swapTaoForAlpha(pool, 1_001_000n, MAX_PRICE_LIMIT, { simulate: true }).error).toBe("input-too-large");
  });

  it("ports test_swap_allows_input_at_1000x_input_reserve: exactly 1000× passes", () => {
    const pool = mockPool(1_000n, 1_000n);
    expect(doSwap(pool, false, 1_000_000n, minPrice, { dropFees: true, simulate: true }).error).toBe("ok");
    expect(doSwap(pool, true, 1_000_000n, maxPrice, { dropFees: true, simulate: true }).error).toBe("ok");
  });
});

describe("refusals, the first-swap reset and what each keeps", () => {
  it("an output reserve under MinimumReserve is ReservesTooLow, before the reset", () => {
    const r = swapTaoForAlpha(
      mockPool(1_000_000_000n, 999_999n, { minimumReserve: 1_000_000n, quoteWeight: 400_000_000_000_000_000n }),
      1_000n,
      MAX_PRICE_LIMIT,
    );
    expect(r.error).toBe("reserves-too-low");
    expect(r.pool.initialized).toBe(false);
    expect(r.pool.quoteWeight).toBe(400_000_000_000_000_000n);
  });

  it("a limit at or behind the current price is PriceLimitExceeded, and the reset is rolled back", () => {
    const pool = mockPool(1_000_000_000n, 4_000_000_000n, { quoteWeight: 400_000_000_000_000_000n });
    const price = poolPrice({ ...pool, quoteWeight: HALF_WEIGHT }); // 0.25 after the reset
    const r = doSwap(pool, true, 1_000n, price);
    expect(r.error).toBe("price-limit");
    expect(r.pool.initialized).toBe(false);
    expect(r.pool.quoteWeight).toBe(400_000_000_000_000_000n);
    expect(doSwap(pool, false, 1_000n, price).error).toBe("price-limit");
  });

  it("a buy that reaches the limit price stops there: paid in is the quote delta to the limit, the fee recomputed on it", () => {
    const pool = mockPool(1_000_000_000n, 4_000_000_000n, { initialized: true });
    const limit = fromF64(0.3);
    const r = doSwap(pool, true, 1_000_000_000n, limit);
    expect(r.error).toBe("ok");
    const dIn = balancer.quoteDeltaIn(HALF_WEIGHT, poolPrice(pool), limit, 1_000_000_000n);
    expect(r.amountPaidIn).toBe(dIn);
    expect(r.feePaid).toBe((dIn * ((33n << 64n) / 65502n)) >> 64n);
    expect(f(poolPrice(r.pool))).toBeLessThanOrEqual(0.3 * (1 + 1e-9));
  });

  it("a nonzero input that buys nothing is ReservesTooLow", () => {
    // 100 × (1 − 1e6 / (1e6 + 1)) < 1 alpha; the price (1e4 TAO per alpha) is under the limit
    const r = swapTaoForAlpha(mockPool(1_000_000n, 100n), 1n, MAX_PRICE_LIMIT, { dropFees: true });
    expect(r.error).toBe("reserves-too-low");
    expect(r.pool.initialized).toBe(false);
  });

  it("a stable subnet (mechanism 0) swaps 1:1 without fee and prices at 1", () => {
    const pool = mockPool(5_000n, 7_000n, { mechanism: 0 });
    expect(poolPrice(pool)).toBe(1n << 64n);
    expect(poolPriceU96F32(pool)).toBe(1n << 32n);
    const r = swapTaoForAlpha(pool, 3_000n, MAX_PRICE_LIMIT);
    expect([r.error, r.amountPaidIn, r.amountPaidOut, r.feePaid, r.pool.taoReserve, r.pool.alphaReserve]).toEqual(["ok", 3_000n, 3_000n, 0n, 8_000n, 4_000n]);
  });

  it("the coinbase's price read drops the low 32 fraction bits (U96F32::saturating_from_num)", () => {
    const pool = mockPool(1_000_000_007n, 3_000_000_001n, { quoteWeight: 412_345_678_901_234_567n });
    expect(poolPriceU96F32(pool)).toBe(poolPrice(pool) >> 32n);
  });

  it("bad input is a SwapInputError naming the field, never a trap", () => {
    expect(() => poolPrice({ ...mockPool(1n, 1n), taoReserve: -1n })).toThrow(/pool\.taoReserve/);
    expect(() => swapTaoForAlpha(mockPool(1n, 1n), 1n << 64n, MAX_PRICE_LIMIT)).toThrow(SwapInputError);
    expect(() => swapTaoForAlpha({ ...mockPool(1n, 1n), mechanism: 1.5 }, 1n, MAX_PRICE_LIMIT)).toThrow(/pool\.mechanism/);
    expect(() => adjustProtocolLiquidity(mockPool(1n, 1n), 1n, "x" as unknown as bigint)).toThrow(/alphaDelta/);
    try {
      injectAndMaybeSwap(mockPool(1n, 1n), 1n, 1n, 1n << 70n);
    } catch (e) {
      expect((e as SwapInputError).kind).toBe("bad-input");
    }
  });
});

const reserve = fc.bigInt({ min: 1n, max: 1n << 62n });
const weight = fc.oneof(fc.constant(HALF_WEIGHT), fc.bigInt({ min: PERQUINTILL_ONE / 100n, max: PERQUINTILL_ONE - PERQUINTILL_ONE / 100n }));
const poolArb = fc.record({ tao: reserve, alpha: reserve, w: weight, fee: fc.integer({ min: 0, max: 10_000 }) });

describe("properties on random pools", () => {
  it("a buy never pays out more alpha than the pool holds, reserves stay consistent, and the price does not fall", () => {
    fc.assert(
      fc.property(poolArb, fc.bigInt({ min: 1n, max: 1n << 63n }), ({ tao, alpha, w, fee }, amount) => {
        const pool = mockPool(tao, alpha, { quoteWeight: w, initialized: true, feeRate: fee });
        const r = swapTaoForAlpha(pool, amount, MAX_PRICE_LIMIT);
        if (r.error !== "ok") return;
        expect(r.amountPaidOut <= alpha).toBe(true);
        expect(r.amountPaidIn + r.feePaid <= amount).toBe(true);
        expect(r.pool.alphaReserve).toBe(alpha - r.amountPaidOut);
        expect(r.pool.taoReserve).toBe(tao + r.amountPaidIn);
        // the chain lets a buy empty the alpha reserve (its power underflows to 0 for large w2/w1); the price then reads 0
        if (r.pool.alphaReserve > 0n) expect(poolPrice(r.pool) >= poolPrice(pool)).toBe(true);
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it("a sell never pays out more TAO than the pool holds and the price does not rise", () => {
    fc.assert(
      fc.property(poolArb, fc.bigInt({ min: 1n, max: 1n << 63n }), ({ tao, alpha, w, fee }, amount) => {
        const pool = mockPool(tao, alpha, { quoteWeight: w, initialized: true, feeRate: fee });
        const r = swapAlphaForTao(pool, amount, MIN_PRICE_LIMIT);
        if (r.error !== "ok") return;
        expect(r.amountPaidOut <= tao).toBe(true);
        expect(r.pool.taoReserve).toBe(tao - r.amountPaidOut);
        expect(r.pool.alphaReserve).toBe(alpha + r.amountPaidIn);
        expect(poolPrice(r.pool) <= poolPrice(pool)).toBe(true);
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it("more in never gives less out, for weights in [0.1, 0.9] and inputs up to 1000× the reserve (convert_deltas is monotone there)", () => {
    const w19 = fc.bigInt({ min: PERQUINTILL_ONE / 10n, max: PERQUINTILL_ONE - PERQUINTILL_ONE / 10n });
    const frac = fc.bigInt({ min: 0n, max: 1_000_000n });
    const small = fc.bigInt({ min: 1n, max: 1n << 54n }); // × 1000 stays a u64
    fc.assert(
      fc.property(small, small, w19, frac, frac, (tao, alpha, w, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const buyLo = balancer.convertDeltas(true, w, tao, alpha, (tao * lo) / 1000n);
        const buyHi = balancer.convertDeltas(true, w, tao, alpha, (tao * hi) / 1000n);
        expect(buyLo <= buyHi).toBe(true);
        const sellLo = balancer.convertDeltas(false, w, tao, alpha, (alpha * lo) / 1000n);
        const sellHi = balancer.convertDeltas(false, w, tao, alpha, (alpha * hi) / 1000n);
        expect(sellLo <= sellHi).toBe(true);
      }),
      { numRuns: 300, seed: 19 },
    );
  });

  it("keeps the chain's non-monotone corner: at w2 ≈ 0.0104 selling 4 alpha into a 1/1 pool pays 0, selling 1 pays 1", () => {
    // (1/5)^(w1/w2 ≈ 95) needs more Taylor terms than safe-bigmath's cap of P + 128 = 408: the library
    // itself returns 18446744073709204891 (× 1e-18, above 1), so exp_scaled caps it at 1 and the sell pays 0
    const w = 10_401_674_079_538_857n;
    expect(powRatioScaled(1n, 5n, PERQUINTILL_ONE - w, w, 256, PERQUINTILL_ONE)).toBe(18_446_744_073_709_204_891n);
    expect(balancer.convertDeltas(false, w, 1n, 1n, 1n)).toBe(1n);
    expect(balancer.convertDeltas(false, w, 1n, 1n, 4n)).toBe(0n);
  });

  it("an accepted injection keeps the price (relative 1e-9 on reserves ≥ 1e9) and a refused one changes nothing", () => {
    const big = fc.bigInt({ min: 1_000_000_000n, max: 1n << 60n });
    fc.assert(
      fc.property(big, big, weight, fc.bigInt({ min: 0n, max: 1n << 50n }), fc.bigInt({ min: 0n, max: 1n << 50n }), (tao, alpha, w, dt, da) => {
        const pool = mockPool(tao, alpha, { quoteWeight: w, initialized: true });
        const inj = injectAndMaybeSwap(pool, dt, da, 0n);
        if (!inj.accepted) {
          expect([inj.taoInjected, inj.alphaInjected, inj.pool.quoteWeight, inj.pool.taoReserve, inj.pool.alphaReserve]).toEqual([0n, 0n, w, tao, alpha]);
          return;
        }
        expect([inj.pool.taoReserve, inj.pool.alphaReserve]).toEqual([tao + dt, alpha + da]);
        const before = f(poolPrice(pool));
        const after = f(poolPrice(inj.pool));
        expect(Math.abs(after - before)).toBeLessThanOrEqual(before * 1e-9 + 1e-12);
      }),
      { numRuns: 300, seed: 20 },
    );
  });

  it("the debug and release builds give the same swaps, injections and prices", () => {
    fc.assert(
      fc.property(poolArb, fc.bigInt({ min: 1n, max: 1n << 62n }), fc.boolean(), ({ tao, alpha, w, fee }, amount, buy) => {
        const pool = mockPool(tao, alpha, { quoteWeight: w, initialized: amount % 2n === 0n, feeRate: fee });
        const go = (target: "release" | "debug") =>
          buy ? swapTaoForAlpha(pool, amount, MAX_PRICE_LIMIT, { target }) : swapAlphaForTao(pool, amount, MIN_PRICE_LIMIT, { target });
        expect(go("debug")).toEqual(go("release"));
        expect(injectAndMaybeSwap(pool, amount, amount / 3n, amount / 7n, "debug")).toEqual(
          injectAndMaybeSwap(pool, amount, amount / 3n, amount / 7n, "release"),
        );
        expect(poolPrice(pool, "debug")).toBe(poolPrice(pool, "release"));
      }),
      { numRuns: 60, seed: 21 },
    );
  });
});

interface VectorSubnet {
  netuid: number;
  mechanism: number;
  subnetTao: string;
  subnetAlphaIn: string;
  swapQuoteWeight: string;
  palSwapInitialized: boolean;
}
interface VectorComputed {
  netuid: number;
  emitted: boolean;
  taoIn: string;
  alphaIn: string;
  excessTao: string;
  alphaBought: string;
}
interface VectorStep {
  label: string;
  input: { swapMinimumReserve: string; subnets: VectorSubnet[] };
  expected: { state: { subnets: VectorSubnet[] }; computed: { subnets: VectorComputed[] } };
}

describe("the coinbase vectors' injections and buys (test/vectors/coinbase, FORMAT.md step 4)", () => {
  const dir = new URL("../../test/vectors/coinbase/", import.meta.url);
  const files = readdirSync(dir).filter((n) => n.endsWith(".json"));

  it("reproduces alphaBought, the reserves, the weight and PalSwapInitialized after every emitted subnet's injection and buy", () => {
    let checked = 0;
    let buys = 0;
    for (const name of files) {
      const { steps } = JSON.parse(readFileSync(new URL(name, dir), "utf8")) as { steps: VectorStep[] };
      steps.forEach((step, i) => {
        for (const c of step.expected.computed.subnets) {
          if (!c.emitted) continue;
          const s = step.input.subnets.find((x) => x.netuid === c.netuid)!;
          const after = step.expected.state.subnets.find((x) => x.netuid === c.netuid)!;
          const pool: SwapPoolState = {
            mechanism: s.mechanism,
            taoReserve: BigInt(s.subnetTao),
            alphaReserve: BigInt(s.subnetAlphaIn),
            quoteWeight: BigInt(s.swapQuoteWeight),
            initialized: s.palSwapInitialized,
            minimumReserve: BigInt(step.input.swapMinimumReserve),
          };
          // the buy's requested amount is the excess; with fees dropped and the 1e6 TAO/alpha limit it is paid in whole
          const r = injectAndMaybeSwap(pool, BigInt(c.taoIn), BigInt(c.alphaIn), BigInt(c.excessTao));
          const where = `${name} step ${i} netuid ${c.netuid}`;
          expect({ where, bought: r.alphaBought, excess: r.excessTaoIn }).toEqual({ where, bought: BigInt(c.alphaBought), excess: BigInt(c.excessTao) });
          expect({ where, tao: r.pool.taoReserve, alpha: r.pool.alphaReserve, w: r.pool.quoteWeight, init: r.pool.initialized }).toEqual({
            where,
            tao: BigInt(after.subnetTao),
            alpha: BigInt(after.subnetAlphaIn),
            w: BigInt(after.swapQuoteWeight),
            init: after.palSwapInitialized,
          });
          checked++;
          if (c.excessTao !== "0") buys++;
        }
      });
    }
    expect(buys).toBe(10);
    expect(checked).toBeGreaterThan(buys);
  });
});

describe("the swap against a BigInt restatement of the pallet (swapReference.ts doSwapRef, ref)", () => {
  const limitArb = fc.oneof(
    fc.constant(-1n), // the chain's max/min price limits, per direction
    fc.bigInt({ min: 1n, max: 1n << 90n }), // any U64F64 limit
  );
  it("do_swap gives the same result, fee and pool as the restatement on 400 random pools, amounts and limits (both directions, simulated or not)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.record({
          tao: fc.oneof(reserve, fc.bigInt({ min: 0n, max: 2_000n })),
          alpha: fc.oneof(reserve, fc.bigInt({ min: 0n, max: 2_000n })),
          w: fc.oneof(weight, fc.constantFrom(250_000_000_000_000_000n, 600_000_000_000_000_000n, 100_000_000_000_000_000n)),
          fee: fc.integer({ min: 0, max: 10_000 }),
          init: fc.boolean(),
          min: fc.constantFrom(1n, 100n, 1_000_000n),
        }),
        fc.bigInt({ min: 0n, max: U64_MAX }),
        fc.boolean(),
        limitArb,
        fc.boolean(),
        fc.boolean(),
        ({ tao, alpha, w, fee, init, min }, amountRaw, buy, limitRaw, dropFees, simulate) => {
          const pool = mockPool(tao, alpha, { quoteWeight: w, initialized: init, feeRate: fee, minimumReserve: min });
          // amounts spread over 0 .. ~1000 × the input reserve
          const inRes = buy ? tao : alpha;
          const amount = inRes > 0n && amountRaw % 3n !== 0n ? amountRaw % (inRes * 1001n + 1n) : amountRaw;
          const limit = limitRaw === -1n ? (buy ? maxPrice : minPrice) : limitRaw;
          const got = doSwap(pool, buy, amount, limit, { dropFees, simulate });
          const want = doSwapRef({ ...pool, feeRate: fee, minimumReserve: min }, buy, amount, limit, dropFees, simulate);
          expect(got).toEqual(want);
          const fee0 = dropFees ? 0n : (amount * BigInt(fee)) / 65535n;
          seen.add(got.error === "ok" && got.amountPaidIn + 1n < amount - fee0 ? "ok, stopped at the limit" : got.error);
        },
      ),
      { numRuns: 400, seed: 22 },
    );
    // the cases reached: a whole swap, one stopped at its limit, and the three refusals a caller can meet
    expect([...seen].sort()).toEqual(["input-too-large", "ok", "ok, stopped at the limit", "price-limit", "reserves-too-low"]);
  }, 120_000);

  it("price, exp_scaled, convert_deltas, the weight update and the limit deltas equal the restatement on random inputs", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: U64_MAX }),
        fc.bigInt({ min: 0n, max: U64_MAX }),
        fc.bigInt({ min: 0n, max: U64_MAX }),
        fc.bigInt({ min: 0n, max: U64_MAX }),
        weight,
        (a, b, c, d, w) => {
          expect(balancer.price(w, a, b)).toBe(ref.price(w, a, b));
          expect(balancer.expScaled(w, a, c, true)).toBe(ref.expScaled(w, a, c, true));
          expect(balancer.expScaled(w, a, -c, false)).toBe(ref.expScaled(w, a, -c, false));
          expect(balancer.convertDeltas(true, w, a, b, c)).toBe(ref.convertBuy(w, a, b, c));
          expect(balancer.convertDeltas(false, w, a, b, c)).toBe(ref.convertSell(w, a, b, c));
          expect(balancer.updateWeights(w, a, b, c, d)).toBe(ref.updateWeights(w, a, b, c, d));
          expect(balancer.updateWeights(w, a >> 20n, b >> 20n, c >> 40n, d >> 40n)).toBe(ref.updateWeights(w, a >> 20n, b >> 20n, c >> 40n, d >> 40n));
          const cur = (a << 20n) + 1n;
          const tgt = (b << 20n) + 1n;
          expect(balancer.quoteDeltaIn(w, cur, tgt, c)).toBe(ref.deltaIn(true, w, cur, tgt, c));
          expect(balancer.baseDeltaIn(w, cur, tgt, c)).toBe(ref.deltaIn(false, w, cur, tgt, c));
        },
      ),
      { numRuns: 150, seed: 23 },
    );
  }, 120_000);
});
