import { blockEmission, EmissionInputError, emissionSchedule, emissionSplit, halvingInfo, TOTAL_SUPPLY } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const TAO = 1_000_000_000n;
/** The halving thresholds 21M × (1 − 2^−k) TAO, in rao. */
const threshold = (k: number) => TOTAL_SUPPLY - TOTAL_SUPPLY / 2n ** BigInt(k);

/** Independent BigInt restatement of get_block_emission_for_issuance in I96F32 bits. */
function reference(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  const ONE = 1n << 32n;
  const x = (issuance * ONE) / TOTAL_SUPPLY; // (total << 32) / (21e15 << 32) in fixed bits
  const y = ONE - x;
  const z = (ONE * ONE) / y;
  const k = BigInt(z.toString(2).length - 1 - 32);
  const pct = (ONE * ONE) / (ONE << k); // safe_div(1, 2^k)
  return (pct * TAO) >> 32n;
}

describe.each(["release", "debug"] as const)("block emission (%s build)", (target) => {
  it("is 1 TAO below 10.5M TAO issued, 0.5 from exactly 10.5M, 0.25 from 15.75M, and 0 at 21M", () => {
    expect(blockEmission(0n, target)).toBe(1_000_000_000n);
    expect(blockEmission(10_500_000n * TAO - 1n, target)).toBe(1_000_000_000n);
    expect(blockEmission(10_500_000n * TAO, target)).toBe(500_000_000n);
    expect(blockEmission(15_750_000n * TAO, target)).toBe(250_000_000n);
    expect(blockEmission(21_000_000n * TAO, target)).toBe(0n);
    expect(blockEmission(21_000_000n * TAO + 1n, target)).toBe(0n);
  });

  it.each([1, 2, 3, 4, 5])("halves exactly at threshold %i (checked at ±1 rao)", (k) => {
    const t = threshold(k);
    expect(blockEmission(t - 1n, target)).toBe(TAO / 2n ** BigInt(k - 1));
    expect(blockEmission(t, target)).toBe(TAO / 2n ** BigInt(k));
    expect(blockEmission(t + 1n, target)).toBe(TAO / 2n ** BigInt(k));
  });

  it("matches an independent BigInt restatement on 5,000 random issuances", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt(0n, TOTAL_SUPPLY + 10n),
          fc.integer({ min: 1, max: 40 }).chain((k) => fc.bigInt(-3n, 3n).map((d) => threshold(k) + d)),
        ),
        (i) => {
          expect(blockEmission(i < 0n ? 0n : i, target)).toBe(reference(i < 0n ? 0n : i));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("halving info and schedule", () => {
  it("names the halvings so far and the issuance of the next drop", () => {
    expect(halvingInfo(0n)).toEqual({ blockEmission: TAO, halvings: 0, nextHalvingIssuance: threshold(1) });
    expect(halvingInfo(threshold(1))).toEqual({ blockEmission: TAO / 2n, halvings: 1, nextHalvingIssuance: threshold(2) });
    expect(halvingInfo(TOTAL_SUPPLY)).toEqual({ blockEmission: 0n, halvings: 0, nextHalvingIssuance: null });
  });

  it("projects the first halving at block 10,500,000 from zero issuance", () => {
    const s = emissionSchedule(0n, 30_000_000, 1_000_000);
    expect(s.halvings[0]).toEqual({ block: 10_500_000, issuance: threshold(1), blockEmission: TAO / 2n });
    expect(s.halvings[1]!.block).toBe(10_500_000 + 10_500_000);
    expect(s.points).toHaveLength(31);
    expect(s.points.at(-1)!.issuance).toBe(threshold(2) + 9_000_000n * (TAO / 4n));
  });
});

describe("emission split", () => {
  it("takes the owner cut (11,796/65,535), then 50/50 to miners and validators less root alpha", () => {
    const ONE = 1n << 32n;
    const alpha = 1_000_000_000n;
    const pct = (11_796n * ONE * ONE) / (65_535n * ONE);
    const owner = (alpha * ONE * pct) >> 64n;
    const rest = alpha * ONE - ((alpha * ONE * pct) >> 32n);
    const server = (rest * (ONE / 2n)) >> 32n;
    const root = ONE / 4n; // 0.25
    const rootAlpha = (((root * rest) >> 32n) * (ONE / 2n)) >> 32n;
    const validator = rest - server - rootAlpha;
    expect(emissionSplit({ alphaOut: alpha, rootProportionBits: root })).toEqual({
      ownerCut: owner,
      server: server >> 32n,
      validator: validator >> 32n,
      rootAlpha: rootAlpha >> 32n,
    });
    expect(owner).toBe(179_995_422n); // ≈ 18 %
  });

  it("skips the cut when disabled and gives validators half without root stake", () => {
    expect(emissionSplit({ alphaOut: 1000n, ownerCutEnabled: false })).toEqual({ ownerCut: 0n, server: 500n, validator: 500n, rootAlpha: 0n });
  });
});

describe("emission bad input", () => {
  it.each([
    ["a negative issuance", () => blockEmission(-1n), "issuance"],
    ["an issuance above u64", () => blockEmission(1n << 64n), "issuance"],
    ["a fractional issuance", () => blockEmission(1.5), "issuance"],
    ["an owner cut above u16", () => emissionSplit({ alphaOut: 1n, ownerCut: 70_000 }), "ownerCut"],
    ["a root proportion above one", () => emissionSplit({ alphaOut: 1n, rootProportionBits: (1n << 32n) + 1n }), "rootProportionBits"],
    ["a zero schedule step", () => emissionSchedule(0n, 10, 0), "step"],
  ])("rejects %s with an EmissionInputError naming the field", (_, f, field) => {
    expect(f).toThrowError(EmissionInputError);
    try {
      f();
    } catch (e) {
      expect((e as EmissionInputError).field).toBe(field);
      expect((e as Error).message).toMatch(new RegExp(`^${field}: expected`));
    }
  });
});
