// A sweep's charts and report; each play function checks what a reader checks in the picture,
// with the layout chromium computed (where a line is drawn, what colour a cell is).
import type { Meta, StoryObj } from "@storybook/html-vite";
import { expect } from "storybook/test";
import { sweepHeatmap, sweepLines, sweepReport } from "../src/index.js";
import { sampleSweep } from "./sweepFixtures.js";

const mount = (html: string): HTMLElement => {
  const el = document.createElement("div");
  el.innerHTML = html;
  return el;
};

/** The centre of an SVG element's box, in the SVG's own units. */
const centre = (el: Element) => {
  const b = (el as SVGGraphicsElement).getBBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};

/** An `rgb(r,g,b)` fill's channels. */
const rgb = (fill: string | null) => (fill ?? "").match(/\d+/g)!.map(Number) as [number, number, number];

const meta: Meta = { title: "Sweep" };
export default meta;
type Story = StoryObj;

const sweep = sampleSweep();
const cells = (measure: "cheatAdvantage" | "catchUpEpochs") => {
  const [x, y] = [sweep.vary[0]!, sweep.vary[1]!];
  return y.values.map((yv) => x.values.map((xv) => sweep.results.find((p) => p.values[x.key] === xv && p.values[y.key] === yv)!.measures[measure]));
};

/** The best cheat's advantage over kappa × bonds moving average: red where cheating pays (≥ 1), blue where it loses, the chain's defaults dashed. */
export const CheatHeatmap: Story = {
  render: () =>
    mount(
      sweepHeatmap(
        { x: sweep.vary[0]!, y: sweep.vary[1]!, cells: cells("cheatAdvantage"), defaults: { x: sweep.defaults.kappa, y: sweep.defaults.bondsMovingAverage } },
        { measure: "cheat advantage", pivot: 1, sides: ["cheating loses", "cheating pays"] },
      ),
    ),
  play: async ({ canvasElement }) => {
    const rects = [...canvasElement.querySelectorAll("rect.cell")];
    await expect(rects.length).toBe(10);
    for (const c of rects) {
      const mean = Number(c.getAttribute("data-mean"));
      const [r, , b] = rgb(c.getAttribute("fill"));
      // a reader tells the sides apart by colour: red above the pivot, blue below
      await expect(c.classList.contains("pays")).toBe(mean >= 1);
      if (Math.abs(mean - 1) > 0.05) await expect(r > b).toBe(mean > 1);
    }
    // the chain's default kappa (32767/65535) is the 0.5 column: the dashed line runs through its cells' centres
    const vline = canvasElement.querySelector('line.default[data-axis="x"]')!;
    const col = canvasElement.querySelector('rect.cell[data-x="0.5"]')!;
    await expect(Math.abs(Number(vline.getAttribute("x1")) - centre(col).x)).toBeLessThan(0.01);
    const hline = canvasElement.querySelector('line.default[data-axis="y"]')!;
    const row = canvasElement.querySelector('rect.cell[data-y="900000"]')!;
    await expect(Math.abs(Number(hline.getAttribute("y1")) - centre(row).y)).toBeLessThan(0.01);
    // lower bondsMovingAverage (900000) is the bottom row, as on a plot
    await expect(centre(row).y).toBeGreaterThan(centre(canvasElement.querySelector('rect.cell[data-y="975000"]')!).y);
    // every cell's number is inside its cell
    for (const t of canvasElement.querySelectorAll("text.value")) {
      const cell = rects.find((c) => {
        const b = (c as SVGGraphicsElement).getBBox();
        const p = centre(t);
        return p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
      });
      await expect(cell).toBeDefined();
    }
    // the whole chart fits: the title is not cut by the SVG's edge
    const svg = canvasElement.querySelector("svg")!;
    const title = svg.querySelector("text")!;
    await expect((title as SVGGraphicsElement).getBBox().width + 96).toBeLessThanOrEqual(svg.viewBox.baseVal.width);
  },
};

/** A measure with no pivot (epochs to catch up): white to blue. */
export const CatchUpHeatmap: Story = {
  render: () => mount(sweepHeatmap({ x: sweep.vary[0]!, y: sweep.vary[1]!, cells: cells("catchUpEpochs") }, { measure: "catch-up epochs" })),
  play: async ({ canvasElement }) => {
    const rects = [...canvasElement.querySelectorAll("rect.cell")];
    await expect(rects.length).toBe(10);
    await expect(canvasElement.querySelectorAll("rect.cell.pays").length).toBe(0);
    // the darker cell has the larger value
    const sorted = rects.map((c) => ({ mean: Number(c.getAttribute("data-mean")), light: rgb(c.getAttribute("fill"))[0] })).sort((a, b) => a.mean - b.mean);
    await expect(sorted[0]!.light).toBeGreaterThanOrEqual(sorted[sorted.length - 1]!.light);
    await expect(canvasElement.querySelectorAll("line.default").length).toBe(0);
  },
};

