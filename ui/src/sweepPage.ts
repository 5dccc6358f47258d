/**
 * A sweep's report (one self-contained HTML file, inline CSS and SVG, no scripts) and the
 * plain-language summary it opens with (the CLI prints the same sentences): where cheating pays,
 * whether the seeds agree on it, what the chain's defaults give, the weight copier's return and how
 * fast a late honest miner catches up. Heatmaps over the first two varied parameters (one per
 * combination of the others), lines over the first, and a table of every point.
 */
import { type ParamValue, type SpreadValue, type SweepSeries, sweepHeatmap, sweepLines } from "./charts/sweep.js";
import { STYLES } from "./pages.js";
import { esc } from "./svg.js";

/** A point's measures, as the sdk's `PointMeasures` holds them. */
export interface SweepPointMeasures {
  shares: Record<string, SpreadValue>;
  honestPerCheater: SpreadValue | null;
  cheatAdvantage: SpreadValue | null;
  bestCheat: Record<string, number>;
  catchUpEpochs: SpreadValue | null;
  catchUpReached: number;
  copierReturn: SpreadValue | null;
}

/** A sweep's JSON (the sdk's `SweepResult`); only the fields the report reads. */
export interface SweepReportInput {
  kit: string;
  base: Record<string, unknown>;
  vary: Array<{ key: string; values: ParamValue[] }>;
  seeds: string[];
  points: number;
  defaults: Record<string, ParamValue>;
  shard: { index: number; count: number } | null;
  results: Array<{ index: number; values: Record<string, ParamValue>; measures: SweepPointMeasures }>;
}

type Measure = "cheatAdvantage" | "honestPerCheater" | "catchUpEpochs" | "copierReturn";

/** The charted measures: title, pivot (1: as much as honest work) and the words for its sides. */
const MEASURES: Array<{ key: Measure; title: string; pivot?: number; sides?: [string, string] }> = [
  { key: "cheatAdvantage", title: "best cheat's earnings per uid ÷ honest miner's", pivot: 1, sides: ["cheating loses", "cheating pays"] },
  { key: "honestPerCheater", title: "honest miners' earnings per uid ÷ cheaters'", pivot: 1, sides: ["cheaters ahead", "honest ahead"] },
  { key: "catchUpEpochs", title: "epochs until a late honest miner earns 90 % of an incumbent's" },
  { key: "copierReturn", title: "weight copier's earnings per τ staked ÷ honest validator's", pivot: 1, sides: ["copying loses", "copying pays"] },
];

const label = (v: ParamValue) => (typeof v === "number" ? `${+v.toPrecision(6)}` : String(v));
/** A chain default as the summary names it: 4 significant digits (32767/65535 is "0.5"). */
const defaultLabel = (v: ParamValue) => (typeof v === "number" ? `${+v.toPrecision(4)}` : String(v));
const at = (values: Record<string, ParamValue>) =>
  Object.entries(values)
    .map(([k, v]) => `${k} ${label(v)}`)
    .join(", ");
const times = (x: number) => `${x.toFixed(2)}×`;

