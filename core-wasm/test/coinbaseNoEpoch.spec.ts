import { CB_NEURON, type CoinbaseArrays, CoinbaseInputError, coinbaseStepArrays, getCore, toCoinbaseArrays } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coinbaseInput } from "./coinbaseArbitraries.js";
import { network, neuron, subnet } from "./coinbaseFixtures.js";

// coinbaseStepArrays sends only the header and the subnet records into WASM when no epoch runs
// (`coinbaseStepNoEpoch`), and the whole state otherwise. Both must give what the whole state gives.

/** The whole state through `coinbaseStepPacked`, as the typed API sent it before the records-only path. */
function wholeState(x: CoinbaseArrays, target: "release" | "debug" = "release"): BigUint64Array[] {
  const core = getCore(target);
  const lens = [x.header.length, x.subnets.length, x.neurons.length];
  const bytes = 8 * (lens[0]! + lens[1]! + lens[2]!);
  core.reserve(bytes * 3 + (1 << 20));
  return core.arena(() => {
    const ptr = core.lowerWith(bytes, (view) => {
      const w = new BigUint64Array(view.buffer, view.byteOffset, bytes >> 3);
      w.set(x.header, 0);
      w.set(x.subnets, lens[0]!);
      w.set(x.neurons, lens[0]! + lens[1]!);
    });
    const out = core.call<number>("coinbaseStepPacked", ptr);
    const words = (p: number) => {
      const b = core.viewBytes(p);
      return new BigUint64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    return [words(ptr), words(out)];
  });
}
const cat = (...xs: BigUint64Array[]) => {
  const r = new BigUint64Array(xs.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of xs) {
    r.set(a, at);
    at += a.length;
  }
  return r;
};

describe("the typed step without an epoch (header and subnet records only) equals the whole state's step", () => {
  it("on 300 random networks, epochs run and not, new arrays and in place (release and debug)", () => {
    let withEpoch = 0;
    let without = 0;
    fc.assert(
      fc.property(coinbaseInput(), fc.boolean(), (input, inPlace) => {
        const x = toCoinbaseArrays(input);
        const target = inPlace ? "debug" : "release";
        const [state, computed] = wholeState(x, target);
        const copy = { header: x.header.slice(), subnets: x.subnets.slice(), neurons: x.neurons.slice() };
        const got = coinbaseStepArrays(copy, { inPlace, target });
        expect(cat(got.state.header, got.state.subnets, got.state.neurons)).toEqual(state);
        expect(cat(got.computed.header, got.computed.subnets, got.computed.neurons)).toEqual(computed);
        const epochs = got.computed.subnets.filter((_, i) => i % 20 === 12 && got.computed.subnets[i] === 1n).length;
        if (epochs > 0) withEpoch++;
        else without++;
      }),
      { numRuns: 300, seed: 1717 },
    );
    expect(withEpoch).toBeGreaterThan(20);
    expect(without).toBeGreaterThan(20);
  }, 120_000);

  it("zeroes reused neuron output arrays in a block without an epoch", () => {
    const x = toCoinbaseArrays(network([subnet(1, { neurons: [neuron(), neuron()] })]));
    const reuse = { header: new BigUint64Array(3), subnets: new BigUint64Array(20), neurons: new BigUint64Array(12).fill(7n) };
    const out = coinbaseStepArrays(x, { computed: reuse });
    expect(out.computed.neurons).toBe(reuse.neurons);
    expect([...reuse.neurons]).toEqual(new Array(12).fill(0n));
  });

  it("checks the neurons' own fields in the block whose epoch reads them, and only there", () => {
    const bad = (blockNumber: string) => {
      const x = toCoinbaseArrays(network([subnet(1, { neurons: [neuron(), neuron()], tempo: 10, lastEpochBlock: "1000" })], { blockNumber }));
      x.neurons[CB_NEURON.take + 6] = 65536n; // uid 1's take is not a u16
      return x;
    };
    // block 1001: no epoch (1001 − 1000 < tempo), the neurons are not read
    expect(() => coinbaseStepArrays(bad("1001"))).not.toThrow();
    // block 1010: the epoch runs and distributes over the neurons
    expect(() => coinbaseStepArrays(bad("1010"))).toThrow(CoinbaseInputError);
    expect(() => coinbaseStepArrays(bad("1010"))).toThrow(/neurons\[1\]\.take/);
  });
});
