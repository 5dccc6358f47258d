// Issue #21's classes of hostile scoring modules, run for real (worker processes, real WASM built
// byte by byte in test-fixtures/wasmWriter.ts): a module that keeps running or allocating past the
// time cap is killed and its process is gone; output out of range or short is refused; strings
// taken from a module are bounded; errors are classified by what happened; the caller's thread
// never compiles a module; a worker that dies just as the time cap fires cannot crash the host.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { abiModule, cat, F64, I32, limits, s32, u32 } from "../../test-fixtures/wasmWriter.js";
import { ScoringError, ScoringHost, type ScoringModule, sha256Hex } from "./index.js";
import { ModuleProcess } from "./worker.js";

const enc = new TextEncoder();
const batch = [0, 1, 2].map((i) => ({ challenge: enc.encode(`c${i}`), response: enc.encode(`r${i}`) }));
const RETURN_COUNT = [0x20, 0x00, 0x28, 0x02, 0x00];
const loop = (...body: number[][]) => cat([0x03, 0x40], ...body, [0x0c, 0x00, 0x0b]);

const opened: ScoringModule[] = [];
afterAll(async () => Promise.all(opened.map((m) => m.close())));

async function refusal(p: Promise<unknown>, code: string): Promise<ScoringError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ScoringError);
  expect((e as ScoringError).code).toBe(code);
  return e as ScoringError;
}

const gone = async (pid: number) => {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe("a module that runs or allocates past the time cap (issue #21: terminate() could not stop it)", () => {
  const host = new ScoringHost({ timeoutMs: 400, memoryCapPages: 1024 });
  it.each([
    ["loops", abiModule({ scoreBatch: cat(loop(), RETURN_COUNT) })],
    // a worker thread kept running inside memory.fill on Node 20 and memory.grow on Node 24 after terminate()
    [
      "fills 60 MB of memory in a loop",
      abiModule({ memories: [limits(1000)], scoreBatch: cat(loop([0x41, 0x00, 0x41, 0x01, 0x41], s32(60_000_000), [0xfc, 0x0b, 0x00]), RETURN_COUNT) }),
    ],
    ["grows its memory in a loop", abiModule({ scoreBatch: cat(loop([0x41, 0x01, 0x40, 0x00, 0x1a]), RETURN_COUNT) })],
    [
      "grows and fills its memory in a loop",
      abiModule({
        scoreBatch: cat(loop([0x41, 0x01, 0x40, 0x00, 0x1a, 0x41, 0x00, 0x41, 0x07, 0x3f, 0x00, 0x41], u32(16), [0x74, 0xfc, 0x0b, 0x00]), RETURN_COUNT),
      }),
    ],
  ])("is stopped with SCORING_TIMEOUT when it %s, its process is gone and the host's memory stays flat", async (_, bytes) => {
    const m = await host.load(bytes);
    opened.push(m);
    const [pid] = m.workerPids;
    expect(pid).toBeTypeOf("number");
    const rss = process.memoryUsage().rss;
    const e = await refusal(m.scoreBatch(batch), "SCORING_TIMEOUT");
    expect(e.message).toMatch(/within 400 ms; its worker process was killed/);
    expect(await gone(pid!)).toBe(true);
    expect(m.runningWorkers).toBe(0);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 2 ** 20);
    // the next batch starts a fresh process (and is stopped again)
    await refusal(m.scoreBatch(batch.slice(0, 1)), "SCORING_TIMEOUT");
    expect(m.workerPids).toEqual([]);
  });
});

