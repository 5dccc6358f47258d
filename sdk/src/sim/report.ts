/**
 * A self-contained HTML report of a simulation: who earned what per profile (bars), emission per
 * profile over the epochs (lines), and the per-uid table. Inline SVG, no scripts, no network.
 */
import type { SimulationResult } from "./simulate.js";

const COLORS = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#4b5563"];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const tao = (rao: string | bigint) => (Number(BigInt(rao) / 1_000_000n) / 1000).toFixed(3);

function bars(r: SimulationResult, role: "miner" | "validator"): string {
  const rows = Object.entries(r.profiles).filter(([, p]) => p.role === role);
  const h = 28 * rows.length + 10;
  const items = rows.map(([name, p], i) => {
    const w = Math.round(p.share * 420);
    return `<g transform="translate(0,${i * 28})"><text x="0" y="18" font-size="13">${esc(name.split(":")[1]!)} (${p.uids.length})</text><rect x="150" y="4" width="${w}" height="18" fill="${COLORS[i % COLORS.length]}"/><text x="${156 + w}" y="18" font-size="12">${(p.share * 100).toFixed(1)} % · ${tao(p.emission)} TAO</text></g>`;
  });
  return `<svg role="img" aria-label="${role} emission by profile" width="720" height="${h}" xmlns="http://www.w3.org/2000/svg">${items.join("")}</svg>`;
}

function lines(r: SimulationResult): string {
  const names = Object.keys(r.profiles);
  const W = 720, H = 260, pad = 40;
  const max = Math.max(1, ...r.epochs.flatMap((e) => names.map((n) => Number(BigInt(e.emission[n] ?? "0") / 1_000_000n))));
  const x = (i: number) => pad + (i * (W - 2 * pad)) / Math.max(1, r.epochs.length - 1);
  const y = (v: number) => H - pad - (v * (H - 2 * pad)) / max;
  const paths = names.map((n, k) => {
    const d = r.epochs.map((e, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(Number(BigInt(e.emission[n] ?? "0") / 1_000_000n)).toFixed(1)}`).join("");
    return `<path d="${d}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2"><title>${esc(n)}</title></path><text x="${W - pad + 4}" y="${14 + k * 14}" font-size="11" fill="${COLORS[k % COLORS.length]}">${esc(n)}</text>`;
  });
  return `<svg role="img" aria-label="emission per epoch by profile" width="${W + 140}" height="${H}" xmlns="http://www.w3.org/2000/svg"><line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#999"/><line x1="${pad}" y1="${pad / 2}" x2="${pad}" y2="${H - pad}" stroke="#999"/><text x="${pad}" y="${H - 10}" font-size="11">epoch 1</text><text x="${W - pad - 40}" y="${H - 10}" font-size="11">epoch ${r.epochs.length}</text>${paths.join("")}</svg>`;
}

export function simulationReportHtml(r: SimulationResult, title = "tao-subnet market simulation"): string {
  const rows = r.uids.map((u) => `<tr><td>${u.uid}</td><td>${u.role}</td><td>${esc(u.profile)}</td><td style="text-align:right">${tao(u.emission)}</td><td style="text-align:right">${r.lastEpoch.incentive[u.uid] ?? 0}</td><td style="text-align:right">${r.lastEpoch.dividends[u.uid] ?? 0}</td></tr>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #ddd}h2{margin-top:2rem}</style></head><body>
<h1>${esc(title)}</h1>
<p>Seed <code>${esc(r.config.seed)}</code>, ${r.config.epochs} epochs of ${r.config.tempo} blocks, Yuma ${r.config.yuma3 ? "3" : "2"}${r.config.liquidAlpha ? " with liquid α" : ""}. Every number comes from the devnet running the chain's Yuma in WASM.</p>
<h2>Miners: who earned what</h2>${bars(r, "miner")}
<h2>Validators</h2>${bars(r, "validator")}
<h2>Emission per epoch (mTAO)</h2>${lines(r)}
<h2>Per uid</h2><table><thead><tr><th>uid</th><th>role</th><th>profile</th><th>earned (TAO)</th><th>incentive</th><th>dividends</th></tr></thead><tbody>${rows.join("")}</tbody></table>
</body></html>
`;
}
