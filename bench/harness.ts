/**
 * A tiny benchmark harness: time a function over enough iterations to fill a time budget, repeat,
 * and report the median rate. Suites compare against a baseline measured in the same run and report
 * ratios, never absolute pass/fail thresholds.
 */
import { cpus, totalmem } from "node:os";

export interface Measurement {
  name: string;
  /** Operations per second (median of the samples). */
  opsPerSec: number;
  /** Median time per operation, milliseconds. */
  msPerOp: number;
  samples: number;
}

/** Runs `fn` (one op per call) repeatedly for ~`budgetMs` per sample, `samples` times; returns the median. */
export function measure(name: string, fn: () => unknown, options: { budgetMs?: number; samples?: number; opsPerCall?: number } = {}): Measurement {
  const budget = options.budgetMs ?? 200;
  const samples = options.samples ?? 5;
  const opsPerCall = options.opsPerCall ?? 1;
  // warm-up
  const warmEnd = performance.now() + Math.min(100, budget);
  while (performance.now() < warmEnd) fn();
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < budget) {
      fn();
      calls++;
      now = performance.now();
    }
    rates.push((calls * opsPerCall * 1000) / (now - start));
  }
  rates.sort((a, b) => a - b);
  const opsPerSec = rates[Math.floor(rates.length / 2)]!;
  return { name, opsPerSec, msPerOp: 1000 / opsPerSec, samples };
}

/** Same as `measure` for async work (one op per resolved call). */
export async function measureAsync(
  name: string,
  fn: () => Promise<unknown>,
  options: { budgetMs?: number; samples?: number; opsPerCall?: number } = {},
): Promise<Measurement> {
  const budget = options.budgetMs ?? 200;
  const samples = options.samples ?? 5;
  const opsPerCall = options.opsPerCall ?? 1;
  const warmEnd = performance.now() + Math.min(100, budget);
  while (performance.now() < warmEnd) await fn();
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < budget) {
      await fn();
      calls++;
      now = performance.now();
    }
    rates.push((calls * opsPerCall * 1000) / (now - start));
  }
  rates.sort((a, b) => a - b);
  const opsPerSec = rates[Math.floor(rates.length / 2)]!;
  return { name, opsPerSec, msPerOp: 1000 / opsPerSec, samples };
}

/** A markdown table of measurements with each row's ratio to the first (the baseline). */
export function table(rows: Measurement[], baseline: Measurement = rows[0]!): string {
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
  return [
    "| case | ops/s | ms/op | ratio vs baseline |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ${fmt(r.opsPerSec)} | ${fmt(r.msPerOp)} | ${(r.opsPerSec / baseline.opsPerSec).toFixed(2)}× |`),
  ].join("\n");
}

/** One line naming the machine, for RESULTS.md. */
export function machine(): string {
  const c = cpus();
  return `${c[0]?.model ?? "unknown CPU"} × ${c.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;
}

/** A suite: `bench/suites/<name>.ts` default-exports one. `run` returns a markdown section. */
export interface BenchSuite {
  name: string;
  run(): Promise<string>;
}
