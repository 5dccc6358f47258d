// Stories for each chart; every play function checks what a reader would check in the picture.
import type { Meta, StoryObj } from "@storybook/html-vite";
import { expect } from "storybook/test";
import {
  bondsHeatmap,
  earningsChart,
  emissionChart,
  incentiveDividendsChart,
  metagraphTable,
  profileTable,
  uidEarningsChart,
  weightsMatrix,
} from "../src/index.js";
import { halvingCurve, sampleSimulation, sampleSubnet } from "./fixtures.js";

const mount = (html: string): HTMLElement => {
  const el = document.createElement("div");
  el.innerHTML = html;
  return el;
};

/** The labels of an axis's ticks (`text.tick.x` or `text.tick.y`). */
const ticks = (root: HTMLElement, axis: "x" | "y"): string[] => [...root.querySelectorAll(`text.tick.${axis}`)].map((t) => t.textContent ?? "");

/** A tick axis a reader can trust: at least two labels, none repeated. */
async function expectDistinct(labels: string[]): Promise<void> {
  await expect(labels.length).toBeGreaterThanOrEqual(2);
  await expect(new Set(labels).size).toBe(labels.length);
}

const meta: Meta = { title: "Charts" };
export default meta;
type Story = StoryObj;

const subnet = sampleSubnet();

export const IncentiveAndDividends: Story = {
  render: () => mount(incentiveDividendsChart(subnet.neurons)),
  play: async ({ canvasElement }) => {
    const bars = canvasElement.querySelectorAll("rect.bar");
    await expect(bars.length).toBe(subnet.neurons.length * 2);
    // validators (uids 0..3) earn dividends and no incentive; miners the reverse
    const h = (uid: number, kind: string) => Number(canvasElement.querySelector(`rect.bar[data-uid="${uid}"][data-kind="${kind}"]`)!.getAttribute("height"));
    await expect(h(0, "dividends")).toBeGreaterThan(0);
    await expect(h(0, "incentive")).toBe(0);
    await expect(h(8, "incentive")).toBeGreaterThan(0);
    await expect(h(8, "dividends")).toBe(0);
  },
};

export const IncentiveEmpty: Story = {
  render: () => mount(incentiveDividendsChart([])),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("text.empty")?.textContent).toBe("no uids");
  },
};

export const EmissionWithHalvings: Story = {
  render: () => {
    const { points, halvings } = halvingCurve();
    return mount(emissionChart(points, { title: "Block emission by total issuance (TAO)", xLabel: "issuance (TAO)", halvings }));
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("line.halving").length).toBe(5);
    const d = canvasElement.querySelector("path.series")!.getAttribute("d")!;
    await expect(d.startsWith("M")).toBe(true);
    // a step line: each later point is lower (y grows downwards)
    const ys = [...canvasElement.querySelectorAll("circle.point")].map((c) => Number(c.getAttribute("cy")));
    for (let i = 1; i < ys.length - 1; i++) await expect(ys[i]!).toBeGreaterThan(ys[i - 1]!);
  },
};

export const SubnetEmissionHistory: Story = {
  render: () => mount(emissionChart(subnet.history, { title: "Subnet emission per epoch" })),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("circle.point").length).toBe(subnet.history.length);
  },
};

export const WeightsMatrix: Story = {
  render: () => mount(weightsMatrix(subnet.weights, { n: subnet.neurons.length })),
  play: async ({ canvasElement }) => {
    const cells = [...canvasElement.querySelectorAll("rect.cell")];
    await expect(cells.length).toBe(4 * 12);
    await expect(cells.every((c) => Number(c.getAttribute("data-row")) < 4 && Number(c.getAttribute("data-col")) >= 4)).toBe(true);
  },
};

export const BondsHeatmap: Story = {
  render: () => mount(bondsHeatmap(subnet.bonds, { n: subnet.neurons.length })),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("rect.cell").length).toBeGreaterThan(0);
    await expect(canvasElement.querySelector("svg title")?.textContent).toContain("Bonds");
  },
};

const sim = sampleSimulation();

