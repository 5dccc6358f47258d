import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import binaryen from "binaryen";
import { afterAll, describe, expect, it } from "vitest";
import { ScoringError, ScoringHost, type ScoringModule, sha256Hex } from "../index.js";

const enc = new TextEncoder();
const good = new Uint8Array(readFileSync(fileURLToPath(new URL("../../build/exactMatch.wasm", import.meta.url))));
const goodSha = sha256Hex(good);
const wat = (text: string) => {
  const m = binaryen.parseText(text);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
};
// Hostile modules, each implementing the ABI's exports and misbehaving in one way.
const abi = (body: string, extra = "") => `(module ${extra}
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "score_batch") (param i32 i32 i32) (result i32) ${body}))`;
const loopForever = wat(abi("(loop $l (br $l)) (i32.const 0)"));
const memoryBomb = wat(abi("(loop $l (br_if $l (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) (unreachable)"));
const traps = wat(abi("(unreachable)"));
const forbidden = wat(abi("(call $w (i32.const 1)) (i32.const 0)", `(import "wasi_snapshot_preview1" "proc_exit" (func $w (param i32)))`));
const hugeMemory = wat(abi("(i32.const 0)").replace('(memory (export "memory") 1)', '(memory (export "memory") 2000)'));
const wrongCount = wat(abi("(i32.const 7)"));

const batch = [
  { challenge: enc.encode("paris"), response: enc.encode("paris") },
  { challenge: enc.encode("paris"), response: enc.encode("pa") },
  { challenge: enc.encode("paris"), response: enc.encode("") },
];

describe("scoring host (real WASM modules in worker processes)", () => {
  const host = new ScoringHost({ timeoutMs: 1500, memoryCapPages: 256 });
  const opened: ScoringModule[] = [];
  afterAll(async () => Promise.all(opened.map((m) => m.close())));

  const expectRefused = async (p: Promise<unknown>, code: string) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ScoringError);
    expect((err as ScoringError).code).toBe(code);
    return err as ScoringError;
  };

  it("loads a module by its sha256 and scores a batch in one call", async () => {
    const m = await host.load(good, goodSha);
    opened.push(m);
    expect(await m.scoreBatch(batch)).toEqual([65535, Math.floor((2 * 65535) / 5), 0]);
  });

  it("refuses a module whose hash is not the pinned one", async () => {
    await expectRefused(host.load(good, "00".repeat(32)), "SCORING_HASH_MISMATCH");
  });

  it("refuses a module importing anything beyond env.abort", async () => {
    const e = await expectRefused(host.load(forbidden), "SCORING_FORBIDDEN_IMPORT");
    expect(e.message).toContain("wasi_snapshot_preview1.proc_exit");
  });

  it("refuses a module declaring memory above the cap", async () => {
    await expectRefused(host.load(hugeMemory), "SCORING_MEMORY_CAP");
  });

  it("stops a module that loops forever within the time cap", async () => {
    const m = await host.load(loopForever);
    opened.push(m);
    const t0 = Date.now();
    await expectRefused(m.scoreBatch(batch), "SCORING_TIMEOUT");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("stops a module that grows memory without bound at the cap", async () => {
    const m = await host.load(memoryBomb);
    opened.push(m);
    await expectRefused(m.scoreBatch(batch), "SCORING_MEMORY_EXCEEDED");
  });

  it("reports a trapping module and one that breaks the output contract", async () => {
    const t = await host.load(traps);
    const w = await host.load(wrongCount);
    opened.push(t, w);
    await expectRefused(t.scoreBatch(batch), "SCORING_TRAP");
    await expectRefused(w.scoreBatch(batch), "SCORING_BAD_OUTPUT");
  });

  it("keeps scoring good modules after the bad ones, and restarts a stopped module's worker", async () => {
    const m = await host.load(good, goodSha);
    opened.push(m);
    expect(await m.scoreBatch(batch.slice(0, 1))).toEqual([65535]);
    const looping = await host.load(loopForever);
    opened.push(looping);
    await expectRefused(looping.scoreBatch(batch), "SCORING_TIMEOUT");
    expect(await m.scoreBatch(batch)).toEqual([65535, Math.floor((2 * 65535) / 5), 0]);
  });

  it("reports an AssemblyScript abort with its message and location", async () => {
    const source = `export function alloc(n: i32): usize { return __alloc(<usize>n); }
export function score_batch(p: usize, len: i32, out: usize): i32 { throw new Error("cannot score: reference missing"); }`;
    const { binary } = await asc.compileString(source, { runtime: "stub", optimizeLevel: 0 });
    const m = await host.load(binary!);
    opened.push(m);
    const e = await expectRefused(m.scoreBatch(batch), "SCORING_ABORT");
    expect(e.message).toMatch(/aborted: cannot score: reference missing at .+:2:\d+$/);
  });

  it("refuses a module with a second memory, which the cap would not cover", async () => {
    const two = wat(abi("(i32.const 0)", "(memory $extra 1)"));
    const e = await expectRefused(host.load(two), "SCORING_BAD_MODULE");
    expect(e.message).toContain("2 memories");
  });

  it("with workers: 2, runs concurrent batches in two processes with the same scores, shared by every load of the bytes until the last closes", async () => {
    const pooled = new ScoringHost({ workers: 2 });
    const a = await pooled.load(good, goodSha);
    const b = await pooled.load(good, goodSha);
    const many = Array.from({ length: 8 }, (_, i) => batch.slice(0, 1 + (i % 3)));
    const scores = await Promise.all(many.map((x, i) => (i % 2 ? a : b).scoreBatch(x)));
    expect(scores).toEqual(many.map((x) => [65535, Math.floor((2 * 65535) / 5), 0].slice(0, x.length)));
    expect(a.runningWorkers).toBe(2); // eight batches at once: the second thread took some
    expect(b.runningWorkers).toBe(2); // the same threads
    await a.close();
    await a.close(); // a second close of a handle changes nothing
    expect(b.runningWorkers).toBe(2);
    await b.close();
    expect(b.runningWorkers).toBe(0);
    const one = new ScoringHost();
    const c = await one.load(good, goodSha);
    opened.push(c);
    await Promise.all(many.map((x) => c.scoreBatch(x)));
    expect(c.runningWorkers).toBe(1); // the default: one thread per module
  });

  it("refuses a worker count that is not a whole number 1..256, naming the option", () => {
    for (const workers of [0, 1.5, 1000, Number.NaN]) {
      const e = (() => {
        try {
          new ScoringHost({ workers });
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(ScoringError);
      expect(e).toMatchObject({ code: "SCORING_BAD_OPTIONS", kind: "bad-input" });
      expect((e as Error).message).toMatch(/^workers: /);
    }
  });

  it("refuses bytes that are not WebAssembly", async () => {
    await expectRefused(host.load(enc.encode("#!/bin/sh\nrm -rf /")), "SCORING_BAD_MODULE");
  });
});
