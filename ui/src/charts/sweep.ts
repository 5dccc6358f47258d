/**
 * A sweep's charts: a heatmap of one measure over two parameters, and lines of one measure over one
 * parameter (the mean, and a band from the seeds' min to max). Both mark the chain's default of a
 * parameter (`line.default`, dashed, where it falls inside the grid) and, given a `pivot` (1 for
 * a ratio against honest work), tell the sides apart: a heatmap colours values above the pivot
 * red and below it blue (`rect.cell.pays` above or at it), and lines draw it (`line.pivot`).
 */
import { axisTicks, color, emptyNote, esc, heat, legend, niceTicks, svgOpen, tickLabels } from "../svg.js";

/** A parameter's values as the sweep took them (numbers, true/false, text). */
export type ParamValue = number | boolean | string;

/** One measure at one point over the seeds (the sdk's `Spread`); null where no seed gave a value. */
export interface SpreadValue {
  mean: number;
  min: number;
  max: number;
  n: number;
}

export interface SweepHeatmapData {
  x: { key: string; values: ParamValue[] };
  y: { key: string; values: ParamValue[] };
  /** `cells[yi][xi]`: the measure at (x.values[xi], y.values[yi]). */
  cells: Array<Array<SpreadValue | null>>;
  /** The chain's defaults of the two keys, where they have one. */
  defaults?: { x?: ParamValue; y?: ParamValue };
}

