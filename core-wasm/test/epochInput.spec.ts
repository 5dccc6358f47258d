import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type EpochInput, EpochInputError, runEpoch, toEpochInputArrays, validateEpochInput } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { epochInput } from "./epochArbitraries.js";

const vector = JSON.parse(readFileSync(fileURLToPath(new URL("../../test/vectors/yuma/test_bonds.json", import.meta.url)), "utf8")) as {
  epochs: Array<{ input: EpochInput }>;
};
const base = (): Record<string, unknown> => structuredClone(vector.epochs[2]!.input) as unknown as Record<string, unknown>;

describe("EpochInput validation", () => {
  const cases: Array<[string, (x: Record<string, unknown>) => void, string]> = [
    ["n = 0", (x) => (x.n = 0), "n"],
    ["n > 65535", (x) => (x.n = 65536), "n"],
    ["a stake array of the wrong length", (x) => (x.stake = ["1"]), "stake"],
    ["a negative stake", (x) => ((x.stake as string[])[1] = "-5"), "stake[1]"],
    ["a fractional stake", (x) => ((x.stake as unknown[])[2] = "1.5"), "stake[2]"],
    ["a stake above u64", (x) => ((x.stake as unknown[])[0] = "18446744073709551616"), "stake[0]"],
    ["a weight uid ≥ n", (x) => ((x.weights as unknown[][])[0] = [[8, 1]]), "weights[0][0][0]"],
    [
      "a duplicate uid in a row",
      (x) =>
        ((x.weights as unknown[][])[1] = [
          [4, 1],
          [4, 2],
        ]),
      "weights[1][1][0]",
    ],
    ["a weight above u16", (x) => ((x.weights as unknown[][])[0] = [[4, 65536]]), "weights[0][0][1]"],
    ["a bond that is not a pair", (x) => ((x.bonds as unknown[][])[3] = [[4]]), "bonds[3][0]"],
    ["a missing kappa", (x) => delete x.kappa, "kappa"],
    ["a missing bondsMovingAverage", (x) => delete x.bondsMovingAverage, "bondsMovingAverage"],
    ["a missing tempo", (x) => delete x.tempo, "tempo"],
    [
      "liquid alpha without its alphas",
      (x) => {
        x.liquidAlpha = true;
        delete x.alphaLow;
      },
      "alphaLow",
    ],
    ["a non-boolean permit", (x) => ((x.validatorPermit as unknown[])[0] = 1), "validatorPermit[0]"],
    ["an owner uid ≥ n", (x) => (x.ownerUid = 8), "ownerUid"],
    ["a missing ownerUid", (x) => delete x.ownerUid, "ownerUid"],
    ["a commitBlock of the wrong length", (x) => (x.commitBlock = [null, "5"]), "commitBlock"],
    ["a commitBlock that is not an array", (x) => (x.commitBlock = "5"), "commitBlock"],
    ["a non-numeric commit block", (x) => (x.commitBlock = [null, "soon", null, null, null, null, null, null]), "commitBlock[1]"],
    ["a negative commit block", (x) => (x.commitBlock = [null, null, -4, null, null, null, null, null]), "commitBlock[2]"],
    ["a fractional commit block", (x) => (x.commitBlock = [null, null, null, "1.5", null, null, null, null]), "commitBlock[3]"],
    ["a commit block above u64", (x) => (x.commitBlock = ["18446744073709551616", null, null, null, null, null, null, null]), "commitBlock[0]"],
    ["a commit block of 21 digits", (x) => (x.commitBlock = [null, null, null, null, null, null, null, "100000000000000000000"]), "commitBlock[7]"],
    ["an undefined commit block", (x) => (x.commitBlock = [null, null, null, undefined, null, null, null, null]), "commitBlock[3]"],
    ["a non-boolean commitRevealEnabled", (x) => (x.commitRevealEnabled = "yes"), "commitRevealEnabled"],
  ];

  it.each(cases.map(([name, mutate, path]) => [name, path, mutate] as const))("rejects %s with an EpochInputError naming %s", (_, path, mutate) => {
    const x = base();
    mutate(x);
    try {
      runEpoch(x as unknown as EpochInput);
      expect.unreachable("accepted a bad input");
    } catch (e) {
      expect(e).toBeInstanceOf(EpochInputError);
      expect((e as EpochInputError).path).toBe(path);
      expect((e as Error).message).toMatch(/expected|duplicate/);
    }
  });

  it("accepts commit blocks as decimal strings, safe integers or null, up to 2^64 − 1", () => {
    const x = base() as unknown as EpochInput;
    x.commitRevealEnabled = true;
    x.commitBlock = ["18446744073709551615", null, "0", 7 as unknown as string, null, "123", null, null];
    expect(toEpochInputArrays(x).commitBlock).toEqual(
      new BigUint64Array([2n ** 64n - 1n, 2n ** 64n - 1n, 0n, 7n, 2n ** 64n - 1n, 123n, 2n ** 64n - 1n, 2n ** 64n - 1n]),
    );
  });

  it("rejects values that are not objects at all", () => {
    for (const v of [null, 42, "x", [], undefined]) expect(() => runEpoch(v as unknown as EpochInput)).toThrowError(EpochInputError);
  });

  it.each(["stake", "lastUpdate", "blockAtRegistration", "validatorPermit"])("reports a hole in %s as a missing value", (field) => {
    const x = base();
    delete (x[field] as unknown[])[2];
    expect(() => runEpoch(x as unknown as EpochInput)).toThrowError(
      expect.objectContaining({ path: `${field}[2]`, message: expect.stringMatching(/missing/) }),
    );
  });

  it("gives the same first error from toEpochInputArrays (which converts as it checks) as from validateEpochInput", () => {
    for (const [, mutate] of cases) {
      const x = base();
      mutate(x);
      const error = (f: () => unknown) => {
        try {
          f();
          return null;
        } catch (e) {
          return e as EpochInputError;
        }
      };
      const checked = error(() => validateEpochInput(x));
      const converted = error(() => toEpochInputArrays(x as unknown as EpochInput));
      expect(checked).toBeInstanceOf(EpochInputError);
      expect([converted?.path, converted?.message]).toEqual([checked?.path, checked?.message]);
    }
  });
});

