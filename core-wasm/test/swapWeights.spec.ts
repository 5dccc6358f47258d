import { balancer } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { ONE, randomWeight, Xorshift } from "./swapArbitraries.js";
import { ref } from "./swapReference.js";

// The pool weight update (update_weights_for_added_liquidity) and its two roundings in u128 word
// arithmetic, against the BigInt restatement, on many random inputs of every magnitude and the
// edges of the u64 and u128 ranges (where the sums carry and the products saturate).
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const edges64 = [0n, 1n, 2n, 999_999_999_999_999_999n, ONE, ONE + 1n, (1n << 63n) - 1n, 1n << 63n, U64_MAX - 1n, U64_MAX];
const edges128 = [...edges64, 1n << 64n, (1n << 64n) + 1n, 1n << 127n, U128_MAX - ONE, U128_MAX - 1n, U128_MAX];
const fromRational = (p: bigint, q: bigint) => (q === 0n || p > q ? ONE : (ONE * p) / q);

describe("the pool's weight update on u128 words equals the BigInt restatement", () => {
  it("update_weights_for_added_liquidity on 20,000 random log-uniform inputs (seed 6) and every edge quintuple sampled", () => {
    const r = new Xorshift(6n);
    const differ: string[] = [];
    const check = (w: bigint, t: bigint, a: bigint, dt: bigint, da: bigint) => {
      const got = balancer.updateWeights(w, t, a, dt, da);
      const want = ref.updateWeights(w, t, a, dt, da);
      if (got !== want) differ.push(`w=${w} tao=${t} alpha=${a} dt=${dt} da=${da}: ${got} != ${want}`);
    };
    for (let i = 0; i < 20_000; i++) {
      const w = i % 7 === 0 ? ONE / 2n : randomWeight(r);
      check(w, r.logUniform(64), r.logUniform(64), i % 5 === 0 ? 0n : r.logUniform(64), i % 3 === 0 ? 0n : r.logUniform(64));
    }
    for (let i = 0; i < 3_000; i++) {
      const pick = () => edges64[Number(r.below(BigInt(edges64.length)))]!;
      check(i % 2 === 0 ? ONE / 2n : randomWeight(r), pick(), pick(), pick(), pick());
    }
    expect(differ).toEqual([]);
  }, 120_000);

  it("mul_perquintill_round and Perquintill::from_rational on 20,000 random u128 inputs (seed 8) and the edges", () => {
    const r = new Xorshift(8n);
    const differ: string[] = [];
    const parts = [0n, 1n, ONE / 2n, ONE - 1n, ONE, ONE + 1n, U64_MAX];
    for (let i = 0; i < 20_000; i++) {
      const p = i % 4 === 0 ? parts[i % parts.length]! : r.below(ONE + 1n);
      const v = r.logUniform(128);
      const got = balancer.mulPerquintillRound(p, v);
      const want = ref.mulRound(p, v);
      if (got !== want) differ.push(`mulRound(${p}, ${v}): ${got} != ${want}`);
      const a = r.logUniform(128);
      const b = i % 3 === 0 ? a + r.logUniform(64) : r.logUniform(128);
      const [x, y] = [a > U128_MAX ? U128_MAX : a, b > U128_MAX ? U128_MAX : b];
      if (balancer.perquintillFromRational(x, y) !== fromRational(x, y)) differ.push(`fromRational(${x}, ${y})`);
    }
    for (const p of parts) for (const v of edges128) if (balancer.mulPerquintillRound(p, v) !== ref.mulRound(p, v)) differ.push(`mulRound(${p}, ${v})`);
    for (const x of edges128)
      for (const y of edges128) if (balancer.perquintillFromRational(x, y) !== fromRational(x, y)) differ.push(`fromRational(${x}, ${y})`);
    expect(differ).toEqual([]);
  }, 120_000);

  it("the debug build gives the same weights as the release build (2,000 inputs)", () => {
    const r = new Xorshift(9n);
    for (let i = 0; i < 2_000; i++) {
      const args = [randomWeight(r), r.logUniform(64), r.logUniform(64), r.logUniform(64), r.logUniform(64)] as const;
      expect(balancer.updateWeights(...args, "debug")).toBe(balancer.updateWeights(...args, "release"));
    }
  });

  it("maybe_initialize_palswap's weight w2 = y / (⌊p⌋·x + ⌊x·frac(p)⌋ + y) on 5,000 random prices and the edges", () => {
    const r = new Xorshift(10n);
    const differ: string[] = [];
    const want = (t: bigint, a: bigint, p: bigint) => {
      let sum = (p >> 64n) * a + ((a * (p & U64_MAX)) >> 64n) + t;
      if (sum > U128_MAX) sum = U128_MAX;
      if (sum === 0n) return null;
      const w = fromRational(t, sum);
      return w >= ONE / 100n && ONE - w >= ONE / 100n ? w : null;
    };
    const check = (t: bigint, a: bigint, p: bigint) => {
      const got = balancer.initialWeightForPrice(t, a, p);
      if (got !== want(t, a, p)) differ.push(`tao=${t} alpha=${a} price=${p}: ${got} != ${want(t, a, p)}`);
    };
    for (let i = 0; i < 5_000; i++) check(r.logUniform(64), r.logUniform(64), r.logUniform(128));
    for (const t of edges64) for (const a of edges64) for (const p of [0n, 1n, 1n << 64n, U128_MAX, (1n << 64n) - 1n]) check(t, a, p);
    expect(differ).toEqual([]);
  });
});