describe("a module's worker never outlives its host", () => {
  it("is killed by its watchdog when the host process dies by SIGKILL in the middle of a runaway batch", async () => {
    // a host process (the built sdk) that loads a looping module, starts a batch and prints the worker's pid
    const dist = fileURLToPath(new URL("../../dist/scoring/index.js", import.meta.url));
    const file = join(mkdtempSync(join(tmpdir(), "scoring-orphan-")), "loop.wasm");
    writeFileSync(file, abiModule({ scoreBatch: cat(loop(), RETURN_COUNT) }));
    const script = `const { ScoringHost } = await import(${JSON.stringify(dist)});
const m = await new ScoringHost({ timeoutMs: 600000 }).load(new Uint8Array(require("fs").readFileSync(${JSON.stringify(file)})));
m.scoreBatch([{ challenge: new Uint8Array(1), response: new Uint8Array(1) }]).catch(() => {});
setTimeout(() => console.log(m.workerPids[0]), 200);
setInterval(() => {}, 1000);`;
    const host = spawn(process.execPath, ["--input-type=commonjs", "-e", `(async () => { ${script} })()`], { stdio: ["ignore", "pipe", "inherit"] });
    const pid = Number(await new Promise<string>((resolve) => host.stdout.once("data", (d: Buffer) => resolve(d.toString()))));
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 0); // running, inside the loop
    host.kill("SIGKILL");
    expect(await gone(pid)).toBe(true);
  }, 30_000);
});

describe("the output is checked against the memory and the batch (issue #21 point 3)", () => {
  const host = new ScoringHost({ timeoutMs: 2000, memoryCapPages: 64 });
  // alloc(n): 1024, except for the output of a 3-item batch (n = 6), which gets `out`
  const outAt = (out: number) => cat([0x20, 0x00, 0x41, 0x06, 0x46, 0x04, I32, 0x41], s32(out), [0x05, 0x41], s32(1024), [0x0b]);
  it.each([
    [
      "alloc returns a negative pointer",
      abiModule({ alloc: [0x41, ...s32(-8)] }),
      /alloc\(\d+\) returned -8, which is not a range of \d+ bytes inside the memory/,
    ],
    ["alloc returns a pointer past the end", abiModule({ alloc: [0x41, ...s32(70_000)] }), /returned 70000/],
    ["the scores would end past the end of the memory", abiModule({ alloc: outAt(65534) }), /alloc\(6\) returned 65534, which is not a range of 6 bytes/],
    ["the scores start at a negative offset", abiModule({ alloc: outAt(-2) }), /alloc\(6\) returned -2/],
    ["score_batch returns fewer scores than items", abiModule({ scoreBatch: [0x41, 0x02] }), /score_batch returned 2 for a batch of 3/],
    ["score_batch returns -1", abiModule({ scoreBatch: [0x41, 0x7f] }), /score_batch returned -1 for a batch of 3/],
  ])("refuses a batch when %s (SCORING_BAD_OUTPUT), and scores the next well-formed batch afresh", async (_, bytes, message) => {
    const m = await host.load(bytes);
    opened.push(m);
    const e = await refusal(m.scoreBatch(batch), "SCORING_BAD_OUTPUT");
    expect(e.message).toMatch(message);
  });

  it("reads exactly one u16 per item, written by the module", async () => {
    // score_batch writes 7, 8, 9 at out and returns 3
    const store = (at: number, v: number) => [0x20, 0x02, 0x41, ...s32(v), 0x3b, 0x01, ...u32(at)];
    const m = await host.load(abiModule({ scoreBatch: cat(store(0, 7), store(2, 8), store(4, 9), [0x41, 0x03]) }));
    opened.push(m);
    expect(await m.scoreBatch(batch)).toEqual([7, 8, 9]);
  });
});

