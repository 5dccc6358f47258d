// The sweep's summary and charts as strings (the stories check the pictures in chromium).
import { describe, expect, it } from "vitest";
import { type SpreadValue, type SweepPointMeasures, type SweepReportInput, sweepHeatmap, sweepLines, sweepSummary } from "./index.js";

const one = (x: number): SpreadValue => ({ mean: x, min: x, max: x, n: 1 });
const measures = (adv: number | null, extra: Partial<SweepPointMeasures> = {}): SweepPointMeasures => ({
  shares: {},
  honestPerCheater: adv === null ? null : one(1 / adv),
  cheatAdvantage: adv === null ? null : one(adv),
  bestCheat: adv === null ? {} : { "miner:padder": 1 },
  catchUpEpochs: null,
  catchUpReached: 0,
  copierReturn: null,
  ...extra,
});

/** A sweep over kappa 0.3, 0.5, 0.7 with one seed and these advantages. */
function sweep(advs: Array<number | null>, extra: Partial<SweepPointMeasures> = {}, shard: SweepReportInput["shard"] = null): SweepReportInput {
  const values = [0.3, 0.5, 0.7];
  return {
    kit: "text",
    base: { seed: "1" },
    vary: [{ key: "kappa", values }],
    seeds: ["1"],
    points: 3,
    defaults: { kappa: 32767 / 65535 },
    shard,
    results: advs.map((a, index) => ({ index, values: { kappa: values[index]! }, measures: measures(a, extra) })),
  };
}

describe("sweepSummary", () => {
  it("names the points where cheating pays, the trend per parameter and the chain's defaults", () => {
    expect(sweepSummary(sweep([1.2, 0.9, 0.5]))).toEqual([
      "Cheating paid (a cheat earned at least as much per uid as an honest miner, the one seed) at 1 of 3 points: kappa 0.3. The most: padder at 1.20× (at kappa 0.3).",
      "Going from kappa 0.3 to 0.7 lowered it from 1.20× to 0.50× (the best cheat's advantage, averaged over the other parameters).",
      "At the chain's defaults (kappa 0.5) cheating does not pay: the best cheat earns 0.90× an honest miner's per uid.",
      "No late-joining honest miner caught up within the run (or the base config has none: add a join of honest miners to measure it).",
    ]);
  });

  it("says when cheating never pays or always does, and when no cheater ran; a slice says it is one", () => {
    expect(sweepSummary(sweep([0.1, 0.2, 0.3]))[0]).toBe(
      "Cheating did not pay at any of the 3 points (the one seed): the best cheat, padder, earned at most 0.30× an honest miner's earnings per uid (at kappa 0.7).",
    );
    expect(sweepSummary(sweep([1, 2, 3]))[0]).toMatch(/^Cheating paid at every one of the 3 points/);
    expect(sweepSummary(sweep([null, null, null]))[0]).toMatch(/^No cheating miner earned anything to compare/);
    expect(sweepSummary(sweep([0.1, 0.2, 0.3], {}, { index: 1, count: 2 }))[0]).toMatch(/at any of the 3 points \(this slice: 3 of 3 points\)/);
  });

  it("reports the copier's return and the late joiner's catch-up", () => {
    const s = sweepSummary(sweep([0.5, 0.5, 0.5], { copierReturn: one(1.1), catchUpEpochs: one(4), catchUpReached: 1 }));
    expect(s).toContain("The weight copier, which does no work, earned 1.10× an honest validator's per τ staked; copying paid at 3 of 3 points.");
    expect(s.at(-1)).toBe(
      "A late-joining honest miner reached 90 % of an incumbent's per-epoch earnings in 4.0 epochs at best (kappa 0.3) and 4.0 at worst (kappa 0.3).",
    );
  });
});

describe("sweep charts", () => {
  it("a heatmap has a cell per point, hatched where a point has no value, escaped labels", () => {
    const svg = sweepHeatmap({
      x: { key: "a<b", values: [1, 2] },
      y: { key: "c", values: ["x", "y"] },
      cells: [
        [one(1), null],
        [one(2), one(3)],
      ],
    });
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(3);
    expect(svg.match(/<rect class="cell none"/g)).toHaveLength(1);
    expect(svg).toContain("a&lt;b");
    expect(svg).not.toContain("a<b");
  });

  it("lines draw nothing but a note with no values, and a default outside the grid is not drawn", () => {
    expect(sweepLines({ key: "k", values: [1, 2] }, [{ label: "", points: [null, null] }])).toContain("no values");
    const svg = sweepLines({ key: "k", values: [1, 2] }, [{ label: "", points: [one(1), one(2)] }], { default: 5 });
    expect(svg).not.toContain(`class="default"`);
    expect(sweepLines({ key: "k", values: [1, 2] }, [{ label: "", points: [one(1), one(2)] }], { default: 1.5 })).toContain(`class="default"`);
  });
});
