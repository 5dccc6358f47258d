// A deterministic sweep for the stories: a made-up market in which cheating pays where kappa is low
// and the bonds forget fast, so the report has both sides to show. Display data, not a simulation.
import type { ParamValue, SpreadValue, SweepReportInput } from "../src/index.js";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Seeds' values → the spread the sdk reports (mean, min, max, sample stdev, n). */
function spreadOf(xs: number[]): SpreadValue & { stdev: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const stdev = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, min: Math.min(...xs), max: Math.max(...xs), stdev, n: xs.length };
}

/**
 * A sweep over `vary` (default kappa 0.3..0.7 × bondsMovingAverage 900000, 975000) with `seeds`
 * seeds: the best cheat's advantage is 1.6 − 2·kappa + (bma − 900000)/150000, give or take a seed's
 * noise; the late joiner catches up in 3 + 8·(bma − 900000)/100000 epochs; the copier returns 0.9.
 */
export function sampleSweep(
  vary: Array<{ key: string; values: ParamValue[] }> = [
    { key: "kappa", values: [0.3, 0.4, 0.5, 0.6, 0.7] },
    { key: "bondsMovingAverage", values: [900000, 975000] },
  ],
  seeds = 3,
): SweepReportInput {
  const r = lcg(5);
  let combos: Array<Record<string, ParamValue>> = [{}];
  for (const v of vary) combos = combos.flatMap((c) => v.values.map((x) => ({ ...c, [v.key]: x })));
  const num = (v: ParamValue | undefined, fallback: number) => (typeof v === "number" ? v : fallback);
  const results = combos.map((values, index) => {
    const kappa = num(values.kappa, 0.5);
    const bma = num(values.bondsMovingAverage, 900000);
    const runs = Array.from({ length: seeds }, () => {
      const adv = 1.6 - 2 * kappa + (bma - 900000) / 150000 + (r() - 0.5) * 0.1;
      return {
        adv,
        ratio: 1 / Math.max(0.05, adv * 0.8),
        catchUp: Math.round(3 + (8 * (bma - 900000)) / 100000 + r() * 2),
        copier: 0.85 + r() * 0.1,
        share: 0.6 + r() * 0.1,
      };
    });
    return {
      index,
      values,
      measures: {
        shares: { "miner:honest": spreadOf(runs.map((x) => x.share)), "miner:copier": spreadOf(runs.map((x) => 1 - x.share)) },
        honestPerCheater: spreadOf(runs.map((x) => x.ratio)),
        cheatAdvantage: spreadOf(runs.map((x) => x.adv)),
        bestCheat: { "miner:copier": seeds },
        catchUpEpochs: spreadOf(runs.map((x) => x.catchUp)),
        catchUpReached: seeds,
        copierReturn: spreadOf(runs.map((x) => x.copier)),
      },
    };
  });
  const CHAIN: Record<string, ParamValue> = { kappa: 32767 / 65535, bondsMovingAverage: 900000, tempo: 360 };
  const defaults = Object.fromEntries(vary.filter((v) => v.key in CHAIN).map((v) => [v.key, CHAIN[v.key]!]));
  return {
    kit: "text",
    base: { seed: "1", epochs: 50 },
    vary,
    seeds: Array.from({ length: seeds }, (_, k) => (k === 0 ? "1" : `1+${k}`)),
    points: combos.length,
    defaults,
    shard: null,
    results,
  };
}
