import { esc, formatAmount, type Rao, type Unit } from "../svg.js";

/** The fields of a metagraph neuron the table shows (`NeuronInfo` from the sdk fits; rao may be JSON strings). */
export interface NeuronRow {
  uid: number;
  hotkey: string;
  stake: Rao;
  active: boolean;
  validatorPermit: boolean;
  lastUpdate: number;
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  emission: Rao;
  axon?: { ip: string; port: number } | null;
}

const pct = (v: number) => `${((v / 65535) * 100).toFixed(2)}%`;
const short = (k: string) => (k.length > 14 ? `${k.slice(0, 6)}…${k.slice(-6)}` : k);

/**
 * The metagraph as an HTML table: one `tr[data-uid]` per neuron with stake, permit, the last
 * epoch's u16 outputs as percentages, emission and axon. Hotkeys are shortened (full in `title`).
 * Stake and emission are in `unit` (default τ; α on a dynamic-TAO chain, where both are the subnet's alpha).
 */
export function metagraphTable(neurons: NeuronRow[], options: { caption?: string; unit?: Unit } = {}): string {
  const unit = options.unit ?? "τ";
  let out = `<table class="tao-table metagraph">`;
  if (options.caption) out += `<caption>${esc(options.caption)}</caption>`;
  out += `<thead><tr><th>uid</th><th>hotkey</th><th>stake</th><th>V-permit</th><th>active</th><th>last update</th><th>consensus</th><th>incentive</th><th>dividends</th><th>v-trust</th><th>emission</th><th>axon</th></tr></thead><tbody>`;
  for (const n of neurons) {
    out += `<tr data-uid="${n.uid}"><td class="num">${n.uid}</td><td title="${esc(n.hotkey)}"><code>${esc(short(n.hotkey))}</code></td><td class="num">${esc(formatAmount(n.stake, unit))}</td><td>${n.validatorPermit ? "✓" : ""}</td><td>${n.active ? "✓" : ""}</td><td class="num">${n.lastUpdate}</td><td class="num">${pct(n.consensus)}</td><td class="num">${pct(n.incentive)}</td><td class="num">${pct(n.dividends)}</td><td class="num">${pct(n.validatorTrust)}</td><td class="num">${esc(formatAmount(n.emission, unit))}</td><td>${n.axon ? esc(`${n.axon.ip}:${n.axon.port}`) : ""}</td></tr>`;
  }
  if (neurons.length === 0) out += `<tr><td colspan="12" class="empty">no uids registered</td></tr>`;
  return out + "</tbody></table>";
}
