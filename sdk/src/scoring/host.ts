/**
 * The sandboxed host for WASM scoring modules (ABI in docs/scoring-abi.md). A module is loaded by
 * content hash (sha256; a mismatch is refused), checked statically (imports against an
 * allow-list, declared memory against a cap; a module without a declared maximum gets the cap
 * written in), and run in its own worker thread with V8 heap limits and a time cap: a module
 * that loops forever is terminated, one that grows memory past the cap or traps is reported, each
 * with a typed ScoringError, and the host goes on serving (a stopped module's worker is restarted
 * on its next call). The module never sees the host: its only import is `env.abort`.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { ScoringError, ScoringErrorCode } from "./errors.js";
import { capMemory, inspectModule } from "./inspect.js";
import { WORKER_SOURCE } from "./workerSource.js";

export interface ScoringHostOptions {
  /** Wall-clock cap per batch, ms (default 2,000). */
  timeoutMs?: number;
  /** Memory cap, 64 KiB pages (default 1,024 = 64 MiB). */
  memoryCapPages?: number;
  /** `module.name` imports a module may have (default only `env.abort`). */
  allowedImports?: string[];
}

/** One challenge/response pair to score, as bytes (kits serialise their own formats). */
export interface ScoringItem {
  challenge: Uint8Array;
  response: Uint8Array;
}

const REQUIRED_EXPORTS = ["memory", "alloc", "score_batch"];
/** The CommonJS build of @assemblyscript/loader, for the worker (which is a CommonJS script). */
const loaderPath = createRequire(import.meta.url).resolve("@assemblyscript/loader");

/** sha256 of bytes, lowercase hex. */
export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Encodes a batch in the ABI's input layout: u32 count, then (u32 len, bytes) × 2 per item, little-endian. */
export function encodeBatch(items: ScoringItem[]): Uint8Array {
  const size = 4 + items.reduce((a, it) => a + 8 + it.challenge.length + it.response.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, items.length, true);
  let at = 4;
  for (const it of items) {
    for (const part of [it.challenge, it.response]) {
      view.setUint32(at, part.length, true);
      out.set(part, at + 4);
      at += 4 + part.length;
    }
  }
  return out;
}

