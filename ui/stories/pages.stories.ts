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