export const EarningsByProfile: Story = {
  render: () => mount(earningsChart(sim.epochs)),
  play: async ({ canvasElement }) => {
    const series = [...canvasElement.querySelectorAll("path.series")].map((p) => p.getAttribute("data-profile"));
    // miners first, honest first in each role, then as the simulation listed them
    await expect(series).toEqual(["miner:honest", "miner:noisy", "miner:lazy", "miner:copier", "validator:honest", "validator:weightCopier"]);
    const legend = [...canvasElement.querySelectorAll("g.legend-item")].map((g) => g.getAttribute("data-profile"));
    await expect(legend).toEqual(series);
    // each line has its legend swatch's colour
    for (const p of series) {
      const line = canvasElement.querySelector(`path.series[data-profile="${p}"]`)!;
      const swatch = canvasElement.querySelector(`g.legend-item[data-profile="${p}"] rect`)!;
      await expect(getComputedStyle(line).stroke).toBe(getComputedStyle(swatch).fill);
    }
    await expect(ticks(canvasElement, "x")).toEqual(["0", "10", "20"]);
  },
};

export const EarningsPerEpoch: Story = {
  render: () => mount(earningsChart(sim.epochs, { cumulative: false })),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("svg title")?.textContent).toBe("Earnings per epoch by profile");
  },
};

export const ProfileTable: Story = {
  render: () => mount(profileTable(sim.profiles)),
  play: async ({ canvasElement }) => {
    const rows = [...canvasElement.querySelectorAll("tbody tr")].map((r) => r.getAttribute("data-profile"));
    await expect(rows[0]!.startsWith("miner:")).toBe(true);
    await expect(rows).toHaveLength(Object.keys(sim.profiles).length);
  },
};

export const MetagraphTable: Story = {
  render: () => mount(metagraphTable(subnet.neurons, { caption: "Subnet 1" })),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll("tbody tr[data-uid]").length).toBe(16);
    await expect(canvasElement.querySelector('tr[data-uid="0"] td:nth-child(4)')?.textContent).toBe("✓");
    await expect(canvasElement.querySelector('tr[data-uid="9"] td:last-child')?.textContent).toBe("127.0.0.1:8099");
  },
};

/** Defect: "Earnings per uid" had no legend. Each profile has a legend entry with its bars' colour. */
export const UidEarningsLegend: Story = {
  render: () => mount(uidEarningsChart(sim.uids)),
  play: async ({ canvasElement }) => {
    const items = [...canvasElement.querySelectorAll("g.legend-item")];
    await expect(items.map((g) => g.textContent)).toEqual([
      "miner:honest",
      "miner:noisy",
      "miner:lazy",
      "miner:copier",
      "validator:honest",
      "validator:weightCopier",
    ]);
    for (const bar of canvasElement.querySelectorAll("rect.bar")) {
      const swatch = canvasElement.querySelector(`g.legend-item[data-profile="${bar.getAttribute("data-profile")}"] rect`)!;
      await expect(getComputedStyle(bar).fill).toBe(getComputedStyle(swatch).fill);
    }
    await expectDistinct(ticks(canvasElement, "y"));
  },
};

/** Defect: an all-zero axis repeated "0.0%" five times. With nothing paid, the axis reads 0 % to 100 %. */
export const IncentiveAllZero: Story = {
  render: () => mount(incentiveDividendsChart([0, 1, 2, 3].map((uid) => ({ uid, incentive: 0, dividends: 0 })))),
  play: async ({ canvasElement }) => {
    await expect(ticks(canvasElement, "y")).toEqual(["0%", "100%"]);
    await expect([...canvasElement.querySelectorAll("rect.bar")].every((b) => Number(b.getAttribute("height")) === 0)).toBe(true);
  },
};

/** A tiny share (at most 0.03 %) still gets distinct labels, not "0.0%" repeated. */
export const IncentiveTinyShares: Story = {
  render: () => mount(incentiveDividendsChart([0, 1, 2].map((uid) => ({ uid, incentive: uid * 10, dividends: 0 })))),
  play: async ({ canvasElement }) => {
    const labels = ticks(canvasElement, "y");
    await expectDistinct(labels);
    await expect(labels[0]).toBe("0%");
    await expect(labels.every((l) => /^\d+(\.\d+)?%$/.test(l))).toBe(true);
  },
};

/** The same for the TAO axes: an all-zero earnings chart reads 0 τ and 1 τ. */
export const EarningsAllZero: Story = {
  render: () => mount(earningsChart([0, 1, 2].map((epoch) => ({ epoch, emission: { "miner:honest": "0", "miner:lazy": "0" } })))),
  play: async ({ canvasElement }) => {
    await expect(ticks(canvasElement, "y")).toEqual(["0 τ", "1 τ"]);
    await expect(ticks(canvasElement, "x")).toEqual(["0", "1", "2"]);
  },
};

