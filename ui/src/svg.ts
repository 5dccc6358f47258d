/**
 * Small helpers shared by the charts: escaping, rao formatting, axis ticks and the palette.
 * Every chart is a pure function from data to an SVG (or HTML) string, so the same code renders
 * in Node (the simulation report, the dashboard server) and in a browser (Storybook, the page).
 */

/** A rao amount as the chain and the JSON results carry it: bigint, decimal string or number. */
export type Rao = bigint | string | number;

/** One sparse row of a u16 matrix (weights, bonds): `[column uid, u16 value]` pairs. */
export type SparseRow = Array<[number, number]>;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML/SVG content and attribute values. */
export const esc = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A rao amount as a bigint (numbers are truncated). */
export const raoBig = (rao: Rao): bigint => (typeof rao === "bigint" ? rao : BigInt(typeof rao === "number" ? Math.trunc(rao) : rao));

/** A rao amount as a JavaScript number of TAO (display only; never for consensus math). */
export function raoToTao(rao: Rao): number {
  const v = raoBig(rao);
  const whole = v / 1_000_000_000n;
  const frac = v % 1_000_000_000n;
  return Number(whole) + Number(frac) / 1e9;
}

/** The two currencies of a subnet: TAO (τ) and the subnet's own alpha (α), both counted in units of 1e-9 (rao). */
export type Unit = "τ" | "α";

/** A plain number with up to `digits` significant decimals (whole above 1000, trailing zeros dropped). */
export function formatNumber(v: number, digits = 4): string {
  const abs = Math.abs(v);
  const s = abs >= 1000 ? v.toFixed(0) : abs >= 1 ? v.toFixed(digits) : v.toPrecision(digits);
  // trailing zeros are dropped after a decimal point only (1000 TAO is "1000 τ", not "1 τ"), and before an exponent (7.52e-8)
  const [mantissa, exponent] = s.split("e") as [string, string | undefined];
  const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return (trimmed || "0") + (exponent === undefined ? "" : `e${exponent}`);
}

/** Formats an amount of rao (TAO or alpha) with up to `digits` significant decimals: `12.3457 τ`, `3.5 α`. */
export function formatAmount(rao: Rao, unit: Unit, digits = 4): string {
  return `${formatNumber(raoToTao(rao), digits)} ${unit}`;
}

/** Formats TAO with up to `digits` significant decimals: `12.3457 τ`. */
export function formatTao(rao: Rao, digits = 4): string {
  return formatAmount(rao, "τ", digits);
}

/** A price in TAO per alpha: `0.0907 τ/α`. */
export function formatPrice(price: number): string {
  return `${Number.isFinite(price) ? formatNumber(price) : "?"} τ/α`;
}

/** Alpha rao's TAO value (rao) at `price` TAO per alpha, for display: floored, 0 for a price that is not a finite number ≥ 0. */
export function alphaToTaoRao(alpha: Rao, price: number): bigint {
  if (!Number.isFinite(price) || price <= 0) return 0n;
  return BigInt(Math.floor(Number(raoBig(alpha)) * price));
}

/** A u16 value (0..65535) as a fraction 0..1. */
export const u16 = (v: number): number => v / 65535;

/** The round step (1, 2, 2.5 or 5 times a power of ten) nearest above `raw`; at least 1 when `integer`. */
function niceStep(raw: number, integer: boolean): number {
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw && (!integer || Number.isInteger(s))) ?? 10 * mag;
  return integer ? Math.max(1, Math.ceil(step)) : step;
}

/**
 * Round numbers for an axis from 0 to at least `max`: about `count` ticks. An axis with nothing on
 * it (max 0, NaN) is [0, 1], so an all-zero chart still has two distinct labels.
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max / count, false);
  const ticks: number[] = [];
  for (let t = 0; t < max + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * Round ticks inside [lo, hi] (multiples of a round step), about `count` of them. With `integer`
 * (blocks, epochs, uids) the step is a whole number of at least 1, so no tick is a fraction and
 * none repeats. lo = hi gives [lo].
 */
