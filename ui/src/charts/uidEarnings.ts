import { profileColors, profileOrder } from "../profiles.js";
import { emptyNote, esc, formatAmount, legend, niceTicks, type Rao, raoToTao, svgOpen, tickLabels, type Unit } from "../svg.js";

/** What one uid earned in a simulation, as `SimulationResult.uids` holds it. */
export interface UidEarnings {
  uid: number;
  role: "miner" | "validator";
  profile: string;
  /** What it earned, in the result's unit (alpha rao on a dynamic-TAO devnet). */
  emission: Rao;
  /** Its TAO value at the final price (rao), when the result is in alpha. */
  tao?: Rao;
}

export interface UidEarningsOptions {
  width?: number;
  height?: number;
  /** Profile key → colour, in legend order; default `profileColors` of the uids' profiles. */
  colors?: Readonly<Record<string, string>>;
  /** The currency earned (default τ). */
  unit?: Unit;
}

/**
 * Earnings per uid as bars coloured by profile (`rect.bar[data-uid][data-profile]`, the profile
 * key `role:profile`), a TAO axis with distinct labels (`text.tick.y`) and a legend of the
 * profiles (`g.legend-item[data-profile]`).
 */
export function uidEarningsChart(uids: readonly UidEarnings[], options: UidEarningsOptions = {}): string {
  const keyOf = (u: UidEarnings) => `${u.role}:${u.profile}`;
  const present = profileOrder(uids.map(keyOf));
  const colors = { ...profileColors(present), ...options.colors };
  const names = profileOrder([...Object.keys(options.colors ?? {}), ...present]).filter((k) => present.includes(k));
  const m = { top: 28, right: 180, bottom: 30, left: 60 };
  const width = options.width ?? Math.max(360, 70 + uids.length * 18) + m.right;
  const height = options.height ?? Math.max(220, m.top + m.bottom + 16 * names.length);
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const title = "Earnings per uid";
  const unit = options.unit ?? "τ";
  let out = svgOpen(width, height, "uid-earnings", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${title}</text>`;
  if (uids.length === 0) return out + emptyNote(width, height, "no uids") + "</svg>";
  const vals = uids.map((u) => raoToTao(u.emission));
  const ticks = niceTicks(Math.max(0, ...vals), 4);
  const top = ticks[ticks.length - 1]!;
  const y = (v: number) => m.top + h - (v / top) * h;
  const labels = tickLabels(ticks);
  ticks.forEach((t, i) => {
    out += `<line x1="${m.left}" x2="${m.left + w}" y1="${y(t).toFixed(2)}" y2="${y(t).toFixed(2)}" stroke="#e5e5e5"/>`;
    out += `<text class="tick y" x="${m.left - 6}" y="${(y(t) + 4).toFixed(2)}" text-anchor="end" fill="#555">${labels[i]} ${unit}</text>`;
  });
  const slot = w / uids.length;
  uids.forEach((u, i) => {
    const name = keyOf(u);
    const barTop = y(vals[i]!);
    out += `<rect class="bar" data-uid="${u.uid}" data-profile="${esc(name)}" x="${(m.left + i * slot + 1).toFixed(2)}" y="${barTop.toFixed(2)}" width="${Math.max(1, slot - 2).toFixed(2)}" height="${(m.top + h - barTop).toFixed(2)}" fill="${esc(colors[name]!)}"><title>uid ${u.uid} (${esc(name)}): ${esc(formatAmount(u.emission, unit))}${u.tao === undefined || unit === "τ" ? "" : ` (${esc(formatAmount(u.tao, "τ"))})`}</title></rect>`;
    if (uids.length <= 64 || i % Math.ceil(uids.length / 32) === 0)
      out += `<text class="uid" x="${(m.left + i * slot + slot / 2).toFixed(2)}" y="${m.top + h + 13}" text-anchor="middle" fill="#555" font-size="9">${u.uid}</text>`;
  });
  out += legend(
    names.map((n) => ({ label: n, color: colors[n]!, profile: n })),
    m.left + w + 12,
    m.top,
  );
  return out + "</svg>";
}
