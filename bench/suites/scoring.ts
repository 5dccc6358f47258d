/**
 * Text scoring throughput: 1 KB responses scored by the text kit's WASM module (in the sandboxed
 * host, batches of 100, worker round-trip included), against a plain TypeScript ROUGE-L + token
 * F1 on the same inputs (the baseline).
 */
import { readFileSync } from "node:fs";
import { loadDataset, TEXT_SCORING_MODULE } from "@tao-subnet/kit-text";
import { ScoringHost } from "@tao-subnet/sdk";
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
    const module = await new ScoringHost({ timeoutMs: 10_000 }).load(new Uint8Array(readFileSync(TEXT_SCORING_MODULE)));
    const ts = measure(
      "TypeScript ROUGE-L + token F1 (baseline)",
      () => {
        for (const p of pairs) tsScore(p.reference, p.completion);
      },
      { opsPerCall: 100, budgetMs: 500 },
    );
    const wasm = await measureAsync("WASM module in the sandbox (batch of 100)", () => module.scoreBatch(batch), { opsPerCall: 100, budgetMs: 500 });
    await module.close();
    return `Machine: ${machine()}; 2026-11-22. 1 KB references and responses (≈170 tokens each); ops/s = responses scored per second.\n\n${table([ts, wasm])}`;
  },
};
