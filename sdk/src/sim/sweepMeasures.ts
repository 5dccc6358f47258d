/**
 * What a sweep measures in each run, and each measure's spread across seeds. All from a
 * `SimulationResult`, on its bigint alpha where it can (ratios are the last step, in float):
 *
 * - `shares`: each profile's share of its role's emission (`SimulationResult.profiles[p].share`).
 * - `honestPerCheater`: alpha per uid of the `honest` miners ÷ alpha per uid of the cheating
 *   miners (every miner profile but `honest` and `sybil`, joins included); null when no cheater
 *   ran or the cheaters earned nothing (honest work then wins outright).
 * - `cheatAdvantage`: the best cheating miner profile's alpha per uid ÷ the honest miners' alpha
 *   per uid. Cheating pays where it is ≥ 1. Null without a cheater, or when honest miners earned nothing.
 * - `catchUpEpochs`: how fast a better miner's share rises after joining. The first `joins` entry of
 *   `honest` miners joins a market whose incumbents include cheaters; in each epoch from its join
 *   on, compare its alpha per uid with the incumbent honest miners' alpha per uid in that epoch. The
 *   measure is the number of epochs it has run (the join epoch is 1) when it first reaches
 *   `CATCH_UP` (90 %) of theirs. Null when there is no honest join, no incumbent honest miner, or
 *   it never gets there within the run (`catchUpReached` counts the seeds where it did).
 * - `copierReturn`: the `weightCopier` validators' alpha per τ staked ÷ the honest validators'. The
 *   copier does no work; ≥ 1 means copying pays as well as validating. Null without both.
 */
import type { SimulationResult } from "./simulate.js";

/** The share of an incumbent's per-epoch alpha a late joiner must reach to have caught up. */
export const CATCH_UP = 0.9;

/** Miner profiles that answer honestly (as the report counts them: `sybil` is honest work split over many uids). */
const HONEST_MINERS = new Set(["honest", "sybil"]);

/** One run's measures. */
export interface RunMeasures {
  shares: Record<string, number>;
  honestPerCheater: number | null;
  cheatAdvantage: number | null;
  /** Which cheating profile `cheatAdvantage` is (null with it). */
  bestCheat: string | null;
  catchUpEpochs: number | null;
  copierReturn: number | null;
}

/** A measure over the seeds: mean, min, max, sample standard deviation (0 for one value) and how many seeds gave a value. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
  stdev: number;
  n: number;
}

/** One point's measures over its seeds. */
export interface PointMeasures {
  shares: Record<string, Spread>;
  honestPerCheater: Spread | null;
  cheatAdvantage: Spread | null;
  /** Per cheating profile, how many seeds it was the best cheat in. */
  bestCheat: Record<string, number>;
  catchUpEpochs: Spread | null;
  /** Seeds where the late joiner caught up within the run. */
  catchUpReached: number;
  copierReturn: Spread | null;
}

/** a/b as a float from bigints (exact to float precision: scaled by 10^12 first). */
function ratio(a: bigint, b: bigint): number {
  return Number((a * 1_000_000_000_000n) / b) / 1e12;
}

/** The measures of one run. */
export function measureRun(result: SimulationResult): RunMeasures {
  const shares: Record<string, number> = {};
  for (const [k, p] of Object.entries(result.profiles)) shares[k] = p.share;
  const miners = Object.entries(result.profiles).filter(([, p]) => p.role === "miner");
  const honest = result.profiles["miner:honest"];
  const cheaters = miners.filter(([k]) => !HONEST_MINERS.has(k.slice("miner:".length)));
  const cheatAlpha = cheaters.reduce((a, [, p]) => a + BigInt(p.alpha), 0n);
  const cheatUids = cheaters.reduce((a, [, p]) => a + p.uids.length, 0);
  const honestAlpha = honest ? BigInt(honest.alpha) : 0n;
  const honestUids = honest ? honest.uids.length : 0;
  // per uid on both sides: a/u ÷ c/v = a·v ÷ c·u
  const honestPerCheater = honestUids > 0 && cheatUids > 0 && cheatAlpha > 0n ? ratio(honestAlpha * BigInt(cheatUids), cheatAlpha * BigInt(honestUids)) : null;
  let cheatAdvantage: number | null = null;
  let bestCheat: string | null = null;
  if (honestUids > 0 && honestAlpha > 0n)
    for (const [k, p] of cheaters) {
      const r = ratio(BigInt(p.alpha) * BigInt(honestUids), honestAlpha * BigInt(p.uids.length));
      if (cheatAdvantage === null || r > cheatAdvantage) [cheatAdvantage, bestCheat] = [r, k];
    }
  return { shares, honestPerCheater, cheatAdvantage, bestCheat, catchUpEpochs: catchUp(result), copierReturn: copierReturn(result) };
}