/** The summary's sentences (see the file header). */
export function sweepSummary(r: SweepReportInput): string[] {
  const out: string[] = [];
  const points = r.results;
  const seeds = r.seeds.length === 1 ? "the one seed" : `the mean of ${r.seeds.length} seeds`;
  const rated = points.filter((p) => p.measures.cheatAdvantage !== null);
  const scope = r.shard ? ` (this slice: ${points.length} of ${r.points} points)` : "";
  if (rated.length === 0) out.push(`No cheating miner earned anything to compare, or none ran, at any point${scope}: the sweep says nothing about cheating.`);
  else {
    const pays = rated.filter((p) => p.measures.cheatAdvantage!.mean >= 1);
    const best = rated.reduce((a, b) => (b.measures.cheatAdvantage!.mean > a.measures.cheatAdvantage!.mean ? b : a));
    const bestName = (p: (typeof points)[number]) => {
      const e = Object.entries(p.measures.bestCheat).sort((a, b) => b[1] - a[1])[0];
      return e ? e[0].replace(/^miner:/, "") : "a cheat";
    };
    const where = (ps: typeof points) =>
      ps
        .slice(0, 6)
        .map((p) => at(p.values))
        .join("; ") + (ps.length > 6 ? `; and ${ps.length - 6} more` : "");
    if (pays.length === 0)
      out.push(
        `Cheating did not pay at any of the ${rated.length} points${scope} (${seeds}): the best cheat, ${bestName(best)}, earned at most ${times(best.measures.cheatAdvantage!.mean)} an honest miner's earnings per uid (at ${at(best.values)}).`,
      );
    else if (pays.length === rated.length)
      out.push(
        `Cheating paid at every one of the ${rated.length} points${scope} (${seeds}): at best ${bestName(best)} earned ${times(best.measures.cheatAdvantage!.mean)} an honest miner's per uid (at ${at(best.values)}).`,
      );
    else
      out.push(
        `Cheating paid (a cheat earned at least as much per uid as an honest miner, ${seeds}) at ${pays.length} of ${rated.length} points${scope}: ${where(pays)}. The most: ${bestName(best)} at ${times(best.measures.cheatAdvantage!.mean)} (at ${at(best.values)}).`,
      );
    // per parameter: the mean advantage at its first and last value, over the other parameters
    for (const v of r.vary) {
      if (v.values.length < 2) continue;
      const meanAt = (x: ParamValue) => {
        const ps = rated.filter((p) => p.values[v.key] === x);
        return ps.length ? ps.reduce((a, p) => a + p.measures.cheatAdvantage!.mean, 0) / ps.length : null;
      };
      const [a, b] = [meanAt(v.values[0]!), meanAt(v.values[v.values.length - 1]!)];
      if (a === null || b === null) continue;
      const verb = Math.abs(b - a) < 0.005 ? "left it at" : b > a ? "raised it from" : "lowered it from";
      out.push(
        `Going from ${v.key} ${label(v.values[0]!)} to ${label(v.values[v.values.length - 1]!)} ${verb} ${times(a)}${verb === "left it at" ? "" : ` to ${times(b)}`} (the best cheat's advantage, averaged over the other parameters).`,
      );
    }
    const split = rated.filter((p) => p.measures.cheatAdvantage!.min < 1 && p.measures.cheatAdvantage!.max >= 1);
    if (split.length > 0 && r.seeds.length > 1)
      out.push(
        `At ${split.length} point${split.length === 1 ? "" : "s"} the seeds disagree (some say cheating pays, some not): ${where(split)}; more seeds would settle ${split.length === 1 ? "it" : "them"}.`,
      );
  }
  const varied = r.vary.filter((v) => Object.hasOwn(r.defaults, v.key));
  if (varied.length > 0) {
    const home = points.find((p) => r.vary.every((v) => !Object.hasOwn(r.defaults, v.key) || same(p.values[v.key]!, r.defaults[v.key]!)));
    const names = varied.map((v) => `${v.key} ${defaultLabel(r.defaults[v.key]!)}`).join(", ");
    if (home?.measures.cheatAdvantage)
      out.push(
        `At the chain's defaults (${names}) cheating ${home.measures.cheatAdvantage.mean >= 1 ? "pays" : "does not pay"}: the best cheat earns ${times(home.measures.cheatAdvantage.mean)} an honest miner's per uid.`,
      );
    else if (!home) out.push(`The grid does not hold the chain's defaults (${names}) as a point; the charts mark where they fall.`);
  }
  const copier = points.filter((p) => p.measures.copierReturn !== null);
  if (copier.length > 0) {
    const paid = copier.filter((p) => p.measures.copierReturn!.mean >= 1);
    const lo = Math.min(...copier.map((p) => p.measures.copierReturn!.mean));
    const hi = Math.max(...copier.map((p) => p.measures.copierReturn!.mean));
    out.push(
      `The weight copier, which does no work, earned ${lo === hi ? times(lo) : `${times(lo)}–${times(hi)}`} an honest validator's per τ staked; ${paid.length === 0 ? "copying did not pay at any point" : `copying paid at ${paid.length} of ${copier.length} points`}.`,
    );
  }
  const caught = points.filter((p) => p.measures.catchUpEpochs !== null);
  const never = points.filter((p) => p.measures.catchUpEpochs === null || p.measures.catchUpReached < r.seeds.length);
  if (caught.length > 0) {
    const fast = caught.reduce((a, b) => (b.measures.catchUpEpochs!.mean < a.measures.catchUpEpochs!.mean ? b : a));
    const slow = caught.reduce((a, b) => (b.measures.catchUpEpochs!.mean > a.measures.catchUpEpochs!.mean ? b : a));
    out.push(
      `A late-joining honest miner reached 90 % of an incumbent's per-epoch earnings in ${fast.measures.catchUpEpochs!.mean.toFixed(1)} epochs at best (${at(fast.values)}) and ${slow.measures.catchUpEpochs!.mean.toFixed(1)} at worst (${at(slow.values)})${never.length ? `; in ${never.length} point${never.length === 1 ? "" : "s"} it did not get there within the run for every seed` : ""}.`,
    );
  } else if (points.length > 0)
    out.push("No late-joining honest miner caught up within the run (or the base config has none: add a join of honest miners to measure it).");
  return out;
}

