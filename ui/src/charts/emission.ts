import { axisTicks, emptyNote, esc, formatAmount, niceTicks, type Rao, raoToTao, svgOpen, tickLabels, type Unit } from "../svg.js";

/** One point of an emission series: at `x` (block, epoch or issuance), `emission` rao. */
export interface EmissionPoint {
  x: number;
  emission: Rao;
}

export interface EmissionChartOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Label of the x axis (default `block`). */
  xLabel?: string;
  /** x positions of halvings, drawn as dashed lines (`line.halving`). */
  halvings?: number[];
  /** Whole-number x ticks only (default true: blocks, epochs and issuance in TAO are whole). */
  xInteger?: boolean;
  /** The currency (default τ; α for a subnet's emission on a dynamic-TAO chain). */
  unit?: Unit;
}

/**
 * Emission over time as a step line (`path.series`), with halvings marked. Amounts are shown in
 * TAO; the step shape is right for block emission, which is constant between halvings. Tick
 * labels are exact and distinct (`text.tick.x`, `text.tick.y`): block 120100, not "120k" four times.
 */
export function emissionChart(points: EmissionPoint[], options: EmissionChartOptions = {}): string {
  const width = options.width ?? 560;
  const height = options.height ?? 240;
  const title = options.title ?? "Emission over time";
  const unit = options.unit ?? "τ";
  const m = { top: 28, right: 16, bottom: 36, left: 56 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  let out = svgOpen(width, height, "emission", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  if (points.length === 0) return out + emptyNote(width, height, "no emission yet") + "</svg>";
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => raoToTao(p.emission));
  // one point: a window one unit wide centred on it, so its one tick sits under it
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const [x0, x1] = hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
  const yTicks = niceTicks(Math.max(0, ...ys), 4);
  const top = yTicks[yTicks.length - 1]!;
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * w;
  const sy = (v: number) => m.top + h - (v / top) * h;
  const yLabels = tickLabels(yTicks);
  yTicks.forEach((t, i) => {
    out += `<line x1="${m.left}" x2="${m.left + w}" y1="${sy(t).toFixed(2)}" y2="${sy(t).toFixed(2)}" stroke="#e5e5e5"/>`;
    out += `<text class="tick y" x="${m.left - 6}" y="${(sy(t) + 4).toFixed(2)}" text-anchor="end" fill="#555">${yLabels[i]} ${unit}</text>`;
  });
  const xTicks = axisTicks(x0, x1, 5, { integer: options.xInteger ?? true });
  const xLabels = tickLabels(xTicks);
  xTicks.forEach((x, i) => {
    out += `<text class="tick x" x="${sx(x).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${xLabels[i]}</text>`;
  });
  let d = "";
  points.forEach((p, i) => {
    const X = sx(p.x).toFixed(2);
    const Y = sy(ys[i]!).toFixed(2);
    d += i === 0 ? `M${X},${Y}` : `H${X}V${Y}`;
  });
  out += `<path class="series" d="${d}" fill="none" stroke="#4e79a7" stroke-width="2"/>`;
  for (const [i, p] of points.entries()) {
    if (points.length <= 80)
      out += `<circle class="point" cx="${sx(p.x).toFixed(2)}" cy="${sy(ys[i]!).toFixed(2)}" r="2" fill="#4e79a7"><title>${esc(options.xLabel ?? "block")} ${p.x}: ${formatAmount(p.emission, unit)}</title></circle>`;
  }
  let lastLabel = -Infinity;
  for (const [k, hx] of (options.halvings ?? []).entries()) {
    if (hx < x0 || hx > x1) continue;
    out += `<line class="halving" x1="${sx(hx).toFixed(2)}" x2="${sx(hx).toFixed(2)}" y1="${m.top}" y2="${m.top + h}" stroke="#e15759" stroke-dasharray="4 3"><title>halving ${k + 1} at ${hx}</title></line>`;
    // label a halving only where it does not run into the previous label
    if (sx(hx) - lastLabel >= 56) {
      out += `<text x="${(sx(hx) + 3).toFixed(2)}" y="${m.top + 10}" fill="#e15759">halving ${k + 1}</text>`;
      lastLabel = sx(hx);
    }
  }
  out += `<text x="${m.left + w / 2}" y="${height - 4}" text-anchor="middle" fill="#555">${esc(options.xLabel ?? "block")}</text>`;
  return out + "</svg>";
}
