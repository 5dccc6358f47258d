/**
 * A sweep's plan: the grid of configs `tao-subnet sweep` simulates. A `--vary key=spec` names a
 * config key (dots reach into objects: `market.price`, `miners.copier`) and its values: a range
 * `a:b:n` (n evenly spaced values from a to b, both included) or a list `v1,v2,…` (numbers,
 * true/false, or text; `"…"` is text even when it reads as a number). The grid is their cartesian product, the first `--vary` outermost; every
 * point runs with each of the seeds (the same seeds at every point, so points differ by their
 * parameters, not by their luck). Each point's config is checked by the simulation's own schema
 * (`parseSimulationConfig`) before anything runs, and a refusal names the `--vary` it came from.
 *
 * A shard `i/n` (1 ≤ i ≤ n) is the i-th of n contiguous slices of the points, all seeds of a point
 * in one slice, so a slice computes its points' spread by itself and `mergeSweeps` only concatenates.
 */
import { closestName } from "@tao-subnet/core";
import { behaviourNames } from "./behaviours.js";
import { parseSimulationConfig, simulationConfigSchema } from "./config.js";
import { SimulationConfigError, SweepError, SweepErrorCode } from "./errors.js";

/** One value a parameter takes. */
export type SweepValue = number | boolean | string;

/** One varied parameter: the config key (dotted path) and its values in order. */
export interface SweepVary {
  key: string;
  values: SweepValue[];
}

/** The most points a grid may have, and the most seeds. */
export const MAX_SWEEP_POINTS = 100_000;
export const MAX_SWEEP_SEEDS = 1000;

/**
 * The chain's defaults (subtensor's runtime, spec 425: `SubtensorInitial*` and the pallet's
 * `Default*`), in the config's units, for the keys a sweep varies: the report marks them. Tempo
 * is the chain's 360 blocks (the simulation's default is 20, which only makes it faster);
 * commit-reveal is on and Yuma 3 off by default on the chain.
 */
export const CHAIN_DEFAULTS: Readonly<Record<string, SweepValue>> = {
  kappa: 32767 / 65535,
  bondsMovingAverage: 900_000,
  bondsPenalty: 1,
  alphaLow: 45875 / 65535,
  alphaHigh: 58982 / 65535,
  liquidAlpha: false,
  yuma3: false,
  commitReveal: true,
  commitRevealPeriod: 1,
  tempo: 360,
};

/** A number as a range end or list item reads it; anything else is not one. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A list item: a number, true/false, or the text itself; in double quotes, text always (`"0"` for a key that takes digits as text, as `issuance` does). */
function listValue(text: string): SweepValue {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1);
  if (NUMBER.test(t)) return Number(t);
  if (t === "true" || t === "false") return t === "true";
  return t;
}

/** `key=a:b:n` or `key=v1,v2,…` as a `SweepVary`; a `SweepError` naming `--vary` and what is wrong. */
export function parseVary(text: string): SweepVary {
  const eq = text.indexOf("=");
  const syntax = `expected key=a:b:n (n values from a to b) or key=v1,v2,… (e.g. kappa=0.3:0.7:5, bondsMovingAverage=900000,975000), got ${JSON.stringify(text)}`;
  if (eq <= 0 || eq === text.length - 1) throw new SweepError(SweepErrorCode.VARY_INVALID, `--vary: ${syntax}`, "--vary");
  const key = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const at = `--vary ${key}`;
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(key))
    throw new SweepError(SweepErrorCode.VARY_INVALID, `${at}: expected a config key (dots reach into objects: market.price), got ${JSON.stringify(key)}`, at);
  const range = /^([^:,]+):([^:,]+):([^:,]+)$/.exec(spec);
  if (range) {
    const [a, b, n] = [range[1]!.trim(), range[2]!.trim(), range[3]!.trim()];
    if (!NUMBER.test(a) || !NUMBER.test(b))
      throw new SweepError(SweepErrorCode.VARY_INVALID, `${at}: a range's ends are numbers (a:b:n), got ${JSON.stringify(spec)}`, at);
    if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 1000)
      throw new SweepError(SweepErrorCode.VARY_INVALID, `${at}: a range's count n (a:b:n) is a whole number 1..1000, got ${JSON.stringify(n)}`, at);
    const [lo, hi, count] = [Number(a), Number(b), Number(n)];
    if (count === 1 && lo !== hi)
      throw new SweepError(
        SweepErrorCode.VARY_INVALID,
        `${at}: a range from ${a} to ${b} needs at least 2 values, got n = 1 (or give one value: ${key}=${a})`,
        at,
      );
    // 12 significant digits: 0.3 + 0.1 is 0.4 here, not 0.30000000000000004 + …
    const values = Array.from({ length: count }, (_, k) => (count === 1 ? lo : Number((lo + ((hi - lo) * k) / (count - 1)).toPrecision(12))));
    return { key, values };
  }
  if (spec.includes(":")) throw new SweepError(SweepErrorCode.VARY_INVALID, `${at}: ${syntax}`, at);
  const items = spec.split(",");
  if (items.some((i) => i.trim() === "")) throw new SweepError(SweepErrorCode.VARY_INVALID, `${at}: an empty item in the list ${JSON.stringify(spec)}`, at);
  const values = items.map(listValue);
  const seen = new Set(values.map((v) => JSON.stringify(v)));
  if (seen.size !== values.length) throw new SweepError(SweepErrorCode.VARY_INVALID, `${at}: a value repeats in ${JSON.stringify(spec)}`, at);
  return { key, values };
}

