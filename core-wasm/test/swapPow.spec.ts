import { readFileSync } from "node:fs";
import { powRatioScaled, SwapInputError } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { powRatioCases, powRatioEdgeCases } from "./swapArbitraries.js";
import { powRatioScaledRef } from "./swapReference.js";

interface FixtureCase {
  baseNum: string;
  baseDen: string;
  expNum: string;
  expDen: string;
  precision: number;
  scale: string;
  expected: string | null;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/powRatioScaled.json", import.meta.url), "utf8")) as { source: string; cases: FixtureCase[] };
const run = (c: FixtureCase, target: "release" | "debug" = "release") =>
  powRatioScaled(BigInt(c.baseNum), BigInt(c.baseDen), BigInt(c.expNum), BigInt(c.expDen), c.precision, BigInt(c.scale), target);
const PERQUINTILL = 1_000_000_000_000_000_000n;

describe("pow_ratio_scaled against safe-bigmath 013c499 itself (fixtures/powRatioScaled.json)", () => {
  it("gives the library's integer on all 611 inputs (release build)", () => {
    expect(fixture.cases.length).toBe(611);
    const differ = fixture.cases.filter((c) => {
      const r = run(c);
      return (r === null ? null : String(r)) !== c.expected;
    });
    expect(differ).toEqual([]);
  });

  it("the debug build gives the same integers as the release build (first 150 inputs)", () => {
    for (const c of fixture.cases.slice(0, 150)) expect(run(c, "debug")).toBe(run(c, "release"));
  });

  it("the inputs are powRatioCases(600, 4242) as the fixture says", () => {
    const gen = powRatioCases(600, 4242n);
    gen.forEach((g, i) => {
      const c = fixture.cases[i]!;
      expect([String(g.baseNum), String(g.baseDen), String(g.expNum), String(g.expDen), g.precision]).toEqual([
        c.baseNum,
        c.baseDen,
        c.expNum,
        c.expDen,
        c.precision,
      ]);
    });
  });
});

describe("pow_ratio_scaled against a BigInt restatement of the library (swapReference.ts)", () => {
  it("equals the restatement bit for bit on 1,500 random inputs in the pallet's shapes (seed 2026)", () => {
    const differ: string[] = [];
    for (const c of powRatioCases(1500, 2026n)) {
      const want = powRatioScaledRef(c.baseNum, c.baseDen, c.expNum, c.expDen, c.precision, c.scale);
      const got = powRatioScaled(c.baseNum, c.baseDen, c.expNum, c.expDen, c.precision, c.scale);
      if (got !== want) differ.push(`${c.baseNum}/${c.baseDen} ^ ${c.expNum}/${c.expDen} p${c.precision}: ${got} != ${want}`);
    }
    expect(differ).toEqual([]);
  }, 120_000);

  it("equals the restatement on 5,000 more random inputs (seed 17) and on the edge shapes, in both builds", () => {
    const differ: string[] = [];
    const cases = [...powRatioCases(5000, 17n), ...powRatioEdgeCases()];
    cases.forEach((c, i) => {
      const want = powRatioScaledRef(c.baseNum, c.baseDen, c.expNum, c.expDen, c.precision, c.scale);
      const got = powRatioScaled(c.baseNum, c.baseDen, c.expNum, c.expDen, c.precision, c.scale);
      // the debug build on every 10th input (it is several times slower)
      const dbg = i % 10 === 0 ? powRatioScaled(c.baseNum, c.baseDen, c.expNum, c.expDen, c.precision, c.scale, "debug") : got;
      if (got !== want || dbg !== got) differ.push(`${c.baseNum}/${c.baseDen} ^ ${c.expNum}/${c.expDen} p${c.precision}: ${got} (debug ${dbg}) != ${want}`);
    });
    expect(cases.length).toBeGreaterThan(5300);
    expect(differ).toEqual([]);
  }, 300_000);

  it("the restatement itself reproduces the library's fixture (so the two checks agree)", () => {
    for (const c of fixture.cases.slice(0, 200)) {
      const r = powRatioScaledRef(BigInt(c.baseNum), BigInt(c.baseDen), BigInt(c.expNum), BigInt(c.expDen), c.precision, BigInt(c.scale));
      expect(r === null ? null : String(r)).toBe(c.expected);
    }
  });
});

describe("safe-bigmath's own unit tests (src/integer.rs @ 013c499), ported", () => {
  it("ports test_perquintill_power: (21e15 / 28e15)^(0.6 / 0.4) × 1e18 = 649519052838328985", () => {
    expect(powRatioScaled(21_000_000_000_000_000n, 28_000_000_000_000_000n, 600_000_000_000_000_000n, 400_000_000_000_000_000n, 256, PERQUINTILL)).toBe(
      649_519_052_838_328_985n,
    );
  });

  it("ports pow_ratio_scaled_handles_large_weight_denominators: three weight pairs all give 999999999999995238", () => {
    const cases: Array<[bigint, bigint]> = [
      [500_000_000_000_000_000n, 500_000_000_000_000_000n],
      [499_999_999_999_500_000n, 500_000_000_000_500_000n],
      [500_000_000_000_250_000n, 499_999_999_999_750_000n],
    ];
    for (const [w1, w2] of cases)
      expect(powRatioScaled(21_000_000_000_000_000n, 21_000_000_000_000_100n, w1, w2, 256, PERQUINTILL)).toBe(999_999_999_999_995_238n);
  });

  it("ports pow_ratio_scaled_converges_on_boundary_weights: 999999999999999952", () => {
    expect(powRatioScaled(21_000_000_000_000_000n, 21_000_000_000_000_001n, 499_999_999_500_000_000n, 500_000_000_500_000_000n, 256, PERQUINTILL)).toBe(
      999_999_999_999_999_952n,
    );
  });

  it("ports pow_ratio_scaled_exact_path_handles_high_exponent: (999999999 / 1000000001)^1023 × 1e6 > 0", () => {
    const r = powRatioScaled(999_999_999n, 1_000_000_001n, 1023n, 1n, 64, 1_000_000n);
    expect(r).not.toBeNull();
    expect(r! > 0n).toBe(true);
  });

  it("ports pow_ratio_scaled_uses_scale_to_pick_precision: precision 0 and 256 differ by at most 1", () => {
    const args = [123_456_789n, 987_654_321n, 987_654_321_123_456_789n, 123_456_789_987_654_321n] as const;
    const coarse = powRatioScaled(...args, 0, PERQUINTILL)!;
    const precise = powRatioScaled(...args, 256, PERQUINTILL)!;
    const d = coarse > precise ? coarse - precise : precise - coarse;
    expect(d <= 1n).toBe(true);
  });

  it("ports pow_ratio_scaled_handles_small_base_fractional_exponent: 0.1^0.500000000001 × 1e18 within 128 of f64", () => {
    const r = powRatioScaled(1n, 10n, 500_000_000_001n, 1_000_000_000_000n, 128, PERQUINTILL)!;
    const expected = BigInt(Math.floor(0.1 ** 0.500000000001 * 1e18));
    const d = r > expected ? r - expected : expected - r;
    expect(d <= 128n).toBe(true);
  });

  it("ports pow_ratio_scaled_handles_extreme_delta_x: within 1e6 of f64", () => {
    const x = 400_775_553n;
    const den = x + 14_446_633_907_665_582n;
    const w1 = 102_337_248_363_782_924n;
    const r = powRatioScaled(x, den, w1, PERQUINTILL - w1, 256, PERQUINTILL)!;
    const expected = BigInt(Math.floor((Number(x) / Number(den)) ** (Number(w1) / Number(PERQUINTILL - w1)) * 1e18));
    const d = r > expected ? r - expected : expected - r;
    expect(d <= 1_000_000n).toBe(true);
  });

  it("keeps the library's early returns: None for a zero denominator, 0 for a zero base, the scale for a zero exponent", () => {
    expect(powRatioScaled(5n, 0n, 1n, 2n, 256, PERQUINTILL)).toBeNull();
    expect(powRatioScaled(5n, 7n, 1n, 0n, 256, PERQUINTILL)).toBeNull();
    expect(powRatioScaled(0n, 7n, 1n, 2n, 256, PERQUINTILL)).toBe(0n);
    expect(powRatioScaled(7n, 5n, 0n, 3n, 256, PERQUINTILL)).toBe(PERQUINTILL);
  });

  it("refuses malformed input with a typed error naming the argument", () => {
    expect(() => powRatioScaled(-1n, 1n, 1n, 1n, 256, 1n)).toThrow(SwapInputError);
    expect(() => powRatioScaled(1n, 1n << 128n, 1n, 1n, 256, 1n)).toThrow(/baseDen/);
    expect(() => powRatioScaled(1n, 1n, 1n, 1n, 1.5, 1n)).toThrow(/precision/);
    try {
      powRatioScaled(1n, 1n, 1n << 64n, 1n, 256, 1n);
    } catch (e) {
      expect((e as SwapInputError).kind).toBe("bad-input");
      expect((e as SwapInputError).field).toBe("expNum");
    }
  });
});
