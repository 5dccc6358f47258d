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

/** A rao amount as a JavaScript number of TAO (display only; never for consensus math). */
export function raoToTao(rao: Rao): number {
  const v = typeof rao === "bigint" ? rao : BigInt(typeof rao === "number" ? Math.trunc(rao) : rao);
  const whole = v / 1_000_000_000n;
  const frac = v % 1_000_000_000n;
  return Number(whole) + Number(frac) / 1e9;
}

/** Formats TAO with up to `digits` significant decimals: `12.3457 τ`. */
export function formatTao(rao: Rao, digits = 4): string {
  const t = raoToTao(rao);
  const abs = Math.abs(t);
  const s = abs >= 1000 ? t.toFixed(0) : abs >= 1 ? t.toFixed(digits) : t.toPrecision(digits);
  // trailing zeros are dropped after a decimal point only (1000 TAO is "1000 τ", not "1 τ")
  return `${(s.includes(".") ? s.replace(/\.?0+$/, "") : s) || "0"} τ`;
}

/** A u16 value (0..65535) as a fraction 0..1. */
export const u16 = (v: number): number => v / 65535;

/** Round numbers for an axis from 0 to at least `max`: about `count` ticks. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = 0; t < max + step * 0.999; t += step) ticks.push(Number(t.toPrecision(12)));
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

/** Ten distinguishable colours (Tableau 10), used in order by series. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** The colour of series `i`. */
export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

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