/**
 * Whether a point's value is the chain's default: equal, or for numbers within one u16 step below 1
 * (the chain keeps kappa and the like as u16: its default kappa is 32767/65535, and 0.5 is 32768).
 */
const same = (a: ParamValue, b: ParamValue) =>
  a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= Math.max(1 / 65535, 1e-9 * Math.abs(a)));

/** The points' combinations of the parameters after the first `skip`: their values each (in grid order, each once). */
function restCombos(r: SweepReportInput, skip: number): Array<Record<string, ParamValue>> {
  const rest = r.vary.slice(skip);
  const seen = new Map<string, Record<string, ParamValue>>();
  for (const p of r.results) {
    const combo = Object.fromEntries(rest.map((v) => [v.key, p.values[v.key]!]));
    seen.set(JSON.stringify(combo), combo);
  }
  return [...seen.values()];
}

const matches = (values: Record<string, ParamValue>, combo: Record<string, ParamValue>) => Object.entries(combo).every(([k, v]) => values[k] === v);

/** The most heatmaps per measure (combinations of the third and later parameters) and lines per chart. */
const MAX_FACETS = 6;
const MAX_SERIES = 8;

function heatmaps(r: SweepReportInput): string {
  if (r.vary.length < 2) return "";
  const [x, y] = [r.vary[0]!, r.vary[1]!];
  const combos = restCombos(r, 2);
  let out = "";
  for (const m of MEASURES) {
    if (!r.results.some((p) => p.measures[m.key] !== null)) continue;
    for (const combo of combos.slice(0, MAX_FACETS)) {
      const cell = (xv: ParamValue, yv: ParamValue) =>
        r.results.find((p) => p.values[x.key] === xv && p.values[y.key] === yv && matches(p.values, combo))?.measures[m.key] ?? null;
      const cells = y.values.map((yv) => x.values.map((xv) => cell(xv, yv)));
      const facet = Object.keys(combo).length ? ` (${at(combo)})` : "";
      out += `<section data-measure="${m.key}">${sweepHeatmap(
        { x, y, cells, defaults: { x: r.defaults[x.key], y: r.defaults[y.key] } },
        { title: `${m.title}${facet}`, measure: m.key, pivot: m.pivot, sides: m.sides },
      )}</section>`;
    }
    if (combos.length > MAX_FACETS)
      out += `<section><p>${combos.length - MAX_FACETS} more combinations of ${r.vary
        .slice(2)
        .map((v) => v.key)
        .join(", ")} are in the table below.</p></section>`;
  }
  return out;
}

