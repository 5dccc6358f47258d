import { alphaToTaoRao, emptyNote, esc, formatAmount, formatPrice, legend, lineAxes, linePath, type Rao, raoBig, raoToTao, svgOpen } from "../svg.js";

/** Cumulative alpha (alpha rao) paid up to one point in time (an epoch or a block). */
export interface OwnerPoint {
  x: number;
  /** The owner's cut staked to the owner's hotkey; absent when the source does not know it. */
  owner?: Rao;
  miners: Rao;
  validators: Rao;
}

export interface OwnerLineOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Label of the x axis (default `epoch`). */
  xLabel?: string;
  /** What the price is (default `final`): the title reads "at the final price". */
  priceLabel?: string;
}

/** The three series: the owner first (the line the chart is named for), then miners and validators. */
const SERIES = [
  { key: "owner", label: "owner's cut", color: "#e15759", width: 3, dash: "" },
  { key: "miners", label: "miners", color: "#4e79a7", width: 2, dash: "" },
  // dashed: miners and validators each get half of what the owner leaves, so their lines often coincide
  { key: "validators", label: "validators", color: "#59a14f", width: 2, dash: ` stroke-dasharray="6 4"` },
] as const;

/**
 * The owner's line: what the owner's cut, the miners and the validators have earned so far, each a
 * cumulative line (`path.series[data-series=owner|miners|validators]`) in TAO valued at one `price`
 * (TAO per alpha; the final or current price), so the three compare in one currency. Each line's
 * title gives its last amount in alpha and in TAO. No points: "no epochs yet"; all zero: a 0–1 τ
 * axis; the owner's line is left out when the points do not carry it.
 */
export function ownerLineChart(points: readonly OwnerPoint[], price: number, options: OwnerLineOptions = {}): string {
  const width = options.width ?? 560;
  const height = options.height ?? 240;
  const at = `${options.priceLabel ?? "final"} price, ${formatPrice(price)}`;
  const title = options.title ?? `The owner's line: earned so far, in τ at the ${at}`;
  const xLabel = options.xLabel ?? "epoch";
  let out = svgOpen(width, height, "owner-line", title);
  out += `<text x="56" y="16" font-weight="600">${esc(title)}</text>`;
  const pts = points.filter((p) => Number.isFinite(p.x));
  if (pts.length === 0) return out + emptyNote(width, height, "no epochs yet") + "</svg>";
  const series = SERIES.filter((s) => s.key !== "owner" || pts.every((p) => p.owner !== undefined));
  const alpha = (p: OwnerPoint, key: (typeof SERIES)[number]["key"]) => raoBig(p[key] ?? 0n);
  const tao = (a: bigint) => raoToTao(alphaToTaoRao(a, price));
  const m = { top: 28, right: 130, bottom: 36, left: 64 };
  const { svg, sx, sy } = lineAxes({
    width,
    height,
    m,
    xs: pts.map((p) => p.x),
    yMax: Math.max(0, ...pts.flatMap((p) => series.map((s) => tao(alpha(p, s.key))))),
    ySuffix: " τ",
    xLabel,
  });
  out += svg;
  const last = pts[pts.length - 1]!;
  for (const s of series) {
    const a = alpha(last, s.key);
    out += `<path class="series" data-series="${s.key}" d="${linePath(pts.map((p) => [sx(p.x), sy(tao(alpha(p, s.key)))]))}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${s.dash}><title>${s.label}: ${esc(formatAmount(a, "α"))} = ${esc(formatAmount(alphaToTaoRao(a, price), "τ"))} at ${esc(xLabel)} ${last.x}</title></path>`;
  }
  out += legend(
    series.map((s) => ({ label: s.label, color: s.color })),
    width - m.right + 12,
    m.top,
  );
  return out + "</svg>";
}
