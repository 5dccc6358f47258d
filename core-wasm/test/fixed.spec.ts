import { type CoreInstance, createCore } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { floatToRational, I64_MAX, I64_MIN, ONE, ref } from "./fixedReference.js";

const RUNS = 10_000;
const edges = [
  I64_MIN,
  I64_MIN + 1n,
  -ONE - 1n,
  -ONE,
  -ONE + 1n,
  -1n,
  0n,
  1n,
  ONE - 1n,
  ONE,
  ONE + 1n,
  I64_MAX - 1n,
  I64_MAX,
  1n << 31n,
  -(1n << 31n),
  1n << 62n,
  -(1n << 62n),
];
/** i64 bits, biased toward edges, small values and values near ±1. */
const i64 = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(I64_MIN, I64_MAX) },
  { weight: 1, arbitrary: fc.constantFrom(...edges) },
  { weight: 2, arbitrary: fc.bigInt(-(1n << 40n), 1n << 40n) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...edges), fc.bigInt(-3n, 3n)).map(([e, d]) => {
      const x = e + d;
      return x > I64_MAX ? I64_MAX : x < I64_MIN ? I64_MIN : x;
    }),
  },
);

const asI64 = (x: unknown) => BigInt.asIntN(64, x as bigint);

describe.each(["release", "debug"] as const)("I32F32 in the %s build matches substrate_fixed", (target) => {
  const core: CoreInstance = createCore(target);
  const call = (name: string, ...args: Array<bigint | number>) => asI64(core.call(name, ...args));

  for (const op of ["Add", "Sub", "Mul", "Div"] as const) {
    it(`saturating${op} and checked${op} agree with the BigInt reference on ${RUNS} pairs`, () => {
      fc.assert(
        fc.property(i64, i64, (a, b) => {
          expect(call(`i32f32Saturating${op}`, a, b)).toBe(ref[`saturating${op}`](a, b));
          const c = call(`i32f32Checked${op}`, a, b);
          const expected = ref[`checked${op}`](a, b);
          expect(core.call<number>("i32f32LastOk")).toBe(expected === null ? 0 : 1);
          if (expected !== null) expect(c).toBe(expected);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`safeDiv is 0 on divide-by-zero and on overflow, exact otherwise (${RUNS} pairs)`, () => {
    fc.assert(
      fc.property(i64, i64, (a, b) => {
        expect(call("i32f32SafeDiv", a, b)).toBe(ref.safeDiv(a, b));
      }),
      { numRuns: RUNS },
    );
    expect(call("i32f32SafeDiv", ONE, 0n)).toBe(0n);
    expect(call("i32f32SafeDiv", I64_MAX, 1n)).toBe(0n);
  });

  it(`round() rounds ties away from zero and floor drops the fraction (${RUNS} values)`, () => {
    fc.assert(
      fc.property(i64, (a) => {
        expect(call("i32f32Round", a)).toBe(ref.round(a));
        expect(call("i32f32ToIntFloor", a)).toBe(ref.toIntFloor(a));
      }),
      { numRuns: RUNS },
    );
    expect(call("i32f32Round", ONE / 2n)).toBe(ONE);
    expect(call("i32f32Round", -ONE / 2n)).toBe(-ONE);
    expect(call("i32f32Round", ONE + ONE / 2n - 1n)).toBe(ONE);
  });

  it(`fromInt saturates outside ±2^31 and toU64Saturating clamps negatives to 0 (${RUNS} values)`, () => {
    fc.assert(
      fc.property(i64, (x) => {
        expect(call("i32f32FromInt", x)).toBe(ref.fromInt(x));
        const u = BigInt.asUintN(64, core.call<bigint>("i32f32ToU64Saturating", x));
        expect(u).toBe(x < 0n ? 0n : x >> 32n);
      }),
      { numRuns: RUNS },
    );
  });

  it("fromU16Proportion is x/65535 truncated, with 65535 → exactly 1 (every u16)", () => {
    for (let x = 0; x <= 65535; x++) {
      expect(call("i32f32FromU16Proportion", x)).toBe(ref.safeDiv(BigInt(x) * ONE, 65535n * ONE));
    }
  });

  it(`fromF64Bits rounds to nearest, ties to even, and saturates (${RUNS} doubles)`, () => {
    const dv = new DataView(new ArrayBuffer(8));
    const bitsOf = (x: number) => {
      dv.setFloat64(0, x);
      return dv.getBigUint64(0);
    };
    const doubles = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -3e9, max: 3e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((k) => k / 2 ** 33),
    );
    fc.assert(
      fc.property(doubles, (x) => {
        const [p, q] = floatToRational(x);
        expect(call("i32f32FromF64Bits", bitsOf(x))).toBe(ref.fromRational(p, q));
      }),
      { numRuns: RUNS },
    );
    expect(call("i32f32FromF64Bits", bitsOf(Infinity))).toBe(I64_MAX);
    expect(call("i32f32FromF64Bits", bitsOf(-Infinity))).toBe(I64_MIN);
    expect(call("i32f32FromF64Bits", bitsOf(NaN))).toBe(0n);
    // ties: 2^-33 is exactly half an ulp → rounds to even (0); 3 × 2^-33 → 2 ulps
    expect(call("i32f32FromF64Bits", bitsOf(2 ** -33))).toBe(0n);
    expect(call("i32f32FromF64Bits", bitsOf(3 * 2 ** -33))).toBe(2n);
  });

  it(`fromF32Bits converts the f32 value (not the decimal) with ties to even (${RUNS} floats)`, () => {
    const dv = new DataView(new ArrayBuffer(4));
    const bitsOf = (x: number) => {
      dv.setFloat32(0, x);
      return dv.getUint32(0);
    };
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const [p, q] = floatToRational(Math.fround(x));
        expect(call("i32f32FromF32Bits", bitsOf(x))).toBe(ref.fromRational(p, q));
      }),
      { numRuns: RUNS },
    );
  });
});
