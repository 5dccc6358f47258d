import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { espeakAvailable, pocketsphinxAvailable } from "@tao-subnet/kit-speech";
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

  it.each(kits)("simulates the %s kit: honest miners out-earn lazy and copying ones", async (kit) => {
    const report = join(mkdtempSync(join(tmpdir(), "sim-")), "report.html");
    const r = await runCli(["simulate", "--kit", kit, "--epochs", "3", "--seed", "s", "--json", "--report", report]);
    expect(r.code).toBe(0);
    const p = (JSON.parse(r.stdout) as { profiles: Record<string, { emission: string; share: number }> }).profiles;
    expect(p["miner:honest"]!.share).toBeGreaterThan(0.5);
    expect(BigInt(p["miner:lazy"]!.emission)).toBe(0n);
    expect(BigInt(p["miner:copier"]!.emission)).toBe(0n);
  }, 120_000);

  it.each([
    [["--kit", "video"], "--kit"],
    [["--kit", "text", "--epochs", "0"], "--epochs"],
    [["--kit", "text", "--config", "/nonexistent.json"], "--config"],
  ])("exits 2 naming the argument for %j", async (args, argument) => {
    const r = await runCli(["simulate", ...args]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.argument).toBe(argument);
  });
});
