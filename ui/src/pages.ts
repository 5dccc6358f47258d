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
import { type OwnerPoint, ownerLineChart } from "./charts/ownerLine.js";
import { type PricePoint, priceChart } from "./charts/price.js";
import { type UidEarnings, uidEarningsChart } from "./charts/uidEarnings.js";
import { ownerPoints, pricePoints, type SimulationEconomyInput } from "./economy.js";
import { profileColors } from "./profiles.js";
import { esc, formatAmount, formatPrice, formatTao, type Rao, raoBig, type SparseRow, type Unit } from "./svg.js";
import { economySentence, simulationVerdict, subnetEconomySentence, subnetVerdict, verdictHtml } from "./verdict.js";

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
  /** The subnet's two currencies, when the chain reports its pool (the devnet does). */
  economy?: SubnetEconomyView;
}

/** A subnet's price and owner's line for the dashboard (prices in TAO per alpha; amounts alpha rao). */
export interface SubnetEconomyView {
  /** Spot and moving price now. */
  price: number;
  movingPrice: number;
  /** The owner's cut staked since registration (alpha rao). */
  ownerCut: Rao;
  /** The price at each epoch seen (x = block). */
  prices: PricePoint[];
  /** Cumulative earnings since the first epoch seen (x = block), valued at `price`. */
  owner: OwnerPoint[];
}

/** A warning banner (`p.warning[role=alert]`), one per message; empty for none. */
function warningBanners(messages: readonly string[]): string {
  return messages.map((m) => `<p class="warning" role="alert">${esc(m)}</p>`).join("");
}

/** The sentence a chain whose block emission is 0 shows. */
function noEmissionWarning(issuance: Rao): string {
  return `Block emission is 0: issuance (${formatTao(issuance)}) has reached the 21M τ cap, so no TAO is minted and the pools get none (the subnet's alpha is still minted and paid).`;
}