/** Block axes must show whole, distinct blocks. */
async function expectBlockAxis(root: HTMLElement, expected?: string[]): Promise<void> {
  const labels = ticks(root, "x");
  await expectDistinct(labels);
  await expect(labels.every((l) => /^\d+$/.test(l))).toBe(true);
  if (expected) await expect(labels).toEqual(expected);
}

/** The x of the tick labelled `label`, and of each point. */
const tickX = (root: HTMLElement, label: string) => Number([...root.querySelectorAll("text.tick.x")].find((t) => t.textContent === label)?.getAttribute("x"));

/** Defect: one epoch at block 40 gave the axis "40 40.2 40.4 …". Now one tick, 40, right under the point. */
export const EmissionOneEpoch: Story = {
  render: () => mount(emissionChart([{ x: 40, emission: 82_000_000_000n }], { title: "Subnet emission per epoch" })),
  play: async ({ canvasElement }) => {
    await expect(ticks(canvasElement, "x")).toEqual(["40"]);
    await expect(Number(canvasElement.querySelector("circle.point")!.getAttribute("cx"))).toBe(tickX(canvasElement, "40"));
  },
};

/** Defect: blocks 120 and 121 gave "120 120 120 121". */
export const EmissionTwoBlocks: Story = {
  render: () =>
    mount(
      emissionChart(
        [
          { x: 120, emission: 82_000_000_000n },
          { x: 121, emission: 81_000_000_000n },
        ],
        { title: "Subnet emission per epoch" },
      ),
    ),
  play: async ({ canvasElement }) => expectBlockAxis(canvasElement, ["120", "121"]),
};

/** Blocks past 1000 are written in full (120100, not "120k" four times). */
export const EmissionLateBlocks: Story = {
  render: () =>
    mount(
      emissionChart(
        Array.from({ length: 6 }, (_, i) => ({ x: 120_000 + 100 * i, emission: 82_000_000_000n })),
        { title: "Subnet emission per epoch" },
      ),
    ),
  play: async ({ canvasElement }) => expectBlockAxis(canvasElement, ["120000", "120100", "120200", "120300", "120400", "120500"]),
};

/** A simulation of one epoch: the epoch axis is that epoch, no fractions. */
export const EarningsOneEpoch: Story = {
  render: () => mount(earningsChart([{ epoch: 0, emission: { "miner:honest": "1000000000" } }])),
  play: async ({ canvasElement }) => await expect(ticks(canvasElement, "x")).toEqual(["0"]),
};

/** The colour scale's swatches from top to bottom: darkest first, white last. */
async function expectColorScale(root: HTMLElement, top: string): Promise<void> {
  const scale = root.querySelector("g.color-scale");
  await expect(scale).not.toBeNull();
  const swatches = [...scale!.querySelectorAll("rect.swatch")].map((r) => getComputedStyle(r).fill);
  await expect(swatches.length).toBe(10);
  await expect(swatches.at(-1)).toBe("rgb(247, 251, 255)");
  await expect(new Set(swatches).size).toBe(10);
  await expect([...scale!.querySelectorAll("text.scale-label")].map((t) => t.textContent)).toEqual([top, "0"]);
}

/** Defect: the heatmaps had no colour scale. The darkest swatch is the colour of a full weight. */
export const WeightsColorScale: Story = {
  render: () => mount(weightsMatrix(subnet.weights, { n: subnet.neurons.length })),
  play: async ({ canvasElement }) => {
    await expectColorScale(canvasElement, "row's max");
    // every row's largest weight is drawn in the scale's top colour
    const top = getComputedStyle(canvasElement.querySelector("g.color-scale rect.swatch")!).fill;
    const rowMax = canvasElement.querySelector('rect.cell[data-value="65535"]')!;
    await expect(getComputedStyle(rowMax).fill).toBe(top);
  },
};

export const BondsColorScale: Story = {
  render: () => mount(bondsHeatmap([[[1, 65535]], [[1, 1000]]], { n: 2 })),
  play: async ({ canvasElement }) => {
    await expectColorScale(canvasElement, "65535 (100%)");
    const top = getComputedStyle(canvasElement.querySelector("g.color-scale rect.swatch")!).fill;
    await expect(getComputedStyle(canvasElement.querySelector('rect.cell[data-value="65535"]')!).fill).toBe(top);
    await expect(getComputedStyle(canvasElement.querySelector('rect.cell[data-value="1000"]')!).fill).not.toBe(top);
  },
};
