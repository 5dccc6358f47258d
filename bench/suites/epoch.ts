/**
 * One Yuma epoch (Yuma 3, liquid alpha, full weight rows) at n = 256/64 validators, 1024/256 and
 * 4096/1024, release build: the WASM epoch on a packed input (what the chain computes), the
 * typed-array API (`runEpochArrays`: validation, packing and unpacking of typed arrays included),
 * the whole JSON API (`runEpoch`: validation, decimal strings, `[uid, value]` pairs), the epoch's
 * peak heap, and, as the same-run baseline, a plain-JS float64 dense Yuma 3 (fixed α; not
 * bit-exact, about what a float simulator does). The same epoch at steepness 0 (every α from one
 * exp) shows what the per-entry sigmoid costs; Yuma 3 with a fixed α and Yuma 2 on the same subnet
 * show the other bond paths. A second table runs the JSON and typed-array APIs alternately in one
 * process at the three sizes in turn, with no forced collections, as a simulation calls them.
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type EpochInput, getCore, runEpoch, runEpochArrays, toEpochInputArrays } from "@tao-subnet/core";
import { packEpochInput as packArrays } from "../../core-wasm/src/epochPacking.js";
import { benchSubnet } from "../fixtures/epochSubnet.js";
import { type Measurement, machine, measure } from "../harness.js";

/** The packed input of `x` (untraced). */
const packEpochInput = (x: EpochInput) => packArrays(toEpochInputArrays(x), false);

/** A float64 dense Yuma 3 epoch with a fixed α (the baseline). */
function floatEpoch(x: EpochInput): number[] {
  const n = x.n;
  const S = x.stake.map(Number);
  const sSum = S.reduce((a, b) => a + b, 0) || 1;
  const s = S.map((v, i) => (x.validatorPermit[i] ? v / sSum : 0));
  const W = x.weights.map((row) => {
    const r = new Float64Array(n);
    let t = 0;
    for (const [j, v] of row) {
      r[j] = v;
      t += v;
    }
    if (t > 0) for (let j = 0; j < n; j++) r[j]! /= t;
    return r;
  });
  const kappa = x.kappa / 65535;
  const C = new Float64Array(n);
  const order = s.map((v, i) => [v, i] as const).filter(([v]) => v > 0);
  for (let j = 0; j < n; j++) {
    const col = order.map(([v, i]) => [W[i]![j]!, v] as const).sort((a, b) => b[0] - a[0]);
    let acc = 0;
    for (const [w, v] of col) {
      acc += v;
      if (acc >= kappa) {
        C[j] = w;
        break;
      }
    }
  }
  const I = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) I[j]! += s[i]! * Math.min(W[i]![j]!, C[j]!);
  const iSum = I.reduce((a, b) => a + b, 0) || 1;
  for (let j = 0; j < n; j++) I[j]! /= iSum;
  const alpha = 0.1;
  const D = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    if (s[i] === 0) continue;
    const b = new Float64Array(n);
    for (const [j, v] of x.bonds[i]!) b[j] = v / 65535;
    let t = 0;
    for (let j = 0; j < n; j++) {
      b[j] = (1 - alpha) * b[j]! + alpha * Math.min(W[i]![j]!, C[j]!);
      t += b[j]! * I[j]!;
    }
    D[i] = t * s[i]!;
  }
  return D;
}

