import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPool } from "../sweepPool.js";
import { runCli } from "../testing.js";

/** A small text-kit market with cheaters, a weight copier and a late honest miner: 4 epochs. */
const BASE = {
  epochs: 4,
  tempo: 5,
  miners: { honest: 2, copier: 1, lazy: 1 },
  joins: [{ profile: "honest", count: 1, epoch: 1 }],
  validators: [
    { profile: "honest", stake: 1000 },
    { profile: "weightCopier", stake: 500 },
  ],
};

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "sweep-"));
  writeFileSync(join(d, "base.json"), JSON.stringify(BASE));
  return d;
}

/** `tao-subnet sweep --kit text --config base.json` with `args`, writing its JSON to `out` in `d`. */
const sweep = (d: string, out: string, ...args: string[]) =>
  runCli(["sweep", "--kit", "text", "--config", join(d, "base.json"), "--out", join(d, out), "--report", join(d, `${out}.html`), ...args]);

const GRID = ["--vary", "bondsMovingAverage=500000,975000", "--seeds", "2"];

/** The one JSON line a bad-input exit prints. */
function badInput(r: { code: number; stdout: string; stderr: string }): { code: string; argument?: string; message: string } {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return (JSON.parse(lines[0]!) as { error: { code: string; argument?: string; message: string } }).error;
}

