import { emptyNote, esc, formatPrice, legend, lineAxes, linePath, svgOpen } from "../svg.js";

/** The subnet's price at one point in time (an epoch or a block): spot and moving, TAO per alpha. */
export interface PricePoint {
  x: number;
  /** Spot price of the pool (SubnetTAO / SubnetAlphaIn as the chain prices it). */
  price: number;
  /** The moving price the block's TAO split reads (SubnetMovingPrice). */
  movingPrice: number;
}

export interface PriceChartOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Label of the x axis (default `epoch`). */
  xLabel?: string;
}

const SPOT = "#4e79a7";
const MOVING = "#f28e2b";

/**
 * The subnet's price over time: the spot price (`path.series[data-series=price]`, solid) and the
 * moving price the emission shares read (`path.series[data-series=moving]`, dashed), in TAO per
 * alpha, with a dot per point (`circle.point[data-series]`, up to 80 points, each with its value)
 * and a legend. The x axis has whole-number ticks; one point gets a window one unit wide centred on
 * it; no points, "no price yet". Points whose prices are not finite numbers ≥ 0 are left out.
 */
export function priceChart(points: readonly PricePoint[], options: PriceChartOptions = {}): string {
  const width = options.width ?? 560;
  const height = options.height ?? 240;
  const title = options.title ?? "Subnet price (τ per α)";
  const xLabel = options.xLabel ?? "epoch";
  let out = svgOpen(width, height, "price", title);
  out += `<text x="56" y="16" font-weight="600">${esc(title)}</text>`;
  const ok = (v: number) => Number.isFinite(v) && v >= 0;
  const pts = points.filter((p) => Number.isFinite(p.x) && ok(p.price) && ok(p.movingPrice));
  if (pts.length === 0) return out + emptyNote(width, height, "no price yet") + "</svg>";
  const m = { top: 28, right: 150, bottom: 36, left: 64 };
  const { svg, sx, sy } = lineAxes({
    width,
    height,
    m,
    xs: pts.map((p) => p.x),
    yMax: Math.max(0, ...pts.map((p) => Math.max(p.price, p.movingPrice))),
    xLabel,
    yLabel: "τ per α",
  });
  out += svg;
  for (const [key, pick, colour, dash] of [
    ["price", (p: PricePoint) => p.price, SPOT, ""],
    ["moving", (p: PricePoint) => p.movingPrice, MOVING, ` stroke-dasharray="6 4"`],
  ] as const) {
    const last = pts[pts.length - 1]!;
    const name = key === "price" ? "spot price" : "moving price";
    out += `<path class="series" data-series="${key}" d="${linePath(pts.map((p) => [sx(p.x), sy(pick(p))]))}" fill="none" stroke="${colour}" stroke-width="2"${dash}><title>${name}: ${esc(formatPrice(pick(last)))} at ${esc(xLabel)} ${last.x}</title></path>`;
    if (pts.length <= 80)
      for (const p of pts)
        out += `<circle class="point" data-series="${key}" cx="${sx(p.x).toFixed(2)}" cy="${sy(pick(p)).toFixed(2)}" r="2" fill="${colour}"><title>${esc(xLabel)} ${p.x}: ${name} ${esc(formatPrice(pick(p)))}</title></circle>`;
  }
  out += legend(
    [
      { label: "spot price", color: SPOT },
      { label: "moving price", color: MOVING },
    ],
    width - m.right + 12,
    m.top,
  );
  return out + "</svg>";
}
