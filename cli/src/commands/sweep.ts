/**
 * `tao-subnet sweep`: the simulation over a grid of parameters (`--vary`), each point with
 * `--seeds` seeds, on `--workers` processes; per point each profile's share, the honest/cheater
 * ratio, the best cheat's advantage, how fast a late-joining honest miner catches up, and the
 * weight copier's return, each with its spread across seeds (sdk `sim/sweepMeasures.ts`); JSON and
 * an HTML report. `--shard i/n` runs one slice; `sweep merge a.json b.json …` puts slices together
 * into the bytes of the whole sweep.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import {
  mergeSweeps,
  parseShard,
  parseSimulationConfig,
  parseVary,
  planSweep,
  pointMeasures,
  type SweepResult,
  shardRange,
  sweepResult,
} from "@tao-subnet/sdk/sim";
import { sweepReport, sweepSummary } from "@tao-subnet/ui";
import type { Command, CommandIo, ParsedArgs } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { parseJsonInput } from "../jsonInput.js";
import { kitHelp, loadKit } from "../kits.js";
import { readConfig } from "../simulation.js";
import { runPool } from "../sweepPool.js";

const HELP = [
  kitHelp(22),
  "--config base.json    the base SimulationConfig (as simulate's --config; a late honest join measures catch-up)",
  "--epochs N, --seed S  as simulate's (flags win over the config file)",
  "--vary key=a:b:n      n values from a to b; key=v1,v2,… a list (numbers, true/false); repeat for a grid,",
  "                      e.g. --vary kappa=0.3:0.7:5 --vary bondsMovingAverage=900000,975000 (dots: market.price)",
  "--seeds N             seeds per point (default 1): the base seed S, then S+1, S+2, …",
  "--workers N           worker processes (default: one per core); the output is the same bytes for any N",
  "--shard i/n           run the i-th of n slices of the points (1 ≤ i ≤ n); combine with `sweep merge`",
  "--json                print the sweep's JSON",
  "--out file.json       write the sweep's JSON",
  "--report file.html    the HTML report (default .tao-subnet/sweep.html)",
  "merge a.json b.json … combine slices (refuses overlapping, missing or another sweep's slices); --out, --json, --report",
];

/** A whole number flag in min..max. */
function wholeFlag(name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw invalidArgument(`--${name}`, `a whole number ${min}..${max}`, value);
  return n;
}

/** Writes the JSON (`--out`, `--json`) and the report, and prints the summary. */
async function emit(result: SweepResult, values: ParsedArgs["values"], io: CommandIo): Promise<number> {
  const json = `${JSON.stringify(result)}\n`;
  if (typeof values.out === "string") {
    await mkdir(dirname(resolve(values.out)), { recursive: true });
    await writeFile(values.out, json);
  }
  const reportPath = resolve(String(values.report ?? ".tao-subnet/sweep.html"));
  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, sweepReport(result));
  if (values.json) {
    io.stdout(json);
    return 0;
  }
  const slice = result.shard ? ` (slice ${result.shard.index}/${result.shard.count}: ${result.results.length} of ${result.points} points)` : "";
  io.stdout(
    `Swept ${result.vary.map((v) => `${v.key} (${v.values.length})`).join(" × ")} = ${result.points} points × ${result.seeds.length} seed${result.seeds.length === 1 ? "" : "s"} of the ${result.kit} market${slice}.\n\n`,
  );
  const pct = (x: number | undefined) => (x === undefined ? "–" : x.toFixed(2));
  io.stdout(`${"point".padEnd(40)} ${"cheat adv.".padStart(10)} ${"honest/cheat".padStart(12)} ${"catch-up".padStart(9)} ${"copier".padStart(7)}\n`);
  for (const p of result.results) {
    const m = p.measures;
    const at = Object.entries(p.values)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    io.stdout(
      `${at.padEnd(40)} ${pct(m.cheatAdvantage?.mean).padStart(10)} ${pct(m.honestPerCheater?.mean).padStart(12)} ${(m.catchUpEpochs ? m.catchUpEpochs.mean.toFixed(1) : "–").padStart(9)} ${pct(m.copierReturn?.mean).padStart(7)}\n`,
    );
  }
  io.stdout(`\n${sweepSummary(result).join("\n")}\n`);
  if (typeof values.out === "string") io.stdout(`\nJSON: ${resolve(values.out)}`);
  io.stdout(`\nHTML report: ${reportPath}\n`);
  return 0;
}

/** `sweep merge a.json b.json …`. */
async function merge(files: string[], values: ParsedArgs["values"], io: CommandIo): Promise<number> {
  const parsed = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, "utf8");
    } catch (e) {
      throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read ${f}: ${(e as Error).message}`, f);
    }
    parsed.push({ name: f, value: parseJsonInput(text, f, `${f} (a sweep's JSON)`) });
  }
  return emit(mergeSweeps(parsed), values, io);
}

export const sweep: Command = {
  name: "sweep",
  summary: "simulate over a grid of hyperparameters: where cheating pays, how fast a better miner rises",
  usage:
    "--kit <name> --vary key=a:b:n [--vary key=v1,v2 …] [--seeds N] [--config base.json] [--workers N] [--shard i/n] [--json] [--out f.json] [--report f.html] | merge a.json b.json …",
  help: HELP,
  options: {
    kit: { type: "string" },
    config: { type: "string" },
    epochs: { type: "string" },
    seed: { type: "string" },
    vary: { type: "string", multiple: true },
    seeds: { type: "string" },
    workers: { type: "string" },
    shard: { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
    report: { type: "string" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals[0] === "merge") {
      if (positionals.length < 2)
        throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "merge: expected the slices' JSON files, e.g. sweep merge a.json b.json", "<files>");
      return merge(positionals.slice(1), values, io);
    }
    if (positionals.length > 0)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `sweep: expected flags or merge a.json b.json …, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    const kitName = values.kit ?? "text";
    const kit = loadKit(kitName);
    const base = await readConfig(values, {});
    // the base config on its own first: its own errors are the config's, not a --vary's
    parseSimulationConfig(kit, base, 1);
    const varies = ((values.vary as string[] | undefined) ?? []).map(parseVary);
    const plan = planSweep(kit, base, varies, wholeFlag("seeds", values.seeds, 1, 1000, 1));
    const workers = wholeFlag("workers", values.workers, 1, 256, availableParallelism());
    const shard = typeof values.shard === "string" ? parseShard(values.shard, plan.points.length) : null;
    const { from, to } = shard ? shardRange(plan.points.length, shard) : { from: 0, to: plan.points.length };
    const S = plan.seeds.length;
    const configs = plan.configs.slice(from, to).flat();
    const bar = (done: number, total: number) => {
      if (!io.isTTY || values.json) return;
      const w = 30;
      const fill = Math.round((done / total) * w);
      io.stderr(`\r[${"#".repeat(fill)}${".".repeat(w - fill)}] run ${done}/${total}${done === total ? "\n" : ""}`);
    };
    const runs = await runPool(String(kitName), configs, workers, bar);
    const results = plan.points.slice(from, to).map((p, k) => ({ index: p.index, values: p.values, measures: pointMeasures(runs.slice(k * S, (k + 1) * S)) }));
    return emit(sweepResult(String(kitName), base, plan, results, shard), values, io);
  },
};
