// The two whole views: the live dashboard's body and the simulation report.
import type { Meta, StoryObj } from "@storybook/html-vite";
import { expect } from "storybook/test";
import { simulationReport, subnetDashboard } from "../src/index.js";
import { sampleSimulation, sampleSubnet, simulationOf } from "./fixtures.js";

const mount = (html: string): HTMLElement => {
  const el = document.createElement("div");
  el.innerHTML = html;
  return el;
};

const meta: Meta = { title: "Pages", parameters: { layout: "fullscreen" } };
export default meta;
type Story = StoryObj;

export const Dashboard: Story = {
  render: () => {
    const el = document.createElement("div");
    el.innerHTML = subnetDashboard(sampleSubnet(24, 6));
    return el;
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("h1")?.textContent).toBe("Subnet 1");
    // it opens with what the last epoch paid, and to whom
    const first = canvasElement.querySelector("main > section:first-child p.verdict");
    await expect(first?.textContent).toMatch(
      /^The last epoch paid [\d.]+ τ to 24 uids: 18 earned incentive \(most: uid \d+, [\d.]+ %\), 6 earned dividends \(most: uid [0-5], [\d.]+ %\)\.$/,
    );
    await expect(canvasElement.querySelectorAll("svg.tao-chart").length).toBe(4);
    await expect(canvasElement.querySelectorAll("table.metagraph tbody tr").length).toBe(24);
  },
};

/** A devnet past the 21M TAO cap: block emission 0, and the page says so above the charts. */
export const DashboardWithoutEmission: Story = {
  render: () => {
    const el = document.createElement("div");
    el.innerHTML = subnetDashboard({ ...sampleSubnet(24, 6), emission: { blockEmission: 0n, issuance: 22_000_000_000_000_000n } });
    return el;
  },
  play: async ({ canvasElement }) => {
    const alerts = canvasElement.querySelectorAll("p.warning[role=alert]");
    await expect(alerts.length).toBe(1);
    await expect(alerts[0]!.textContent).toBe(
      "Block emission is 0: issuance (22000000 τ) has reached the 21M τ cap, so no TAO is minted and the pools get none (the subnet's alpha is still minted and paid).",
    );
    // between the header and the charts, and drawn as a warning (the stylesheet applies)
    await expect(alerts[0]!.previousElementSibling?.tagName).toBe("HEADER");
    await expect(getComputedStyle(alerts[0]!).color).toBe("rgb(153, 27, 27)");
    await expect(canvasElement.querySelectorAll("svg.tao-chart").length).toBe(4);
  },
};

/** The same subnet at 1 TAO a block: no warning. */
export const DashboardWithEmission: Story = {
  render: () => {
    const el = document.createElement("div");
    el.innerHTML = subnetDashboard({ ...sampleSubnet(24, 6), emission: { blockEmission: 1_000_000_000n, issuance: 0n } });
    return el;
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("p.warning").length).toBe(0);
  },
};

export const SimulationReport: Story = {
  render: () => {
    const el = document.createElement("div");
    el.innerHTML = simulationReport(sampleSimulation());
    return el;
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("table.profiles tbody tr").length).toBe(6);
    await expect(canvasElement.querySelectorAll("rect.bar").length).toBe(12);
    // nothing in the report refers to the network
    await expect(canvasElement.innerHTML).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  },
};

/** A simulation whose devnet paid nothing: its warning heads the report. */
export const SimulationReportWithWarning: Story = {
  render: () => {
    const el = document.createElement("div");
    el.innerHTML = simulationReport({ ...sampleSimulation(), warnings: ["block emission is 0: the devnet's issuance has reached the 21M TAO cap"] });
    return el;
  },
  play: async ({ canvasElement }) => {
    const alerts = canvasElement.querySelectorAll("p.warning[role=alert]");
    await expect(alerts.length).toBe(1);
    await expect(alerts[0]!.textContent).toMatch(/^block emission is 0: /);
  },
};

/** The report of a simulation given by per-profile totals (`simulationOf`). */
const reportOf = (totals: Parameters<typeof simulationOf>[0]) => mount(simulationReport(simulationOf(totals)));

/** What a reader of a report checks first: the sentence it opens with. */
const verdicts = (root: HTMLElement) => [...root.querySelectorAll("main > section:first-child p.verdict")].map((p) => p.textContent);

/** The issue's own example: three honest miners, two lazy, two copiers that got 0.6 % of miner emission. */
export const ReportVerdict: Story = {
  render: () =>
    reportOf({
      "miner:honest": { tao: 99.4, uids: 3 },
      "miner:lazy": { tao: 0, uids: 2 },
      "miner:copier": { tao: 0.6, uids: 2 },
      "validator:honest": { tao: 100, uids: 2 },
    }),
  play: async ({ canvasElement }) => {
    await expect(verdicts(canvasElement)).toEqual(["Cheaters earned 0.6 % of miner emission: lazy 0 %, copier 0.6 %."]);
    await expect(canvasElement.querySelectorAll("p.flag").length).toBe(0);
    await expect(canvasElement.querySelectorAll("tr.flagged").length).toBe(0);
  },
};