/** A loaded, checked scoring module. */
export class ScoringModule {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly sha256: string,
    private readonly bytes: Uint8Array,
    private readonly options: Required<ScoringHostOptions>,
  ) {}

  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes: this.bytes, loaderPath },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    w.unref();
    return w;
  }

  /** Scores a batch; resolves to one u16 score (0..65535) per item, in order. */
  scoreBatch(items: ScoringItem[]): Promise<number[]> {
    // one batch at a time per module (the worker is single-threaded anyway)
    const run = this.queue.then(() => this.runBatch(items));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private runBatch(items: ScoringItem[]): Promise<number[]> {
    if (items.length === 0) return Promise.resolve([]);
    this.worker ??= this.spawn();
    const worker = this.worker;
    const id = this.nextId++;
    const capBytes = this.options.memoryCapPages * 65536;
    return new Promise<number[]>((resolve, reject) => {
      const stop = (err: ScoringError) => {
        cleanup();
        void worker.terminate();
        if (this.worker === worker) this.worker = null;
        reject(err);
      };
      const timer = setTimeout(
        () =>
          stop(
            new ScoringError(
              ScoringErrorCode.TIMEOUT,
              `module ${this.sha256.slice(0, 12)} did not finish ${items.length} item(s) within ${this.options.timeoutMs} ms; the worker was terminated (look for an unbounded loop in score_batch)`,
            ),
          ),
        this.options.timeoutMs,
      );
      const onMessage = (m: { id: number; ok: boolean; scores?: number[]; kind?: string; message?: string; memoryBytes?: number; startBytes?: number }) => {
        if (m.id !== id) return;
        cleanup();
        if (m.ok) {
          const bad = m.scores!.findIndex((s) => !Number.isInteger(s) || s < 0 || s > 65535);
          if (bad >= 0)
            reject(new ScoringError(ScoringErrorCode.BAD_OUTPUT, `module returned score ${m.scores![bad]} for item ${bad}; scores are u16 (0..65535)`));
          else resolve(m.scores!);
          return;
        }
        if (m.kind === "output") return reject(new ScoringError(ScoringErrorCode.BAD_OUTPUT, `${m.message}; score_batch must return the item count`));
        // A trap after running out of allowance: memory.grow failed against the cap and the module
        // trapped (AssemblyScript does). Seen from outside: memory within 10 % of the cap, or the
        // batch grew memory by more than what is left (a next step of that size cannot fit).
        const now = m.memoryBytes ?? 0;
        const grown = now - (m.startBytes ?? now);
        if (now >= capBytes * 0.9 || (grown > 0 && capBytes - now < grown)) {
          return stop(
            new ScoringError(
              ScoringErrorCode.MEMORY_EXCEEDED,
              `module ${this.sha256.slice(0, 12)} hit the memory cap of ${this.options.memoryCapPages * 64} KiB and failed (${m.message}); it must score within that`,
            ),
          );
        }
        stop(new ScoringError(ScoringErrorCode.TRAP, `module ${this.sha256.slice(0, 12)} trapped: ${m.message}`));
      };
      const onError = (e: Error) =>
        stop(new ScoringError(ScoringErrorCode.TRAP, `module ${this.sha256.slice(0, 12)} crashed its worker: ${e.message}`, { cause: e }));
      const onExit = () => stop(new ScoringError(ScoringErrorCode.MEMORY_EXCEEDED, `module ${this.sha256.slice(0, 12)}'s worker exited (heap limit reached)`));
      const cleanup = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      const input = encodeBatch(items);
      worker.postMessage({ id, input, count: items.length });
    });
  }

  /** Stops the module's worker. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** Loads scoring modules under one policy (time cap, memory cap, import allow-list). */
export class ScoringHost {
  readonly options: Required<ScoringHostOptions>;

  constructor(options: ScoringHostOptions = {}) {
    this.options = {
      timeoutMs: options.timeoutMs ?? 2000,
      memoryCapPages: options.memoryCapPages ?? 1024,
      allowedImports: options.allowedImports ?? ["env.abort"],
    };
  }

  /**
   * Checks and loads a module. With `expectedSha256`, bytes whose hash differs are refused before
   * anything else is looked at.
   */
  async load(bytes: Uint8Array, expectedSha256?: string): Promise<ScoringModule> {
    const sha256 = sha256Hex(bytes);
    if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256) {
      throw new ScoringError(
        ScoringErrorCode.HASH_MISMATCH,
        `module sha256 is ${sha256}, expected ${expectedSha256.toLowerCase()}; refusing it (fetch the module the subnet owner published, or update the pinned hash)`,
      );
    }
    const shape = inspectModule(bytes);
    for (const imp of shape.imports) {
      const name = `${imp.module}.${imp.name}`;
      if (!this.options.allowedImports.includes(name)) {
        throw new ScoringError(
          ScoringErrorCode.FORBIDDEN_IMPORT,
          `module imports ${name}, which is not allowed (allowed: ${this.options.allowedImports.join(", ")}); scoring must not touch the host`,
        );
      }
    }
    const mem = shape.memory;
    if (mem === null) throw new ScoringError(ScoringErrorCode.BAD_MODULE, "module has no memory; the ABI needs an exported memory");
    const cap = this.options.memoryCapPages;
    if (mem.initial > cap || (mem.maximum !== null && mem.maximum > cap)) {
      throw new ScoringError(
        ScoringErrorCode.MEMORY_CAP,
        `module declares memory of ${mem.initial}..${mem.maximum ?? "unbounded"} pages, above the cap of ${cap} pages (${cap * 64} KiB); compile it with --maximumMemory ${cap} or less`,
      );
    }
    const missing = REQUIRED_EXPORTS.filter((e) => !shape.exports.includes(e));
    if (missing.length) throw new ScoringError(ScoringErrorCode.BAD_MODULE, `module lacks the ABI export(s) ${missing.join(", ")} (see docs/scoring-abi.md)`);
    try {
      new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new ScoringError(ScoringErrorCode.BAD_MODULE, `module does not compile: ${(e as Error).message}`, { cause: e });
    }
    return new ScoringModule(sha256, capMemory(bytes, cap), this.options);
  }
}
