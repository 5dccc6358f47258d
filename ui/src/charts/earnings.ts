import { color, emptyNote, esc, formatTao, niceTicks, type Rao, raoToTao, shortNumber, svgOpen } from "../svg.js";

/** One epoch of a simulation: rao earned in it by each profile (`miner:honest`, `validator:cabal`, …). */
export interface EpochEarnings {
  epoch: number;
  emission: Record<string, Rao>;
}

/** Totals per profile, as `SimulationResult.profiles` holds them. */
export interface ProfileTotal {
  role: "miner" | "validator";
  /** What a participant of this profile does, one line (a kit's adversary says how it cheats). */
  description?: string;
  uids: number[];
  emission: Rao;
  share: number;
}

export interface EarningsOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Cumulative earnings (default) or per-epoch earnings. */
  cumulative?: boolean;
}

/**
 * Earnings by profile over epochs: one line per profile (`path.series` with `data-profile`) and a
 * legend. Profiles are ordered by name so colours are stable between runs.
 */
export function earningsChart(epochs: EpochEarnings[], options: EarningsOptions = {}): string {
  const width = options.width ?? 600;
  const height = options.height ?? 280;
  const cumulative = options.cumulative ?? true;
  const title = options.title ?? (cumulative ? "Cumulative earnings by profile" : "Earnings per epoch by profile");
  const m = { top: 28, right: 180, bottom: 36, left: 56 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  let out = svgOpen(width, height, "earnings", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  const names = [...new Set(epochs.flatMap((e) => Object.keys(e.emission)))].sort();
  if (epochs.length === 0 || names.length === 0) return out + emptyNote(width, height, "no epochs") + "</svg>";
  const series = names.map((name) => {
    let acc = 0;
    return epochs.map((e) => {
      const v = raoToTao(e.emission[name] ?? 0);
      acc = cumulative ? acc + v : v;
      return acc;
    });
  });
  const yTicks = niceTicks(Math.max(1e-9, ...series.flat()), 4);
  const top = yTicks[yTicks.length - 1]!;
  const e0 = epochs[0]!.epoch;
  const e1 = Math.max(epochs[epochs.length - 1]!.epoch, e0 + 1);
  const sx = (x: number) => m.left + ((x - e0) / (e1 - e0)) * w;
  const sy = (v: number) => m.top + h - (v / top) * h;
  for (const t of yTicks) {
    out += `<line x1="${m.left}" x2="${m.left + w}" y1="${sy(t).toFixed(2)}" y2="${sy(t).toFixed(2)}" stroke="#e5e5e5"/>`;
    out += `<text x="${m.left - 6}" y="${(sy(t) + 4).toFixed(2)}" text-anchor="end" fill="#555">${shortNumber(t)} τ</text>`;
  }
  for (const t of niceTicks(e1 - e0, 5)) {
    if (e0 + t > e1) break;
    out += `<text x="${sx(e0 + t).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${shortNumber(e0 + t)}</text>`;
  }
  series.forEach((ys, k) => {
    const d = ys.map((v, i) => `${i === 0 ? "M" : "L"}${sx(epochs[i]!.epoch).toFixed(2)},${sy(v).toFixed(2)}`).join("");
    out += `<path class="series" data-profile="${esc(names[k]!)}" d="${d}" fill="none" stroke="${color(k)}" stroke-width="2"><title>${esc(names[k]!)}: ${ys[ys.length - 1]!.toFixed(4)} τ</title></path>`;
    out += `<g class="legend-item" transform="translate(${m.left + w + 12},${m.top + k * 16})"><rect width="10" height="10" fill="${color(k)}"/><text x="14" y="9">${esc(names[k]!)}</text></g>`;
  });
  out += `<text x="${m.left + w / 2}" y="${height - 4}" text-anchor="middle" fill="#555">epoch</text>`;
  return out + "</svg>";
}

/** Who earned what: one row per profile (role, what it does, uids, TAO earned, share bar), as an HTML table. */
export function profileTable(profiles: Record<string, ProfileTotal>): string {
  const names = Object.keys(profiles).sort((a, b) => (profiles[a]!.role === profiles[b]!.role ? a.localeCompare(b) : profiles[a]!.role === "miner" ? -1 : 1));
  let out = `<table class="tao-table profiles"><thead><tr><th>profile</th><th>role</th><th>what it does</th><th>uids</th><th>earned</th><th>share of role</th></tr></thead><tbody>`;
  for (const name of names) {
    const p = profiles[name]!;
    const pct = (p.share * 100).toFixed(2);
    out += `<tr data-profile="${esc(name)}"><td>${esc(name)}</td><td>${p.role}</td><td class="description">${esc(p.description ?? "")}</td><td>${p.uids.length}</td><td class="num">${esc(formatTao(p.emission))}</td><td><span class="share-bar" style="display:inline-block;width:${Math.round(p.share * 120)}px;height:9px;background:${p.role === "miner" ? "#4e79a7" : "#f28e2b"}"></span> ${pct}%</td></tr>`;
  }
  return out + "</tbody></table>";
}
