import { profileColors, profileOrder } from "../profiles.js";
import { axisTicks, emptyNote, esc, formatAmount, legend, niceTicks, type Rao, raoBig, raoToTao, svgOpen, tickLabels, type Unit } from "../svg.js";

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
  /** What it earned, in the result's unit (alpha rao on a dynamic-TAO devnet, rao before). */
  emission: Rao;
  /** Its TAO value at the final price (rao), when the result is in alpha. */
  tao?: Rao;
  share: number;
}

export interface EarningsOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Cumulative earnings (default) or per-epoch earnings. */
  cumulative?: boolean;
  /** Profile key → colour, in legend order (the report passes one map to every chart); default `profileColors` of the keys seen. */
  colors?: Readonly<Record<string, string>>;
  /** The currency earned (default τ; α for a dynamic-TAO devnet's results). */
  unit?: Unit;
}

/**
 * Earnings by profile over epochs: one line per profile (`path.series` with `data-profile`) and a
 * legend (`g.legend-item[data-profile]`), in `profileOrder` with one colour each. The epoch axis
 * has whole-number ticks only.
 */
export function earningsChart(epochs: EpochEarnings[], options: EarningsOptions = {}): string {
  const width = options.width ?? 600;
  const height = options.height ?? 280;
  const cumulative = options.cumulative ?? true;
  const unit = options.unit ?? "τ";
  const title = options.title ?? (cumulative ? "Cumulative earnings by profile" : "Earnings per epoch by profile");
  const m = { top: 28, right: 180, bottom: 36, left: 56 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  let out = svgOpen(width, height, "earnings", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  const seen = epochs.flatMap((e) => Object.keys(e.emission));
  const colors = { ...profileColors(seen), ...options.colors };
  const names = profileOrder([...Object.keys(options.colors ?? {}), ...seen]).filter((k) => seen.includes(k));
  if (epochs.length === 0 || names.length === 0) return out + emptyNote(width, height, "no epochs") + "</svg>";
  const series = names.map((name) => {
    let acc = 0;
    return epochs.map((e) => {
      const v = raoToTao(e.emission[name] ?? 0);
      acc = cumulative ? acc + v : v;
      return acc;
    });
  });
  const yTicks = niceTicks(Math.max(0, ...series.flat()), 4);
  const top = yTicks[yTicks.length - 1]!;
  // one epoch: a window one epoch wide centred on it
  const [first, last] = [epochs[0]!.epoch, epochs[epochs.length - 1]!.epoch];
  const [e0, e1] = last > first ? [first, last] : [first - 0.5, first + 0.5];
  const sx = (x: number) => m.left + ((x - e0) / (e1 - e0)) * w;
  const sy = (v: number) => m.top + h - (v / top) * h;
  const yLabels = tickLabels(yTicks);
  yTicks.forEach((t, i) => {
    out += `<line x1="${m.left}" x2="${m.left + w}" y1="${sy(t).toFixed(2)}" y2="${sy(t).toFixed(2)}" stroke="#e5e5e5"/>`;
    out += `<text class="tick y" x="${m.left - 6}" y="${(sy(t) + 4).toFixed(2)}" text-anchor="end" fill="#555">${yLabels[i]} ${unit}</text>`;
  });
  const xTicks = axisTicks(e0, e1, 5, { integer: true });
  const xLabels = tickLabels(xTicks);
  xTicks.forEach((t, i) => {
    out += `<text class="tick x" x="${sx(t).toFixed(2)}" y="${m.top + h + 14}" text-anchor="middle" fill="#555">${xLabels[i]}</text>`;
  });
  series.forEach((ys, k) => {
    const d = ys.map((v, i) => `${i === 0 ? "M" : "L"}${sx(epochs[i]!.epoch).toFixed(2)},${sy(v).toFixed(2)}`).join("");
    out += `<path class="series" data-profile="${esc(names[k]!)}" d="${d}" fill="none" stroke="${esc(colors[names[k]!]!)}" stroke-width="2"><title>${esc(names[k]!)}: ${ys[ys.length - 1]!.toFixed(4)} ${unit}</title></path>`;
  });
  out += legend(
    names.map((n) => ({ label: n, color: colors[n]!, profile: n })),
    m.left + w + 12,
    m.top,
  );
  out += `<text x="${m.left + w / 2}" y="${height - 4}" text-anchor="middle" fill="#555">epoch</text>`;
  return out + "</svg>";
}

export interface ProfileTableOptions {
  /** Profile key → colour (the swatch and the share bar); default `profileColors` of the table's profiles. */
  colors?: Readonly<Record<string, string>>;
  /** Profiles to mark (`tr.flagged`): cheats that paid as well as honest work or better. */
  flagged?: readonly string[];
  /** The currency earned (default τ); with α and every profile's `tao`, a column gives the TAO value. */
  unit?: Unit;
}

/**
 * Who earned what: one row per profile (`tr[data-profile]`, in `profileOrder`) with its colour,
 * role, what it does, uids, what it earned in all (with its TAO value when in alpha) and per uid, and its
 * share of the role, as an HTML table.
 */
export function profileTable(profiles: Readonly<Record<string, ProfileTotal>>, options: ProfileTableOptions = {}): string {
  const names = profileOrder(Object.keys(profiles));
  const colors = { ...profileColors(names), ...options.colors };
  const unit = options.unit ?? "τ";
  const valued = unit === "α" && names.every((n) => profiles[n]!.tao !== undefined);
  let out = `<table class="tao-table profiles"><thead><tr><th>profile</th><th>role</th><th>what it does</th><th>uids</th><th>earned</th>${valued ? "<th>worth</th>" : ""}<th>per uid</th><th>share of role</th></tr></thead><tbody>`;
  for (const name of names) {
    const p = profiles[name]!;
    const pct = (p.share * 100).toFixed(2);
    const perUid = p.uids.length === 0 ? "" : formatAmount(raoBig(p.emission) / BigInt(p.uids.length), unit);
    const c = esc(colors[name]!);
    const flagged = options.flagged?.includes(name) ?? false;
    out += `<tr data-profile="${esc(name)}"${flagged ? ` class="flagged"` : ""}><td><span class="swatch" data-profile="${esc(name)}" style="display:inline-block;width:10px;height:10px;margin-right:6px;background:${c}"></span>${esc(name)}${flagged ? ` <b class="flag-mark" title="a cheat that paid as well as honest work or better">⚑</b>` : ""}</td><td>${p.role}</td><td class="description">${esc(p.description ?? "")}</td><td>${p.uids.length}</td><td class="num">${esc(formatAmount(p.emission, unit))}</td>${valued ? `<td class="num tao">${esc(formatAmount(p.tao!, "τ"))}</td>` : ""}<td class="num per-uid">${esc(perUid)}</td><td><span class="share-bar" data-profile="${esc(name)}" style="display:inline-block;width:${Math.round(p.share * 120)}px;height:9px;background:${c}"></span> ${pct}%</td></tr>`;
  }
  return out + "</tbody></table>";
}
