/**
 * Whole views built from the charts: the live dashboard's body (re-rendered on every poll) and the
 * self-contained simulation report (one HTML file, inline CSS, no scripts, no network).
 */

import { type EpochEarnings, earningsChart, type ProfileTotal, profileTable } from "./charts/earnings.js";
import { type EmissionPoint, emissionChart } from "./charts/emission.js";
import { incentiveDividendsChart } from "./charts/incentiveDividends.js";
import { bondsHeatmap, weightsMatrix } from "./charts/matrix.js";
import { type MechanismTotal, mechanismTable } from "./charts/mechanisms.js";
import { metagraphTable, type NeuronRow } from "./charts/metagraphTable.js";
import { type UidEarnings, uidEarningsChart } from "./charts/uidEarnings.js";
import { profileColors } from "./profiles.js";
import { esc, formatTao, type Rao, raoBig, type SparseRow } from "./svg.js";
import { simulationVerdict, subnetVerdict, verdictHtml } from "./verdict.js";

/** The page's stylesheet (also used by Storybook). */
export const STYLES = `
body{font-family:system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
header{background:#1f2937;color:#fff;padding:10px 18px;display:flex;gap:18px;align-items:baseline}
header h1{font-size:17px;margin:0} header .meta{color:#cbd5e1;font-size:13px}
main{padding:14px 18px;display:grid;gap:14px;grid-template-columns:repeat(auto-fit,minmax(520px,1fr))}
section{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:10px;overflow:auto}
section.wide{grid-column:1/-1}
svg.tao-chart{max-width:100%;height:auto}
h2{font-size:14px;margin:0 0 8px}
.tao-table{border-collapse:collapse;font-size:12px;width:100%}
.tao-table th,.tao-table td{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;white-space:nowrap}
.tao-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.tao-table td.description{white-space:normal;min-width:220px}
.tao-table caption{text-align:left;font-weight:600;padding:4px 0}
.error{color:#b91c1c}
.warning{margin:10px 18px 0;padding:8px 12px;background:#fef2f2;border:1px solid #fca5a5;border-radius:6px;color:#991b1b;font-size:14px}
section.verdict{border-left:4px solid #1f2937}
p.verdict{font-size:15px;font-weight:600;margin:2px 0 6px}
p.flag{margin:6px 0 0;padding:6px 10px;background:#fef2f2;border:1px solid #fca5a5;border-radius:6px;color:#991b1b;font-size:14px}
p.flag::before{content:"⚑ "}
tr.flagged td{background:#fef2f2}
`;

/** A subnet's state for the dashboard: a metagraph (bigint or JSON-string rao) and the emission history. */
export interface SubnetView {
  endpoint: string;
  netuid: number;
  block: number;
  tempo: number;
  nextEpochBlock: number;
  neurons: NeuronRow[];
  weights: SparseRow[];
  bonds: SparseRow[];
  /** Subnet emission per epoch seen so far (x = block of the epoch). */
  history: EmissionPoint[];
  /** Issuance halvings within the history's range, if known. */
  halvings?: number[];
  /** The chain's block emission (rao per block) and the issuance it is read from, when the chain reports them (the devnet does); 0 shows a warning. */
  emission?: { blockEmission: Rao; issuance: Rao };
}

/** A warning banner (`p.warning[role=alert]`), one per message; empty for none. */
function warningBanners(messages: readonly string[]): string {
  return messages.map((m) => `<p class="warning" role="alert">${esc(m)}</p>`).join("");
}

/** The sentence a chain whose block emission is 0 shows. */
function noEmissionWarning(issuance: Rao): string {
  return `Block emission is 0: issuance (${formatTao(issuance)}) has reached the 21M τ cap, so epochs pay nobody.`;
}

/** The dashboard's body for one subnet (the header and all charts); the page swaps it in on each poll. */
export function subnetDashboard(v: SubnetView): string {
  const total = v.neurons.reduce((a, n) => a + raoBig(n.emission), 0n);
  const header = `<header><h1>Subnet ${v.netuid}</h1><span class="meta">${esc(v.endpoint)} · block <b data-field="block">${v.block}</b> · tempo ${v.tempo} · next epoch at ${v.nextEpochBlock} · ${v.neurons.length} uids · last epoch emitted ${esc(formatTao(total))}</span></header>`;
  const zero = v.emission !== undefined && BigInt(v.emission.blockEmission) === 0n;
  return `${header}${zero ? warningBanners([noEmissionWarning(v.emission!.issuance)]) : ""}<main>
<section class="wide verdict"><p class="verdict">${esc(subnetVerdict(v.neurons))}</p></section>
<section class="wide">${incentiveDividendsChart(v.neurons)}</section>
<section>${emissionChart(v.history, { title: "Subnet emission per epoch", halvings: v.halvings ?? [] })}</section>
<section>${weightsMatrix(v.weights, { n: v.neurons.length })}</section>
<section>${bondsHeatmap(v.bonds, { n: v.neurons.length })}</section>
<section class="wide"><h2>Metagraph</h2>${metagraphTable(v.neurons)}</section>
</main>`;
}

