/**
 * A simulation's mechanisms (subtensor's several weight sets of one subnet): one row per mechanism
 * with its part of the emission split, the alpha its epochs were given over the run, and each
 * profile's share of what that mechanism paid, in the profile's colour.
 */
import { esc } from "../svg.js";

/** One mechanism's totals, as `SimulationResult.mechanisms` has them (alpha rao as decimal strings). */
export interface MechanismTotal {
  mecid: number;
  /** Its u16 part of the split (of 65535). */
  part: number;
  /** Alpha its epochs were given over the run, rao. */
  emission: string;
  /** Alpha each profile (`miner:honest`) earned from it, rao. */
  profiles: Record<string, string>;
}

/** Alpha rao as α with three decimals (exact: integer maths on the rao). */
const alpha = (rao: string): string => {
  const r = BigInt(rao);
  const milli = (r + 500_000n) / 1_000_000n;
  return `${milli / 1000n}.${(milli % 1000n).toString().padStart(3, "0")} α`;
};

/** The table: mechanism, split, alpha given, and who earned it (share of that mechanism's paid alpha, largest first). */
export function mechanismTable(rows: readonly MechanismTotal[], colors: Readonly<Record<string, string>> = {}): string {
  const body = rows
    .map((m) => {
      const paid = Object.values(m.profiles).reduce((a, v) => a + BigInt(v), 0n);
      const shares = Object.entries(m.profiles)
        .filter(([, v]) => BigInt(v) > 0n)
        .sort((a, b) => (BigInt(b[1]) > BigInt(a[1]) ? 1 : BigInt(b[1]) < BigInt(a[1]) ? -1 : a[0] < b[0] ? -1 : 1))
        .map(([name, v]) => {
          const pct = paid === 0n ? 0 : Number((BigInt(v) * 10_000n) / paid) / 100;
          const swatch = `<span class="swatch" data-profile="${esc(name)}" style="display:inline-block;width:10px;height:10px;margin-right:4px;background:${esc(colors[name] ?? "#888")}"></span>`;
          return `${swatch}${esc(name)} ${pct.toFixed(2)}%`;
        })
        .join(", ");
      return `<tr data-mecid="${m.mecid}"><td class="num">${m.mecid}</td><td class="num">${((m.part / 65535) * 100).toFixed(2)}%</td><td class="num">${esc(alpha(m.emission))}</td><td>${shares || "nobody"}</td></tr>`;
    })
    .join("");
  return `<table class="tao-table mechanisms"><thead><tr><th>mechanism</th><th>split</th><th>alpha given</th><th>earned by (share of what it paid)</th></tr></thead><tbody>${body}</tbody></table>`;
}
