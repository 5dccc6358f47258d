/**
 * Text scoring throughput: 1 KB responses scored by the text kit's WASM module (in the sandboxed
 * host, batches of 100, worker round-trip included), against a plain TypeScript ROUGE-L + token
 * F1 on the same inputs (the baseline). Since issue #21 the host runs a module in a worker
 * process; the same batches through the host's former worker-thread path (`fixtures/threadScorer.ts`)
 * are measured in the same run, and so is a load (start the worker, compile, instantiate) on each.
 */
import { readFileSync } from "node:fs";
import { loadDataset, TEXT_SCORING_MODULE } from "@tao-subnet/kit-text";
import { ScoringHost } from "@tao-subnet/sdk";
import { ThreadScorer } from "../fixtures/threadScorer.js";
import { machine, measure, measureAsync, table } from "../harness.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: [^\x00-\x7f] is "any non-ASCII character", the TypeScript twin of the module's tokenizer
const tokens = (s: string) => s.toLowerCase().match(/[a-z0-9]+|[^\x00-\x7f]+/g) ?? [];
function tsScore(reference: string, completion: string): number {
  const a = tokens(reference);
  const b = tokens(completion);
  if (!a.length || !b.length) return 0;
  const prev = new Uint32Array(b.length + 1);
  const cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev.set(cur);
  }
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of b) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  return Math.floor((65535 * (prev[b.length]! + overlap)) / (a.length + b.length));
}

export default {
  name: "scoring",
  async run() {
    const items = loadDataset().items;
    const kb = (s: string) => {
      let t = s;
      while (t.length < 1024) t += " " + s;
      return t.slice(0, 1024);
    };
    const pairs = Array.from({ length: 100 }, (_, i) => ({ reference: kb(items[i]!.reference), completion: kb(items[(i * 7) % items.length]!.reference) }));
    const enc = new TextEncoder();
    const batch = pairs.map((p) => ({
      challenge: enc.encode(JSON.stringify({ reference: p.reference })),
      response: enc.encode(JSON.stringify({ completion: p.completion, latency_ms: 100 })),
    }));
    const bytes = new Uint8Array(readFileSync(TEXT_SCORING_MODULE));
    const module = await new ScoringHost({ timeoutMs: 10_000 }).load(bytes);
    const thread = new ThreadScorer(bytes);
    await thread.ready();
    const same = JSON.stringify(await module.scoreBatch(batch)) === JSON.stringify(await thread.scoreBatch(batch));
    if (!same) throw new Error("the worker process and the worker thread score the batch differently");
    const ts = measure(
      "TypeScript ROUGE-L + token F1 (baseline)",
      () => {
        for (const p of pairs) tsScore(p.reference, p.completion);
      },
      { opsPerCall: 100, budgetMs: 500 },
    );
    // before and after in turns, so both see the same load on the machine
    const rows: Record<string, number[]> = { before: [], after: [] };
    let wasm = await measureAsync("WASM module in the sandbox (batch of 100, worker process, since issue #21)", () => module.scoreBatch(batch), {
      opsPerCall: 100,
      budgetMs: 500,
    });
    let old = await measureAsync("WASM module, the host's former worker thread (batch of 100, before issue #21)", () => thread.scoreBatch(batch), {
      opsPerCall: 100,
      budgetMs: 500,
    });
    for (let round = 0; round < 5; round++) {
      const a = await measureAsync(wasm.name, () => module.scoreBatch(batch), { opsPerCall: 100, budgetMs: 300, samples: 3 });
      const b = await measureAsync(old.name, () => thread.scoreBatch(batch), { opsPerCall: 100, budgetMs: 300, samples: 3 });
      rows.after!.push(a.opsPerSec);
      rows.before!.push(b.opsPerSec);
      if (round === 4) [wasm, old] = [a, b];
    }
    await module.close();
    await thread.close();
    const ratios = rows.after!.map((a, i) => a / rows.before![i]!).sort((x, y) => x - y);
    // a load: a new host each time, so the module's worker starts and compiles afresh
    const loads = { process: [] as number[], thread: [] as number[] };
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      const m = await new ScoringHost().load(bytes);
      loads.process.push(performance.now() - t);
      await m.close();
      t = performance.now();
      const th = new ThreadScorer(bytes);
      await th.ready();
      loads.thread.push(performance.now() - t);
      await th.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return [
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 16)} UTC. 1 KB references and responses (≈170 tokens each); ops/s = responses scored per second.`,
      "",
      table([ts, wasm, old]),
      "",
      `Worker process / worker thread, 5 alternating rounds: median ${ratios[2]!.toFixed(2)}× (range ${ratios[0]!.toFixed(2)}–${ratios[4]!.toFixed(2)}×).`,
      `A load (start the worker, compile, instantiate, first answer), median of 5: worker process ${median(loads.process).toFixed(0)} ms, worker thread ${median(loads.thread).toFixed(0)} ms.`,
    ].join("\n");
  },
};
