// Stories for each chart; every play function checks what a reader would check in the picture.
import type { Meta, StoryObj } from "@storybook/html-vite";
import { expect } from "storybook/test";
import { bondsHeatmap, earningsChart, emissionChart, incentiveDividendsChart, metagraphTable, profileTable, weightsMatrix } from "../src/index.js";
import { halvingCurve, sampleSimulation, sampleSubnet } from "./fixtures.js";

const mount = (html: string): HTMLElement => {
  const el = document.createElement("div");
  el.innerHTML = html;
  return el;
};

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
    await expect(series).toEqual(Object.keys(sim.profiles).sort());
    await expect(canvasElement.querySelectorAll("g.legend-item").length).toBe(series.length);
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
