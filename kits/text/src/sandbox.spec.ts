import { ScoringError, ScoringHost, type ScoringModule } from "@tao-subnet/sdk/scoring";
import binaryen from "binaryen";
import { afterAll, describe, expect, it } from "vitest";
import { loadDataset, textScoringModule } from "./index.js";

/*
 * The acceptance scenario of the scoring sandbox: the text kit's real module, loaded by its
 * sha256, scores a batch; then five hostile modules each fail with their own typed error within
 * the time cap, and after every one of them the text module still scores the same batch.
 */
const TIME_CAP_MS = 1000;
const wat = (text: string) => {
  const m = binaryen.parseText(text);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
};
const abi = (body: string, extra = "") => `(module ${extra}
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "score_batch") (param i32 i32 i32) (result i32) ${body}))`;

const enc = new TextEncoder();
const items = loadDataset().items.slice(0, 40);
const batch = items.map((it, i) => ({
  challenge: enc.encode(JSON.stringify({ reference: it.reference, latency_budget_ms: 2000 })),
  response: enc.encode(JSON.stringify({ completion: i % 2 === 0 ? it.reference : "", latency_ms: 100 })),
}));
const expected = items.map((_, i) => (i % 2 === 0 ? 65535 : 0));

describe("the scoring sandbox with the text kit's module and hostile ones", () => {
  const host = new ScoringHost({ timeoutMs: TIME_CAP_MS, memoryCapPages: 512 });
  const text = textScoringModule();
  const opened: ScoringModule[] = [];
  afterAll(() => Promise.all(opened.map((m) => m.close())));

  const hostile: Array<[string, () => Promise<unknown>, string]> = [
    ["an infinite loop", async () => (await host.load(wat(abi("(loop $l (br $l)) (i32.const 0)")))).scoreBatch(batch), "SCORING_TIMEOUT"],
    [
      "a memory bomb",
      async () => (await host.load(wat(abi("(loop $l (br_if $l (i32.ne (memory.grow (i32.const 64)) (i32.const -1)))) (unreachable)")))).scoreBatch(batch),
      "SCORING_MEMORY_EXCEEDED",
    ],
    ["a forbidden import", async () => host.load(wat(abi("(i32.const 0)", `(import "env" "seed" (func $s (result f64)))`))), "SCORING_FORBIDDEN_IMPORT"],
    ["a wrong hash", async () => host.load(text.bytes, "f".repeat(64)), "SCORING_HASH_MISMATCH"],
    ["a trap", async () => (await host.load(wat(abi("(i32.div_u (i32.const 1) (i32.const 0))")))).scoreBatch(batch), "SCORING_TRAP"],
  ];

  it("loads the text module by its sha256 and scores a batch in one call", async () => {
    const m = await host.load(text.bytes, text.sha256);
    opened.push(m);
    expect(await m.scoreBatch(batch)).toEqual(expected);
  });

  it("gives each hostile module its own typed error within the time cap, and keeps scoring the text module after each", async () => {
    const good = await host.load(text.bytes, text.sha256);
    opened.push(good);
    const seen: string[] = [];
    for (const [what, run, code] of hostile) {
      const t0 = performance.now();
      const err = await run().then(
        () => null,
        (e: unknown) => e,
      );
      const ms = performance.now() - t0;
      expect(err, what).toBeInstanceOf(ScoringError);
      expect((err as ScoringError).code, what).toBe(code);
      expect(ms, `${what} took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_CAP_MS + 1500); // the cap, plus worker start-up on a loaded CI box
      seen.push(code);
      expect(await good.scoreBatch(batch), `after ${what}`).toEqual(expected);
    }
    expect(new Set(seen).size).toBe(hostile.length);
  });
});
