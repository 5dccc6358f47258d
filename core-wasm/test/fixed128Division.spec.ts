import { createCore } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

// The 128-bit fixed division's word paths (one-word divisors: three native steps; two-word
// divisors: Knuth's algorithm D with its rare corrections) against BigInt, on operands built from
// the words where those corrections happen: powers of two and their neighbours, all ones, the top
// bit alone or with the bottom one.
const WORDS = [
  0n,
  1n,
  2n,
  3n,
  0x7fff_ffff_ffff_ffffn,
  0x8000_0000_0000_0000n,
  0x8000_0000_0000_0001n,
  0xffff_ffff_ffff_fffen,
  0xffff_ffff_ffff_ffffn,
  0x1_0000_0001n,
  0xffff_ffffn,
];
const VALUES = WORDS.flatMap((hi) => WORDS.map((lo) => (hi << 64n) | lo)).filter((v) => v !== 0n);

describe.each(["release", "debug"] as const)("128-bit fixed division on corner words (%s build)", (target) => {
  const core = createCore(target);
  for (const [name, code, frac] of [
    ["U64F64", 2, 64n],
    ["U96F32", 3, 32n],
  ] as const) {
    it(`${name}: checkedDiv of every pair of ${VALUES.length} corner values equals (a << ${frac}) / b`, () => {
      let checked = 0;
      for (const a of VALUES)
        for (const b of VALUES) {
          const lo = BigInt.asUintN(
            64,
            core.call<bigint>("fixed128CheckedDiv", code, a >> 64n, a & 0xffff_ffff_ffff_ffffn, b >> 64n, b & 0xffff_ffff_ffff_ffffn),
          );
          const ok = core.call<number>("fixed128Ok") === 1;
          const q = (a << frac) / b;
          expect(ok, `${a} / ${b}`).toBe(q < 1n << 128n);
          if (ok) {
            const hi = BigInt.asUintN(64, core.call<bigint>("fixed128Hi"));
            expect((hi << 64n) | lo, `${a} / ${b}`).toBe(q);
            checked++;
          }
        }
      expect(checked).toBeGreaterThan(VALUES.length * 10);
    });
  }
});
