/**
 * The sentences a page opens with: for a simulation, what the cheaters earned and whether any
 * cheat paid as well as honest work or better; for a live subnet, who the last epoch paid. Shares are
 * computed on bigint rao (same result, same words); only the display rounds.
 */

import type { ProfileTotal } from "./charts/earnings.js";
import type { NeuronRow } from "./charts/metagraphTable.js";
import type { SimulationEconomyInput } from "./economy.js";
import { isHonest, nameOf, profileOrder, type Role, roleOf } from "./profiles.js";
import { alphaToTaoRao, esc, formatAmount, formatPrice, formatTao, type Rao, raoBig, type Unit } from "./svg.js";

/** What a simulation's report opens with. */
export interface Verdict {
  /** Miners' sentence, then the validators' when a validator profile cheats. */
  sentences: string[];
  /** One per cheating profile that earned as much as an honest one or more: per uid for miners, per τ staked for validators. */
  flags: Array<{ profile: string; text: string }>;
}

/** `part` as a percentage of `total`, one decimal: "0 %", "< 0.1 %", "20.2 %", "100 %". */
export function sharePercent(part: bigint, total: bigint): string {
  if (part === 0n || total <= 0n) return "0 %";
  const tenths = (part * 1000n + total / 2n) / total;
  return tenths === 0n ? "< 0.1 %" : `${Number(tenths) / 10} %`;
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

/**
 * The verdict on a simulation's profiles, with a flag for each cheating profile that earned at
 * least as much per unit as the honest profile that earned least (and more than nothing). `stakes` (validator profile key → τ staked, from the
 * config) lets validators be compared per τ staked; without it, validators are not flagged (their
 * dividends follow stake, so per uid would mislead). `unit` is what the profiles earned (default τ);
 * in alpha, `price` (TAO per alpha) adds each flagged amount's TAO value.
 */
export function simulationVerdict(
  profiles: Readonly<Record<string, ProfileTotal>>,
  stakes: Readonly<Record<string, number>> = {},
  options: { unit?: Unit; price?: number } = {},
): Verdict {
  const unit = options.unit ?? "τ";
  const amount = (rao: bigint) =>
    formatAmount(rao, unit) + (unit === "α" && options.price !== undefined ? ` (${formatAmount(alphaToTaoRao(rao, options.price), "τ")})` : "");
  const keys = profileOrder(Object.keys(profiles));
  const earned = (k: string) => raoBig(profiles[k]!.emission);
  const verdict: Verdict = { sentences: [], flags: [] };
  for (const role of ["miner", "validator"] as Role[]) {
    const inRole = keys.filter((k) => roleOf(k) === role);
    const cheaters = inRole.filter((k) => !isHonest(k));
    const honest = inRole.filter(isHonest);
    if (inRole.length === 0 || (role === "validator" && cheaters.length === 0)) continue;
    if (cheaters.length === 0) {
      verdict.sentences.push(`No cheating miner profile ran: ${honest.map(nameOf).join(" and ")} earned all miner emission.`);
      continue;
    }
    const total = sum(inRole.map(earned));
    const who = role === "miner" ? "Cheaters" : "Cheating validators";
    const parts = cheaters.map((k) => `${nameOf(k)} ${sharePercent(earned(k), total)}`).join(", ");
    let sentence = `${who} earned ${sharePercent(sum(cheaters.map(earned)), total)} of ${role} emission: ${parts}.`;
    if (honest.length === 0) sentence += ` No honest ${role} ran, so nothing shows what honest work would have earned.`;
    verdict.sentences.push(sentence);
    // per unit: a uid for miners, a τ staked (in thousandths) for validators
    const units = (k: string): bigint =>
      role === "miner" ? BigInt(profiles[k]!.uids.length) : stakes[k] !== undefined && stakes[k]! > 0 ? BigInt(Math.round(stakes[k]! * 1000)) : 0n;
    const unit = role === "miner" ? "per uid" : "per τ staked";
    const perUnit = (k: string) => amount(role === "miner" ? earned(k) / units(k) : (earned(k) * 1000n) / units(k));
    const baselines = honest.filter((h) => units(h) > 0n);
    for (const c of cheaters) {
      if (units(c) === 0n || baselines.length === 0) continue;
      // the honest profile that earned least per unit; the cheater beats it when e_c/u_c > e_h/u_h
      const h = baselines.reduce((a, b) => (earned(b) * units(a) < earned(a) * units(b) ? b : a));
      // as much as honest work counts too: the scoring cannot tell the cheat from the work
      const [cheat, work] = [earned(c) * units(h), earned(h) * units(c)];
      if (cheat > 0n && cheat >= work)
        verdict.flags.push({
          profile: c,
          text: `${nameOf(c)} earned ${perUnit(c)} ${unit}, ${cheat > work ? "more than" : "as much as"} ${nameOf(h)} (${perUnit(h)} ${unit}): this cheat pays.`,
        });
    }
  }
  return verdict;
}

/**
 * The sentence in TAO a simulation's verdict adds: the final price (and where it was seeded), what
 * miners, validators and the owner's cut earned in alpha and in TAO at that price, the TAO the
 * coinbase injected and what registering cost.
 */
export function economySentence(e: SimulationEconomyInput, profiles: Readonly<Record<string, ProfileTotal>>): string {
  const keys = Object.keys(profiles);
  const total = (role: Role, field: "emission" | "tao") =>
    sum(
      keys
        .filter((k) => roleOf(k) === role)
        .map((k) =>
          field === "tao" && profiles[k]!.tao === undefined ? alphaToTaoRao(profiles[k]!.emission, e.finalPrice) : raoBig(profiles[k]![field] ?? 0n),
        ),
    );
  const both = (alpha: Rao, tao: Rao) => `${formatAmount(alpha, "α")} (${formatAmount(tao, "τ")})`;
  const seeded =
    e.market?.price === undefined
      ? ""
      : ` (seeded at ${formatPrice(e.market.price)}${e.market.subnets === undefined ? "" : ` among ${e.market.subnets} subnets`})`;
  const cost = e.registrationCost === undefined ? "" : `, and registering cost ${formatTao(e.registrationCost.total)}`;
  return (
    `At the final price of ${formatPrice(e.finalPrice)}${seeded}, miners earned ${both(total("miner", "emission"), total("miner", "tao"))}, ` +
    `validators ${both(total("validator", "emission"), total("validator", "tao"))} and the owner's cut was ${both(e.ownerCut.alpha, e.ownerCut.tao)}; ` +
    `the coinbase injected ${formatTao(e.taoInjected)} into the pool${cost}.`
  );
}

/** The live dashboard's sentence in two currencies: the price now, the moving price, and the owner's cut so far with its TAO value at this price. */
export function subnetEconomySentence(e: { price: number; movingPrice: number; ownerCut: Rao }): string {
  return `Price ${formatPrice(e.price)} (moving ${formatPrice(e.movingPrice)}); the owner's cut so far ${formatAmount(e.ownerCut, "α")} (${formatTao(alphaToTaoRao(e.ownerCut, e.price))} at this price).`;
}

/** The verdict as HTML: `p.verdict` sentences, then a `p.flag[role=alert]` per flag. */
export function verdictHtml(v: Verdict): string {
  return (
    v.sentences.map((s) => `<p class="verdict">${esc(s)}</p>`).join("") +
    v.flags.map((f) => `<p class="flag" role="alert" data-profile="${esc(f.profile)}">${esc(f.text)}</p>`).join("")
  );
}

/** The live dashboard's opening sentence: what the last epoch paid (in `unit`, default τ), and to how many uids. */
export function subnetVerdict(neurons: readonly NeuronRow[], unit: Unit = "τ"): string {
  if (neurons.length === 0) return "No uid is registered yet.";
  const total = sum(neurons.map((n) => raoBig(n.emission)));
  if (total === 0n) return `The last epoch paid nothing yet (${neurons.length} uids).`;
  const part = (field: "incentive" | "dividends", verb: string) => {
    const earners = neurons.filter((n) => n[field] > 0);
    if (earners.length === 0) return `none ${verb}`;
    const top = earners.reduce((a, b) => (b[field] > a[field] ? b : a));
    const all = sum(earners.map((n) => BigInt(n[field])));
    return `${earners.length} ${verb} (most: uid ${top.uid}, ${sharePercent(BigInt(top[field]), all)})`;
  };
  return `The last epoch paid ${formatAmount(total, unit)} to ${neurons.length} uids: ${part("incentive", "earned incentive")}, ${part("dividends", "earned dividends")}.`;
}
