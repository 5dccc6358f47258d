import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CoreInstance, CoreTrapError, createCore } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { I64_MAX, I64_MIN, ONE, ref } from "./fixedReference.js";

// The native (u64) fast paths of I32F32 must give the bits of the general 128-bit paths:
// checkedMul/checkedDiv against the BigInt reference right at the fast paths' boundaries, and
// `exp` (native for |x| ≤ 20) against `expSeries`, the literal checked port of the chain's series.
const NONE = I64_MIN;
const asI64 = (x: unknown) => BigInt.asIntN(64, x as bigint);
const around = (c: bigint) => [c - 2n, c - 1n, c, c + 1n, c + 2n, -c - 2n, -c - 1n, -c, -c + 1n, -c + 2n];
// magnitudes at the fast paths' limits: 2^32 (1.0), 2^31, 2^33 and a few arbitrary ones below 1.0
const boundary = fc.oneof(
  fc.constantFrom(...[ONE, ONE >> 1n, ONE << 1n, 3n, 0xffff_ffffn, 0x1234_5678n].flatMap(around)),
  fc.bigInt(-(ONE - 1n), ONE - 1n),
  fc.bigInt(I64_MIN, I64_MAX),
);

describe.each(["release", "debug"] as const)("I32F32 fast paths in the %s build", (target) => {
  const core: CoreInstance = createCore(target);
  const call = (name: string, ...args: Array<bigint | number>) => asI64(core.call(name, ...args));
  const lastOk = () => core.call<number>("i32f32LastOk") === 1;

  it("checkedMul and checkedDiv agree with the BigInt reference around ±1.0 (20,000 pairs each)", () => {
    fc.assert(
      fc.property(boundary, boundary, (a, b) => {
        const m = call("i32f32CheckedMul", a, b);
        const em = ref.checkedMul(a, b);
        expect(lastOk()).toBe(em !== null);
        if (em !== null) expect(m).toBe(em);
        const d = call("i32f32CheckedDiv", a, b);
        const ed = ref.checkedDiv(a, b);
        expect(lastOk()).toBe(ed !== null);
        if (ed !== null) expect(d).toBe(ed);
      }),
      { numRuns: 20_000 },
    );
  });

  it("exp equals the literal series port on a sweep of [−21, 21] and densely around 0, ±1, ±20", () => {
    const compare = (start: bigint, count: number, step: bigint) => expect(call("i32f32ExpCompare", start, count, step), `from ${start}`).toBe(NONE);
    compare(-21n * ONE, target === "release" ? 2_000_000 : 200_000, (42n * ONE) / (target === "release" ? 2_000_000n : 200_000n) + 7n);
    for (const c of [0n, ONE, -ONE, 20n * ONE, -20n * ONE, 5n * ONE, -5n * ONE]) compare(c - 3000n, 6000, 1n);
    compare(I64_MIN, 1000, (1n << 54n) + 12_345n);
  });

  it("expNativeSum4 (four interleaved series, ending at different steps) equals exp, around the special points included", () => {
    const compare = (start: bigint, count: number, step: bigint) => expect(call("i32f32ExpQuadCompare", start, count, step), `from ${start}`).toBe(NONE);
    compare(-21n * ONE, target === "release" ? 1_000_000 : 100_000, (42n * ONE) / (target === "release" ? 1_000_000n : 100_000n) + 3n);
    for (const c of [0n, ONE, -ONE, 20n * ONE, -20n * ONE]) compare(c - 1000n, 2001, 1n);
  });

  it("expNativeBounds brackets the series' sum at both edges of every table bucket and on a sweep of [1, 8)", () => {
    const check = (start: bigint, count: number, step: bigint) => expect(call("i32f32ExpBoundsCheck", start, count, step), `from ${start}`).toBe(NONE);
    const bucket = 1n << 25n; // 1/128
    for (let k = 128n; k < 1024n; k++) {
      const from = k * bucket - 3n > ONE ? k * bucket - 3n : ONE;
      check(from, 6, 1n);
      check(k * bucket + bucket / 2n - 1n, 3, 1n);
    }
    check(8n * ONE - 6n, 6, 1n);
    const points = target === "release" ? 1_000_000 : 100_000;
    check(ONE + 12_345n, points, (7n * ONE) / BigInt(points) - 1n);
  });

  it("expNativeBounds stops with a CoreTrapError, not a read past its table, for x outside [1, 8)", () => {
    for (const x of [ONE - 1n, 8n * ONE, 20n * ONE, 0n]) expect(() => call("i32f32ExpBoundsCheck", x, 1, 1n), `x = ${x}`).toThrow(CoreTrapError);
    expect(call("i32f32ExpBoundsCheck", 8n * ONE - 1n, 1, 1n)).toBe(NONE);
  });

  it("expNativeBounds is tight where the liquid-alpha EMA uses it: under 50 ulps up to 2.0, under 2,400 up to 8.0", () => {
    expect(call("i32f32ExpBoundsWidth", ONE, 10_000, ONE / 10_000n)).toBeLessThan(50n);
    expect(call("i32f32ExpBoundsWidth", 2n * ONE, 10_000, (6n * ONE - 1n) / 10_000n)).toBeLessThan(2400n);
  });

  it("exp is e's stored bits at 1, 1 at 0, and the series at −1 (the chain's special cases)", () => {
    expect(call("i32f32Exp", ONE)).toBe(22_802_601n << 9n);
    expect(call("i32f32Exp", 0n)).toBe(ONE);
    expect(call("i32f32Exp", -ONE)).toBe(call("i32f32ExpSeries", -ONE));
  });

  it("expSafe clamps to ±20 and matches exp there", () => {
    expect(call("i32f32ExpSafe", 40n * ONE)).toBe(call("i32f32ExpSeries", 20n * ONE));
    expect(call("i32f32ExpSafe", -40n * ONE)).toBe(call("i32f32ExpSeries", -20n * ONE));
    expect(call("i32f32ExpSafe", I64_MAX)).toBe(call("i32f32ExpSeries", 20n * ONE));
  });
});

