import { createCore } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { floatToRational } from "./fixedReference.js";

const RUNS = 10_000;
const TYPES = [
  { name: "I64F64", code: 0, frac: 64n, min: -(1n << 127n), max: (1n << 127n) - 1n },
  { name: "I96F32", code: 1, frac: 32n, min: -(1n << 127n), max: (1n << 127n) - 1n },
  { name: "U64F64", code: 2, frac: 64n, min: 0n, max: (1n << 128n) - 1n },
  { name: "U96F32", code: 3, frac: 32n, min: 0n, max: (1n << 128n) - 1n },
] as const;

const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

describe.each(["release", "debug"] as const)("128-bit fixed point in the %s build matches substrate_fixed", (target) => {
  const core = createCore(target);
  const split = (x: bigint) => [BigInt.asUintN(64, x >> 64n), BigInt.asUintN(64, x)] as const;
  const join = (lo: bigint, signed: boolean) => {
    const hi = BigInt.asUintN(64, core.call<bigint>("fixed128Hi"));
    const u = (hi << 64n) | BigInt.asUintN(64, lo);
    return signed ? BigInt.asIntN(128, u) : u;
  };

  describe.each(TYPES)("$name", (T) => {
    const signed = T.min < 0n;
    const one = 1n << T.frac;
    const fits = (x: bigint) => x >= T.min && x <= T.max;
    const sat = (x: bigint) => (x > T.max ? T.max : x < T.min ? T.min : x);
    const edges = [T.min, T.min + 1n, 0n, 1n, one - 1n, one, one + 1n, T.max - 1n, T.max, ...(signed ? [-1n, -one, -one - 1n, -one + 1n] : [])];
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.bigInt(T.min, T.max) },
      { weight: 1, arbitrary: fc.constantFrom(...edges) },
      { weight: 2, arbitrary: fc.bigInt(signed ? -(1n << 80n) : 0n, 1n << 80n) },
    );
    const ref = {
      Add: (a: bigint, b: bigint) => a + b,
      Sub: (a: bigint, b: bigint) => a - b,
      Mul: (a: bigint, b: bigint) => floorDiv(a * b, one),
      Div: (a: bigint, b: bigint) => (b === 0n ? null : (a * one) / b),
    };
    const op = (name: string, a: bigint, b: bigint) => join(core.call<bigint>(name, T.code, ...split(a), ...split(b)), signed);

    for (const o of ["Add", "Sub", "Mul", "Div"] as const) {
      it(`saturating${o} and checked${o} agree with the BigInt reference (${RUNS} pairs)`, () => {
        fc.assert(
          fc.property(value, value, (a, b) => {
            const exact = ref[o](a, b);
            const s = op(`fixed128Saturating${o}`, a, b);
            if (exact === null) expect(s).toBe(a < 0n ? T.min : T.max);
            else expect(s).toBe(sat(exact));
            const c = op(`fixed128Checked${o}`, a, b);
            const okExpected = exact !== null && fits(exact);
            expect(core.call<number>("fixed128Ok")).toBe(okExpected ? 1 : 0);
            if (okExpected) expect(c).toBe(exact);
            const sd = op("fixed128SafeDiv", a, b);
            const q = ref.Div(a, b);
            expect(sd).toBe(q !== null && fits(q) ? q : 0n);
          }),
          { numRuns: RUNS },
        );
      });
    }

    it(`converts from integers and floats, and to u64/i64 saturating (${RUNS} values)`, () => {
      const dv = new DataView(new ArrayBuffer(8));
      const bitsOf = (x: number) => {
        dv.setFloat64(0, x);
        return dv.getBigUint64(0);
      };
      fc.assert(
        fc.property(fc.bigInt(-(1n << 63n), (1n << 63n) - 1n), fc.double({ noNaN: true }), value, (i, d, v) => {
          expect(join(core.call<bigint>("fixed128FromInt", T.code, i), signed)).toBe(sat(i * one));
          expect(join(core.call<bigint>("fixed128FromU64", T.code, BigInt.asUintN(64, i)), signed)).toBe(sat(BigInt.asUintN(64, i) * one));
          if (Number.isFinite(d)) {
            const [p, q] = floatToRational(d);
            const num = p * one;
            let t = num / q;
            const rem = num - t * q;
            const twice = 2n * (rem < 0n ? -rem : rem);
            if (twice > q || (twice === q && (t & 1n) !== 0n)) t += num < 0n ? -1n : 1n;
            expect(join(core.call<bigint>("fixed128FromF64Bits", T.code, bitsOf(d)), signed)).toBe(sat(t));
          }
          const [hi, lo] = split(v);
          const int = floorDiv(v, one);
          const u64Max = (1n << 64n) - 1n;
          expect(BigInt.asUintN(64, core.call<bigint>("fixed128ToU64Saturating", T.code, hi, lo))).toBe(int < 0n ? 0n : int > u64Max ? u64Max : int);
          const i64 = int < -(1n << 63n) ? -(1n << 63n) : int > (1n << 63n) - 1n ? (1n << 63n) - 1n : int;
          expect(core.call<bigint>("fixed128ToI64Saturating", T.code, hi, lo)).toBe(i64);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
