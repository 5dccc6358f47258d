// The two whole views: the live dashboard's body and the simulation report.
import type { Meta, StoryObj } from "@storybook/html-vite";
import { expect } from "storybook/test";
import { simulationReport, subnetDashboard } from "../src/index.js";
import { sampleSimulation, sampleSubnet } from "./fixtures.js";

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
    await expect(alerts[0]!.textContent).toBe("Block emission is 0: issuance (22000000 τ) has reached the 21M τ cap, so epochs pay nobody.");
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
