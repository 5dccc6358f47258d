// Runs in chromium with the stories, or in Node when chromium is absent: the charts are strings.
import { describe, expect, it } from "vitest";
import {
  alphaToTaoRao,
  axisTicks,
  earningsChart,
  economySentence,
  esc,
  formatAmount,
  formatPrice,
  formatTao,
  incentiveDividendsChart,
  metagraphTable,
  niceTicks,
  ownerLineChart,
  ownerPoints,
  priceChart,
  profileColors,
  profileOrder,
  raoToTao,
  sharePercent,
  simulationReport,
  simulationVerdict,
  subnetVerdict,
  tickLabels,
  weightsMatrix,
} from "./index.js";

const TAO = 1_000_000_000n;

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
    const row = (name: string) => new RegExp(`<tr data-profile="${name}"[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? "";
    // 375 rao per uid against honest's 250: the padder's row is flagged
    expect(html).toContain(`<tr data-profile="miner:padder" class="flagged">`);
    expect(html).toContain(`<tr data-profile="miner:honest">`);
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

describe("axes, profiles and the verdict", () => {
  it("labels ticks exactly and never twice", () => {
    expect(tickLabels([0, 2.5, 5, 7.5, 10])).toEqual(["0", "2.5", "5", "7.5", "10"]);
    expect(tickLabels([0, 5e6, 1e7])).toEqual(["0", "5M", "10M"]);
    // "120k" four times was the defect: a block axis is written in full
    expect(tickLabels([120_000, 120_100, 120_200, 120_300])).toEqual(["120000", "120100", "120200", "120300"]);
    expect(tickLabels([0, 0.01, 0.02].map((t) => t * 100))).toEqual(["0", "1", "2"]);
    expect(tickLabels([0, 0.0005, 0.001])).toEqual(["0", "0.0005", "0.001"]);
  });

  it("gives whole-number ticks inside the range, and [lo] for a single point", () => {
    expect(axisTicks(40, 41, 5, { integer: true })).toEqual([40, 41]);
    expect(axisTicks(120, 121, 5, { integer: true })).toEqual([120, 121]);
    expect(axisTicks(40, 41, 5)).toEqual([40, 40.2, 40.4, 40.6, 40.8, 41]);
    expect(axisTicks(37, 263, 5, { integer: true })).toEqual([50, 100, 150, 200, 250]);
    expect(axisTicks(7, 7)).toEqual([7]);
    expect(axisTicks(39.5, 40.5, 5, { integer: true })).toEqual([40]);
    expect(niceTicks(0, 4)).toEqual([0, 1]);
  });

  it("orders profiles miners first, honest first, then as listed, and gives each its own colour", () => {
    const keys = ["validator:weightCopier", "miner:lazy", "validator:honest", "miner:copier", "miner:sybil", "miner:honest"];
    expect(profileOrder(keys)).toEqual(["miner:honest", "miner:sybil", "miner:lazy", "miner:copier", "validator:honest", "validator:weightCopier"]);
    const colors = profileColors(keys);
    expect(new Set(Object.values(colors)).size).toBe(keys.length);
    expect(colors["miner:honest"]).toBe("#4e79a7"); // honest is blue whatever the order it came in
    expect(profileColors([...keys].reverse())["miner:honest"]).toBe("#4e79a7");
  });

  it("writes shares from integers: 0 %, < 0.1 %, one decimal", () => {
    expect(sharePercent(0n, 100n)).toBe("0 %");
    expect(sharePercent(1n, 100_000n)).toBe("< 0.1 %");
    expect(sharePercent(6n, 1000n)).toBe("0.6 %");
    expect(sharePercent(2n, 3n)).toBe("66.7 %");
    expect(sharePercent(5n, 5n)).toBe("100 %");
    expect(sharePercent(5n, 0n)).toBe("0 %");
  });

  const p = (role: "miner" | "validator", uids: number, emission: bigint) => ({ role, uids: Array.from({ length: uids }, (_, i) => i), emission, share: 0 });

  it("flags a cheater that earns as much per uid as an honest profile, or more; not one rao less", () => {
    const less = simulationVerdict({ "miner:honest": p("miner", 3, 30n * TAO), "miner:copier": p("miner", 2, 20n * TAO - 1n) });
    expect(less.flags).toEqual([]);
    const even = simulationVerdict({ "miner:honest": p("miner", 3, 30n * TAO), "miner:copier": p("miner", 2, 20n * TAO) });
    expect(even.flags).toEqual([{ profile: "miner:copier", text: "copier earned 10 τ per uid, as much as honest (10 τ per uid): this cheat pays." }]);
    const more = simulationVerdict({ "miner:honest": p("miner", 3, 30n * TAO), "miner:copier": p("miner", 2, 20n * TAO + 2n) });
    expect(more.flags.map((f) => f.text)).toEqual(["copier earned 10 τ per uid, more than honest (10 τ per uid): this cheat pays."]);
    // nothing paid to anyone: nothing to flag
    expect(simulationVerdict({ "miner:honest": p("miner", 1, 0n), "miner:lazy": p("miner", 1, 0n) }).flags).toEqual([]);
    // sybils answer honestly: they are a baseline, never a cheater
    const sybil = simulationVerdict({ "miner:honest": p("miner", 1, 10n * TAO), "miner:sybil": p("miner", 4, 80n * TAO) });
    expect(sybil).toEqual({ sentences: ["No cheating miner profile ran: honest and sybil earned all miner emission."], flags: [] });
  });

  it("says so when no honest miner ran, and flags no validator without stakes", () => {
    const v = simulationVerdict({
      "miner:lazy": p("miner", 2, 0n),
      "miner:padder": p("miner", 1, TAO),
      "validator:cabal": p("validator", 1, TAO),
      "validator:honest": p("validator", 1, 0n),
    });
    expect(v.sentences).toEqual([
      "Cheaters earned 100 % of miner emission: lazy 0 %, padder 100 %. No honest miner ran, so nothing shows what honest work would have earned.",
      "Cheating validators earned 100 % of validator emission: cabal 100 %.",
    ]);
    expect(v.flags).toEqual([]);
  });

  it("opens the dashboard with what the last epoch paid", () => {
    const n = (uid: number, incentive: number, dividends: number, emission: bigint) => ({
      uid,
      hotkey: "",
      stake: 0n,
      active: true,
      validatorPermit: false,
      lastUpdate: 0,
      consensus: 0,
      incentive,
      dividends,
      validatorTrust: 0,
      emission,
    });
    expect(subnetVerdict([])).toBe("No uid is registered yet.");
    expect(subnetVerdict([n(0, 0, 0, 0n)])).toBe("The last epoch paid nothing yet (1 uids).");
    expect(subnetVerdict([n(0, 0, 65535, TAO), n(1, 40000, 0, TAO), n(2, 25535, 0, TAO)])).toBe(
      "The last epoch paid 3 τ to 3 uids: 2 earned incentive (most: uid 1, 61 %), 1 earned dividends (most: uid 0, 100 %).",
    );
  });
});

describe("two currencies", () => {
  it("formats alpha, TAO and prices, and values alpha at a price in whole rao", () => {
    expect(formatAmount(2_500_000_000n, "α")).toBe("2.5 α");
    expect(formatAmount("0", "τ")).toBe("0 τ");
    expect(formatPrice(0.09066041891530317)).toBe("0.09066 τ/α");
    expect(formatPrice(7.520429790019989e-8)).toBe("7.52e-8 τ/α");
    expect(formatPrice(Number.NaN)).toBe("? τ/α");
    expect(alphaToTaoRao(10n * TAO, 0.25)).toBe(2_500_000_000n);
    expect(alphaToTaoRao("3", 0.5)).toBe(1n); // floored
    expect(alphaToTaoRao(TAO, 0)).toBe(0n);
    expect(alphaToTaoRao(TAO, Number.NaN)).toBe(0n);
  });

  const economy = {
    market: { subnets: 64, price: 0.05 },
    pricePath: [
      { epoch: -1, price: 0.05, movingPrice: 0.05, ownerCut: "1000000000" },
      { epoch: 0, price: 0.06, movingPrice: 0.05, ownerCut: "3000000000" },
      { epoch: 1, price: 0.07, movingPrice: 0.051, ownerCut: "5000000000" },
    ],
    finalPrice: 0.07,
    taoInjected: "1500000000",
    ownerCut: { alpha: "5000000000", tao: "350000000" },
    registrationCost: { lock: "1000000000000", burns: "1000000000", total: "1001000000000" },
  };
  const epochs = [
    { epoch: 0, emission: { "miner:honest": "4000000000", "miner:lazy": "0", "validator:honest": "4000000000" } },
    { epoch: 1, emission: { "miner:honest": "3000000000", "miner:lazy": "1000000000", "validator:honest": "4000000000" } },
  ];

  it("derives the owner's line from the price path: cumulative from the first point, by role", () => {
    expect(ownerPoints(economy, epochs)).toEqual([
      { x: -1, owner: 0n, miners: 0n, validators: 0n },
      { x: 0, owner: 2n * TAO, miners: 4n * TAO, validators: 4n * TAO },
      { x: 1, owner: 4n * TAO, miners: 8n * TAO, validators: 8n * TAO },
    ]);
    // a path without the owner's cut gives no owner's series
    const bare = { ...economy, pricePath: economy.pricePath.map(({ ownerCut: _, ...p }) => p) };
    expect(ownerPoints(bare, epochs).every((p) => !("owner" in p))).toBe(true);
    expect(ownerPoints({ ...economy, pricePath: [] }, epochs)).toEqual([]);
  });

  it("says what everyone earned in alpha and in TAO, and flags a cheat with its TAO worth", () => {
    const profiles = {
      "miner:honest": { role: "miner" as const, uids: [1], emission: "7000000000", tao: "490000000", share: 0.875 },
      "miner:lazy": { role: "miner" as const, uids: [2], emission: "1000000000", tao: "70000000", share: 0.125 },
      "validator:honest": { role: "validator" as const, uids: [0], emission: "8000000000", tao: "560000000", share: 1 },
    };
    expect(economySentence(economy, profiles)).toBe(
      "At the final price of 0.07 τ/α (seeded at 0.05 τ/α among 64 subnets), miners earned 8 α (0.56 τ), validators 8 α (0.56 τ) and the owner's cut was 5 α (0.35 τ); the coinbase injected 1.5 τ into the pool, and registering cost 1001 τ.",
    );
    const cheat = { ...profiles, "miner:lazy": { ...profiles["miner:lazy"], emission: "9000000000" } };
    expect(simulationVerdict(cheat, {}, { unit: "α", price: 0.07 }).flags.map((f) => f.text)).toEqual([
      "lazy earned 9 α (0.63 τ) per uid, more than honest (7 α (0.49 τ) per uid): this cheat pays.",
    ]);
    const html = simulationReport({ config: { seed: "s", epochs: 2 }, profiles, epochs, uids: [], economy });
    expect(html).toContain('<tr data-field="ownerCut"><th>owner&#39;s cut</th><td class="num">5 α (0.35 τ)</td></tr>');
    expect(html).toContain('class="tao-chart price"');
    expect(html).toContain('class="tao-chart owner-line"');
  });

  it("escapes the price chart's and the owner's line's labels", () => {
    const evil = `<img src=x onerror="alert(1)">`;
    expect(priceChart([{ x: 0, price: 1, movingPrice: 1 }], { title: evil, xLabel: evil })).not.toContain("<img");
    expect(ownerLineChart([{ x: 0, miners: 0n, validators: 0n }], 1, { title: evil, xLabel: evil })).not.toContain("<img");
  });
});