function lines(r: SweepReportInput): string {
  const x = r.vary[0];
  if (!x) return "";
  const combos = restCombos(r, 1).slice(0, MAX_SERIES);
  let out = "";
  for (const m of MEASURES) {
    if (!r.results.some((p) => p.measures[m.key] !== null)) continue;
    const series: SweepSeries[] = combos.map((combo) => ({
      label: at(combo),
      points: x.values.map((xv) => r.results.find((p) => p.values[x.key] === xv && matches(p.values, combo))?.measures[m.key] ?? null),
    }));
    out += `<section data-measure="${m.key}">${sweepLines(x, series, { title: `${m.title} over ${x.key}`, measure: m.key, pivot: m.pivot, sides: m.sides, default: r.defaults[x.key] })}</section>`;
  }
  return out;
}

function pointTable(r: SweepReportInput): string {
  const profiles = [...new Set(r.results.flatMap((p) => Object.keys(p.measures.shares)))];
  const s = (v: SpreadValue | null, digits = 2) =>
    v === null ? "–" : `${v.mean.toFixed(digits)} <small>[${v.min.toFixed(digits)}–${v.max.toFixed(digits)}]</small>`;
  const head = `<tr>${r.vary.map((v) => `<th>${esc(v.key)}</th>`).join("")}<th>cheat advantage</th><th>honest ÷ cheater</th><th>catch-up (epochs)</th><th>copier return</th>${profiles.map((p) => `<th>${esc(p)} share</th>`).join("")}</tr>`;
  const rows = r.results
    .map((p) => {
      const m = p.measures;
      const pays = m.cheatAdvantage !== null && m.cheatAdvantage.mean >= 1;
      return `<tr data-point="${p.index}"${pays ? ` class="flagged"` : ""}>${r.vary.map((v) => `<td class="num">${esc(label(p.values[v.key]!))}</td>`).join("")}<td class="num">${s(m.cheatAdvantage)}</td><td class="num">${s(m.honestPerCheater)}</td><td class="num">${s(m.catchUpEpochs, 1)} <small>(${m.catchUpReached}/${r.seeds.length})</small></td><td class="num">${s(m.copierReturn)}</td>${profiles.map((k) => `<td class="num">${m.shares[k] ? `${(m.shares[k].mean * 100).toFixed(1)} %` : "–"}</td>`).join("")}</tr>`;
    })
    .join("");
  return `<table class="tao-table points"><thead>${head}</thead><tbody>${rows}</tbody></table><p><small>Each cell: the mean over the seeds [their min–max]. A flagged row: cheating paid there.</small></p>`;
}

/** The sweep's report as one HTML document. */
export function sweepReport(r: SweepReportInput, options: { title?: string } = {}): string {
  const title = options.title ?? `tao-subnet sweep: ${r.kit}, ${r.vary.map((v) => v.key).join(" × ")} (${r.points} points × ${r.seeds.length} seeds)`;
  const summary = sweepSummary(r)
    .map((s) => `<p class="verdict">${esc(s)}</p>`)
    .join("");
  const defaults = Object.entries(r.defaults)
    .map(([k, v]) => `${k} ${defaultLabel(v)}`)
    .join(", ");
  const cfg = Object.entries(r.base)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(JSON.stringify(v))}</code></td></tr>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLES}</style></head><body>
<header><h1>${esc(title)}</h1><span class="meta">where cheating pays, per point of the grid${r.shard ? ` · slice ${r.shard.index}/${r.shard.count}` : ""}</span></header><main>
<section class="wide verdict summary">${summary}${defaults ? `<p><small>Dashed lines mark the chain's defaults: ${esc(defaults)}.</small></p>` : ""}</section>
${heatmaps(r)}
${lines(r)}
<section class="wide"><h2>Every point</h2>${pointTable(r)}</section>
<section class="wide"><h2>Base configuration</h2><table class="tao-table config">${cfg}<tr><th>seeds</th><td><code>${esc(JSON.stringify(r.seeds))}</code></td></tr></table></section>
</main></body></html>
`;
}