/** One parameter: the mean per series, the seeds' band, the pivot, and a default between two grid values. */
export const Lines: Story = {
  render: () => {
    const s = sampleSweep([{ key: "bondsMovingAverage", values: [800000, 950000, 975000] }], 3);
    const x = s.vary[0]!;
    return mount(
      sweepLines(x, [{ label: "", points: s.results.map((p) => p.measures.cheatAdvantage) }], { measure: "cheat advantage", pivot: 1, default: 900000 }),
    );
  },
  play: async ({ canvasElement }) => {
    const pts = [...canvasElement.querySelectorAll("circle.point")];
    await expect(pts.length).toBe(3);
    await expect(canvasElement.querySelectorAll("path.band").length).toBe(1);
    await expect(canvasElement.querySelectorAll("line.pivot").length).toBe(1);
    // 900000 lies between 800000 and 950000, at two thirds of the way
    const x = pts.map((p) => Number(p.getAttribute("cx")));
    const line = Number(canvasElement.querySelector("line.default")!.getAttribute("x1"));
    await expect(Math.abs(line - (x[0]! + ((x[1]! - x[0]!) * 2) / 3))).toBeLessThan(0.05);
    // the band contains each mean
    const band = (canvasElement.querySelector("path.band") as SVGGraphicsElement).getBBox();
    for (const p of pts) {
      const cy = Number(p.getAttribute("cy"));
      await expect(cy >= band.y - 0.01 && cy <= band.y + band.height + 0.01).toBe(true);
    }
  },
};

/** The whole report over two parameters: the summary first, then heatmaps, lines and the table. */
export const Report: Story = {
  parameters: { layout: "fullscreen" },
  render: () => mount(sweepReport(sweep)),
  play: async ({ canvasElement }) => {
    const first = canvasElement.querySelector("section.summary p.verdict")!;
    const pays = sweep.results.filter((p) => p.measures.cheatAdvantage!.mean >= 1);
    await expect(first.textContent).toMatch(
      new RegExp(
        `^Cheating paid \\(a cheat earned at least as much per uid as an honest miner, the mean of 3 seeds\\) at ${pays.length} of 10 points: kappa 0\\.3`,
      ),
    );
    await expect(canvasElement.querySelector("section.summary")!.textContent).toMatch(/Going from kappa 0\.3 to 0\.7 lowered it from/);
    await expect(canvasElement.querySelector("section.summary")!.textContent).toMatch(
      /At the chain's defaults \(kappa 0\.5, bondsMovingAverage 900000\) cheating/,
    );
    await expect(canvasElement.querySelectorAll("svg.sweep-heatmap").length).toBe(4);
    await expect(canvasElement.querySelectorAll("svg.sweep-lines").length).toBe(4);
    await expect(canvasElement.querySelectorAll("table.points tbody tr").length).toBe(10);
    await expect(canvasElement.querySelectorAll("table.points tbody tr.flagged").length).toBe(pays.length);
    // a flagged row is drawn as a warning (the stylesheet applies)
    await expect(getComputedStyle(canvasElement.querySelector("table.points tr.flagged td")!).backgroundColor).toBe("rgb(254, 242, 242)");
    await expect(canvasElement.innerHTML).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    // nothing a reader needs is cut by a chart's edge: every title and legend label ends inside its SVG
    for (const svg of canvasElement.querySelectorAll("svg.tao-chart")) {
      const edge = (svg as SVGSVGElement).viewBox.baseVal.width;
      for (const t of svg.querySelectorAll(":scope > text:first-of-type, g.legend text")) {
        const b = (t as SVGGraphicsElement).getBBox();
        const shift = t
          .closest("g.legend")
          ?.getAttribute("transform")
          ?.match(/translate\(([\d.]+)/)?.[1];
        await expect(Number(shift ?? 0) + b.x + b.width, `${t.textContent} in ${svg.querySelector("title")?.textContent}`).toBeLessThanOrEqual(edge);
      }
    }
  },
};

/** Three parameters: one heatmap per value of the third, named in its title. */
export const ReportThreeParameters: Story = {
  parameters: { layout: "fullscreen" },
  render: () =>
    mount(
      sweepReport(
        sampleSweep(
          [
            { key: "kappa", values: [0.3, 0.5, 0.7] },
            { key: "bondsMovingAverage", values: [900000, 975000] },
            { key: "liquidAlpha", values: [false, true] },
          ],
          2,
        ),
      ),
    ),
  play: async ({ canvasElement }) => {
    const titles = [...canvasElement.querySelectorAll('section[data-measure="cheatAdvantage"] svg.sweep-heatmap > title')].map((t) => t.textContent);
    await expect(titles).toEqual([expect.stringMatching(/\(liquidAlpha false\)$/), expect.stringMatching(/\(liquidAlpha true\)$/)]);
    await expect(canvasElement.querySelectorAll("table.points tbody tr").length).toBe(12);
  },
};