describe("tao-subnet sweep", () => {
  it("gives the same bytes on 1 and 2 workers; two slices merged are the same bytes again; the report draws lines over the one parameter", async () => {
    const d = dir();
    const one = await sweep(d, "w1.json", ...GRID, "--workers", "1");
    expect(one.code, one.stderr).toBe(0);
    const two = await sweep(d, "w2.json", ...GRID, "--workers", "2");
    expect(two.code, two.stderr).toBe(0);
    const w1 = readFileSync(join(d, "w1.json"), "utf8");
    expect(readFileSync(join(d, "w2.json"), "utf8")).toBe(w1);
    const r = JSON.parse(w1) as {
      points: number;
      seeds: string[];
      shard: null;
      defaults: Record<string, number>;
      results: Array<{
        values: Record<string, number>;
        measures: { shares: Record<string, { n: number }>; catchUpEpochs: unknown; copierReturn: { n: number } | null };
      }>;
    };
    expect([r.points, r.seeds, r.shard, r.defaults]).toEqual([2, ["1", "1+1"], null, { bondsMovingAverage: 900000 }]);
    expect(r.results.map((p) => p.values)).toEqual([{ bondsMovingAverage: 500000 }, { bondsMovingAverage: 975000 }]);
    expect(r.results[0]!.measures.shares["miner:honest"]!.n).toBe(2);
    expect(r.results[0]!.measures.copierReturn?.n).toBe(2);
    // the table and the summary
    expect(one.stdout).toMatch(/^Swept bondsMovingAverage \(2\) = 2 points × 2 seeds of the text market\./);
    expect(one.stdout).toMatch(/The weight copier, which does no work, earned/);
    const html = readFileSync(join(d, "w1.json.html"), "utf8");
    expect(html).toContain(`class="tao-chart sweep-lines"`);
    expect(html).not.toContain("sweep-heatmap");
    expect(html).not.toMatch(/<script/);

    const s1 = await sweep(d, "s1.json", ...GRID, "--workers", "2", "--shard", "1/2");
    const s2 = await sweep(d, "s2.json", ...GRID, "--workers", "1", "--shard", "2/2");
    expect([s1.code, s2.code], s1.stderr + s2.stderr).toEqual([0, 0]);
    expect(JSON.parse(readFileSync(join(d, "s1.json"), "utf8")).shard).toEqual({ index: 1, count: 2 });
    const merged = await runCli(["sweep", "merge", join(d, "s2.json"), join(d, "s1.json"), "--out", join(d, "m.json"), "--report", join(d, "m.html")]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(w1);
    // --json prints the same bytes
    const printed = await runCli(["sweep", "merge", join(d, "s1.json"), join(d, "s2.json"), "--json", "--report", join(d, "m.html")]);
    expect(printed.stdout).toBe(w1);

    // a slice missing, twice, or from another sweep: exit 2 and one JSON line naming it
    expect(badInput(await runCli(["sweep", "merge", join(d, "s1.json"), "--report", join(d, "x.html")]))).toMatchObject({
      code: "SWEEP_SLICE_MISSING",
      message: expect.stringMatching(/points 1 of 2 are in no slice given/),
    });
    expect(badInput(await runCli(["sweep", "merge", join(d, "s1.json"), join(d, "s1.json"), join(d, "s2.json")]))).toMatchObject({
      code: "SWEEP_SLICE_OVERLAP",
    });
    writeFileSync(join(d, "other.json"), JSON.stringify({ ...JSON.parse(readFileSync(join(d, "s2.json"), "utf8")), seeds: ["9", "9+1"] }));
    expect(badInput(await runCli(["sweep", "merge", join(d, "s1.json"), join(d, "other.json")]))).toMatchObject({
      code: "SWEEP_SLICE_INCONSISTENT",
      argument: join(d, "other.json"),
    });
    writeFileSync(join(d, "junk.json"), "{not json");
    expect(badInput(await runCli(["sweep", "merge", join(d, "junk.json"), join(d, "s1.json")])).argument).toBe(join(d, "junk.json"));
  }, 240_000);

  it("two varied parameters draw heatmaps with the chain's default marked", async () => {
    const d = dir();
    const r = await sweep(d, "h.json", "--vary", "kappa=0.3:0.7:3", "--vary", "bondsMovingAverage=900000,975000", "--epochs", "2", "--workers", "2");
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(d, "h.json.html"), "utf8");
    expect(html.match(/class="tao-chart sweep-heatmap"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain(`<line class="default" data-axis="x"`);
    expect(html).toContain(`<line class="default" data-axis="y"`);
    expect(r.stdout).toMatch(/At the chain's defaults \(kappa 0\.5, bondsMovingAverage 900000\) cheating (pays|does not pay)/);
  }, 240_000);

  it("bad input exits 2 with one JSON line naming the flag: --vary (syntax, unknown key with did-you-mean, a value out of range), --seeds, --workers, --shard", async () => {
    const d = dir();
    const cases: Array<[string[], string, RegExp]> = [
      [["--vary", "kappa"], "--vary", /expected key=a:b:n/],
      [["--vary", "kapa=0.3,0.5"], "--vary kapa", /unknown config key "kapa"; did you mean "kappa"\?/],
      [["--vary", "kappa=0.5:1.5:3"], "--vary kappa", /^--vary kappa=1(\.5)?: kappa: expected kappa, the consensus majority, a fraction 0\.\.1/],
      [["--vary", "miners.copyer=1,2"], "--vary miners.copyer", /unknown miner profile "copyer" for kit:text; did you mean "copier"\?/],
      [["--vary", "kappa=0.3,0.5", "--seeds", "0"], "--seeds", /whole number 1\.\.1000/],
      [["--vary", "kappa=0.3,0.5", "--workers", "0"], "--workers", /whole number 1\.\.256/],
      [["--vary", "kappa=0.3,0.5", "--shard", "3/2"], "--shard", /expected i\/n/],
      [["--vary", "kappa=0.3,0.5", "--shard", "1/3"], "--shard", /leave some empty/],
      [[], "--vary", /expected at least one/],
    ];
    for (const [args, argument, message] of cases) {
      const e = badInput(await sweep(d, "bad.json", ...args));
      expect(e.argument, args.join(" ")).toBe(argument);
      expect(e.message, args.join(" ")).toMatch(message);
    }
    // the base config's own error is the schema's, naming its path
    writeFileSync(join(d, "base.json"), JSON.stringify({ ...BASE, kapa: 0.5 }));
    expect(badInput(await sweep(d, "bad.json", "--vary", "tempo=5,10")).message).toMatch(/unknown key "kapa"; did you mean "kappa"\?/);
  }, 60_000);

  it("a run that fails stops the sweep with the run's error by kind, and no worker outlives it", async () => {
    const workers = () =>
      execFileSync("ps", ["-o", "args=", "--ppid", String(process.pid)], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes("sweepWorker"));
    const configs = Array.from({ length: 4 }, () => ({ seed: "1", epochs: 1 }));
    await expect(runPool("no-such-kit", configs, 2)).rejects.toMatchObject({ name: "SweepRunError", kind: "bad-input", code: "INVALID_ARGUMENT" });
    expect(workers()).toEqual([]);
    // and a sweep that finishes leaves none either
    await expect(runPool("text", [{ seed: "1", epochs: 1, miners: { honest: 1 } }], 2)).resolves.toHaveLength(1);
    expect(workers()).toEqual([]);
  }, 60_000);
});