describe("strings from a module are bounded and errors say what happened (issue #21 point 4)", () => {
  const host = new ScoringHost({ timeoutMs: 5000, memoryCapPages: 1024 });
  const ABORT = { imports: [cat([3], enc.encode("env"), [5], enc.encode("abort"), [0x00], u32(3))], importedFunctions: 1 };
  // abort(msg, file, 12, 34) with a length header of `bytes` before msg, then unreachable
  const aborting = (msg: number, file: number, bytes: number, pages = 600) =>
    abiModule({
      ...ABORT,
      memories: [limits(pages)],
      scoreBatch: cat(
        [0x41, ...s32(0), 0x41, ...s32(0x41), 0x41, ...s32(pages * 65536), 0xfc, 0x0b, 0x00], // fill the memory with "A"
        [0x41, ...s32(msg - 4), 0x41, ...s32(bytes), 0x36, 0x00, 0x00], // the length header
        [0x41, ...s32(msg), 0x41, ...s32(file), 0x41, 12, 0x41, 34, 0x10, 0x00, 0x00],
      ),
    });

  it("cuts a 33 MB abort message to 1,000 characters, and labels it SCORING_ABORT (the module never grew its memory)", async () => {
    const m = await host.load(aborting(8, 0, 33_000_000));
    opened.push(m);
    const e = await refusal(m.scoreBatch(batch), "SCORING_ABORT");
    expect(e.message).toContain("(16500000 characters in all)");
    expect(e.message).toMatch(/ at :12:34$/);
    expect(e.message.length).toBeLessThan(1200);
  });

  it("reads no string outside the memory: a pointer past the end or a length running past it", async () => {
    const m = await host.load(aborting(65536 - 6, 0x7fff_0000, 1_000_000, 1));
    opened.push(m);
    const e = await refusal(m.scoreBatch(batch), "SCORING_ABORT");
    expect(e.message).toMatch(/^module \w+ aborted: 䅁{3} at \(string at 2147418112 is outside the memory\):12:34$/);
  });

  it("a trap in a module whose memory sits at the cap, which it never grew, is SCORING_TRAP, not SCORING_MEMORY_EXCEEDED", async () => {
    const m = await host.load(abiModule({ memories: [limits(1024)], scoreBatch: [0x00] }));
    opened.push(m);
    const e = await refusal(m.scoreBatch(batch), "SCORING_TRAP");
    expect(e.message).toMatch(/trapped: unreachable/);
  });

  it("infinite recursion is a trap named stack overflow", async () => {
    // function 3 calls itself
    const m = await host.load(abiModule({ functions: [{ type: 2, body: [0x10, 0x03] }], scoreBatch: cat([0x10, 0x03], RETURN_COUNT) }));
    opened.push(m);
    const e = await refusal(m.scoreBatch(batch), "SCORING_TRAP");
    expect(e.message).toMatch(/stack overflow/);
  });

  it("a module that grows its memory to the cap and then traps is SCORING_MEMORY_EXCEEDED", async () => {
    const m = await host.load(abiModule({ scoreBatch: [0x03, 0x40, 0x41, 0x10, 0x40, 0x00, 0x41, 0x7f, 0x47, 0x0d, 0x00, 0x0b, 0x00] }));
    opened.push(m);
    await refusal(m.scoreBatch(batch), "SCORING_MEMORY_EXCEEDED");
  });
});

describe("compiling is off the caller's thread (issue #21 point 5)", () => {
  it("loads a module of many functions with many locals without compiling on this thread, which keeps ticking", async () => {
    // 16 functions × 4,000 locals, each body 20,000 local.get/local.set pairs: ~1.9 MB of code, 64,000 locals
    const fnBody = cat(...Array.from({ length: 20_000 }, (_, i) => [0x20, ...u32(i % 4000), 0x21, ...u32((i * 7) % 4000)]));
    const bytes = abiModule({ functions: Array.from({ length: 16 }, () => ({ type: 2, body: fnBody, locals: [[4000, F64]] as Array<[number, number]> })) });
    expect(bytes.length).toBeGreaterThan(1_800_000);
    const host = new ScoringHost({ timeoutMs: 60_000 });
    const W = WebAssembly as unknown as Record<string, unknown>;
    const saved = { Module: W.Module, compile: W.compile, instantiate: W.instantiate, validate: W.validate, compileStreaming: W.compileStreaming };
    const calls: string[] = [];
    for (const k of Object.keys(saved)) {
      const orig = saved[k as keyof typeof saved] as (...a: unknown[]) => unknown;
      W[k] = new Proxy(orig, {
        apply: (t, self, args) => {
          calls.push(k);
          return Reflect.apply(t, self, args);
        },
        construct: (t, args) => {
          calls.push(k);
          return Reflect.construct(t as new (...a: unknown[]) => object, args);
        },
      });
    }
    let ticks = 0;
    const tick = setInterval(() => ticks++, 5);
    let m: ScoringModule;
    try {
      m = await host.load(bytes);
    } finally {
      clearInterval(tick);
      Object.assign(W, saved);
    }
    opened.push(m);
    expect(calls).toEqual([]);
    expect(ticks).toBeGreaterThan(0);
    expect(await m.scoreBatch(batch)).toEqual([0, 0, 0]);
  }, 120_000);
});

