import { balancer, HALF_WEIGHT, PERQUINTILL_ONE, powRatioScaled } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

const TWO64 = 2 ** 64;
/** U64F64 bits to f64 as `to_num::<f64>()` (nearest). */
const f = (bits: bigint) => Number(bits) / TWO64;
/** U64F64::from_num(x) for an f64 x whose value × 2^64 is an integer (0.1, 0.2: 52-bit mantissas). */
function fromF64(x: number): bigint {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const raw = buf.getBigUint64(0);
  const exp = Number((raw >> 52n) & 0x7ffn) - 1075;
  const mant = (raw & ((1n << 52n) - 1n)) | (1n << 52n);
  const shift = exp + 64;
  return shift >= 0 ? mant << BigInt(shift) : mant >> BigInt(-shift);
}
/** Perquintill::from_rational(p, q) for p ≤ q: floor(1e18 × p / q). */
const fromRational = (p: bigint, q: bigint) => (PERQUINTILL_ONE * p) / q;
/** Rust's `f64 as u64` (truncates, saturates, NaN → 0). */
const asU64 = (x: number) => (Number.isNaN(x) || x <= 0 ? 0n : x >= TWO64 ? (1n << 64n) - 1n : BigInt(Math.trunc(x)));

describe("the Balancer's unit tests (pallets/swap/src/pallet/balancer.rs @ 14bc6f9), ported", () => {
  it("ports test_perquintill_power (precision 4096): 649519052838328985", () => {
    expect(powRatioScaled(21_000_000_000_000_000n, 28_000_000_000_000_000n, 600_000_000_000_000_000n, 400_000_000_000_000_000n, 4096, PERQUINTILL_ONE)).toBe(
      649_519_052_838_328_985n,
    );
  });

  it("ports test_exp_scaled: five (weight, reserve, delta, direction) cases within 1e-9 of the test's values", () => {
    const cases: Array<[bigint, bigint, bigint, bigint, boolean, number]> = [
      [5n, 10n, 100000n, 100n, true, 0.999000999000999],
      [1n, 4n, 500000n, 5000n, true, 0.970590147927644],
      [3n, 4n, 200000n, 2000n, false, 0.970590147927644],
      [9n, 10n, 13513642n, 1673n, false, 0.998886481979889],
      [773n, 1000n, 7_000_000_000n, 10_000n, true, 0.999999580484586],
    ];
    for (const [num, den, reserve, delta, baseQuote, expected] of cases) {
      const r = balancer.expScaled(fromRational(num, den), reserve, delta, baseQuote);
      expect(Math.abs(f(r) - f(fromF64(expected)))).toBeLessThanOrEqual(0.000000001);
    }
  });

  it("ports test_calculate_quote_delta_in: w1 = 0.75, price 0.1 → 0.2, y = 1e9 gives floor(y × (2^0.75 − 1)) exactly", () => {
    const w = fromRational(250_000_000_000n, 1_000_000_000_000n);
    const cur = fromF64(0.1);
    const tgt = fromF64(0.2);
    const dy = balancer.quoteDeltaIn(w, cur, tgt, 1_000_000_000n);
    expect(dy).toBe(asU64(1_000_000_000 * ((f(tgt) / f(cur)) ** 0.75 - 1.0)));
  });

  it("ports test_calculate_base_delta_in: w2 = 0.25, price 0.2 → 0.1, x = 1e9 gives floor(x × (2^0.25 − 1)) exactly", () => {
    const w = fromRational(250_000_000_000n, 1_000_000_000_000n);
    const cur = fromF64(0.2);
    const tgt = fromF64(0.1);
    const dx = balancer.baseDeltaIn(w, cur, tgt, 1_000_000_000n);
    expect(dx).toBe(asU64(1_000_000_000 * ((f(cur) / f(tgt)) ** 0.25 - 1.0)));
  });

  it("ports test_calculate_quote_delta_in_impossible and test_calculate_base_delta_in_impossible: a target on the wrong side gives 0", () => {
    const w = fromRational(250_000_000_000n, 1_000_000_000_000n);
    expect(balancer.quoteDeltaIn(w, fromF64(0.1), fromF64(0.05), 1_000_000_000n)).toBe(0n);
    expect(balancer.baseDeltaIn(w, fromF64(0.1), fromF64(0.2), 1_000_000_000n)).toBe(0n);
  });

  it("ports test_base_needed_for_quote: x × ((y / (y − Δy))^(1/3) − 1) for w1 = 0.75", () => {
    const w = fromRational(250_000_000_000n, 1_000_000_000_000n);
    const dx = balancer.baseNeededForQuote(w, 1_000_000_000n, 1_000_000_000n, 1_123_432n);
    expect(dx).toBe(asU64(1_000_000_000 * ((1_000_000_000 / (1_000_000_000 - 1_123_432)) ** (0.25 / 0.75) - 1.0)));
  });

  it("ports test_mul_round_half_behaviour: value × 1/2 rounds half up", () => {
    const half = fromRational(1n, 2n);
    const cases: Array<[bigint, bigint]> = [
      [0n, 0n],
      [1n, 1n],
      [2n, 1n],
      [3n, 2n],
      [4n, 2n],
      [5n, 3n],
      [1023n, 512n],
      [1025n, 513n],
    ];
    for (const [v, want] of cases) expect(balancer.mulPerquintillRound(half, v)).toBe(want);
  });

  it("ports test_mul_round_third_behaviour: value × 1/3 to the nearest", () => {
    const third = fromRational(1n, 3n);
    const cases: Array<[bigint, bigint]> = [
      [3n, 1n],
      [4n, 1n],
      [5n, 2n],
      [6n, 2n],
    ];
    for (const [v, want] of cases) expect(balancer.mulPerquintillRound(third, v)).toBe(want);
  });

  it("ports test_mul_round_zero_and_one, test_mul_round_large_values_simple_rational and test_mul_round_max_value_with_one", () => {
    expect(balancer.mulPerquintillRound(0n, 1_000_000n)).toBe(0n);
    expect(balancer.mulPerquintillRound(PERQUINTILL_ONE, 1_000_000n)).toBe(1_000_000n);
    const v = 1_000_000_000_000_000_000n;
    expect(balancer.mulPerquintillRound(fromRational(7n, 10n), v)).toBe((v * 7n + 5n) / 10n);
    expect(balancer.mulPerquintillRound(PERQUINTILL_ONE, (1n << 128n) - 1n)).toBe((1n << 128n) - 1n);
  });

  it("ports the price tests: y/x at equal weights, 2y/x at w2 = 1/3, 0 for y = 0, scale invariance, the general formula at 21e15 reserves", () => {
    expect(Math.abs(f(balancer.price(HALF_WEIGHT, 2n, 5n)) - 2.5)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(f(balancer.price(fromRational(1n, 3n), 4n, 10n)) - 5.0)).toBeLessThanOrEqual(1e-10);
    expect(balancer.price(fromRational(3n, 10n), 10n, 0n)).toBe(0n);
    expect(Math.abs(f(balancer.price(HALF_WEIGHT, 3n, 7n)) - f(balancer.price(HALF_WEIGHT, 30n, 70n)))).toBeLessThanOrEqual(1e-12);
    const q = fromRational(2n, 5n);
    expect(Math.abs(f(balancer.price(q, 9n, 25n)) - (Number(PERQUINTILL_ONE - q) / Number(q)) * (25 / 9))).toBeLessThanOrEqual(1e-9);
    const q3 = fromRational(3n, 10n);
    const x = 21_000_000_000_000_000n;
    const y = 15_000_000_000_000_000n;
    expect(Math.abs(f(balancer.price(q3, x, y)) - (Number(PERQUINTILL_ONE - q3) / Number(q3)) * (Number(y) / Number(x)))).toBeLessThanOrEqual(1e-9);
  });

  it("ports test_balancer_near_equal_weights_with_tiny_delta_do_not_panic: 0 < e ≤ 1 at 21e15 reserves", () => {
    const weights = [500_000_000_500_000_000n, 499_999_999_500_000_000n, 500_000_000_000_500_000n, 499_999_999_999_500_000n];
    for (const w of weights)
      for (const d of [1n, 100n, 100_000n])
        for (const bq of [true, false]) {
          const e = balancer.expScaled(w, 21_000_000_000_000_000n, d, bq);
          expect(e > 0n && e <= 1n << 64n).toBe(true);
        }
  });

  it("answers without a trap on the extreme inputs of the *_do_not_panic tests (exp, price, limit deltas, weight update, base needed)", () => {
    const M = (1n << 64n) - 1n;
    const weights = [PERQUINTILL_ONE / 100n, HALF_WEIGHT, PERQUINTILL_ONE - PERQUINTILL_ONE / 100n];
    const pairs: Array<[bigint, bigint]> = [
      [0n, 0n],
      [0n, 1n],
      [1n, 0n],
      [1n, 1n],
      [1n, M],
      [M, 0n],
      [M, 1n],
      [M, M],
    ];
    for (const w of weights)
      for (const [r, d] of pairs) {
        for (const bq of [true, false]) {
          expect(balancer.expScaled(w, r, d, bq) <= 1n << 64n).toBe(true);
          expect(typeof balancer.expScaled(w, r, -d, bq)).toBe("bigint");
        }
      }
    const prices = [0n, 1n << 64n, M << 64n];
    for (const x of [0n, 1n, M]) for (const y of [0n, 1n, M]) expect(typeof balancer.price(weights[0]!, x, y)).toBe("bigint");
    for (const c of prices)
      for (const t of prices)
        for (const r of [0n, 1n, M]) {
          expect(typeof balancer.quoteDeltaIn(weights[0]!, c, t, r)).toBe("bigint");
          expect(typeof balancer.baseDeltaIn(weights[0]!, c, t, r)).toBe("bigint");
        }
    const quads: Array<[bigint, bigint, bigint, bigint]> = [
      [0n, 0n, 0n, 0n],
      [0n, 0n, M, M],
      [0n, M, M, 0n],
      [M, 0n, 0n, M],
      [M, M, M, M],
      [1n, M, M, 1n],
      [M, 1n, 1n, M],
    ];
    for (const [t, a, dt, da] of quads) {
      const w = balancer.updateWeights(HALF_WEIGHT, t, a, dt, da);
      expect(w === null || (w >= PERQUINTILL_ONE / 100n && w <= PERQUINTILL_ONE - PERQUINTILL_ONE / 100n)).toBe(true);
    }
    for (const [t, a, d] of [
      [0n, 0n, 0n],
      [0n, 1n, 1n],
      [1n, 0n, 1n],
      [1n, 1n, 0n],
      [1n, 1n, 1n],
      [1n, 1n, M],
      [M, M, 0n],
      [M, M, M],
    ] as Array<[bigint, bigint, bigint]>)
      expect(typeof balancer.baseNeededForQuote(weights[2]!, t, a, d)).toBe("bigint");
  });

  it("Perquintill::from_rational rounds down and gives one for p > q or q = 0", () => {
    expect(balancer.perquintillFromRational(1n, 3n)).toBe(333_333_333_333_333_333n);
    expect(balancer.perquintillFromRational(2n, 3n)).toBe(666_666_666_666_666_666n);
    expect(balancer.perquintillFromRational(5n, 3n)).toBe(PERQUINTILL_ONE);
    expect(balancer.perquintillFromRational(0n, 0n)).toBe(PERQUINTILL_ONE);
    const big = (1n << 128n) - 1n;
    expect(balancer.perquintillFromRational(big - 7n, big)).toBe((PERQUINTILL_ONE * (big - 7n)) / big);
  });
});