describe("expNativeBounds' table", () => {
  it("is what its script generates (E_k from a 256-bit sum, the shortfall bounds with their slack)", async () => {
    const { expBoundsTableSource } = await import("../scripts/expBoundsTable.mjs");
    const committed = readFileSync(fileURLToPath(new URL("../assembly/fixed/expBoundsTable.ts", import.meta.url)), "utf8");
    expect(committed).toBe(expBoundsTableSource());
  });
});

describe.each(["release", "debug"] as const)("I64F64 / U64F64 division of whole numbers in the %s build (the native 128÷64 path)", (target) => {
  const core: CoreInstance = createCore(target);
  const M64 = (1n << 64n) - 1n;
  it("checkedDiv of A·2^64 by B·2^64 is ⌊A·2^64 / B⌋ toward zero, with overflow reported (5,000 pairs per type)", () => {
    for (const [code, signed] of [
      [0, true],
      [2, false],
    ] as const) {
      fc.assert(
        fc.property(
          fc.bigInt(signed ? -(1n << 63n) : 0n, signed ? (1n << 63n) - 1n : M64),
          fc.bigInt(signed ? -(1n << 63n) : 1n, signed ? (1n << 63n) - 1n : M64),
          (a, b) => {
            if (b === 0n) return;
            const lo = core.call<bigint>("fixed128CheckedDiv", code, BigInt.asUintN(64, a), 0n, BigInt.asUintN(64, b), 0n);
            const raw = (BigInt.asUintN(64, core.call<bigint>("fixed128Hi")) << 64n) | BigInt.asUintN(64, lo);
            const q = (a << 64n) / b; // truncates toward zero like the crate
            const fits = signed ? q >= -(1n << 127n) && q < 1n << 127n : q >= 0n && q < 1n << 128n;
            expect(core.call<number>("fixed128Ok") === 1).toBe(fits);
            if (fits) expect(signed ? BigInt.asIntN(128, raw) : raw).toBe(q);
          },
        ),
        { numRuns: 5_000 },
      );
    }
  });
});