/** A simulation's results as `SimulationResult` (sdk) holds them; only the fields the report reads. */
export interface SimulationReportInput {
  /** `validators` (profile and stake each), when present, lets the verdict compare validators per τ staked. */
  config: { seed: string; epochs: number; tempo?: number; [k: string]: unknown };
  profiles: Record<string, ProfileTotal>;
  epochs: EpochEarnings[];
  uids: UidEarnings[];
  /** The last epoch's u16 outputs per uid, when the simulation kept them. */
  lastEpoch?: { consensus: number[]; incentive: number[]; dividends: number[] };
  /** With several mechanisms: each one's split, the alpha it was given and who earned it. */
  mechanisms?: MechanismTotal[];
  /** What makes the results meaningless (a block emission of 0), shown above everything. */
  warnings?: string[];
}

/** τ staked per validator profile key (`validator:honest`), summed from the config's `validators`; empty when it has none. */
function validatorStakes(config: SimulationReportInput["config"]): Record<string, number> {
  const stakes: Record<string, number> = {};
  if (!Array.isArray(config.validators)) return stakes;
  for (const v of config.validators as unknown[]) {
    const { profile, stake } = (v ?? {}) as { profile?: unknown; stake?: unknown };
    if (typeof profile === "string" && typeof stake === "number" && Number.isFinite(stake))
      stakes[`validator:${profile}`] = (stakes[`validator:${profile}`] ?? 0) + stake;
  }
  return stakes;
}

/** One row per uid: its profile (in the profile's colour), role, TAO earned and, when known, the last epoch's incentive and dividends. */
function uidTable(result: SimulationReportInput, colors: Readonly<Record<string, string>>): string {
  const l = result.lastEpoch;
  const pct = (v: number | undefined) => `${(((v ?? 0) / 65535) * 100).toFixed(2)}%`;
  const rows = result.uids
    .map((u) => {
      const key = `${u.role}:${u.profile}`;
      const swatch = `<span class="swatch" data-profile="${esc(key)}" style="display:inline-block;width:10px;height:10px;margin-right:6px;background:${esc(colors[key] ?? "#888")}"></span>`;
      return `<tr data-uid="${u.uid}"><td class="num">${u.uid}</td><td>${u.role}</td><td>${swatch}${esc(u.profile)}</td><td class="num">${esc(formatTao(u.emission))}</td>${l ? `<td class="num">${pct(l.incentive[u.uid])}</td><td class="num">${pct(l.dividends[u.uid])}</td>` : ""}</tr>`;
    })
    .join("");
  return `<table class="tao-table uids"><thead><tr><th>uid</th><th>role</th><th>profile</th><th>earned</th>${l ? "<th>incentive</th><th>dividends</th>" : ""}</tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The simulation report as one self-contained HTML document (inline CSS and SVG; no scripts). It
 * opens with the verdict (what the cheaters earned; a flag for each cheat that paid better than
 * honest work), and every chart and table gives a profile the same colour.
 */
export function simulationReport(result: SimulationReportInput, options: { title?: string } = {}): string {
  const title = options.title ?? `tao-subnet simulation (seed ${result.config.seed}, ${result.config.epochs} epochs)`;
  const colors = profileColors([
    ...Object.keys(result.profiles),
    ...result.epochs.flatMap((e) => Object.keys(e.emission)),
    ...result.uids.map((u) => `${u.role}:${u.profile}`),
  ]);
  const verdict = simulationVerdict(result.profiles, validatorStakes(result.config));
  const last =
    result.lastEpoch &&
    result.uids.map((u) => ({
      uid: u.uid,
      profile: `${u.role}:${u.profile}`,
      incentive: result.lastEpoch!.incentive[u.uid] ?? 0,
      dividends: result.lastEpoch!.dividends[u.uid] ?? 0,
    }));
  const cfg = Object.entries(result.config)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(JSON.stringify(v))}</code></td></tr>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLES}</style></head><body>
<header><h1>${esc(title)}</h1><span class="meta">who earned what, per behaviour profile</span></header>${warningBanners(result.warnings ?? [])}<main>
${result.mechanisms ? `<section class="wide"><h2>Mechanisms: the subnet's alpha split between its weight sets</h2>${mechanismTable(result.mechanisms, colors)}</section>` : ""}
<section class="wide verdict">${verdictHtml(verdict)}</section>
<section class="wide"><h2>Earnings by profile</h2>${profileTable(result.profiles, { colors, flagged: verdict.flags.map((f) => f.profile) })}</section>
<section>${earningsChart(result.epochs, { colors })}</section>
<section>${earningsChart(result.epochs, { cumulative: false, colors })}</section>
<section class="wide">${uidEarningsChart(result.uids, { colors })}</section>
${last ? `<section class="wide">${incentiveDividendsChart(last, { title: "Last epoch: incentive and dividends per uid", colors })}</section>` : ""}
<section class="wide"><h2>Per uid</h2>${uidTable(result, colors)}</section>
<section class="wide"><h2>Configuration</h2><table class="tao-table config">${cfg}</table></section>
</main></body></html>
`;
}
