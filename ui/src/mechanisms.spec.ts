// The mechanisms table of the simulation report: a string, so it runs in Node (ui-node).
import { describe, expect, it } from "vitest";
import { type MechanismTotal, mechanismTable, simulationReport } from "./index.js";

const rows: MechanismTotal[] = [
  { mecid: 0, part: 45875, emission: "34440123456", profiles: { "miner:honest": "300", "validator:honest": "700", "miner:lazy": "0" } },
  { mecid: 1, part: 19660, emission: "14759000000", profiles: { "miner:<b>": "1" } },
];

describe("mechanismTable", () => {
  it("one row per mechanism: its split, the alpha given (exact to the milli-α), who earned it, largest share first", () => {
    const html = mechanismTable(rows, { "miner:honest": "#123456" });
    expect(html.match(/<tr data-mecid=/g)).toHaveLength(2);
    expect(html).toContain('<tr data-mecid="0"><td class="num">0</td><td class="num">70.00%</td><td class="num">34.440 α</td>');
    expect(html).toContain('<td class="num">30.00%</td><td class="num">14.759 α</td>');
    // 700 of 1000 and 300 of 1000; a profile that earned nothing is left out
    expect(html.indexOf("validator:honest 70.00%")).toBeGreaterThan(0);
    expect(html.indexOf("validator:honest 70.00%")).toBeLessThan(html.indexOf("miner:honest 30.00%"));
    expect(html).not.toContain("miner:lazy");
    expect(html).toContain("background:#123456");
    // a profile name is text, never markup
    expect(html).toContain("miner:&lt;b&gt; 100.00%");
    expect(html).not.toContain("<b>");
  });

  it("is in the simulation report only when the run had several mechanisms", () => {
    const base = { config: { seed: "s", epochs: 1 }, profiles: {}, epochs: [], uids: [] };
    expect(simulationReport(base)).not.toContain("Mechanisms");
    const html = simulationReport({ ...base, mechanisms: rows });
    expect(html).toContain("<h2>Mechanisms: the subnet's alpha split between its weight sets</h2>");
    expect(html).toContain('<table class="tao-table mechanisms">');
  });
});