/** The dashboard's body for one subnet (the header and all charts); the page swaps it in on each poll. */
export function subnetDashboard(v: SubnetView): string {
  const total = v.neurons.reduce((a, n) => a + raoBig(n.emission), 0n);
  // with a pool, the subnet pays and stakes its own alpha
  const unit: Unit = v.economy ? "α" : "τ";
  const header = `<header><h1>Subnet ${v.netuid}</h1><span class="meta">${esc(v.endpoint)} · block <b data-field="block">${v.block}</b> · tempo ${v.tempo} · next epoch at ${v.nextEpochBlock} · ${v.neurons.length} uids · last epoch emitted ${esc(formatAmount(total, unit))}${v.economy ? ` · price ${esc(formatPrice(v.economy.price))}` : ""}</span></header>`;
  const zero = v.emission !== undefined && BigInt(v.emission.blockEmission) === 0n;
  return `${header}${zero ? warningBanners([noEmissionWarning(v.emission!.issuance)]) : ""}<main>
<section class="wide verdict"><p class="verdict">${esc(subnetVerdict(v.neurons, unit))}</p>${v.economy ? `<p class="verdict economy">${esc(subnetEconomySentence(v.economy))}</p>` : ""}</section>
<section class="wide">${incentiveDividendsChart(v.neurons)}</section>
<section>${emissionChart(v.history, { title: "Subnet emission per epoch", halvings: v.halvings ?? [], unit })}</section>
${
  v.economy
    ? `<section>${priceChart(v.economy.prices, { xLabel: "block" })}</section><section>${ownerLineChart(v.economy.owner, v.economy.price, { xLabel: "block", priceLabel: "current" })}</section>`
    : ""
}
<section>${weightsMatrix(v.weights, { n: v.neurons.length })}</section>
<section>${bondsHeatmap(v.bonds, { n: v.neurons.length })}</section>
<section class="wide"><h2>Metagraph</h2>${metagraphTable(v.neurons, { unit })}</section>
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
  /** The subnet's two currencies (a dynamic-TAO devnet's results): then what the uids earned is alpha. */
  economy?: SimulationEconomyInput;
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
function uidTable(result: SimulationReportInput, colors: Readonly<Record<string, string>>, unit: Unit): string {
  const l = result.lastEpoch;
  const valued = unit === "α" && result.uids.every((u) => u.tao !== undefined);
  const pct = (v: number | undefined) => `${(((v ?? 0) / 65535) * 100).toFixed(2)}%`;
  const rows = result.uids
    .map((u) => {
      const key = `${u.role}:${u.profile}`;
      const swatch = `<span class="swatch" data-profile="${esc(key)}" style="display:inline-block;width:10px;height:10px;margin-right:6px;background:${esc(colors[key] ?? "#888")}"></span>`;
      return `<tr data-uid="${u.uid}"><td class="num">${u.uid}</td><td>${u.role}</td><td>${swatch}${esc(u.profile)}</td><td class="num">${esc(formatAmount(u.emission, unit))}</td>${valued ? `<td class="num tao">${esc(formatTao(u.tao!))}</td>` : ""}${l ? `<td class="num">${pct(l.incentive[u.uid])}</td><td class="num">${pct(l.dividends[u.uid])}</td>` : ""}</tr>`;
    })
    .join("");
  return `<table class="tao-table uids"><thead><tr><th>uid</th><th>role</th><th>profile</th><th>earned</th>${valued ? "<th>worth</th>" : ""}${l ? "<th>incentive</th><th>dividends</th>" : ""}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The economy's numbers, one row each (`tr[data-field]`): prices, the TAO injected, the owner's cut, the registration cost. */
function economyTable(e: SimulationEconomyInput): string {
  const first = e.pricePath[0];
  const last = e.pricePath[e.pricePath.length - 1];
  const rows: Array<[string, string, string]> = [
    ...(e.market?.price === undefined
      ? []
      : ([["market", "market", `${e.market.subnets ?? "?"} subnets, seeded at ${formatPrice(e.market.price)}`]] as Array<[string, string, string]>)),
    ["startPrice", "price before epoch 0 (spot · moving)", first ? `${formatPrice(first.price)} · ${formatPrice(first.movingPrice)}` : ""],
    ["finalPrice", "final price (spot · moving)", `${formatPrice(e.finalPrice)}${last ? ` · ${formatPrice(last.movingPrice)}` : ""}`],
    ["taoInjected", "TAO injected into the pool", formatTao(e.taoInjected)],
    ["ownerCut", "owner's cut", `${formatAmount(e.ownerCut.alpha, "α")} (${formatTao(e.ownerCut.tao)})`],
    ...(e.registrationCost
      ? ([
          [
            "registrationCost",
            "registration cost (lock + burns)",
            `${formatTao(e.registrationCost.total)} (${formatTao(e.registrationCost.lock)} + ${formatTao(e.registrationCost.burns)})`,
          ],
        ] as Array<[string, string, string]>)
      : []),
  ];
  return `<table class="tao-table economy">${rows.map(([f, k, v]) => `<tr data-field="${f}"><th>${esc(k)}</th><td class="num">${esc(v)}</td></tr>`).join("")}</table>`;
}

/**
 * The simulation report as one self-contained HTML document (inline CSS and SVG; no scripts). It
 * opens with the verdict (what the cheaters earned; a flag for each cheat that paid better than
 * honest work; with an `economy`, what everyone earned in TAO at the final price), and every chart and
 * table gives a profile the same colour. A result with an `economy` is in alpha: its amounts read α,
 * with their TAO value beside them, and the price chart and the owner's line follow the profile table.
 */
export function simulationReport(result: SimulationReportInput, options: { title?: string } = {}): string {
  const title = options.title ?? `tao-subnet simulation (seed ${result.config.seed}, ${result.config.epochs} epochs)`;
  const colors = profileColors([
    ...Object.keys(result.profiles),
    ...result.epochs.flatMap((e) => Object.keys(e.emission)),
    ...result.uids.map((u) => `${u.role}:${u.profile}`),
  ]);
  const e = result.economy;
  const unit: Unit = e ? "α" : "τ";
  const verdict = simulationVerdict(result.profiles, validatorStakes(result.config), { unit, ...(e && { price: e.finalPrice }) });
  if (e) verdict.sentences.push(economySentence(e, result.profiles));
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
<section class="wide"><h2>Earnings by profile</h2>${profileTable(result.profiles, { colors, flagged: verdict.flags.map((f) => f.profile), unit })}</section>
${e ? `<section>${priceChart(pricePoints(e))}</section><section>${ownerLineChart(ownerPoints(e, result.epochs), e.finalPrice)}</section>` : ""}
<section>${earningsChart(result.epochs, { colors, unit })}</section>
<section>${earningsChart(result.epochs, { cumulative: false, colors, unit })}</section>
<section class="wide">${uidEarningsChart(result.uids, { colors, unit })}</section>
${last ? `<section class="wide">${incentiveDividendsChart(last, { title: "Last epoch: incentive and dividends per uid", colors })}</section>` : ""}
<section class="wide"><h2>Per uid</h2>${uidTable(result, colors, unit)}</section>
${e ? `<section class="wide"><h2>The subnet's economy</h2>${economyTable(e)}</section>` : ""}
<section class="wide"><h2>Configuration</h2><table class="tao-table config">${cfg}</table></section>
</main></body></html>
`;
}
