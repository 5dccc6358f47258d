/**
 * A sweep's JSON: what was swept (kit, base config, grid, seeds), the chain's defaults of the
 * varied keys, and each point's measures, in point order. A whole sweep and a slice (`--shard`)
 * have the same shape; `mergeSweeps` puts slices together into the bytes the whole sweep gives, and
 * refuses slices of different sweeps, two slices holding one point, and points no slice holds.
 */
import { SweepError, SweepErrorCode } from "./errors.js";
import { CHAIN_DEFAULTS, type SweepPlan, type SweepValue, type SweepVary } from "./sweep.js";
import type { PointMeasures } from "./sweepMeasures.js";

/** The format tag every sweep's JSON carries. */
export const SWEEP_FORMAT = "tao-subnet-sweep/1";

/** One point's parameters and measures. */
export interface SweepPointResult {
  index: number;
  values: Record<string, SweepValue>;
  measures: PointMeasures;
}

export interface SweepResult {
  format: typeof SWEEP_FORMAT;
  kit: string;
  /** The base config as given (before the grid's values and the seeds). */
  base: Record<string, unknown>;
  vary: SweepVary[];
  seeds: string[];
  /** Points in the whole grid. */
  points: number;
  /** The chain's default of each varied key that has one (the report marks it). */
  defaults: Record<string, SweepValue>;
  /** Which slice this is (`--shard i/n`); null for a whole sweep and a merge. */
  shard: { index: number; count: number } | null;
  results: SweepPointResult[];
}

/** The sweep's JSON for `plan`'s points `results` (in point order), a slice when `shard` is given. */
export function sweepResult(
  kit: string,
  base: Record<string, unknown>,
  plan: Pick<SweepPlan, "vary" | "seeds" | "points">,
  results: SweepPointResult[],
  shard: { index: number; count: number } | null,
): SweepResult {
  const defaults: Record<string, SweepValue> = {};
  for (const v of plan.vary) if (Object.hasOwn(CHAIN_DEFAULTS, v.key)) defaults[v.key] = CHAIN_DEFAULTS[v.key]!;
  return { format: SWEEP_FORMAT, kit, base, vary: plan.vary, seeds: plan.seeds, points: plan.points.length, defaults, shard, results };
}

/** What every slice of one sweep has in common (canonical JSON: the same sweep gives the same text). */
const header = (r: SweepResult) => JSON.stringify([r.format, r.kit, r.base, r.vary, r.seeds, r.points, r.defaults]);

/** Checks that `value` (from `file`) has a sweep's shape, enough for merging; a `SweepError` SLICE_INVALID otherwise. */
function asSlice(value: unknown, file: string): SweepResult {
  const bad = (what: string) =>
    new SweepError(SweepErrorCode.SLICE_INVALID, `${file}: not a sweep's JSON (${what}); give the files \`tao-subnet sweep --out\` wrote`, file);
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad("expected an object");
  const r = value as Partial<SweepResult>;
  if (r.format !== SWEEP_FORMAT) throw bad(`format ${JSON.stringify(r.format ?? null)}, expected ${JSON.stringify(SWEEP_FORMAT)}`);
  if (typeof r.kit !== "string" || !Array.isArray(r.vary) || !Array.isArray(r.seeds) || !Number.isInteger(r.points) || !Array.isArray(r.results))
    throw bad("expected kit, vary, seeds, points and results");
  for (const p of r.results)
    if (p === null || typeof p !== "object" || !Number.isInteger(p.index) || p.index < 0 || p.index >= r.points!)
      throw bad(`a result whose index is not a point 0..${r.points! - 1}`);
  return r as SweepResult;
}

/** Point indices as short ranges: 0-3, 7, 9-11. */
function ranges(xs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    out.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

/**
 * The slices `files` (name → parsed JSON) merged into one sweep, byte for byte the JSON of the same
 * sweep run whole. Throws a `SweepError`: SLICE_INVALID (not a sweep), SLICE_INCONSISTENT (another
 * sweep's slice), SLICE_OVERLAP (a point in two slices), SLICE_MISSING (points in none).
 */
export function mergeSweeps(files: ReadonlyArray<{ name: string; value: unknown }>): SweepResult {
  if (files.length === 0) throw new SweepError(SweepErrorCode.SLICE_MISSING, "merge: expected the slices' JSON files, got none", "<files>");
  const slices = files.map((f) => ({ name: f.name, r: asSlice(f.value, f.name) }));
  const first = slices[0]!;
  for (const s of slices.slice(1))
    if (header(s.r) !== header(first.r)) {
      const field = (["format", "kit", "base", "vary", "seeds", "points", "defaults"] as const).find(
        (k) => JSON.stringify(s.r[k]) !== JSON.stringify(first.r[k]),
      );
      throw new SweepError(
        SweepErrorCode.SLICE_INCONSISTENT,
        `${s.name}: another sweep's slice: ${field} is ${JSON.stringify(s.r[field!]).slice(0, 120)} here and ${JSON.stringify(first.r[field!]).slice(0, 120)} in ${first.name}; merge slices of one sweep`,
        s.name,
      );
    }
  const owner = new Map<number, string>();
  const byIndex = new Map<number, SweepPointResult>();
  for (const s of slices)
    for (const p of s.r.results) {
      const seen = owner.get(p.index);
      if (seen !== undefined)
        throw new SweepError(
          SweepErrorCode.SLICE_OVERLAP,
          `${s.name}: point ${p.index} is also in ${seen}; give each slice once (--shard i/n for i = 1..n)`,
          s.name,
        );
      owner.set(p.index, s.name);
      byIndex.set(p.index, p);
    }
  const missing = Array.from({ length: first.r.points }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    throw new SweepError(
      SweepErrorCode.SLICE_MISSING,
      `merge: points ${ranges(missing)} of ${first.r.points} are in no slice given; add the missing slices' files`,
      "<files>",
    );
  const r = first.r;
  const plan = { vary: r.vary, seeds: r.seeds, points: Array.from({ length: r.points }, (_, index) => ({ index, values: {} })) };
  return sweepResult(
    r.kit,
    r.base,
    plan,
    [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!),
    null,
  );
}
