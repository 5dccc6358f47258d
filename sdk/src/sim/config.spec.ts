import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { MinerBehaviour, SubnetKit } from "../kit/contract.js";
import { type NormalizedSimulationConfig, parseSimulationConfig, type SimulationConfig, simulationConfigSchema, toU16 } from "./config.js";
import { SimulationConfigError } from "./errors.js";
import { simulate } from "./simulate.js";

// a kit with two adversaries of its own: the profile names a config may use are the generic ones and these
const shouter: MinerBehaviour<{ word: string }, { word: string }> = {
  description: "shouts",
  answer: async ({ honest }) => ({ response: { word: (await honest()).word.toUpperCase() } }),
};
const kit: SubnetKit<{ word: string }, { word: string }, string> = {
  name: "kit:echo",
  synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ word: z.string() }) },
  challenge: (ctx) => ({ request: { word: ctx.random.pick(["a", "b"]) }, expected: "" }),
  serve: (request) => ({ word: request.word }),
  scorer: { kind: "function", score: (e) => (e.response?.word === e.challenge.request.word ? 65535 : 0) },
  adversaries: { shouter, padder: shouter },
};

const base = { seed: "s", epochs: 2 };
const refused = (config: unknown): SimulationConfigError => {
  try {
    parseSimulationConfig(kit, config, 4);
  } catch (e) {
    if (e instanceof SimulationConfigError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(config)}`);
};

// every key of a SimulationConfig with values that make no sense for it: [key, bad value, the path named, what the message says]
const BAD: Array<[string, unknown, string, RegExp]> = [
  ["seed", 7, "seed", /expected a string.*got 7/],
  ["seed", "", "seed", /1\.\.256 characters, got ""/],
  ["seed", "x".repeat(257), "seed", /1\.\.256 characters/],
  ["seed", null, "seed", /got null/],
  ["epochs", "abc", "epochs", /whole number 1\.\.100000, got "abc"/],
  ["epochs", Number.NaN, "epochs", /got NaN/],
  ["epochs", Number.POSITIVE_INFINITY, "epochs", /got Infinity/],
  ["epochs", 0, "epochs", /got 0/],
  ["epochs", -3, "epochs", /got -3/],
  ["epochs", 2.5, "epochs", /got 2\.5/],
  ["epochs", 100_001, "epochs", /got 100001/],
  ["epochs", "3", "epochs", /got "3"/],
  ["tempo", 0, "tempo", /blocks per epoch, a whole number 1\.\.65535, got 0/],
  ["tempo", -1, "tempo", /got -1/],
  ["tempo", 1.5, "tempo", /got 1\.5/],
  ["tempo", 65_536, "tempo", /got 65536/],
  ["tempo", true, "tempo", /got true/],
  ["miners", [], "miners", /expected an object of miner profile → number of miners/],
  ["miners", "honest", "miners", /got "honest"/],
  [
    "miners",
    { honset: 3 },
    "miners.honset",
    /unknown miner profile "honset" for kit:echo; did you mean "honest"\? \(known: honest, noisy, lazy, copier, sybil, shouter, padder\)/,
  ],
  ["miners", { shoutr: 1 }, "miners.shoutr", /did you mean "shouter"/],
  ["miners", { banana: 1 }, "miners.banana", /unknown miner profile "banana" for kit:echo \(known: /],
  ["miners", { honest: -5 }, "miners.honest", /whole number 0\.\.255, got -5/],
  ["miners", { honest: 1.5 }, "miners.honest", /got 1\.5/],
  ["miners", { honest: 256 }, "miners.honest", /got 256/],
  ["miners", { honest: "3" }, "miners.honest", /got "3"/],
  ["validators", {}, "validators", /expected an array of validators/],
  ["validators", [], "validators", /at least one validator/],
  ["validators", [{ profile: "honest", stake: -5 }], "validators[0].stake", /more than 0 and at most 900000, got -5/],
  ["validators", [{ profile: "honest", stake: 0 }], "validators[0].stake", /got 0/],
  ["validators", [{ profile: "honest", stake: Number.NaN }], "validators[0].stake", /got NaN/],
  ["validators", [{ profile: "honest", stake: 900_001 }], "validators[0].stake", /got 900001/],
  ["validators", [{ profile: "honest", stake: "1000" }], "validators[0].stake", /got "1000"/],
  ["validators", [{ profile: "honest" }], "validators[0].stake", /got nothing/],
  ["validators", [{ profile: "honest", stak: 5 }], "validators[0].stak", /unknown key "stak"; did you mean "stake"\?/],
  ["validators", [{ profile: "honst", stake: 5 }], "validators[0].profile", /honest, weightCopier, cabal, offline, got "honst"; did you mean "honest"\?/],
  ["validators", [{ profile: "weightcopier", stake: 5 }], "validators[0].profile", /did you mean "weightCopier"\?/],
  ["validators", [null], "validators[0]", /expected \{"profile": …, "stake": TAO\}, got null/],
  ["joins", { profile: "honest" }, "joins", /expected an array of joins/],
  ["joins", [{ profile: "honset", count: 1, epoch: 0 }], "joins[0].profile", /got "honset"; did you mean "honest"\?/],
  ["joins", [{ profile: "honest", count: 0, epoch: 0 }], "joins[0].count", /whole number 1\.\.255, got 0/],
  ["joins", [{ profile: "honest", count: 1, epoch: -1 }], "joins[0].epoch", /got -1/],
  ["joins", [{ profile: "honest", count: 1, epoch: 2 }], "joins[0].epoch", /0\.\.1 \(epochs is 2\), got 2: these miners would never join/],
  ["joins", [{ profile: "honest", count: 1, epoch: 0, when: 1 }], "joins[0].when", /unknown key "when" \(known: profile, count, epoch\)/],
  ["yuma3", "yes", "yuma3", /expected true or false, got "yes"/],
  ["yuma3", 1, "yuma3", /got 1/],
  ["liquidAlpha", null, "liquidAlpha", /expected true or false, got null/],
  ["commitReveal", "true", "commitReveal", /expected true or false, got "true"/],
  ["alpha", 7, "alpha", /more than 0 and at most 1, got 7/],
  ["alpha", 0, "alpha", /got 0/],
  ["alpha", -0.1, "alpha", /got -0\.1/],
  ["alpha", Number.NaN, "alpha", /got NaN/],
  ["alpha", "0.3", "alpha", /got "0\.3"/],
  ["kappa", 1.5, "kappa", /kappa, the consensus majority, a fraction 0\.\.1 .*got 1\.5/],
  ["kappa", "0.5", "kappa", /got "0\.5"/],
  ["bondsMovingAverage", 1_000_001, "bondsMovingAverage", /whole number 0\.\.1000000, got 1000001/],
  ["bondsMovingAverage", 0.9, "bondsMovingAverage", /got 0\.9/],
  ["bondsPenalty", -0.1, "bondsPenalty", /bonds penalty, a fraction 0\.\.1.*got -0\.1/],
  ["alphaLow", 2, "alphaLow", /liquid alpha's low bound.*got 2/],
  ["alphaHigh", Number.NaN, "alphaHigh", /liquid alpha's high bound.*got NaN/],
  ["commitRevealPeriod", 0, "commitRevealPeriod", /commit-reveal period in epochs, a whole number 1\.\.100, got 0/],
  ["commitRevealPeriod", 101, "commitRevealPeriod", /got 101/],
  ["issuance", "-1", "issuance", /decimal string below 2\^64.*got "-1"/],
  ["issuance", 21_000_000_000_000_000, "issuance", /got 21000000000000000/],
  ["issuance", "18446744073709551616", "issuance", /got "18446744073709551616"/],
  ["issuance", "1e9", "issuance", /got "1e9"/],
  ["sampleSize", 0, "sampleSize", /whole number 1\.\.65535.*got 0/],
  ["sampleSize", 2.5, "sampleSize", /got 2\.5/],
  ["sampleSize", "50", "sampleSize", /got "50"/],
  ["workers", 0, "workers", /scoring worker processes.*1\.\.256, got 0/],
  ["workers", 257, "workers", /got 257/],
  ["workers", 1.5, "workers", /got 1\.5/],
  ["market", 5, "market", /expected \{"subnets": N, "price"/],
  ["market", { subnets: 0 }, "market.subnets", /whole number 1\.\.1024, got 0/],
  ["market", { price: 0 }, "market.price", /more than 0 and at most 1e6.*got 0/],
  ["market", { price: Number.NaN }, "market.price", /got NaN/],
  ["market", { established: "yes" }, "market.established", /expected true or false, got "yes"/],
  ["market", { rootTao: -1 }, "market.rootTao", /got -1/],
  ["market", { lockTao: 0 }, "market.lockTao", /minimum is 1,000.*got 0/],
  ["market", { prices: 1 }, "market.prices", /unknown key "prices"; did you mean "price"\?/],
  ["mechanisms", 0, "mechanisms", /a number of mechanisms, a whole number 1\.\.16, got 0/],
  ["mechanisms", 17, "mechanisms", /got 17/],
  ["mechanisms", 1.5, "mechanisms", /got 1\.5/],
  ["mechanisms", "2", "mechanisms", /got "2"/],
  ["split", "70,30", "split", /one share per mechanism, e\.g\. \[70, 30\], got "70,30"/],
  ["split", [], "split", /one share per mechanism.*got \[\]/],
  ["split", [70, -30], "split[1]", /a mechanism's share of the alpha, a number 0\.\.1e9.*got -30/],
  ["split", [70, Number.NaN], "split[1]", /got NaN/],
  ["split", [0, 0], "split", /at least one share above 0, got \[0,0\]/],
  ["split", [70, 30], "split", /one share per mechanism \(mechanisms is 1, the default\), got 2 share\(s\): \[70,30\]/],
];

describe("the simulation config schema", () => {
  it("has a row of bad values for every key a SimulationConfig has", () => {
    const keys = Object.keys(simulationConfigSchema(["honest"]).shape).sort();
    expect([...new Set(BAD.map(([key]) => key))].sort()).toEqual(keys);
  });

  it.each(BAD)("refuses %s = %j, naming %s", (key, value, path, message) => {
    const e = refused({ ...base, [key]: value });
    expect(e.kind).toBe("bad-input");
    expect(e.code).toBe("SIMULATION_CONFIG_INVALID");
    expect(e.path).toBe(path);
    expect(e.message).toBe(`${path}: ${e.reason}`);
    expect(e.reason).toMatch(message);
  });

  it('names an unknown key with the closest known one first: "epoch" → did you mean "epochs" (not "epochs" missing)', () => {
    const e = refused({ seed: "s", epoch: 5 });
    expect(e.path).toBe("epoch");
    expect(e.reason).toMatch(/^unknown key "epoch"; did you mean "epochs"\? \(known: seed, epochs, tempo, miners, validators, joins, /);
    expect(refused({ ...base, Tempo: 5 }).reason).toMatch(/did you mean "tempo"\?/);
    expect(refused({ ...base, commitreveal: true }).reason).toMatch(/did you mean "commitReveal"\?/);
    expect(refused({ ...base, liquid_alpha: true }).reason).toMatch(/did you mean "liquidAlpha"\?/);
    expect(refused({ ...base, xyzzy: 1 }).reason).toMatch(/^unknown key "xyzzy" \(known: /);
  });

  it("refuses a config that is not an object, and a missing seed or epochs", () => {
    for (const config of [null, [], "x", 3]) expect(refused(config).path).toBe("config");
    expect(refused({ epochs: 2 }).path).toBe("seed");
    expect(refused({ seed: "s" }).path).toBe("epochs");
  });

  it("refuses more participants than a subnet has uids, counting the joins", () => {
    expect(refused({ ...base, miners: { honest: 250 }, joins: [{ profile: "honest", count: 5, epoch: 1 }] }).reason).toMatch(
      /a subnet has 256 uids: .* take 259/,
    );
  });

  it("refuses a split whose length is not the mechanism count, and more participants than the mechanisms leave uids", () => {
    expect(refused({ ...base, mechanisms: 3, split: [70, 30] }).reason).toMatch(/mechanisms is 3\), got 2 share/);
    // 256 / 2 = 128 uids: the owner, 3 validators and 125 miners take 129
    const e = refused({ ...base, mechanisms: 2, miners: { honest: 125 } });
    expect(e.path).toBe("mechanisms");
    expect(e.reason).toMatch(/with 2 mechanisms a subnet has 128 uids .* take 129/);
    expect(parseSimulationConfig(kit, { ...base, mechanisms: 2, miners: { honest: 124 }, split: [7, 3] }, 1).config).toMatchObject({
      mechanisms: 2,
      split: [7, 3],
    });
  });

  it("turns a split's shares into the chain's u16 parts as the Python SDK's convert_maybe_split_to_u16", async () => {
    const { splitParts } = await import("./config.js");
    // 0.7 × 65535 = 45874.5 → 45874 (half to even), 0.3 × 65535 = 19660.5 → 19660; 65534: the 1 missing goes to the largest
    expect(splitParts([70, 30])).toEqual([45875, 19660]);
    expect(splitParts([7, 3])).toEqual([45875, 19660]);
    // 32767.5 → 32768 twice, 65536: the 1 over comes off the first largest
    expect(splitParts([1, 1])).toEqual([32767, 32768]);
    expect(splitParts([1, 1, 1])).toEqual([21845, 21845, 21845]);
    expect(splitParts([0, 1])).toEqual([0, 65535]);
    expect(() => splitParts([0, 0])).toThrow(/sum to more than 0/);
  });

  it("fills the defaults in and accepts the edges of every range", () => {
    const { config, workers } = parseSimulationConfig(kit, base, 4);
    const expected: NormalizedSimulationConfig = {
      seed: "s",
      epochs: 2,
      tempo: 20,
      miners: { honest: 3, noisy: 2, lazy: 2, copier: 2 },
      validators: [
        { profile: "honest", stake: 1000 },
        { profile: "honest", stake: 600 },
        { profile: "weightCopier", stake: 400 },
      ],
      joins: [],
      yuma3: true,
      liquidAlpha: false,
      alpha: 0.3,
      commitReveal: false,
      // the devnet's (the chain's) u16s as fractions that come back to the same u16
      kappa: 32767 / 65535,
      bondsMovingAverage: 900_000,
      bondsPenalty: 1,
      alphaLow: 45875 / 65535,
      alphaHigh: 58982 / 65535,
      commitRevealPeriod: 1,
      issuance: "0",
      sampleSize: 50,
      // the devnet's default network, a brand-new subnet, the runtime's minimum lock
      market: { subnets: 128, price: 0.01, established: false, rootTao: 1_000_000, lockTao: 1000 },
      mechanisms: 1,
      split: null,
    };
    expect(config).toEqual(expected);
    expect(workers).toBe(4);
    const edges: SimulationConfig = {
      seed: "x".repeat(256),
      epochs: 100_000,
      tempo: 65_535,
      miners: { honest: 0, padder: 253 },
      validators: [{ profile: "offline", stake: 0.000000001 }],
      joins: [{ profile: "shouter", count: 1, epoch: 99_999 }],
      yuma3: false,
      liquidAlpha: true,
      alpha: 1,
      commitReveal: true,
      kappa: 1,
      bondsMovingAverage: 0,
      bondsPenalty: 0,
      alphaLow: 0,
      alphaHigh: 1,
      commitRevealPeriod: 100,
      issuance: "18446744073709551615",
      sampleSize: 65_535,
      workers: 256,
      market: { subnets: 1024, price: 1e6, established: false, rootTao: 21_000_000, lockTao: 1_000_000 },
      mechanisms: 1,
      split: [1e9],
    };
    const parsed = parseSimulationConfig(kit, edges, 4);
    expect(parsed.workers).toBe(256);
    const { workers: _, ...rest } = edges;
    expect(parsed.config).toEqual(rest);
  });

  it("refuses alphaLow above alphaHigh, naming the one given; a fraction's u16 comes back exact", () => {
    expect(refused({ ...base, alphaLow: 0.95 })).toMatchObject({ path: "alphaLow", reason: expect.stringMatching(/expected alphaLow ≤ alphaHigh/) });
    expect(refused({ ...base, alphaHigh: 0.5 })).toMatchObject({ path: "alphaHigh" });
    for (const u of [0, 1, 32767, 45875, 58982, 65535]) expect(toU16(u / 65535)).toBe(u);
    expect(toU16(0.5)).toBe(32768);
  });

  it("is what simulate checks first: a bad config rejects before any devnet starts", async () => {
    await expect(simulate(kit, { ...base, miners: { honset: 3 } })).rejects.toMatchObject({ path: "miners.honset", kind: "bad-input" });
    await expect(simulate(kit, { ...base, tempo: 0 })).rejects.toBeInstanceOf(SimulationConfigError);
  });

  it("runs the smallest sensible subnet: tempo 1, one validator with a fraction of a TAO, no miners but those that join", async () => {
    const r = await simulate(kit, {
      seed: "small",
      epochs: 3,
      tempo: 1,
      miners: {},
      validators: [{ profile: "honest", stake: 1.5 }],
      joins: [{ profile: "honest", count: 1, epoch: 1 }],
    });
    expect(r.epochs).toHaveLength(3);
    expect(r.profiles["miner:honest"]!.uids).toHaveLength(1);
    expect(r.config.validators).toEqual([{ profile: "honest", stake: 1.5 }]);
  }, 60_000);
});
