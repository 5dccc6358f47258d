import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type EpochInput,
  type EpochInputArrays,
  EpochInputError,
  type EpochOutput,
  fromEpochOutputArrays,
  fromEpochTraceArrays,
  runEpoch,
  runEpochArrays,
  toEpochInputArrays,
  traceEpoch,
  traceEpochArrays,
} from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { epochInput } from "./epochArbitraries.js";

// The typed-array epoch must give exactly what the JSON epoch gives (and so the chain's vectors).
const dir = fileURLToPath(new URL("../../test/vectors/yuma/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.startsWith("test_") && f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { name: string; epochs: Array<{ label: string; input: EpochInput; expected: EpochOutput }> });

describe("runEpochArrays (typed arrays in and out)", () => {
  it("matches every expected field of the chain's vectors", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
    for (const c of cases) {
      for (const e of c.epochs) {
        const out = fromEpochOutputArrays(runEpochArrays(toEpochInputArrays(e.input)));
        for (const field of Object.keys(e.expected) as Array<keyof EpochOutput>) expect(out[field], `${c.name} ${e.label} ${field}`).toEqual(e.expected[field]);
      }
    }
  });

  it("equals runEpoch on 300 random subnets given as views at odd offsets of larger buffers, on the release and debug builds", () => {
    // a view of the same values that starts `pad` entries into a bigger buffer with junk around it
    const view = <T extends Uint8Array | Uint16Array | Uint32Array | BigUint64Array>(a: T, pad: number, make: (n: number) => T): T => {
      const big = make(a.length + 2 * pad);
      big.fill((typeof big[0] === "bigint" ? 7n : 7) as never);
      big.set(a as never, pad);
      return big.subarray(pad, pad + a.length) as T;
    };
    fc.assert(
      fc.property(epochInput(), fc.constantFrom("release" as const, "debug" as const), fc.integer({ min: 1, max: 5 }), (x, target, pad) => {
        const a = toEpochInputArrays(x);
        const m = (s: EpochInputArrays["weights"]) => ({
          rowPtr: view(s.rowPtr, pad, (k) => new Uint32Array(k)),
          cols: view(s.cols, pad, (k) => new Uint16Array(k)),
          values: view(s.values, pad, (k) => new Uint16Array(k)),
        });
        const viewed: EpochInputArrays = {
          ...a,
          stake: view(a.stake, pad, (k) => new BigUint64Array(k)),
          validatorPermit: view(a.validatorPermit, pad, (k) => new Uint8Array(k)),
          weights: m(a.weights),
          bonds: m(a.bonds),
          ...(a.commitBlock !== undefined && { commitBlock: view(a.commitBlock, pad, (k) => new BigUint64Array(k)) }),
        };
        expect(fromEpochOutputArrays(runEpochArrays(viewed, { target }))).toEqual(runEpoch(x, { target }));
      }),
      { numRuns: 300 },
    );
  });

  it("traces on typed arrays what traceEpoch traces (200 random subnets)", () => {
    fc.assert(
      fc.property(epochInput(), (x) => {
        expect(fromEpochTraceArrays(traceEpochArrays(toEpochInputArrays(x)))).toEqual(traceEpoch(x));
      }),
      { numRuns: 200 },
    );
  });

  it("takes the u64 scalars as bigints too (the devnet passes its own): the same output as with decimal strings", () => {
    for (const c of cases)
      for (const e of c.epochs) {
        const x = toEpochInputArrays(e.input);
        const big = { ...x, raoEmission: BigInt(x.raoEmission), bondsMovingAverage: BigInt(x.bondsMovingAverage), stakeThreshold: BigInt(x.stakeThreshold) };
        expect(runEpochArrays(big), `${c.name} ${e.label}`).toEqual(runEpochArrays(x));
      }
  });

  it("refuses a bigint u64 in the JSON input (its shape is decimal strings)", () => {
    const x = { ...cases[0]!.epochs[0]!.input, raoEmission: 5n } as unknown as EpochInput;
    expect(() => runEpoch(x)).toThrow(EpochInputError);
  });

  const base = (): EpochInputArrays => toEpochInputArrays(cases.find((c) => c.name.includes("bonds"))!.epochs[2]!.input);
  const bad: Array<[string, (x: EpochInputArrays) => void, string]> = [
    ["stake as strings", (x) => ((x as unknown as { stake: unknown }).stake = ["1"]), "stake"],
    ["a stake vector of the wrong length", (x) => (x.stake = new BigUint64Array(2)), "stake"],
    ["a fractional block", (x) => (x.lastUpdate = Float64Array.from(x.lastUpdate, (b, i) => (i === 3 ? b + 0.5 : b))), "lastUpdate[3]"],
    ["a permit of 2", (x) => (x.validatorPermit[1] = 2), "validatorPermit[1]"],
    ["a rowPtr of the wrong length", (x) => (x.weights.rowPtr = x.weights.rowPtr.subarray(1)), "weights.rowPtr"],
    ["a rowPtr that does not start at 0", (x) => (x.bonds.rowPtr = x.bonds.rowPtr.map((v) => v + 1)), "bonds.rowPtr[0]"],
    [
      "a decreasing rowPtr",
      (x) => {
        const r = x.weights.rowPtr;
        r[2] = r[3]! + 1;
      },
      "weights.rowPtr[3]",
    ],
    ["cols shorter than rowPtr[n]", (x) => (x.weights.cols = x.weights.cols.subarray(1)), "weights.cols"],
    ["a uid ≥ n", (x) => (x.weights.cols[0] = x.n), "weights.cols[0]"],
    [
      "a duplicate uid in a row",
      (x) => {
        const { rowPtr, cols } = x.bonds;
        const i = [...Array(x.n).keys()].find((r) => rowPtr[r + 1]! - rowPtr[r]! >= 2)!;
        cols[rowPtr[i]! + 1] = cols[rowPtr[i]!]!;
      },
      "bonds.cols",
    ],
    ["a missing kappa", (x) => delete (x as unknown as Record<string, unknown>).kappa, "kappa"],
    ["a negative bigint emission", (x) => (x.raoEmission = -1n), "raoEmission"],
    ["a bigint stake threshold above u64", (x) => (x.stakeThreshold = 1n << 64n), "stakeThreshold"],
    ["commit blocks as strings", (x) => ((x as unknown as { commitBlock: unknown }).commitBlock = Array.from(x.stake, String)), "commitBlock"],
    ["a commitBlock vector of the wrong length", (x) => (x.commitBlock = new BigUint64Array(x.n + 1)), "commitBlock"],
    ["a non-boolean commitRevealEnabled", (x) => ((x as unknown as { commitRevealEnabled: unknown }).commitRevealEnabled = 1), "commitRevealEnabled"],
  ];
  it.each(bad.map(([name, mutate, path]) => [name, path, mutate] as const))("rejects %s with an EpochInputError at %s", (_, path, mutate) => {
    const x = base();
    mutate(x);
    try {
      runEpochArrays(x);
      expect.unreachable("accepted a bad input");
    } catch (e) {
      expect(e).toBeInstanceOf(EpochInputError);
      expect((e as EpochInputError).path.startsWith(path)).toBe(true);
    }
  });
});