export interface SweepChartOptions {
  title?: string;
  /** What the measure is, for the colour scale and tooltips (`cheat advantage`). */
  measure?: string;
  /** A value that splits the scale (1: "as much as honest work"); none: a plain white-to-blue scale. */
  pivot?: number;
  /** Words for the pivot's two sides, e.g. ["cheating loses", "cheating pays"]. */
  sides?: [string, string];
  width?: number;
  height?: number;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const label = (v: ParamValue) => (typeof v === "number" ? `${+v.toPrecision(6)}` : String(v));

/** Blue (below the pivot) to white (at it) to red (above); t in -1..1. */
function diverging(t: number): string {
  const x = Math.max(-1, Math.min(1, t));
  const [r, g, b] =
    x >= 0
      ? [
          [247, 178],
          [247, 24],
          [247, 43],
        ]
      : [
          [247, 33],
          [247, 102],
          [247, 172],
        ];
  const a = Math.abs(x);
  const mix = ([p, q]: number[]) => Math.round(p! + (q! - p!) * a);
  return `rgb(${mix(r!)},${mix(g!)},${mix(b!)})`;
}

/**
 * Where `value` falls on an axis of `values` whose k-th value sits at `at(k)`: at a value itself, or
 * between two numeric neighbours (interpolated); undefined outside the grid or for a non-number.
 */
function positionOf(value: ParamValue | undefined, values: readonly ParamValue[], at: (k: number) => number): number | undefined {
  if (value === undefined) return undefined;
  // within one u16 step below 1: the chain's kappa 32767/65535 is the column 0.5
  const exact = values.findIndex(
    (v) => v === value || (typeof v === "number" && typeof value === "number" && Math.abs(v - value) <= Math.max(1 / 65535, 1e-9 * Math.abs(v))),
  );
  if (exact >= 0) return at(exact);
  if (typeof value !== "number") return undefined;
  for (let k = 0; k + 1 < values.length; k++) {
    const [a, b] = [values[k], values[k + 1]];
    if (typeof a !== "number" || typeof b !== "number") continue;
    if ((value - a) * (value - b) < 0) return at(k) + ((value - a) / (b - a)) * (at(k + 1) - at(k));
  }
  return undefined;
}

/** The colour of `v` on a scale from `lo` to `hi`, split at `pivot` when there is one. */
function cellColor(v: number, lo: number, hi: number, pivot: number | undefined): string {
  if (pivot === undefined) return heat(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  const span = Math.max(Math.abs(hi - pivot), Math.abs(lo - pivot), 1e-12);
  return diverging((v - pivot) / span);
}

/**
 * A measure over two parameters: a `rect.cell` per point (`data-x`, `data-y`, `data-mean`, the
 * seeds' min and max in its title, its mean written in it), empty points hatched grey
 * (`rect.cell.none`), the chain's defaults as dashed lines (`line.default[data-axis]`) where they
 * fall inside the grid, and a colour scale.
 */
export function sweepHeatmap(data: SweepHeatmapData, options: SweepChartOptions = {}): string {
  const { x, y } = data;
  const title = options.title ?? `${options.measure ?? "measure"} over ${x.key} and ${y.key}`;
  const cw = Math.max(36, Math.min(72, Math.floor(420 / Math.max(1, x.values.length))));
  const ch = Math.max(22, Math.min(40, Math.floor(300 / Math.max(1, y.values.length))));
  const m = { top: 34, right: 150, bottom: 46, left: 96 };
  // wide enough for the title, which starts at m.left (bold 11 px: at most about 7 px a character)
  const width = Math.max(m.left + m.right + x.values.length * cw, m.left + 10 + title.length * 7);
  const height = m.top + m.bottom + Math.max(90, y.values.length * ch);
  let out = svgOpen(width, height, "sweep-heatmap", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  const all = data.cells.flat().filter((c): c is SpreadValue => c !== null);
  if (x.values.length === 0 || y.values.length === 0) return out + emptyNote(width, height, "no points") + "</svg>";
  const lo = Math.min(...all.map((c) => c.mean), options.pivot ?? Infinity);
  const hi = Math.max(...all.map((c) => c.mean), options.pivot ?? -Infinity);
  // y's first value at the bottom, as on a plot
  const cx = (k: number) => m.left + k * cw + cw / 2;
  const cy = (k: number) => m.top + (y.values.length - 1 - k) * ch + ch / 2;
  for (const [yi, row] of data.cells.entries())
    for (const [xi, c] of row.entries()) {
      const [px, py] = [m.left + xi * cw, m.top + (y.values.length - 1 - yi) * ch];
      const at = `${x.key}=${label(x.values[xi]!)}, ${y.key}=${label(y.values[yi]!)}`;
      if (c === null) {
        out += `<rect class="cell none" data-x="${esc(label(x.values[xi]!))}" data-y="${esc(label(y.values[yi]!))}" x="${px}" y="${py}" width="${cw}" height="${ch}" fill="#eee" stroke="#fff"><title>${esc(at)}: no value</title></rect>`;
        continue;
      }
      const pays = options.pivot !== undefined && c.mean >= options.pivot;
      const tip = `${at}: ${options.measure ?? "mean"} ${fmt(c.mean)} (seeds: ${fmt(c.min)}–${fmt(c.max)}, ${c.n})`;
      out += `<rect class="cell${pays ? " pays" : ""}" data-x="${esc(label(x.values[xi]!))}" data-y="${esc(label(y.values[yi]!))}" data-mean="${c.mean}" x="${px}" y="${py}" width="${cw}" height="${ch}" fill="${cellColor(c.mean, lo, hi, options.pivot)}" stroke="#fff"><title>${esc(tip)}</title></rect>`;
      const dark =
        options.pivot === undefined
          ? (hi > lo ? (c.mean - lo) / (hi - lo) : 0) > 0.6
          : Math.abs(c.mean - options.pivot) / Math.max(Math.abs(hi - options.pivot), Math.abs(lo - options.pivot), 1e-12) > 0.6;
      out += `<text class="value" x="${px + cw / 2}" y="${py + ch / 2 + 4}" text-anchor="middle" font-size="10" fill="${dark ? "#fff" : "#222"}">${fmt(c.mean)}</text>`;
    }
  x.values.forEach((v, k) => {
    out += `<text class="tick x" x="${cx(k)}" y="${m.top + y.values.length * ch + 14}" text-anchor="middle" fill="#555">${esc(label(v))}</text>`;
  });
  y.values.forEach((v, k) => {
    out += `<text class="tick y" x="${m.left - 6}" y="${cy(k) + 4}" text-anchor="end" fill="#555">${esc(label(v))}</text>`;
  });
  const gridBottom = m.top + y.values.length * ch;
  const dx = positionOf(data.defaults?.x, x.values, cx);
  if (dx !== undefined)
    out += `<line class="default" data-axis="x" x1="${dx.toFixed(2)}" x2="${dx.toFixed(2)}" y1="${m.top - 4}" y2="${gridBottom + 4}" stroke="#111" stroke-width="1.5" stroke-dasharray="5 3"><title>the chain's default ${esc(x.key)} = ${esc(label(data.defaults!.x!))}</title></line><text class="default-label" x="${(dx + 3).toFixed(2)}" y="${m.top - 6}" font-size="9" fill="#111">chain default</text>`;
  const dy = positionOf(data.defaults?.y, y.values, cy);
  if (dy !== undefined)
    out += `<line class="default" data-axis="y" x1="${m.left - 4}" x2="${m.left + x.values.length * cw + 4}" y1="${dy.toFixed(2)}" y2="${dy.toFixed(2)}" stroke="#111" stroke-width="1.5" stroke-dasharray="5 3"><title>the chain's default ${esc(y.key)} = ${esc(label(data.defaults!.y!))}</title></line>`;
  out += `<text x="${m.left + (x.values.length * cw) / 2}" y="${height - 8}" text-anchor="middle" fill="#555">${esc(x.key)}</text>`;
  out += `<text x="14" y="${m.top + (y.values.length * ch) / 2}" text-anchor="middle" fill="#555" transform="rotate(-90 14 ${m.top + (y.values.length * ch) / 2})">${esc(y.key)}</text>`;
  // the scale: 10 swatches from hi (top) to lo (bottom)
  const sx = m.left + x.values.length * cw + 24;
  const sh = Math.max(80, y.values.length * ch);
  out += `<g class="color-scale" transform="translate(${sx},${m.top})"><text x="0" y="-6" fill="#555" font-size="9">${esc(options.measure ?? "mean")}</text>`;
  for (let i = 0; i < 10; i++) {
    const v = hi - ((hi - lo) * i) / 9;
    out += `<rect class="swatch" x="0" y="${((i * sh) / 10).toFixed(2)}" width="12" height="${(sh / 10).toFixed(2)}" fill="${cellColor(v, lo, hi, options.pivot)}"/>`;
  }
  out += `<text class="scale-label" x="16" y="8" fill="#555" font-size="9">${all.length ? fmt(hi) : "–"}${options.pivot !== undefined && options.sides ? ` ${esc(options.sides[1])}` : ""}</text>`;
  out += `<text class="scale-label" x="16" y="${sh}" fill="#555" font-size="9">${all.length ? fmt(lo) : "–"}${options.pivot !== undefined && options.sides ? ` ${esc(options.sides[0])}` : ""}</text>`;
  return out + "</g></svg>";
}

/** One line of a sweep's line chart: a label (another parameter's value) and the measure at each x. */
export interface SweepSeries {
  label: string;
  points: Array<SpreadValue | null>;
}

/**
 * A measure over one parameter (`x`): per series a `path.series` through the means, a
 * `path.band` from the seeds' min to max, and a `circle.point` per value; the chain's default
 * (`line.default`) and the pivot (`line.pivot`) where given. Numeric x values are spaced by value,
 * others evenly.
 */
export function sweepLines(
  x: { key: string; values: ParamValue[] },
  series: SweepSeries[],
  options: SweepChartOptions & { default?: ParamValue } = {},
): string {
  const title = options.title ?? `${options.measure ?? "measure"} over ${x.key}`;
  // the legend's labels start 26 px right of the plot (11 px text: at most about 7 px a character)
  const m = { top: 28, right: series.length > 1 ? 34 + 7 * Math.max(...series.map((s) => s.label.length)) : 20, bottom: 40, left: 52 };
  const width = options.width ?? Math.max(560, m.left + m.right + 200, m.left + 10 + title.length * 7);
  const height = options.height ?? 260;
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  let out = svgOpen(width, height, "sweep-lines", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  const all = series.flatMap((s) => s.points).filter((p): p is SpreadValue => p !== null);
  if (x.values.length === 0 || all.length === 0) return out + emptyNote(width, height, "no values") + "</svg>";
  const numeric = x.values.every((v) => typeof v === "number");
  const xs = x.values.map((v, k) => (numeric ? (v as number) : k));
  const [x0, x1] = Math.max(...xs) > Math.min(...xs) ? [Math.min(...xs), Math.max(...xs)] : [xs[0]! - 0.5, xs[0]! + 0.5];
  const sx = (v: number) => m.left + ((v - x0) / (x1 - x0)) * w;
  const top = niceTicks(Math.max(...all.map((p) => p.max), options.pivot ?? 0), 4);
  const yMax = top[top.length - 1]!;
  const sy = (v: number) => m.top + h - (v / yMax) * h;
  const yLabels = tickLabels(top);
  top.forEach((t, i) => {
    out += `<line x1="${m.left}" x2="${m.left + w}" y1="${sy(t).toFixed(2)}" y2="${sy(t).toFixed(2)}" stroke="#e5e5e5"/><text class="tick y" x="${m.left - 6}" y="${(sy(t) + 4).toFixed(2)}" text-anchor="end" fill="#555">${yLabels[i]}</text>`;
  });
  if (numeric) {
    const ticks = axisTicks(x0, x1, 5);
    const labels = tickLabels(ticks);
    ticks.forEach((t, i) => {
      out += `<text class="tick x" x="${sx(t).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${labels[i]}</text>`;
    });
  } else
    x.values.forEach((v, k) => {
      out += `<text class="tick x" x="${sx(k).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${esc(label(v))}</text>`;
    });
  if (options.pivot !== undefined)
    out += `<line class="pivot" x1="${m.left}" x2="${m.left + w}" y1="${sy(options.pivot).toFixed(2)}" y2="${sy(options.pivot).toFixed(2)}" stroke="#b91c1c" stroke-dasharray="2 2"><title>${esc(options.sides?.[1] ?? "pivot")} at or above ${options.pivot}</title></line>`;
  series.forEach((s, k) => {
    const c = color(k);
    const pts = s.points.map((p, i) => (p === null ? null : { X: sx(xs[i]!), p })).filter((p) => p !== null);
    if (pts.length === 0) return;
    const upper = pts.map(({ X, p }) => `${X.toFixed(2)},${sy(p.max).toFixed(2)}`);
    const lower = pts.map(({ X, p }) => `${X.toFixed(2)},${sy(p.min).toFixed(2)}`).reverse();
    out += `<path class="band" data-series="${esc(s.label)}" d="M${[...upper, ...lower].join("L")}Z" fill="${c}" fill-opacity="0.15" stroke="none"/>`;
    out += `<path class="series" data-series="${esc(s.label)}" d="M${pts.map(({ X, p }) => `${X.toFixed(2)},${sy(p.mean).toFixed(2)}`).join("L")}" fill="none" stroke="${c}" stroke-width="2"/>`;
    for (const [i, p] of s.points.entries())
      if (p !== null)
        out += `<circle class="point" data-series="${esc(s.label)}" data-x="${esc(label(x.values[i]!))}" data-mean="${p.mean}" cx="${sx(xs[i]!).toFixed(2)}" cy="${sy(p.mean).toFixed(2)}" r="3" fill="${c}"><title>${esc(`${x.key}=${label(x.values[i]!)}${s.label ? `, ${s.label}` : ""}: ${fmt(p.mean)} (seeds: ${fmt(p.min)}–${fmt(p.max)}, ${p.n})`)}</title></circle>`;
  });
  const dx = positionOf(options.default, x.values, (k) => sx(xs[k]!));
  if (dx !== undefined)
    out += `<line class="default" x1="${dx.toFixed(2)}" x2="${dx.toFixed(2)}" y1="${m.top}" y2="${m.top + h}" stroke="#111" stroke-width="1.5" stroke-dasharray="5 3"><title>the chain's default ${esc(x.key)} = ${esc(label(options.default!))}</title></line><text class="default-label" x="${(dx + 3).toFixed(2)}" y="${m.top + 10}" font-size="9" fill="#111">chain default</text>`;
  if (series.length > 1)
    out += legend(
      series.map((s, k) => ({ label: s.label, color: color(k) })),
      m.left + w + 12,
      m.top,
    );
  out += `<text x="${m.left + w / 2}" y="${height - 6}" text-anchor="middle" fill="#555">${esc(x.key)}</text>`;
  return out + "</svg>";
}