/** `config` with `value` at the dotted `key` (objects on the way are copied, missing ones made). */
export function withValue(config: Readonly<Record<string, unknown>>, key: string, value: SweepValue): Record<string, unknown> {
  const [head, ...rest] = key.split(".");
  const out: Record<string, unknown> = { ...config };
  if (rest.length === 0) out[head!] = value;
  else {
    const inner = out[head!];
    out[head!] = withValue(
      inner !== null && typeof inner === "object" && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {},
      rest.join("."),
      value,
    );
  }
  return out;
}

/** The seeds of a sweep of `count` seeds from the base config's seed `seed`: `seed` itself (so one seed reproduces `tao-subnet simulate`), then `seed+1`, `seed+2`, … */
export const sweepSeeds = (seed: string, count: number): string[] => Array.from({ length: count }, (_, k) => (k === 0 ? seed : `${seed}+${k}`));

/** One point of the grid: its index and its parameters' values (key → value, in `--vary` order). */
export interface SweepPoint {
  index: number;
  values: Record<string, SweepValue>;
}

/** The grid's points, the first `vary` outermost. */
export function sweepPoints(vary: readonly SweepVary[]): SweepPoint[] {
  let combos: Array<Record<string, SweepValue>> = [{}];
  for (const v of vary) combos = combos.flatMap((c) => v.values.map((x) => ({ ...c, [v.key]: x })));
  return combos.map((values, index) => ({ index, values }));
}

/** The points of shard `index` (1-based) of `count`: a contiguous slice, the slices as even as whole points make them. */
export function shardRange(points: number, shard: { index: number; count: number }): { from: number; to: number } {
  return { from: Math.floor(((shard.index - 1) * points) / shard.count), to: Math.floor((shard.index * points) / shard.count) };
}

/** `--shard i/n` as { index, count }: 1 ≤ i ≤ n ≤ the number of points. */
export function parseShard(text: string, points: number): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || count < 1 || index < 1 || index > count)
    throw new SweepError(
      SweepErrorCode.PLAN_INVALID,
      `--shard: expected i/n, the i-th of n slices, 1 ≤ i ≤ n (e.g. 1/4), got ${JSON.stringify(text)}`,
      "--shard",
    );
  if (count > points)
    throw new SweepError(
      SweepErrorCode.PLAN_INVALID,
      `--shard: ${count} slices of a grid of ${points} points would leave some empty; use at most ${points}`,
      "--shard",
    );
  return { index, count };
}

/** A planned sweep: every point's config for every seed, each checked by the simulation's schema. */
export interface SweepPlan {
  vary: SweepVary[];
  seeds: string[];
  points: SweepPoint[];
  /** `configs[point][seed]`: what `simulate` runs. */
  configs: Array<Array<Record<string, unknown>>>;
}

/**
 * Plans a sweep of `kit` over `vary` from `base` with `seedCount` seeds. Throws a `SweepError`:
 * a key repeated, a grid past `MAX_SWEEP_POINTS`, seeds out of range, or a point the schema refuses
 * (naming the `--vary` whose key the refusal names, with the schema's "did you mean"); a refusal
 * of the base config itself is the schema's `SimulationConfigError`.
 */
