/**
 * `tao-subnet sweep` at a real subnet's size: 64 validators (60 honest, 4 weight copiers) and 191
 * miners (honest 82, noisy 45, lazy 24, copier 24, and 16 honest joining at epoch 25), the owner
 * making 256 uids (the 192 miners make 257, more than a subnet holds), tempo 10, 50 epochs a
 * point, the text kit. A fresh process each, wall clock.
 *
 * Baseline in the same run: `tao-subnet simulate` of one point of the grid (the same config, its
 * scoring on one worker per core): seconds per point as a lone simulation. Rows: the sweep of
 * `BENCH_SWEEP_POINTS` points (kappa values × bondsMovingAverage 900000 and 975000; default 4), one
 * seed, on 1 worker and on one per core. Points per minute, per core, and against the goal:
 * 100 points in ≤ 15 min on an 8-core laptop = 6.7 points a minute = 0.83 points a minute per
 * core (72 s a point on one core).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { machine } from "../harness.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "cli/bin/tao-subnet.js");
const EPOCHS = Number(process.env.BENCH_SWEEP_EPOCHS ?? 50);
const POINTS = Math.max(2, Number(process.env.BENCH_SWEEP_POINTS ?? 4));
/** The goal, points per minute per core: 100 points in 15 minutes on 8 cores. */
const GOAL_PER_CORE = 100 / 15 / 8;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3));

const BASE = {
  seed: "bench",
  epochs: EPOCHS,
  tempo: 10,
  validators: [
    ...Array.from({ length: 60 }, (_, i) => ({ profile: "honest", stake: 1000 + 37 * i })),
    ...Array.from({ length: 4 }, (_, i) => ({ profile: "weightCopier", stake: 1000 + 50 * i })),
  ],
  miners: { honest: 82, noisy: 45, lazy: 24, copier: 24 },
  joins: [{ profile: "honest", count: 16, epoch: Math.floor(EPOCHS / 2) }],
};

/** `1m2.500s` (bash's `times`) in seconds. */
const bashSeconds = (t: string) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(t)!;
  return Number(m[1]) * 60 + Number(m[2]);
};

/**
 * Runs the CLI in a fresh process under bash; wall seconds and CPU seconds (user + sys of the CLI
 * and every process under it: bash's `times` counts waited-for children, and each process waits for
 * its own), the CPU being what a loaded, shared machine does not inflate.
 */
function timed(args: string[], dir: string): { wall: number; cpu: number } {
  const t = performance.now();
  const script = `"$0" "$@" > /dev/null; status=$?; times; exit $status`;
  const r = spawnSync("bash", ["-c", script, process.execPath, bin, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`tao-subnet ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const [user, sys] = r.stdout.trim().split("\n").pop()!.trim().split(/\s+/).map(bashSeconds);
  return { wall, cpu: user! + sys! };
}

export default {
  name: "sweep",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "tao-bench-sweep-"));
    writeFileSync(join(dir, "base.json"), JSON.stringify(BASE));
    const cores = availableParallelism();
    const kappas = Array.from({ length: POINTS / 2 }, (_, k) => (POINTS === 2 ? 0.5 : +(0.3 + (0.4 * k) / (POINTS / 2 - 1)).toFixed(4)));
    const vary = ["--vary", `kappa=${[...new Set(kappas)].join(",")}`, "--vary", "bondsMovingAverage=900000,975000"];
    const points = new Set(kappas).size * 2;
    const load0 = loadavg()[0]!;
    process.stderr.write("bench sweep: one simulation (baseline)…\n");
    const one = timed(["simulate", "--kit", "text", "--config", "base.json", "--report", "s.html"], dir);
    const rows: Array<{ workers: number; wall: number; cpu: number }> = [];
    for (const workers of [...new Set([1, cores])]) {
      process.stderr.write(`bench sweep: ${points} points on ${workers} worker(s)…\n`);
      const t = timed(
        ["sweep", "--kit", "text", "--config", "base.json", ...vary, "--workers", String(workers), "--out", `w${workers}.json`, "--report", "w.html"],
        dir,
      );
      rows.push({ workers, ...t });
    }
    const load1 = loadavg()[0]!;
    // per core: points a minute of CPU time (a core's minute); the goal is 0.83
    const perCpuMin = (n: number, cpu: number) => (n * 60) / cpu;
    const base = perCpuMin(1, one.cpu);
    const goal = (x: number) => `${x >= GOAL_PER_CORE ? "met" : "not met"} (${(x / GOAL_PER_CORE).toFixed(1)}×)`;
    const out = [
      `Machine: ${machine()}; ${cores} cores; 1-minute load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after. \`npm run bench -- sweep\` (env: BENCH_SWEEP_POINTS, BENCH_SWEEP_EPOCHS)`,
      "",
      `256 uids (owner + 64 validators + 191 miners, 16 of them joining at epoch ${BASE.joins[0]!.epoch}), tempo 10, ${EPOCHS} epochs a point, text kit, one seed; a fresh process each. Wall clock, and CPU (user + sys of every process of the run). Per core: points per minute of CPU. Goal: 100 points in ≤ 15 min on 8 cores = ${fmt(GOAL_PER_CORE)} points/min per core.`,
      "",
      "| case | points | wall s | CPU s | points/min (wall) | points/min per core (CPU) | ratio vs baseline (per core) | goal per core |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      `| \`tao-subnet simulate\` of one point (scoring on ${cores} workers; baseline) | 1 | ${fmt(one.wall)} | ${fmt(one.cpu)} | ${fmt(60 / one.wall)} | ${fmt(base)} | 1.00× | ${goal(base)} |`,
      ...rows.map((r) => {
        const perCore = perCpuMin(points, r.cpu);
        return `| \`tao-subnet sweep\`, ${points} points, \`--workers ${r.workers}\` | ${points} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt((points * 60) / r.wall)} | ${fmt(perCore)} | ${(perCore / base).toFixed(2)}× | ${goal(perCore)} |`;
      }),
    ];
    return out.join("\n");
  },
};
