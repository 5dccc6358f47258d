import { describe, expect, it } from "vitest";
import { checkParams, PARAMS } from "./params.js";

// checkParams takes a plain-code path for the calls a simulation makes thousands of times an epoch
// (setWeights, revealWeights, dev_advance); it must accept exactly what the zod schemas accept and
// give the same values, and a refused call still names the parameter.

/** xorshift32, so the cases are the same every run. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const odd: unknown[] = [-1, 65536, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, "7", 7n, null, undefined, true, [], 2 ** 32 + 3, -65536];

describe("checkParams' plain-code path", () => {
  it("accepts and refuses setWeights, revealWeights and dev_advance exactly as their schemas do", () => {
    const next = rng(11);
    const list = () => {
      const v: unknown[] = Array.from({ length: next() % 6 }, () => next() % 65536);
      if (next() % 3 === 0 && v.length > 0) v[next() % v.length] = odd[next() % odd.length];
      return next() % 17 === 0 ? "not a list" : v;
    };
    const scalar = (good: () => unknown) => (next() % 4 === 0 ? odd[next() % odd.length] : good());
    let refused = 0;
    for (let k = 0; k < 3000; k++) {
      const cases: Array<[keyof typeof PARAMS, unknown[]]> = [
        ["setWeights", [scalar(() => next() % 65536), list(), list(), scalar(() => BigInt(next()))]],
        ["revealWeights", [scalar(() => next() % 65536), list(), list(), list(), scalar(() => BigInt(next()) << 32n)]],
        ["dev_advance", next() % 5 === 0 ? [] : [scalar(() => next() % 100_001)]],
      ];
      for (const [method, params] of cases) {
        const full = params.concat(Array((PARAMS[method] as unknown as { def: { items: unknown[] } }).def.items.length - params.length).fill(undefined));
        const schema = PARAMS[method].safeParse(full);
        if (schema.success) expect(checkParams(method, params)).toEqual(schema.data);
        else {
          refused++;
          expect(() => checkParams(method, params)).toThrow(
            expect.objectContaining({ code: "INVALID_ARGUMENT", field: expect.stringMatching(new RegExp(`^${method}\\.`)) }),
          );
        }
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it("names the element at fault", () => {
    expect(() => checkParams("setWeights", [1, [0, 1], [5, 1.5], 0n])).toThrow(expect.objectContaining({ field: "setWeights.weights[1]" }));
    expect(() => checkParams("dev_advance", [100_001])).toThrow(expect.objectContaining({ field: "dev_advance.blocks" }));
  });
});