export function planSweep(
  kit: { name: string; adversaries?: Readonly<Record<string, unknown>> },
  base: Readonly<Record<string, unknown>>,
  vary: readonly SweepVary[],
  seedCount: number,
): SweepPlan {
  if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > MAX_SWEEP_SEEDS)
    throw new SweepError(SweepErrorCode.PLAN_INVALID, `--seeds: expected a whole number 1..${MAX_SWEEP_SEEDS}, got ${seedCount}`, "--seeds");
  if (vary.length === 0) throw new SweepError(SweepErrorCode.PLAN_INVALID, "--vary: expected at least one, e.g. --vary kappa=0.3:0.7:5", "--vary");
  for (const [i, v] of vary.entries()) {
    const clash = vary.findIndex((w, k) => k < i && (w.key === v.key || w.key.startsWith(`${v.key}.`) || v.key.startsWith(`${w.key}.`)));
    if (clash >= 0)
      throw new SweepError(SweepErrorCode.VARY_INVALID, `--vary ${v.key}: overlaps --vary ${vary[clash]!.key}; vary each key once`, `--vary ${v.key}`);
    if (v.key === "seed") throw new SweepError(SweepErrorCode.VARY_INVALID, "--vary seed: the seeds are --seeds N (the same at every point)", "--vary seed");
    if (v.key === "workers")
      throw new SweepError(
        SweepErrorCode.VARY_INVALID,
        "--vary workers: how a run runs is not a parameter (the results are the same bytes); use --workers",
        "--vary workers",
      );
  }
  const size = vary.reduce((n, v) => n * v.values.length, 1);
  if (size > MAX_SWEEP_POINTS)
    throw new SweepError(SweepErrorCode.PLAN_INVALID, `--vary: the grid has ${size} points, more than ${MAX_SWEEP_POINTS}; vary fewer values`, "--vary");
  const seeds = sweepSeeds(typeof base.seed === "string" ? base.seed : "1", seedCount);
  const points = sweepPoints(vary);
  const known = Object.keys(simulationConfigSchema(behaviourNames(kit)).shape);
  for (const v of vary) {
    const root = v.key.split(".")[0]!;
    if (!known.includes(root)) {
      const best = closestName(root, known);
      throw new SweepError(
        SweepErrorCode.VARY_INVALID,
        `--vary ${v.key}: unknown config key ${JSON.stringify(root)}${best === undefined ? "" : `; did you mean ${JSON.stringify(best)}?`} (known: ${known.join(", ")})`,
        `--vary ${v.key}`,
      );
    }
  }
  const configs = points.map((p) => {
    let config: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(p.values)) config = withValue(config, k, v);
    try {
      parseSimulationConfig(kit, { ...config, seed: seeds[0] }, 1);
    } catch (e) {
      if (!(e instanceof SimulationConfigError)) throw e;
      const v = vary.find((w) => e.path === w.key || e.path.startsWith(`${w.key}.`) || e.path.startsWith(`${w.key}[`) || w.key.startsWith(`${e.path}.`));
      if (v === undefined) {
        // a check across fields (a join after the last epoch, too many uids): the base config alone passes, so the point's values broke it
        parseSimulationConfig(kit, { ...base, seed: seeds[0] }, 1);
        const keys = vary.map((w) => w.key);
        throw new SweepError(
          SweepErrorCode.VARY_INVALID,
          `--vary at ${Object.entries(p.values)
            .map(([k, x]) => `${k}=${JSON.stringify(x)}`)
            .join(", ")}: ${e.path}: ${e.reason}`,
          `--vary ${keys.join(", ")}`,
        );
      }
      const value = p.values[v.key];
      // a number where the schema wants text (issuance's rao): say how to give text
      const hint = typeof value === "number" && /string/.test(e.reason) ? `; give text in double quotes: ${v.key}='"${value}",…'` : "";
      throw new SweepError(SweepErrorCode.VARY_INVALID, `--vary ${v.key}=${JSON.stringify(value)}: ${e.path}: ${e.reason}${hint}`, `--vary ${v.key}`);
    }
    return seeds.map((seed) => ({ ...config, seed }));
  });
  return { vary: vary.map((v) => ({ key: v.key, values: [...v.values] })), seeds, points, configs };
}
