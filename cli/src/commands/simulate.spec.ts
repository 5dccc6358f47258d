import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { espeakAvailable, pocketsphinxAvailable } from "@tao-subnet/kit-speech";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const speechTools = [espeakAvailable(), pocketsphinxAvailable()].find((a) => !a.ok) as { reason: string } | undefined;
const kits = ["storage", "image", ...(speechTools ? [] : ["speech"])];

describe("tao-subnet simulate", () => {
  it("prints the results object with per-profile emission and share, and writes the HTML report", async () => {
    const report = join(mkdtempSync(join(tmpdir(), "sim-")), "report.html");
    const r = await runCli(["simulate", "--kit", "text", "--epochs", "6", "--seed", "s", "--json", "--report", report]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { profiles: Record<string, { emission: string; share: number }> };
    expect(out.profiles["miner:honest"]!.emission).toMatch(/^\d+$/);
    expect(out.profiles["miner:honest"]!.share).toBeGreaterThan(0);
    const html = readFileSync(report, "utf8");
    expect(html).toContain("Earnings by profile");
    expect(html).toContain(`<tr data-profile="miner:honest">`);
    expect(html).not.toMatch(/<script/);
    const again = await runCli(["simulate", "--kit", "text", "--epochs", "6", "--seed", "s", "--json", "--report", report]);
    expect(again.stdout).toBe(r.stdout);
  }, 60_000);

  it.skipIf(!speechTools)(`simulate --kit speech skipped: ${speechTools?.reason ?? ""}`, () => undefined);

  it.each(kits)(
    "simulates the %s kit: honest miners out-earn lazy and copying ones",
    async (kit) => {
      const report = join(mkdtempSync(join(tmpdir(), "sim-")), "report.html");
      const r = await runCli(["simulate", "--kit", kit, "--epochs", "3", "--seed", "s", "--json", "--report", report]);
      expect(r.code).toBe(0);
      const p = (JSON.parse(r.stdout) as { profiles: Record<string, { emission: string; share: number }> }).profiles;
      expect(p["miner:honest"]!.share).toBeGreaterThan(0.5);
      expect(BigInt(p["miner:lazy"]!.emission)).toBe(0n);
      expect(BigInt(p["miner:copier"]!.emission)).toBe(0n);
    },
    120_000,
  );

  it("runs the kit's adversaries named by --miners (and by the config file's miners), each with its share and description", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const r = await runCli([
      "simulate",
      "--kit",
      "text",
      "--epochs",
      "4",
      "--seed",
      "m",
      "--miners",
      '{"padder":2,"honest":3}',
      "--json",
      "--report",
      join(dir, "r.html"),
    ]);
    expect(r.code).toBe(0);
    const p = (JSON.parse(r.stdout) as { profiles: Record<string, { uids: number[]; emission: string; share: number; description: string }> }).profiles;
    expect(
      Object.keys(p)
        .filter((k) => k.startsWith("miner:"))
        .sort(),
    ).toEqual(["miner:honest", "miner:padder"]);
    expect(p["miner:padder"]!.uids).toHaveLength(2);
    expect(p["miner:padder"]!.description).toMatch(/pads/);
    expect(p["miner:padder"]!.share).toBeLessThan(0.05);
    expect(readFileSync(join(dir, "r.html"), "utf8")).toContain(`<td class="description">${p["miner:padder"]!.description}</td>`);
    // the same from a config file; --miners replaces the file's miners
    writeFileSync(join(dir, "sim.json"), JSON.stringify({ miners: { padder: 2, honest: 3 } }));
    const fromFile = await runCli([
      "simulate",
      "--kit",
      "text",
      "--epochs",
      "4",
      "--seed",
      "m",
      "--config",
      join(dir, "sim.json"),
      "--json",
      "--report",
      join(dir, "r.html"),
    ]);
    expect(fromFile.stdout).toBe(r.stdout);
    const table = await runCli([
      "simulate",
      "--kit",
      "text",
      "--epochs",
      "2",
      "--seed",
      "m",
      "--config",
      join(dir, "sim.json"),
      "--miners",
      '{"truncator":1,"honest":1}',
      "--report",
      join(dir, "r.html"),
    ]);
    expect(table.stdout).toMatch(/miner:truncator .* % of miner emission {2}sends the first half/);
    expect(table.stdout).not.toContain("miner:padder");
  }, 120_000);

  it("exits 2 with one JSON line naming an unknown --miners profile and listing the known ones", async () => {
    const r = await runCli(["simulate", "--kit", "storage", "--miners", '{"honest":1,"padder":2}']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const error = JSON.parse(r.stderr).error as { code: string; argument: string; message: string };
    expect(error.argument).toBe("miners.padder");
    expect(error.message).toContain("honest, noisy, lazy, copier, sybil, relay, halfChunks, rootOnly");
  });

  it.each([
    [["--kit", "text", "--miners", "{padder: 2}"], "--miners"],
    [["--kit", "text", "--miners", "[1,2]"], "--miners"],
    [["--kit", "text", "--miners", '{"honest":-1}'], "miners.honest"],
    [["--kit", "video"], "--kit"],
    [["--kit", "text", "--epochs", "0"], "--epochs"],
    [["--kit", "text", "--config", "/nonexistent.json"], "--config"],
  ])("exits 2 naming the argument for %j", async (args, argument) => {
    const r = await runCli(["simulate", ...args]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.argument).toBe(argument);
  });
});
