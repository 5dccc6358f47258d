// The subnet's two currencies: the price chart and the owner's line, alone and in the report and the
// dashboard; every play function checks what a reader would check in the picture.
import type { Meta, StoryObj } from "@storybook/html-vite";
import { expect } from "storybook/test";
import { formatPrice, type OwnerPoint, ownerLineChart, type PricePoint, priceChart, simulationReport, subnetDashboard } from "../src/index.js";
import { sampleEconomy, sampleSimulationInAlpha, sampleSubnetWithEconomy } from "./fixtures.js";

const mount = (html: string): HTMLElement => {
  const el = document.createElement("div");
  el.innerHTML = html;
  return el;
};

const ticks = (root: Element, axis: "x" | "y"): string[] => [...root.querySelectorAll(`text.tick.${axis}`)].map((t) => t.textContent ?? "");

/** The on-screen y of each vertex of a series' path (screen y grows downwards). */
function pathYs(root: Element, series: string): number[] {
  const d = root.querySelector(`path.series[data-series="${series}"]`)!.getAttribute("d")!;
  return [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[2]));
}

/** The y of the axis's 0 line: the grid line under the tick labelled `zero`. */
function zeroY(root: Element, zero: string): number {
  const label = [...root.querySelectorAll("text.tick.y")].find((t) => t.textContent === zero)!;
  return Number(label.getAttribute("y")) - 4;
}

const meta: Meta = { title: "Two currencies" };
export default meta;
type Story = StoryObj;

const economy = sampleEconomy(20);
const pricePts: PricePoint[] = economy.pricePath.map((p) => ({ x: p.epoch, price: p.price, movingPrice: p.movingPrice }));

export const PriceChart: Story = {
  render: () => mount(priceChart(pricePts)),
  play: async ({ canvasElement }) => {
    await expect([...canvasElement.querySelectorAll("path.series")].map((p) => p.getAttribute("data-series"))).toEqual(["price", "moving"]);
    // one dot per epoch and series, each naming its price
    await expect(canvasElement.querySelectorAll('circle.point[data-series="price"]').length).toBe(21);
    const lastDot = [...canvasElement.querySelectorAll('circle.point[data-series="price"]')].at(-1)!;
    await expect(lastDot.textContent).toBe(`epoch 19: spot price ${formatPrice(economy.finalPrice)}`);
    // the moving price climbs towards the spot price from below: its line starts on the axis and ends under the spot line
    const [spot, moving] = [pathYs(canvasElement, "price"), pathYs(canvasElement, "moving")];
    await expect(moving[0]).toBeCloseTo(zeroY(canvasElement, "0"), 1);
    for (let i = 0; i < spot.length; i++) await expect(moving[i]!).toBeGreaterThan(spot[i]!);
    // drawn dashed, in the legend's colour
    const line = canvasElement.querySelector('path.series[data-series="moving"]')!;
    await expect(getComputedStyle(line).strokeDasharray).not.toBe("none");
    const swatches = [...canvasElement.querySelectorAll("g.legend-item")];
    await expect(swatches.map((g) => g.textContent)).toEqual(["spot price", "moving price"]);
    await expect(getComputedStyle(line).stroke).toBe(getComputedStyle(swatches[1]!.querySelector("rect")!).fill);
    // a price axis with distinct labels, and whole epochs
    const ys = ticks(canvasElement, "y");
    await expect(new Set(ys).size).toBe(ys.length);
    await expect(ticks(canvasElement, "x").every((l) => /^-?\d+$/.test(l))).toBe(true);
    await expect(canvasElement.querySelector("text.axis-label.y")?.textContent).toBe("τ per α");
  },
};

export const PriceEmpty: Story = {
  render: () => mount(priceChart([])),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("text.empty")?.textContent).toBe("no price yet");
    await expect(canvasElement.querySelectorAll("path.series").length).toBe(0);
  },
};

/** One epoch: one tick, right under its dot, and a dot per series. */
export const PriceOnePoint: Story = {
  render: () => mount(priceChart([{ x: 0, price: 0.01, movingPrice: 0.01 }])),
  play: async ({ canvasElement }) => {
    await expect(ticks(canvasElement, "x")).toEqual(["0"]);
    const tick = Number(canvasElement.querySelector("text.tick.x")!.getAttribute("x"));
    for (const dot of canvasElement.querySelectorAll("circle.point")) await expect(Number(dot.getAttribute("cx"))).toBe(tick);
    await expect(canvasElement.querySelectorAll("circle.point").length).toBe(2);
  },
};

/** A new subnet on a chain that mints no TAO: the moving price stays 0, on the axis, and the axis still reads distinct prices. */
export const PriceZeroEmission: Story = {
  render: () => mount(priceChart([0, 1, 2, 3].map((x) => ({ x, price: 0.01, movingPrice: 0 })))),
  play: async ({ canvasElement }) => {
    const zero = zeroY(canvasElement, "0");
    for (const y of pathYs(canvasElement, "moving")) await expect(y).toBeCloseTo(zero, 1);
    const ys = ticks(canvasElement, "y");
    await expect(ys[0]).toBe("0");
    await expect(ys.at(-1)).toBe("0.01");
    await expect(new Set(ys).size).toBe(ys.length);
  },
};

