/**
 * The neuron flag `emissionAmounts`: a host that split the emission between mechanisms hands each
 * uid's server and validator alpha as amounts instead of the epoch's shares. Given the amounts the
 * shares produce, the step must come out the same, word for word.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  CB_NEURON,
  CB_OUT_NEURON,
  COINBASE_NEURON,
  COINBASE_NEURON_FLAGS,
  COINBASE_OUT_NEURON,
  type CoinbaseInput,
  CoinbaseInputError,
  coinbaseStepArrays,
  toCoinbaseArrays,
} from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

const vector = JSON.parse(readFileSync(fileURLToPath(new URL("../../test/vectors/coinbase/test_burn_key_sorting.json", import.meta.url)), "utf8")) as {
  steps: Array<{ input: CoinbaseInput }>;
};

describe("coinbase neuron flag emissionAmounts", () => {
  it("the amounts the shares give, handed as amounts, give the same step", () => {
    const withShares = toCoinbaseArrays(vector.steps[0]!.input);
    const n = withShares.neurons.length / COINBASE_NEURON.length;
    expect(n).toBeGreaterThan(0);
    const a = coinbaseStepArrays(withShares);
    const asAmounts = { header: withShares.header.slice(), subnets: withShares.subnets.slice(), neurons: withShares.neurons.slice() };
    let paid = 0n;
    for (let i = 0; i < n; i++) {
      const k = i * COINBASE_NEURON.length;
      const o = i * COINBASE_OUT_NEURON.length;
      asAmounts.neurons[k + CB_NEURON.serverShare] = a.computed.neurons[o + CB_OUT_NEURON.serverEmission]!;
      asAmounts.neurons[k + CB_NEURON.validatorShare] = a.computed.neurons[o + CB_OUT_NEURON.validatorEmission]!;
      asAmounts.neurons[k + CB_NEURON.flags]! |= BigInt(COINBASE_NEURON_FLAGS.emissionAmounts);
      paid += a.computed.neurons[o + CB_OUT_NEURON.serverEmission]! + a.computed.neurons[o + CB_OUT_NEURON.validatorEmission]!;
    }
    expect(paid).toBeGreaterThan(0n); // the vector's epoch pays someone
    const b = coinbaseStepArrays(asAmounts);
    expect(b.computed).toEqual(a.computed);
    expect(b.state.header).toEqual(a.state.header);
    expect(b.state.subnets).toEqual(a.state.subnets);
    // the neuron words differ only in the flag and the two words that now hold amounts
    for (let i = 0; i < n; i++) {
      const k = i * COINBASE_NEURON.length;
      expect(b.state.neurons[k + CB_NEURON.alphaStake]).toBe(a.state.neurons[k + CB_NEURON.alphaStake]);
    }
  });

  it("refuses a neuron flag word beyond the two known bits, naming the neuron", () => {
    const x = toCoinbaseArrays(vector.steps[0]!.input);
    x.neurons[CB_NEURON.flags] = 4n;
    expect(() => coinbaseStepArrays(x)).toThrow(CoinbaseInputError);
    try {
      coinbaseStepArrays(x);
    } catch (e) {
      expect((e as CoinbaseInputError).path).toMatch(/^subnets\[\d+\]\.neurons\[0\]\.flags$/);
      expect((e as Error).message).toMatch(/emissionAmounts/);
    }
  });
});