describe("starting a module runs under the time cap, in its worker process", () => {
  const host = new ScoringHost({ timeoutMs: 400 });
  it("refuses a module whose start function never returns with SCORING_TIMEOUT at load", async () => {
    const e = await refusal(host.load(abiModule({ functions: [{ type: 2, body: loop() }], start: 3 })), "SCORING_TIMEOUT");
    expect(e.message).toMatch(/did not compile and start within 400 ms; its worker process was killed/);
  });

  it("reports a start function that aborts (SCORING_ABORT) or traps (SCORING_TRAP) at load, and loads nothing", async () => {
    const ABORT = cat([3], enc.encode("env"), [5], enc.encode("abort"), [0x00], u32(3));
    const aborting = abiModule({
      imports: [ABORT],
      importedFunctions: 1,
      functions: [{ type: 2, body: [0x41, 0x00, 0x41, 0x00, 0x41, 0x07, 0x41, 0x09, 0x10, 0x00] }],
      start: 4,
    });
    expect((await refusal(host.load(aborting), "SCORING_ABORT")).message).toMatch(/aborted while starting: {2}at :7:9$/);
    expect((await refusal(host.load(abiModule({ functions: [{ type: 2, body: [0x00] }], start: 3 })), "SCORING_TRAP")).message).toMatch(/failed to start/);
  });
});

describe("a worker that dies as the time cap fires cannot crash the host (issue #21 point 6)", () => {
  // A real worker process running this script instead of the module runner: on a batch of one it
  // runs out of its heap at once; of two, just as the time cap (200 ms) fires; of three, it answers.
  const source = `
process.on("message", (m) => {
  if (m.type === "module") return process.send({ type: "ready" });
  const oom = () => { const keep = []; for (;;) keep.push(new Array(1e5).fill(0.5)); };
  if (m.count === 1) oom();
  else if (m.count === 2) setTimeout(oom, m.input.length);
  else process.send({ type: "result", id: m.id, ok: true, scores: new Uint16Array(m.count) });
});
process.send({ type: "booted" });`;
  const bytes = abiModule();
  const worker = new ModuleProcess(sha256Hex(bytes), bytes, { timeoutMs: 200, memoryCapPages: 16, tableEntries: 10 }, source);
  afterAll(() => worker.close());

  it("reports a worker that ran out of its heap as SCORING_MEMORY_EXCEEDED", async () => {
    const patient = new ModuleProcess(sha256Hex(bytes), bytes, { timeoutMs: 30_000, memoryCapPages: 16, tableEntries: 10 }, source);
    const r = await patient.run(new Uint8Array(0), 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(r).toMatchObject({ code: "SCORING_MEMORY_EXCEEDED" });
    expect(patient.running).toBe(false);
  }, 40_000);

  it("settles each batch once, whichever comes first, the out-of-memory exit or the time cap, and keeps serving", async () => {
    const seen = new Set<string>();
    const unhandled: unknown[] = [];
    const onError = (e: unknown) => unhandled.push(e);
    process.on("uncaughtException", onError);
    try {
      // the allocation starts 150..250 ms into the batch: around the 200 ms cap
      for (const delay of [150, 175, 190, 200, 210, 225, 250]) {
        const r = await worker.run(new Uint8Array(delay), 2).then(
          () => "ok",
          (e: unknown) => (e as ScoringError).code,
        );
        seen.add(r);
        expect(["SCORING_TIMEOUT", "SCORING_MEMORY_EXCEEDED"]).toContain(r);
        expect(worker.running).toBe(false);
      }
      await new Promise((r) => setTimeout(r, 500)); // let any late exit or error event arrive
      expect(unhandled).toEqual([]);
      expect(await worker.run(new Uint8Array(0), 3)).toMatchObject({ ok: true });
    } finally {
      process.off("uncaughtException", onError);
    }
  }, 60_000);
});