/** Bad numbers are left out, not drawn as NaN. */
export const PriceSkipsNonFinite: Story = {
  render: () =>
    mount(
      priceChart([
        { x: 0, price: 0.01, movingPrice: 0 },
        { x: 1, price: Number.NaN, movingPrice: 0 },
        { x: 2, price: 0.02, movingPrice: Number.POSITIVE_INFINITY },
        { x: 3, price: 0.03, movingPrice: 0.001 },
      ]),
    ),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.innerHTML).not.toMatch(/NaN|Infinity/);
    await expect(canvasElement.querySelectorAll('circle.point[data-series="price"]').length).toBe(2);
  },
};

const ownerPts: OwnerPoint[] = Array.from({ length: 11 }, (_, i) => ({
  x: i - 1,
  owner: BigInt(i) * 3_600_000_000n,
  miners: BigInt(i) * 8_200_000_000n,
  validators: BigInt(i) * 7_000_000_000n,
}));

export const OwnerLine: Story = {
  render: () => mount(ownerLineChart(ownerPts, 0.1)),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("svg title")?.textContent).toBe("The owner's line: earned so far, in τ at the final price, 0.1 τ/α");
    const series = [...canvasElement.querySelectorAll("path.series")];
    await expect(series.map((p) => p.getAttribute("data-series"))).toEqual(["owner", "miners", "validators"]);
    // each line's title: its last amount in alpha and in TAO at the price
    await expect(series[0]!.querySelector("title")?.textContent).toBe("owner's cut: 36 α = 3.6 τ at epoch 9");
    await expect(series[1]!.querySelector("title")?.textContent).toBe("miners: 82 α = 8.2 τ at epoch 9");
    // cumulative: no line ever goes down; all start on the axis; the miners' ends highest
    for (const s of ["owner", "miners", "validators"]) {
      const ys = pathYs(canvasElement, s);
      await expect(ys[0]).toBeCloseTo(zeroY(canvasElement, "0 τ"), 1);
      for (let i = 1; i < ys.length; i++) await expect(ys[i]!).toBeLessThanOrEqual(ys[i - 1]!);
    }
    await expect(pathYs(canvasElement, "miners").at(-1)!).toBeLessThan(pathYs(canvasElement, "owner").at(-1)!);
    // the owner's line stands out: thicker, and its own colour in the legend
    const owner = series[0]!;
    await expect(Number.parseFloat(getComputedStyle(owner).strokeWidth)).toBeGreaterThan(Number.parseFloat(getComputedStyle(series[1]!).strokeWidth));
    const legend = [...canvasElement.querySelectorAll("g.legend-item")];
    await expect(legend.map((g) => g.textContent)).toEqual(["owner's cut", "miners", "validators"]);
    await expect(getComputedStyle(owner).stroke).toBe(getComputedStyle(legend[0]!.querySelector("rect")!).fill);
    await expect(ticks(canvasElement, "y").every((l) => l.endsWith(" τ"))).toBe(true);
  },
};

export const OwnerLineEmpty: Story = {
  render: () => mount(ownerLineChart([], 0.01)),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("text.empty")?.textContent).toBe("no epochs yet");
  },
};

export const OwnerLineOnePoint: Story = {
  render: () => mount(ownerLineChart([{ x: 40, owner: 0n, miners: 0n, validators: 0n }], 0.01, { xLabel: "block", priceLabel: "current" })),
  play: async ({ canvasElement }) => {
    await expect(ticks(canvasElement, "x")).toEqual(["40"]);
    await expect(canvasElement.querySelector("svg title")?.textContent).toBe("The owner's line: earned so far, in τ at the current price, 0.01 τ/α");
  },
};

/** Nothing paid (or a price of 0): the lines lie on the axis, which reads 0 τ to 1 τ. */
export const OwnerLineZeroEmission: Story = {
  render: () =>
    mount(
      ownerLineChart(
        [0, 1, 2].map((x) => ({ x, owner: 0n, miners: 0n, validators: 0n })),
        0.01,
      ),
    ),
  play: async ({ canvasElement }) => {
    await expect(ticks(canvasElement, "y")).toEqual(["0 τ", "1 τ"]);
    const zero = zeroY(canvasElement, "0 τ");
    for (const s of ["owner", "miners", "validators"]) for (const y of pathYs(canvasElement, s)) await expect(y).toBeCloseTo(zero, 1);
  },
};

/** Results written before the owner's cut was tracked per epoch: no owner's line rather than a wrong one. */
export const OwnerLineWithoutOwner: Story = {
  render: () =>
    mount(
      ownerLineChart(
        ownerPts.map(({ owner: _, ...p }) => p),
        0.1,
      ),
    ),
  play: async ({ canvasElement }) => {
    await expect([...canvasElement.querySelectorAll("path.series")].map((p) => p.getAttribute("data-series"))).toEqual(["miners", "validators"]);
  },
};

