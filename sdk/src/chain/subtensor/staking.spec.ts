/** The pool quote's arithmetic (no chain: the estimate is pure), limit prices, and the hyperparameter name matcher. */
import { describe, expect, it } from "vitest";
import { closestNames, OWNER_HYPERPARAMETERS } from "./ownerHyperparameters.js";
import { estimateStake, estimateUnstake, limitPriceFor, type Pool, RAO_PER_TAO } from "./staking.js";

const TAO = RAO_PER_TAO;
const pool = (tao: bigint, alpha: bigint, feeU16 = 196, mechanism = 1): Pool => ({
  netuid: 2,
  mechanism,
  taoReserve: tao,
  alphaReserve: alpha,
  price: (tao * TAO) / alpha,
  priceSource: "reserves",
  feeU16,
});

describe("estimateStake / estimateUnstake (constant product with the pool's fee)", () => {
  it("matches what spec 300 gave for 1 TAO into a new subnet's 1000/1000 pool (measured under chopsticks)", () => {
    // add_stake_limit of 1 TAO on a fresh subnet of the spec-300 localnet staked 996016194 alpha and
    // left current_alpha_price at 1001995012 (stake list and SwapRuntimeApi after the call)
    const q = estimateStake(pool(1000n * TAO, 1000n * TAO), TAO);
    expect(q.amountOut).toBe(996_016_194n);
    expect(q.priceAfter).toBe(1_001_995_012n);
    expect(q.ideal).toBe(TAO);
    expect(q.slippagePpm).toBe(3983);
    expect(q.source).toBe("estimate");
  });

  it("keeps the product of the reserves (less the fee's share) and grows slippage with size", () => {
    const p = pool(5000n * TAO, 20_000n * TAO, 0);
    const small = estimateStake(p, TAO);
    const large = estimateStake(p, 1000n * TAO);
    expect(large.slippagePpm).toBeGreaterThan(small.slippagePpm);
    // no fee: x·y is kept (rounded down in the pool's favour)
    const k = p.taoReserve * p.alphaReserve;
    const k2 = (p.taoReserve + 1000n * TAO) * (p.alphaReserve - large.amountOut);
    expect(k2 >= k && k2 - k < p.taoReserve + 1000n * TAO).toBe(true);
    // price 0.25 τ/α: 1 TAO buys just under 4 alpha
    expect(small.amountOut).toBeLessThan(4n * TAO);
    expect(small.amountOut).toBeGreaterThan((4n * TAO * 9995n) / 10_000n);
  });

  it("an unstake mirrors a stake; a round trip loses the fee twice and never gains", () => {
    const p = pool(1000n * TAO, 1000n * TAO);
    const bought = estimateStake(p, 10n * TAO);
    const after: Pool = { ...p, taoReserve: p.taoReserve + 10n * TAO, alphaReserve: p.alphaReserve - bought.amountOut, price: bought.priceAfter };
    const sold = estimateUnstake(after, bought.amountOut);
    expect(sold.amountOut).toBeLessThan(10n * TAO);
    expect(sold.amountOut).toBeGreaterThan((10n * TAO * 99n) / 100n);
    expect(sold.priceAfter).toBeLessThan(after.price);
  });

  it("a stable subnet (mechanism 0, root) is 1:1 with no slippage", () => {
    const q = estimateStake(pool(0n, 1n, 0, 0), 7n * TAO);
    expect(q).toMatchObject({ amountOut: 7n * TAO, slippagePpm: 0, priceAfter: TAO });
    expect(estimateUnstake(pool(0n, 1n, 0, 0), 3n * TAO).amountOut).toBe(3n * TAO);
  });
});

describe("limitPriceFor (the Python SDK's rate_tolerance)", () => {
  it("allows the price up by the tolerance for a stake and down for an unstake", () => {
    expect(limitPriceFor(2n * TAO, "buy", 5000)).toBe(2_010_000_000n);
    expect(limitPriceFor(2n * TAO, "sell", 5000)).toBe(1_990_000_000n);
    expect(limitPriceFor(123_456_789n, "buy", 0)).toBe(123_456_789n);
  });
});

describe("closestNames (did you mean)", () => {
  const names = OWNER_HYPERPARAMETERS.map((h) => h.name);
  it("finds a typo, a dashed spelling and a fragment; nothing for an unrelated word", () => {
    expect(closestNames("kapa", names)[0]).toBe("kappa");
    expect(closestNames("immunity-period", names)[0]).toBe("immunity_period");
    expect(closestNames("bonds_moving_avg", names)).toContain("bonds_moving_average");
    expect(closestNames("zzzzzzzzzz", names)).toEqual([]);
  });
  it("every owner hyperparameter has a unique snake_case name and a sudo_set_*, set_tempo or set_activity_cutoff_factor call", () => {
    expect(new Set(names).size).toBe(names.length);
    for (const h of OWNER_HYPERPARAMETERS) {
      expect(h.name).toMatch(/^[a-z0-9_]+$/);
      expect(h.method).toMatch(/^(sudoSet|setTempo$|setActivityCutoffFactor$)/);
    }
  });
});