export function axisTicks(lo: number, hi: number, count = 5, options: { integer?: boolean } = {}): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) return [lo];
  const step = niceStep((hi - lo) / count, options.integer ?? false);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Compact tick label: 1.2k, 3.4M. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(3)}`;
}

const SUFFIX: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9 };

/**
 * Labels for axis ticks, each one naming its tick exactly and no two alike: the compact form
 * (`shortNumber`) when it is exact for every tick (5M, 2.5, 1.2k), else plain numbers with the
 * fewest decimals that are (block 120100, not "120k"; 0.5, not "1").
 */
export function tickLabels(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.max(1, Math.abs(ticks[0] ?? 1));
  const exact = (labels: string[]) =>
    new Set(labels).size === labels.length && labels.every((l, i) => Math.abs(Number.parseFloat(l) * (SUFFIX[l.slice(-1)] ?? 1) - ticks[i]!) <= step * 1e-6);
  const short = ticks.map(shortNumber);
  if (exact(short)) return short;
  for (let d = 0; d <= 12; d++) {
    const plain = ticks.map((t) => t.toFixed(d));
    if (exact(plain)) return plain;
  }
  return ticks.map(String);
}

/** Ten distinguishable colours (Tableau 10), used in order by series. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** The colour of series `i`. */
export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

/** One entry of a chart's legend: a swatch and a label; `profile` tags it `data-profile` (tests, the report's colour check). */
export interface LegendEntry {
  label: string;
  color: string;
  profile?: string;
}

/** A vertical legend (`g.legend` of `g.legend-item`) whose top-left corner is (x, y). */
export function legend(entries: readonly LegendEntry[], x: number, y: number): string {
  let out = `<g class="legend" transform="translate(${x},${y})">`;
  entries.forEach((e, k) => {
    const tag = e.profile === undefined ? "" : ` data-profile="${esc(e.profile)}"`;
    out += `<g class="legend-item"${tag} transform="translate(0,${k * 16})"><rect width="10" height="10" fill="${esc(e.color)}"/><text x="14" y="9">${esc(e.label)}</text></g>`;
  });
  return out + "</g>";
}

/** A sequential colour from white (0) to dark blue (1) for heatmaps. */
export function heat(t: number): string {
  const x = Math.max(0, Math.min(1, t));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * x);
  return `rgb(${mix(247, 8)},${mix(251, 48)},${mix(255, 107)})`;
}

/** Opens an SVG document with a title (read by screen readers and tests). */
export function svgOpen(width: number, height: number, cls: string, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="tao-chart ${esc(cls)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="system-ui, sans-serif" font-size="11"><title>${esc(title)}</title>`;
}

/** The text of an empty chart. */
export function emptyNote(width: number, height: number, text: string): string {
  return `<text class="empty" x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#888">${esc(text)}</text>`;
}

/** The frame of a line chart: margins, the x window and y ticks. */
export interface LineFrame {
  width: number;
  height: number;
  m: { top: number; right: number; bottom: number; left: number };
  /** x values of the points (a single x gets a window one unit wide centred on it). */
  xs: readonly number[];
  /** The largest y value (the axis starts at 0). */
  yMax: number;
  /** Appended to each y tick label (` τ`), if any. */
  ySuffix?: string;
  /** The x axis's label and the y axis's label (rotated, left). */
  xLabel: string;
  yLabel?: string;
}

/**
 * Grid lines, tick labels (`text.tick.x`, whole numbers; `text.tick.y`, exact and distinct) and axis
 * labels of a line chart over [min x, max x] × [0, a round top ≥ yMax]; returns the SVG and the scales.
 */
export function lineAxes(f: LineFrame): { svg: string; sx: (x: number) => number; sy: (y: number) => number } {
  const { m } = f;
  const w = f.width - m.left - m.right;
  const h = f.height - m.top - m.bottom;
  const [lo, hi] = [Math.min(...f.xs), Math.max(...f.xs)];
  const [x0, x1] = hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
  const yTicks = niceTicks(f.yMax, 4);
  const top = yTicks[yTicks.length - 1]!;
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * w;
  const sy = (v: number) => m.top + h - (v / top) * h;
  let svg = "";
  const yLabels = tickLabels(yTicks);
  yTicks.forEach((t, i) => {
    svg += `<line x1="${m.left}" x2="${m.left + w}" y1="${sy(t).toFixed(2)}" y2="${sy(t).toFixed(2)}" stroke="#e5e5e5"/>`;
    svg += `<text class="tick y" x="${m.left - 6}" y="${(sy(t) + 4).toFixed(2)}" text-anchor="end" fill="#555">${yLabels[i]}${esc(f.ySuffix ?? "")}</text>`;
  });
  const xTicks = axisTicks(x0, x1, 5, { integer: true });
  const xLabels = tickLabels(xTicks);
  xTicks.forEach((t, i) => {
    svg += `<text class="tick x" x="${sx(t).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${xLabels[i]}</text>`;
  });
  svg += `<text x="${m.left + w / 2}" y="${f.height - 4}" text-anchor="middle" fill="#555">${esc(f.xLabel)}</text>`;
  if (f.yLabel)
    svg += `<text class="axis-label y" transform="translate(12,${m.top + h / 2}) rotate(-90)" text-anchor="middle" fill="#555">${esc(f.yLabel)}</text>`;
  return { svg, sx, sy };
}

/** A polyline through `(x, y)` points as a path's `d`. */
export const linePath = (pts: ReadonlyArray<readonly [number, number]>): string =>
  pts.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x.toFixed(2)},${y.toFixed(2)}`).join("");