/** Random corruption of a valid input: only EpochInputError may come out, never a trap or crash. */
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(NaN),
  fc.constant(-1),
  fc.constant(1.5),
  fc.constant(1e20),
  fc.constant("x"),
  fc.constant("-3"),
  fc.constant([]),
  fc.constant([[70000, 1]]),
  fc.constant({}),
  fc.integer(),
  fc.string(),
  fc.constant([
    [0, 1],
    [0, 2],
  ]),
);

describe("EpochInput fuzz", () => {
  it("turns 2,000 malformed inputs into EpochInputErrors (or valid runs), never a trap", () => {
    let rejected = 0;
    fc.assert(
      fc.property(epochInput(8), fc.array(fc.tuple(fc.nat(), fc.nat(), junk), { minLength: 1, maxLength: 3 }), (input, edits) => {
        const x = input as unknown as Record<string, unknown>;
        for (const [a, b, v] of edits) {
          const keys = Object.keys(x);
          const key = keys[a % keys.length]!;
          const cur = x[key];
          if (Array.isArray(cur) && cur.length > 0 && b % 2 === 0) {
            const i = b % cur.length;
            if (Array.isArray(cur[i]) && cur[i].length > 0 && b % 4 === 0) (cur[i] as unknown[])[b % (cur[i] as unknown[]).length] = v;
            else cur[i] = v;
          } else x[key] = v;
        }
        try {
          runEpoch(x as unknown as EpochInput);
        } catch (e) {
          expect(e).toBeInstanceOf(EpochInputError);
          rejected++;
        }
      }),
      { numRuns: 2000 },
    );
    // most corruptions are caught; the rest land where any value is valid
    expect(rejected).toBeGreaterThan(1000);
  });
});