/** A cheat that pays: two copiers earn 25 τ per uid, three honest miners 16.67 τ. The report flags it, above everything else. */
export const ReportFlagsACheatThatPays: Story = {
  render: () =>
    reportOf({
      "miner:honest": { tao: 50, uids: 3 },
      "miner:copier": { tao: 50, uids: 2 },
      "miner:lazy": { tao: 0, uids: 1 },
      "validator:honest": { tao: 100, uids: 1 },
    }),
  play: async ({ canvasElement }) => {
    await expect(verdicts(canvasElement)).toEqual(["Cheaters earned 50 % of miner emission: copier 50 %, lazy 0 %."]);
    const flags = [...canvasElement.querySelectorAll("main > section:first-child p.flag[role=alert]")];
    await expect(flags.map((f) => f.textContent)).toEqual(["copier earned 25 τ per uid, more than honest (16.6667 τ per uid): this cheat pays."]);
    await expect(getComputedStyle(flags[0]!).color).toBe("rgb(153, 27, 27)");
    await expect([...canvasElement.querySelectorAll("tr.flagged")].map((r) => r.getAttribute("data-profile"))).toEqual(["miner:copier"]);
  },
};

/** A validator that copies weights and earns more per τ staked than the honest ones is flagged too. */
export const ReportFlagsAWeightCopier: Story = {
  render: () => {
    const sim = simulationOf({
      "miner:honest": { tao: 100, uids: 3 },
      "validator:honest": { tao: 60, uids: 2 },
      "validator:weightCopier": { tao: 40, uids: 1 },
    });
    const validators = [
      { profile: "honest", stake: 1000 },
      { profile: "honest", stake: 600 },
      { profile: "weightCopier", stake: 400 },
    ];
    return mount(simulationReport({ ...sim, config: { ...sim.config, validators } }));
  },
  play: async ({ canvasElement }) => {
    await expect(verdicts(canvasElement)).toEqual([
      "No cheating miner profile ran: honest earned all miner emission.",
      "Cheating validators earned 40 % of validator emission: weightCopier 40 %.",
    ]);
    await expect([...canvasElement.querySelectorAll("p.flag")].map((f) => f.textContent)).toEqual([
      "weightCopier earned 0.1 τ per τ staked, more than honest (0.0375 τ per τ staked): this cheat pays.",
    ]);
  },
};

/** Each profile says what it does, and what it earned in all and per uid. */
export const ReportPerProfileAndPerUid: Story = {
  render: () => mount(simulationReport(sampleSimulation())),
  play: async ({ canvasElement }) => {
    const row = (p: string) => canvasElement.querySelector(`table.profiles tr[data-profile="${p}"]`)!;
    await expect(row("miner:lazy").querySelector("td.description")?.textContent).toBe("answers nothing half of the time, otherwise an empty answer");
    const sim = sampleSimulation();
    for (const [key, p] of Object.entries(sim.profiles)) {
      const perUid = row(key).querySelector("td.per-uid")!.textContent!;
      // the per-uid column is the profile's total over its uids
      await expect(Number.parseFloat(perUid)).toBeCloseTo(Number(BigInt(p.emission as string) / BigInt(p.uids.length)) / 1e9, 3);
    }
    // and every uid has its own bar and row
    await expect(canvasElement.querySelectorAll("svg.uid-earnings rect.bar").length).toBe(sim.uids.length);
    await expect(canvasElement.querySelectorAll("table.uids tbody tr").length).toBe(sim.uids.length);
  },
};

/** The colour an element is drawn in: a line's stroke, a shape's fill, an HTML swatch's background. */
function paint(el: Element): string {
  const style = getComputedStyle(el);
  if (el.tagName.toLowerCase() === "path") return style.stroke;
  if (el instanceof SVGElement) return style.fill;
  return style.backgroundColor;
}

/** Defect: blue meant the miner role, then miner:copier, then incentive. Now each profile has one colour everywhere, and no two share one. */
export const ReportOneColourPerProfile: Story = {
  render: () => {
    const sim = sampleSimulation();
    const incentive = sim.uids.map((u) => (u.role === "miner" ? 5000 : 0));
    const dividends = sim.uids.map((u) => (u.role === "validator" ? 20000 : 0));
    return mount(simulationReport({ ...sim, lastEpoch: { consensus: incentive, incentive, dividends } }));
  },
  play: async ({ canvasElement }) => {
    const colours = new Map<string, Set<string>>();
    // everything drawn for a profile: lines, bars, legend swatches, the tables' swatches and share bars
    const drawn =
      "path.series[data-profile], rect.bar[data-profile], g.legend-item[data-profile] > rect, span.swatch[data-profile], span.share-bar[data-profile]";
    for (const el of canvasElement.querySelectorAll(drawn)) {
      const key = el.closest("[data-profile]")!.getAttribute("data-profile")!;
      if (!colours.has(key)) colours.set(key, new Set());
      colours.get(key)!.add(paint(el));
    }
    await expect([...colours.keys()].sort()).toEqual(Object.keys(sampleSimulation().profiles).sort());
    for (const [key, set] of colours) await expect([key, [...set]]).toEqual([key, [[...set][0]]]);
    const each = [...colours.values()].map((s) => [...s][0]);
    await expect(new Set(each).size).toBe(each.length);
    // every chart takes part: two earnings charts, the uid chart, the incentive chart, each with its legend
    for (const chart of ["svg.earnings", "svg.uid-earnings", "svg.incentive-dividends"])
      for (const el of canvasElement.querySelectorAll(`${chart} [data-profile]`)) await expect(colours.get(el.getAttribute("data-profile")!)!.size).toBe(1);
    await expect(canvasElement.querySelectorAll("svg.incentive-dividends rect.bar[data-profile]").length).toBe(sampleSimulation().uids.length * 2);
  },
};
