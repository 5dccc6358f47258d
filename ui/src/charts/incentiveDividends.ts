import { emptyNote, esc, legend, niceTicks, svgOpen, tickLabels, u16 } from "../svg.js";

/** Per-uid outputs of an epoch, u16 (0..65535) as the metagraph holds them. */
export interface UidScores {
  uid: number;
  incentive: number;
  dividends: number;
  /** The uid's behaviour profile key (`miner:honest`), when a simulation knows it. */
  profile?: string;
}

export interface IncentiveDividendsOptions {
  width?: number;
  height?: number;
  title?: string;
  /**
   * Profile key → colour, in legend order: bars take their uid's profile colour (incentive solid,
   * dividends pale) and the legend lists the profiles, so a page that colours profiles keeps one
   * colour per profile. Without it, incentive is blue and dividends orange.
   */
  colors?: Readonly<Record<string, string>>;
}

/**
 * Incentive (miners) and dividends (validators) per uid as grouped bars, each bar a `rect.bar`
 * with `data-uid` and `data-kind` (`incentive` | `dividends`) and a hover title (and `data-profile`
 * when the uid has one). The percentage axis has distinct labels (`text.tick.y`); all zeros is 0–100 %.
 */
export function incentiveDividendsChart(neurons: UidScores[], options: IncentiveDividendsOptions = {}): string {
  const byProfile = options.colors !== undefined; // room on the right for the profile legend
  const width = options.width ?? Math.max(320, 60 + neurons.length * 22) + (byProfile ? 168 : 0);
  const height = options.height ?? 220;
  const title = options.title ?? "Incentive and dividends per uid";
  const m = { top: 40, right: byProfile ? 180 : 12, bottom: 32, left: 44 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  let out = svgOpen(width, height, "incentive-dividends", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  if (neurons.length === 0) return out + emptyNote(width, height, "no uids") + "</svg>";
  const max = Math.max(0, ...neurons.map((n) => Math.max(u16(n.incentive), u16(n.dividends))));
  const ticks = niceTicks(max, 4);
  const top = ticks[ticks.length - 1]!;
  const y = (v: number) => m.top + h - (v / top) * h;
  const labels = tickLabels(ticks.map((t) => t * 100));
  ticks.forEach((t, i) => {
    out += `<line x1="${m.left}" x2="${m.left + w}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`;
    out += `<text class="tick y" x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end" fill="#555">${labels[i]}%</text>`;
  });
  const slot = w / neurons.length;
  const bw = Math.max(1, Math.min(12, (slot - 2) / 2));
  neurons.forEach((n, i) => {
    const x0 = m.left + i * slot + slot / 2 - bw;
    const own = n.profile === undefined ? undefined : options.colors?.[n.profile];
    for (const [k, kind, fill] of [
      [0, "incentive", "#4e79a7"],
      [1, "dividends", "#f28e2b"],
    ] as const) {
      const v = u16(kind === "incentive" ? n.incentive : n.dividends);
      const paint = own === undefined ? `fill="${fill}"` : `fill="${esc(own)}"${kind === "dividends" ? ` fill-opacity="0.45" stroke="${esc(own)}"` : ""}`;
      const tag = n.profile === undefined ? "" : ` data-profile="${esc(n.profile)}"`;
      out += `<rect class="bar" data-uid="${n.uid}" data-kind="${kind}"${tag} x="${(x0 + k * bw).toFixed(2)}" y="${y(v).toFixed(2)}" width="${bw.toFixed(2)}" height="${(m.top + h - y(v)).toFixed(2)}" ${paint}><title>uid ${n.uid}${n.profile === undefined ? "" : ` (${esc(n.profile)})`} ${kind} ${(v * 100).toFixed(2)}%</title></rect>`;
    }
    if (neurons.length <= 64 || i % Math.ceil(neurons.length / 32) === 0) {
      out += `<text class="uid" x="${(m.left + i * slot + slot / 2).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${n.uid}</text>`;
    }
  });
  out += `<text x="${m.left + w / 2}" y="${height - 4}" text-anchor="middle" fill="#555">uid</text>`;
  if (byProfile) {
    out += `<text class="kinds" x="${m.left}" y="30" fill="#555">left bar: incentive (solid) · right bar: dividends (pale)</text>`;
    const present = new Set(neurons.map((n) => n.profile));
    out += legend(
      Object.entries(options.colors!)
        .filter(([k]) => present.has(k))
        .map(([k, c]) => ({ label: k, color: c, profile: k })),
      m.left + w + 12,
      m.top,
    );
  } else
    out += `<g class="legend" transform="translate(${m.left},22)"><rect width="10" height="10" fill="#4e79a7"/><text x="14" y="9">incentive</text><rect x="80" width="10" height="10" fill="#f28e2b"/><text x="94" y="9">dividends</text></g>`;
  return out + "</svg>";
}
