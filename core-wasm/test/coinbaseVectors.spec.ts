import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CoinbaseInput,
  type CoinbaseOutput,
  coinbaseStep,
  coinbaseStepArrays,
  fromCoinbaseArrays,
  fromCoinbaseComputedArrays,
  toCoinbaseArrays,
} from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

// The chain's own coinbase tests as whole blocks (test/vectors/coinbase, FORMAT.md and SOURCE.md there).
const dir = fileURLToPath(new URL("../../test/vectors/coinbase/", import.meta.url));
interface Step {
  label: string;
  input: CoinbaseInput;
  expected: CoinbaseOutput;
}
const files = readdirSync(dir)
  .filter((f) => f.startsWith("test_") && f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { name: string; steps: Step[] });

describe.each(["release", "debug"] as const)("coinbase step vs the chain's tests (%s build)", (target) => {
  it("has every vector file (33 files, 59 steps)", () => {
    expect(files).toHaveLength(33);
    expect(files.reduce((n, f) => n + f.steps.length, 0)).toBe(59);
  });

  for (const f of files) {
    it(`${f.name}: every step's whole state and computed values match`, () => {
      for (const [i, s] of f.steps.entries()) {
        const out = coinbaseStep(s.input, { target });
        expect(out.state, `${f.name} step ${i} (${s.label}) state`).toEqual(s.expected.state);
        expect(out.computed, `${f.name} step ${i} (${s.label}) computed`).toEqual(s.expected.computed);
      }
    });
  }
});

describe("the typed form", () => {
  it("gives the same state and computed values as the JSON form on every vector step, and leaves its input unchanged", () => {
    for (const f of files) {
      for (const s of f.steps) {
        const x = toCoinbaseArrays(s.input);
        const before = [x.header.slice(), x.subnets.slice(), x.neurons.slice()];
        const out = coinbaseStepArrays(x);
        expect([x.header, x.subnets, x.neurons]).toEqual(before);
        expect(fromCoinbaseArrays(out.state)).toEqual(s.expected.state);
        expect(fromCoinbaseComputedArrays(out.computed, out.state)).toEqual(s.expected.computed);
      }
    }
  });

  it("steps in place into reused output arrays, block after block, with the same values", () => {
    const f = files.find((x) => x.name === "test_pending_emission_start_call_not_done")!;
    const x = toCoinbaseArrays(f.steps[0]!.input);
    const first = coinbaseStepArrays(x);
    const computed = { header: first.computed.header.slice(), subnets: first.computed.subnets.slice(), neurons: first.computed.neurons.slice() };
    for (const s of f.steps) {
      x.header[0] = BigInt(s.input.blockNumber); // blockNumber
      const out = coinbaseStepArrays(x, { inPlace: true, computed });
      expect(out.state.header).toBe(x.header);
      expect(out.computed.subnets).toBe(computed.subnets);
      expect(fromCoinbaseArrays(x)).toEqual(s.expected.state);
      expect(fromCoinbaseComputedArrays(computed, x)).toEqual(s.expected.computed);
    }
    expect(() => coinbaseStepArrays(x, { computed: { ...computed, neurons: new BigUint64Array(1) } })).toThrow(/options\.computed\.neurons/);
  });

  it("round-trips every vector input (the state shape is the input without blockEmission)", () => {
    for (const f of files) {
      for (const s of f.steps) {
        const { blockEmission: _, ...state } = s.input;
        expect(fromCoinbaseArrays(toCoinbaseArrays(s.input))).toEqual(state);
      }
    }
  });

  it("chains: each step's output state, with the next block number, is a valid input", () => {
    const f = files.find((x) => x.name === "test_pending_emission_start_call_not_done")!;
    let state: CoinbaseInput = f.steps[0]!.input;
    for (const s of f.steps) {
      const out = coinbaseStep({ ...state, blockNumber: s.input.blockNumber });
      expect(out).toEqual(s.expected);
      state = out.state;
    }
  });
});