export default {
  name: "epoch",
  async run() {
    const core = getCore("release");
    const rows: string[] = [
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 16)} UTC. Release build; full weight rows and bonds for every validator; Yuma 3, liquid α (steepness 1000). Times are medians.`,
      "",
      "| n / validators | float64 JS dense (baseline) | WASM epoch, packed input | ratio | same, steepness 0 | same, Yuma 3 fixed α | same, Yuma 2 | typed-array API | JSON API | JSON ÷ typed | epoch peak heap | WASM memory | process RSS |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ];
    // full collections between cases; the JSON-shaped runs go first and their input is dropped
    // before the typed ones (a 4096-uid JSON input, 8 M small arrays, makes every collection slow)
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    for (const [n, v] of [
      [256, 64],
      [1024, 256],
      [4096, 1024],
    ] as const) {
      let x: EpochInput | null = benchSubnet(n, v);
      const arrays = toEpochInputArrays(x);
      const bytes = packEpochInput(x);
      const flat = packEpochInput({ ...x, alphaSigmoidSteepness: 0 });
      const fixedAlpha = packEpochInput({ ...x, liquidAlpha: false });
      const yuma2 = packEpochInput({ ...x, liquidAlpha: false, yuma3: false });
      core.reserve(bytes.byteLength * 16 + (1 << 22));
      const budget = n >= 4096 ? { budgetMs: 1, samples: 5 } : { budgetMs: 300, samples: 7 };
      const wasmRun = (b: Uint8Array) => core.arena(() => core.liftBytes(core.call<number>("runEpochPacked", core.lowerBytes(b))));
      const json = x;
      // a full collection before each case, so no case pays for the previous one's garbage
      gc();
      const base: Measurement = measure("float", () => floatEpoch(json), budget);
      gc();
      const api = measure("api", () => runEpoch(json), budget);
      x = null;
      gc();
      let heap = 0;
      core.arena(() => {
        const p = core.lowerBytes(bytes);
        const base = core.call<number>("coreHeapTop");
        core.call<number>("runEpochPacked", p);
        heap = core.call<number>("coreHeapTop") - base;
      });
      const wasm = measure("wasm", () => wasmRun(bytes), budget);
      gc();
      const steep0 = measure("wasm steepness 0", () => wasmRun(flat), budget);
      gc();
      const fixed = measure("wasm fixed α", () => wasmRun(fixedAlpha), budget);
      gc();
      const y2 = measure("wasm Yuma 2", () => wasmRun(yuma2), budget);
      gc();
      const typed = measure("arrays", () => runEpochArrays(arrays), budget);
      const ms = (m: Measurement) => `${m.msPerOp < 10 ? m.msPerOp.toFixed(2) : m.msPerOp.toFixed(1)} ms`;
      rows.push(
        `| ${n} / ${v} | ${ms(base)} | ${ms(wasm)} | ${(base.msPerOp / wasm.msPerOp).toFixed(2)}× | ${ms(steep0)} | ${ms(fixed)} | ${ms(y2)} | ${ms(typed)} | ${ms(api)} | ${(api.msPerOp / typed.msPerOp).toFixed(2)}× | ${(heap / 2 ** 20).toFixed(1)} MiB (input ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB) | ${(core.exports.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB | ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB |`,
      );
    }
    rows.push(
      "",
      "JSON and typed-array APIs alternately in one process, as a simulation calls them: the sizes in turn, each call timed, no forced collections (each API pays for the garbage it leaves, whenever the collector runs). Medians.",
      "",
      "| n / validators | calls each | typed-array API | JSON API | JSON ÷ typed |",
      "|---|---:|---:|---:|---:|",
    );
    gc();
    for (const [n, v, calls] of [
      [256, 64, 40],
      [1024, 256, 15],
      [4096, 1024, 7],
    ] as const) {
      const x = benchSubnet(n, v);
      const arrays = toEpochInputArrays(x);
      const typed: number[] = [];
      const json: number[] = [];
      const time = (fn: () => unknown) => {
        const t = performance.now();
        fn();
        return performance.now() - t;
      };
      for (let i = 0; i < calls; i++) {
        json.push(time(() => runEpoch(x)));
        typed.push(time(() => runEpochArrays(arrays)));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
      const ms = (t: number) => `${t < 10 ? t.toFixed(2) : t.toFixed(1)} ms`;
      rows.push(`| ${n} / ${v} | ${calls} | ${ms(median(typed))} | ${ms(median(json))} | ${(median(json) / median(typed)).toFixed(2)}× |`);
    }
    return rows.join("\n");
  },
};
