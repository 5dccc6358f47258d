// Runs in chromium with the stories, or in Node when chromium is absent: the charts are strings.
import { describe, expect, it } from "vitest";
import { earningsChart, esc, formatTao, incentiveDividendsChart, metagraphTable, niceTicks, raoToTao, simulationReport, weightsMatrix } from "./index.js";

describe("ui charts as strings", () => {
  it("converts rao from bigint, decimal strings and numbers, and formats TAO", () => {
    expect(raoToTao(1_500_000_000n)).toBe(1.5);
    expect(raoToTao("2000000000")).toBe(2);
    expect(raoToTao(500_000_000)).toBe(0.5);
    expect(formatTao(123_456_789_000n)).toBe("123.4568 τ");
    expect(formatTao(0n)).toBe("0 τ");
    expect(formatTao(1_000_000_000_000n)).toBe("1000 τ");
    expect(formatTao(22_000_000n * 1_000_000_000n)).toBe("22000000 τ");
    expect(formatTao(2_500_000_000n)).toBe("2.5 τ");
  });

  it("gives round axis ticks covering the maximum", () => {
    expect(niceTicks(0.83, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it("escapes every label, so a hostile hotkey or profile name cannot inject markup", () => {
    const evil = `<script>alert("x")</script>`;
    expect(esc(evil)).not.toContain("<");
    const table = metagraphTable([
      {
        uid: 0,
        hotkey: evil,
        stake: 1n,
        active: true,
        validatorPermit: false,
        lastUpdate: 0,
        consensus: 0,
        incentive: 0,
        dividends: 0,
        validatorTrust: 0,
        emission: 0n,
      },
    ]);
    expect(table).not.toContain("<script>");
    const chart = earningsChart([
      { epoch: 0, emission: { [evil]: "1" } },
      { epoch: 1, emission: { [evil]: "2" } },
    ]);
    expect(chart).not.toContain("<script>");
  });

  it("draws one bar per uid and kind, and one cell per non-zero weight", () => {
    const svg = incentiveDividendsChart([
      { uid: 0, incentive: 0, dividends: 65535 },
      { uid: 1, incentive: 65535, dividends: 0 },
    ]);
    expect(svg.match(/class="bar"/g)).toHaveLength(4);
    expect(
      weightsMatrix(
        [
          [
            [1, 65535],
            [2, 0],
          ],
          [],
        ],
        { n: 3 },
      ).match(/class="cell"/g),
    ).toHaveLength(1);
  });

  it("shows each profile's description and share in the report's profile table, escaped", () => {
    const html = simulationReport({
      config: { seed: "s", epochs: 1 },
      profiles: {
        "miner:padder": { role: "miner", description: "pads <answers> & more", uids: [1, 2], emission: "750", share: 0.75 },
        "miner:honest": { role: "miner", description: "the kit's reference miner", uids: [3], emission: "250", share: 0.25 },
      },
      epochs: [],
      uids: [],
    });
    const row = (name: string) => new RegExp(`<tr data-profile="${name}">(.*?)</tr>`).exec(html)?.[1] ?? "";
    expect(row("miner:padder")).toContain(`<td class="description">pads &lt;answers&gt; &amp; more</td>`);
    expect(row("miner:padder")).toContain("75.00%");
    expect(row("miner:honest")).toContain("the kit&#39;s reference miner");
    expect(row("miner:honest")).toContain("25.00%");
  });

  it("writes a report with no scripts and no remote resources", () => {
    const html = simulationReport({ config: { seed: "s", epochs: 1 }, profiles: {}, epochs: [], uids: [] });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});
