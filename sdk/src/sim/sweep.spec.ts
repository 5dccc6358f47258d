import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { SubnetKit } from "../kit/contract.js";
import { SimulationConfigError, SweepError } from "./errors.js";
import { simulate } from "./simulate.js";
import { parseShard, parseVary, planSweep, shardRange, sweepPoints, sweepSeeds } from "./sweep.js";
import { measureRun, pointMeasures, spread } from "./sweepMeasures.js";
import { mergeSweeps, type SweepResult, sweepResult } from "./sweepResult.js";

/** Echo the word back; scored by a function (no WASM), so a run is quick. */
const kit: SubnetKit<{ word: string }, { word: string }, string> = {
  name: "kit:echo",
  synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ word: z.string() }) },
  challenge: (ctx) => ({ request: { word: ctx.random.pick(["a", "b", "c"]) }, expected: "" }),
  serve: (request) => ({ word: request.word }),
  scorer: { kind: "function", score: (e) => (e.response?.word === e.challenge.request.word ? 65535 : 0) },
};

const refusal = (fn: () => unknown): SweepError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SweepError) return e;
    throw e;
  }
  throw new Error("accepted");
};

describe("--vary", () => {
  it("a:b:n is n evenly spaced values, both ends included, without float dust", () => {
    expect(parseVary("kappa=0.3:0.7:5")).toEqual({ key: "kappa", values: [0.3, 0.4, 0.5, 0.6, 0.7] });
    expect(parseVary("tempo=10:40:4").values).toEqual([10, 20, 30, 40]);
    expect(parseVary("kappa=0.5:0.5:1").values).toEqual([0.5]);
  });

  it("a list is numbers, true/false or text; a dotted key reaches into an object", () => {
    expect(parseVary("bondsMovingAverage=900000,975000")).toEqual({ key: "bondsMovingAverage", values: [900000, 975000] });
    expect(parseVary("liquidAlpha=false,true").values).toEqual([false, true]);
    expect(parseVary("market.price=0.01,0.1").key).toBe("market.price");
    expect(parseVary('issuance="0","10500000000000000"').values).toEqual(["0", "10500000000000000"]);
  });

  it("bad syntax is a SweepError naming --vary and the form it expects", () => {
    for (const [text, says] of [
      ["kappa", /expected key=a:b:n/],
      ["kappa=", /expected key=a:b:n/],
      ["kappa=0.3:0.7", /expected key=a:b:n/],
      ["kappa=a:0.7:3", /a range's ends are numbers/],
      ["kappa=0.3:0.7:0", /whole number 1\.\.1000/],
      ["kappa=0.3:0.7:1", /needs at least 2 values/],
      ["kappa=0.3,,0.5", /an empty item/],
      ["kappa=0.3,0.3", /a value repeats/],
      ["9kappa=1", /expected a config key/],
    ] as const) {
      const e = refusal(() => parseVary(text));
      expect(e.code, text).toBe("SWEEP_VARY_INVALID");
      expect(e.kind).toBe("bad-input");
      expect(e.argument).toMatch(/^--vary/);
      expect(e.message, text).toMatch(says);
    }
  });
});

describe("planSweep", () => {
  const base = { seed: "s", epochs: 3 };

  it("is the cartesian product, the first --vary outermost, every point with the same seeds", () => {
    const plan = planSweep(kit, base, [parseVary("kappa=0.3,0.7"), parseVary("bondsMovingAverage=900000,950000,975000")], 2);
    expect(plan.points.map((p) => p.values)).toEqual([
      { kappa: 0.3, bondsMovingAverage: 900000 },
      { kappa: 0.3, bondsMovingAverage: 950000 },
      { kappa: 0.3, bondsMovingAverage: 975000 },
      { kappa: 0.7, bondsMovingAverage: 900000 },
      { kappa: 0.7, bondsMovingAverage: 950000 },
      { kappa: 0.7, bondsMovingAverage: 975000 },
    ]);
    expect(plan.seeds).toEqual(["s", "s+1"]);
    expect(plan.configs[4]).toEqual([
      { seed: "s", epochs: 3, kappa: 0.7, bondsMovingAverage: 950000 },
      { seed: "s+1", epochs: 3, kappa: 0.7, bondsMovingAverage: 950000 },
    ]);
    expect(sweepSeeds("1", 3)).toEqual(["1", "1+1", "1+2"]);
  });

  it("an unknown key is refused with the closest known one, naming the --vary", () => {
    const e = refusal(() => planSweep(kit, base, [parseVary("kapa=0.3,0.5")], 1));
    expect(e.argument).toBe("--vary kapa");
    expect(e.message).toMatch(/unknown config key "kapa"; did you mean "kappa"\?/);
    // inside an object: the schema's own "did you mean", still naming the --vary
    const m = refusal(() => planSweep(kit, base, [parseVary("market.prise=0.1,0.2")], 1));
    expect(m.argument).toBe("--vary market.prise");
    expect(m.message).toMatch(/did you mean "price"\?/);
  });

  it("a value the simulation's schema refuses names the --vary, the value and what is expected", () => {
    const e = refusal(() => planSweep(kit, base, [parseVary("kappa=0.5:1.5:3")], 1));
    expect(e.argument).toBe("--vary kappa");
    expect(e.message).toMatch(/^--vary kappa=1: kappa: expected kappa, the consensus majority, a fraction 0\.\.1|^--vary kappa=1\.5: kappa: expected kappa/);
    const t = refusal(() => planSweep(kit, base, [parseVary("tempo=0,10")], 1));
    expect(t.message).toMatch(/^--vary tempo=0: tempo: expected blocks per epoch, a whole number 1\.\.65535, got 0$/);
    const i = refusal(() => planSweep(kit, base, [parseVary("issuance=0,10500000000000000")], 1));
    expect(i.message).toMatch(/^--vary issuance=0: issuance: expected rao as a decimal string.*give text in double quotes: issuance='"0",…'$/);
    expect(planSweep(kit, base, [parseVary('issuance="0","10500000000000000"')], 1).configs[1]![0]!.issuance).toBe("10500000000000000");
    const l = refusal(() => planSweep(kit, base, [parseVary("liquidAlpha=yes,no")], 1));
    expect(l.message).toMatch(/expected true or false, got "yes"/);
  });

  it("a point that breaks a check across fields names the --vary and the point", () => {
    const e = refusal(() => planSweep(kit, { ...base, epochs: 5, joins: [{ profile: "honest", count: 1, epoch: 3 }] }, [parseVary("epochs=5,3")], 1));
    expect(e.argument).toBe("--vary epochs");
    expect(e.message).toMatch(/^--vary at epochs=3: joins\[0\]\.epoch: expected an epoch of the run, 0\.\.2/);
  });

  it("the base config's own errors stay the schema's; seeds, repeats and seed/workers as keys are refused", () => {
    expect(() => planSweep(kit, { ...base, epoch: 3 }, [parseVary("kappa=0.3,0.5")], 1)).toThrow(SimulationConfigError);
    expect(refusal(() => planSweep(kit, base, [parseVary("kappa=0.3,0.5")], 0)).argument).toBe("--seeds");
    expect(refusal(() => planSweep(kit, base, [parseVary("kappa=0.3,0.5"), parseVary("kappa=0.1,0.2")], 1)).message).toMatch(/overlaps --vary kappa/);
    expect(refusal(() => planSweep(kit, base, [parseVary("market=1,2"), parseVary("market.price=0.1,0.2")], 1)).message).toMatch(/overlaps/);
    expect(refusal(() => planSweep(kit, base, [parseVary("seed=1,2")], 1)).message).toMatch(/--seeds N/);
    expect(refusal(() => planSweep(kit, base, [], 1)).argument).toBe("--vary");
  });
});

describe("--shard", () => {
  it("n slices hold every point exactly once, in order, as even as whole points make them", () => {
    for (const points of [1, 5, 10, 17])
      for (let n = 1; n <= points; n++) {
        const got = Array.from({ length: n }, (_, i) => shardRange(points, { index: i + 1, count: n }));
        expect(got[0]!.from).toBe(0);
        expect(got[n - 1]!.to).toBe(points);
        for (let i = 1; i < n; i++) expect(got[i]!.from).toBe(got[i - 1]!.to);
        const sizes = got.map((g) => g.to - g.from);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
  });

  it("i/n is checked", () => {
    expect(parseShard("2/4", 10)).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1-4", ""]) expect(refusal(() => parseShard(bad, 10)).argument, bad).toBe("--shard");
    expect(refusal(() => parseShard("1/11", 10)).message).toMatch(/leave some empty/);
  });
});

describe("measures", () => {
  it("spread: mean, min, max, sample stdev; nulls left out", () => {
    expect(spread([1, 2, 3])).toEqual({ mean: 2, min: 1, max: 3, stdev: 1, n: 3 });
    expect(spread([null, 4])).toEqual({ mean: 4, min: 4, max: 4, stdev: 0, n: 1 });
    expect(spread([null, null])).toBeNull();
  });

  it("a run's measures agree with its results: shares, per-uid ratios, the late joiner's catch-up epoch, the copier's return", async () => {
    const r = await simulate(kit, {
      seed: "m",
      epochs: 8,
      tempo: 5,
      miners: { honest: 3, lazy: 2, noisy: 1 },
      joins: [{ profile: "honest", count: 1, epoch: 2 }],
      validators: [
        { profile: "honest", stake: 1000 },
        { profile: "honest", stake: 500 },
        { profile: "weightCopier", stake: 500 },
      ],
    });
    const m = measureRun(r);
    for (const [k, p] of Object.entries(r.profiles)) expect(m.shares[k]).toBe(p.share);
    const perUid = (k: string) => Number(BigInt(r.profiles[k]!.alpha)) / r.profiles[k]!.uids.length;
    const cheaters = ["miner:lazy", "miner:noisy"];
    const cheatPerUid = cheaters.reduce((a, k) => a + Number(BigInt(r.profiles[k]!.alpha)), 0) / 3;
    if (cheatPerUid > 0) expect(m.honestPerCheater).toBeCloseTo(perUid("miner:honest") / cheatPerUid, 6);
    else expect(m.honestPerCheater).toBeNull();
    const best = Math.max(...cheaters.map(perUid)) / perUid("miner:honest");
    expect(m.cheatAdvantage).toBeCloseTo(best, 6);
    // the joiner: uid list and per-epoch alpha from its join on
    const join = r.joins[0]!;
    expect(join.uids).toHaveLength(1);
    expect(join.emission).toHaveLength(8 - 2);
    const honestAll = r.uids.filter((u) => u.profile === "honest");
    expect(honestAll.map((u) => u.uid)).toContain(join.uids[0]);
    const joinerTotal = join.emission.reduce((a, e) => a + BigInt(e), 0n);
    expect(joinerTotal.toString()).toBe(r.uids.find((u) => u.uid === join.uids[0])!.alpha);
    // catch-up recomputed here: the first epoch in which the joiner earned ≥ 90 % of an incumbent's mean
    let expected: number | null = null;
    for (const [k, e] of join.emission.entries()) {
      const incumbent = (Number(BigInt(r.epochs[2 + k]!.emission["miner:honest"]!)) - Number(BigInt(e))) / 3;
      if (incumbent > 0 && Number(BigInt(e)) >= 0.9 * incumbent) {
        expected = k + 1;
        break;
      }
    }
    expect(m.catchUpEpochs).toBe(expected);
    expect(m.catchUpEpochs).not.toBeNull();
    const perStake = (k: string, stake: number) => Number(BigInt(r.profiles[k]!.alpha)) / stake;
    expect(m.copierReturn).toBeCloseTo(perStake("validator:weightCopier", 500) / perStake("validator:honest", 1500), 6);
    const point = pointMeasures([m, m]);
    expect(point.cheatAdvantage).toEqual({ mean: m.cheatAdvantage, min: m.cheatAdvantage, max: m.cheatAdvantage, stdev: 0, n: 2 });
    expect(point.catchUpReached).toBe(2);
  }, 60_000);

  it("the hyperparameters reach the chain: a bonds moving average of 0 pays the validators differently from 975000", async () => {
    const run = (bondsMovingAverage: number) =>
      simulate(kit, {
        seed: "bma",
        epochs: 6,
        tempo: 5,
        bondsMovingAverage,
        miners: { honest: 3, noisy: 2 },
        joins: [{ profile: "honest", count: 1, epoch: 3 }],
        validators: [
          { profile: "honest", stake: 1000 },
          { profile: "weightCopier", stake: 500 },
        ],
      });
    const [a, b] = [await run(0), await run(975_000)];
    expect(a.config.bondsMovingAverage).toBe(0);
    expect(a.profiles["validator:weightCopier"]!.alpha).not.toBe(b.profiles["validator:weightCopier"]!.alpha);
  }, 60_000);
});

describe("merge", () => {
  const vary = [parseVary("kappa=0.3,0.5,0.7"), parseVary("tempo=10,20")];
  const plan = { vary, seeds: ["1", "1+1"], points: sweepPoints(vary) };
  const measures = (i: number) =>
    pointMeasures([
      { shares: { "miner:honest": i / 10 }, honestPerCheater: i, cheatAdvantage: 1 / (i + 1), bestCheat: "miner:lazy", catchUpEpochs: i, copierReturn: null },
    ]);
  const results = plan.points.map((p) => ({ index: p.index, values: p.values, measures: measures(p.index) }));
  const whole = sweepResult("text", { seed: "1", epochs: 5 }, plan, results, null);
  const slice = (i: number, n: number) => {
    const { from, to } = shardRange(6, { index: i, count: n });
    return JSON.parse(JSON.stringify(sweepResult("text", { seed: "1", epochs: 5 }, plan, results.slice(from, to), { index: i, count: n }))) as SweepResult;
  };
  const files = (...rs: unknown[]) => rs.map((value, k) => ({ name: `s${k + 1}.json`, value }));

  it("slices in any order merge into the whole sweep's bytes; the chain's defaults of the varied keys are in it", () => {
    expect(whole.defaults).toEqual({ kappa: 32767 / 65535, tempo: 360 });
    expect(JSON.stringify(mergeSweeps(files(slice(3, 3), slice(1, 3), slice(2, 3))))).toBe(JSON.stringify(whole));
    expect(JSON.stringify(mergeSweeps(files(slice(1, 1))))).toBe(JSON.stringify(whole));
  });

  it("refuses overlapping, missing, inconsistent and foreign slices with typed errors", () => {
    const overlap = refusal(() => mergeSweeps(files(slice(1, 2), slice(1, 2), slice(2, 2))));
    expect([overlap.code, overlap.argument]).toEqual(["SWEEP_SLICE_OVERLAP", "s2.json"]);
    expect(overlap.message).toMatch(/point 0 is also in s1\.json/);
    const missing = refusal(() => mergeSweeps(files(slice(1, 3), slice(3, 3))));
    expect(missing.code).toBe("SWEEP_SLICE_MISSING");
    expect(missing.message).toMatch(/points 2-3 of 6 are in no slice/);
    const other = { ...slice(2, 2), base: { seed: "1", epochs: 6 } };
    const inconsistent = refusal(() => mergeSweeps(files(slice(1, 2), other)));
    expect([inconsistent.code, inconsistent.argument]).toEqual(["SWEEP_SLICE_INCONSISTENT", "s2.json"]);
    expect(inconsistent.message).toMatch(/^s2\.json: another sweep's slice: base is \{"seed":"1","epochs":6\} here and \{"seed":"1","epochs":5\} in s1\.json/);
    const seeds = refusal(() => mergeSweeps(files(slice(1, 2), { ...slice(2, 2), seeds: ["1"] })));
    expect(seeds.message).toMatch(/seeds is \["1"\] here and \["1","1\+1"\] in s1\.json/);
    for (const bad of [null, [], { format: "x" }, { ...slice(1, 2), results: [{ index: 99 }] }])
      expect(refusal(() => mergeSweeps(files(bad))).code).toBe("SWEEP_SLICE_INVALID");
    expect(refusal(() => mergeSweeps([])).code).toBe("SWEEP_SLICE_MISSING");
  });
});