/** The report of a simulation in alpha: a sentence in TAO, α with its τ worth, the two charts after the profile table. */
export const ReportInTwoCurrencies: Story = {
  render: () => mount(simulationReport(sampleSimulationInAlpha())),
  play: async ({ canvasElement }) => {
    const sim = sampleSimulationInAlpha();
    const sentences = [...canvasElement.querySelectorAll("main > section:first-child p.verdict")].map((p) => p.textContent ?? "");
    await expect(sentences.at(-1)).toMatch(
      /^At the final price of [\d.]+ τ\/α \(seeded at 0\.01 τ\/α among 128 subnets\), miners earned [\d.]+ α \([\d.]+ τ\), validators [\d.]+ α \([\d.]+ τ\) and the owner's cut was 75\.6 α \([\d.]+ τ\); the coinbase injected 10 τ into the pool, and registering cost 1012 τ\.$/,
    );
    // the profile table: α, and a worth column in τ
    const honest = canvasElement.querySelector('table.profiles tr[data-profile="miner:honest"]')!;
    await expect(honest.querySelector("td.num")!.textContent).toMatch(/ α$/);
    await expect(honest.querySelector("td.tao")!.textContent).toMatch(/ τ$/);
    // the price chart and the owner's line come right after the profile table
    const sections = [...canvasElement.querySelectorAll("main > section")];
    const at = (sel: string) => sections.findIndex((s) => s.querySelector(sel));
    await expect(at("svg.price")).toBe(at("table.profiles") + 1);
    await expect(at("svg.owner-line")).toBe(at("table.profiles") + 2);
    await expect(canvasElement.querySelectorAll('svg.price circle.point[data-series="price"]').length).toBe(sim.economy!.pricePath.length);
    // the earnings charts' axes read α; the per-uid table has a worth column for every uid
    await expect([...canvasElement.querySelectorAll("svg.earnings text.tick.y")].every((t) => t.textContent!.endsWith(" α"))).toBe(true);
    await expect(canvasElement.querySelectorAll("table.uids td.tao").length).toBe(sim.uids.length);
    await expect([...canvasElement.querySelectorAll("table.economy tr")].map((r) => r.getAttribute("data-field"))).toEqual([
      "market",
      "startPrice",
      "finalPrice",
      "taoInjected",
      "ownerCut",
      "registrationCost",
    ]);
  },
};

/** A report in alpha from a chain that minted no TAO: flat prices, nothing injected, the owner's line on the axis. */
export const ReportZeroEmission: Story = {
  render: () => {
    const sim = sampleSimulationInAlpha(4);
    const economy = sampleEconomy(4, { cutPerEpoch: 0, taoPerEpoch: 0 });
    return mount(simulationReport({ ...sim, economy, warnings: ["block emission is 0: no TAO is minted"] }));
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("p.warning[role=alert]").length).toBe(1);
    await expect(canvasElement.querySelector('table.economy tr[data-field="taoInjected"] td')?.textContent).toBe("0 τ");
    await expect(canvasElement.querySelector('svg.owner-line path.series[data-series="owner"] title')?.textContent).toMatch(/^owner's cut: 0 α = 0 τ/);
  },
};

/** The live dashboard on a devnet: the price chart and the owner's line beside the emission, and a price sentence. */
export const DashboardInTwoCurrencies: Story = {
  render: () => mount(subnetDashboard(sampleSubnetWithEconomy())),
  play: async ({ canvasElement }) => {
    const view = sampleSubnetWithEconomy();
    await expect(canvasElement.querySelectorAll("svg.tao-chart").length).toBe(6);
    await expect(canvasElement.querySelector("p.verdict.economy")?.textContent).toMatch(
      /^Price [\d.]+ τ\/α \(moving [\d.]+ τ\/α\); the owner's cut so far 46\.8 α \([\d.]+ τ at this price\)\.$/,
    );
    await expect(canvasElement.querySelector("header .meta")?.textContent).toMatch(/ α · price [\d.]+ τ\/α$/);
    await expect(canvasElement.querySelectorAll("svg.price circle.point[data-series=price]").length).toBe(view.economy!.prices.length);
    const blocks = ticks(canvasElement.querySelector("svg.price")!, "x");
    await expect(blocks.length).toBeGreaterThanOrEqual(2);
    await expect(new Set(blocks).size).toBe(blocks.length);
    await expect(canvasElement.querySelector("svg.owner-line title")?.textContent).toMatch(/at the current price/);
    // stake and emission are the subnet's alpha
    await expect(canvasElement.querySelector('table.metagraph tr[data-uid="0"] td:nth-child(3)')?.textContent).toMatch(/ α$/);
  },
};

/** A devnet that has paid nothing yet: the charts draw on the axis, nothing reads NaN. */
export const DashboardNothingPaid: Story = {
  render: () => mount(subnetDashboard({ ...sampleSubnetWithEconomy(1, { paid: false }), emission: { blockEmission: 0n, issuance: 21_000_000_000_000_000n } })),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("p.warning[role=alert]").length).toBe(1);
    await expect(canvasElement.innerHTML).not.toMatch(/NaN|Infinity/);
    await expect(ticks(canvasElement.querySelector("svg.owner-line")!, "y")).toEqual(["0 τ", "1 τ"]);
  },
};