/** `catchUpEpochs` (see the file header). */
function catchUp(result: SimulationResult): number | null {
  const joins = result.joins ?? [];
  const late = joins.find((j) => j.profile === "honest");
  const incumbents = result.config.miners.honest ?? 0;
  if (!late || incumbents === 0 || late.uids.length === 0) return null;
  for (const [k, alpha] of late.emission.entries()) {
    const epoch = late.epoch + k;
    const all = BigInt(result.epochs[epoch]?.emission["miner:honest"] ?? "0");
    // every honest join that has joined by now earned part of the profile's total that epoch
    const joined = joins.filter((j) => j.profile === "honest" && j.epoch <= epoch).reduce((a, j) => a + BigInt(j.emission[epoch - j.epoch] ?? "0"), 0n);
    const incumbent = all - joined;
    // joiner per uid ≥ CATCH_UP × incumbent per uid, in integers: 10·a·I ≥ 9·i·J
    if (incumbent <= 0n) continue;
    if (10n * BigInt(alpha) * BigInt(incumbents) >= BigInt(Math.round(CATCH_UP * 10)) * incumbent * BigInt(late.uids.length)) return k + 1;
  }
  return null;
}

/** `copierReturn` (see the file header). */
function copierReturn(result: SimulationResult): number | null {
  const stake = (profile: string) => result.config.validators.filter((v) => v.profile === profile).reduce((a, v) => a + BigInt(Math.round(v.stake * 1e9)), 0n);
  const alpha = (profile: string) => BigInt(result.profiles[`validator:${profile}`]?.alpha ?? "0");
  const [cs, hs, ha] = [stake("weightCopier"), stake("honest"), alpha("honest")];
  if (cs === 0n || hs === 0n || ha === 0n) return null;
  return ratio(alpha("weightCopier") * hs, ha * cs);
}

/** The spread of `values` (nulls left out); null when every value is null. */
export function spread(values: ReadonlyArray<number | null>): Spread | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, min: Math.min(...xs), max: Math.max(...xs), stdev: Math.sqrt(variance), n: xs.length };
}

/** A point's measures from its runs' (one per seed, in seed order). */
export function pointMeasures(runs: readonly RunMeasures[]): PointMeasures {
  const profiles = [...new Set(runs.flatMap((r) => Object.keys(r.shares)))];
  const shares: Record<string, Spread> = {};
  for (const p of profiles) shares[p] = spread(runs.map((r) => r.shares[p] ?? 0))!;
  const bestCheat: Record<string, number> = {};
  for (const r of runs) if (r.bestCheat !== null) bestCheat[r.bestCheat] = (bestCheat[r.bestCheat] ?? 0) + 1;
  return {
    shares,
    honestPerCheater: spread(runs.map((r) => r.honestPerCheater)),
    cheatAdvantage: spread(runs.map((r) => r.cheatAdvantage)),
    bestCheat,
    catchUpEpochs: spread(runs.map((r) => r.catchUpEpochs)),
    catchUpReached: runs.filter((r) => r.catchUpEpochs !== null).length,
    copierReturn: spread(runs.map((r) => r.copierReturn)),
  };
}
