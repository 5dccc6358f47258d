/**
 * The sandboxed host for WASM scoring modules (ABI in docs/scoring-abi.md). A module is loaded by
 * content hash (sha256; a mismatch is refused), checked statically (imports against an
 * allow-list, declared memory against a cap; a module without a declared maximum gets the cap
 * written in), and run in its own worker thread with V8 heap limits and a time cap: a module
 * that loops forever is terminated, one that grows memory past the cap or traps is reported, each
 * with a typed ScoringError, and the host goes on serving (a stopped module's worker is restarted
 * on its next call). The module never sees the host: its only import is `env.abort`. A module's
 * workers (`workers`, default 1) are shared by every load of the same bytes on one host, until the
 * last closes.
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
  /**
   * Worker threads per module, each with its own instance (default 1; a simulation uses one per
   * core). Every load of the same bytes on this host shares them.
   */
  workers?: number;
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

/** One worker thread running one instance of a module; its batches run one at a time. */
class ModuleWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Items queued or running here (a batch goes to the worker with the fewest). */
  queued = 0;

  constructor(
    private readonly sha256: string,
    private readonly bytes: Uint8Array,
    private readonly options: Required<ScoringHostOptions>,
  ) {}

  get running(): boolean {
    return this.worker !== null;
  }

  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes: this.bytes, loaderPath },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    w.unref();
    return w;
  }

  scoreBatch(items: ScoringItem[]): Promise<number[]> {
    // one batch at a time per worker (the thread is single-threaded anyway)
    this.queued += items.length;
    const run = this.queue.then(() => this.runBatch(items)).finally(() => (this.queued -= items.length));
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

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** A module's workers on one host, shared by every open `ScoringModule` of the same bytes. */
interface ModulePool {
  workers: ModuleWorker[];
  /** Open handles; the workers stop when the last one closes. */
  handles: number;
}

/**
 * A loaded, checked scoring module: a handle on its workers (`ScoringHostOptions.workers`, each
 * its own instance of the module), which every load of the same bytes on one host shares. A batch
 * goes to the worker with the fewest items queued; a score is a function of its item, so which
 * worker ran it changes nothing.
 */
export class ScoringModule {
  private closed = false;

  constructor(
    readonly sha256: string,
    private readonly pool: ModulePool,
    private readonly release: () => void,
  ) {}

  /** Worker threads of this module running now (they start on demand and stop when a batch fails or the module closes). */
  get runningWorkers(): number {
    return this.pool.workers.filter((w) => w.running).length;
  }

  /** Scores a batch; resolves to one u16 score (0..65535) per item, in order. */
  scoreBatch(items: ScoringItem[]): Promise<number[]> {
    let target = this.pool.workers[0]!;
    for (const w of this.pool.workers) if (w.queued < target.queued) target = w;
    return target.scoreBatch(items);
  }

  /** Closes this handle; the last open handle of the module stops its workers. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.pool.handles--;
      if (this.pool.handles === 0) this.release();
    }
    if (this.pool.handles === 0) await Promise.all(this.pool.workers.map((w) => w.close()));
  }
}

/** Loads scoring modules under one policy (time cap, memory cap, import allow-list). */
export class ScoringHost {
  readonly options: Required<ScoringHostOptions>;
  /** The open modules' workers, by sha256. */
  private readonly pools = new Map<string, ModulePool>();

  constructor(options: ScoringHostOptions = {}) {
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1 || workers > 256)
      throw new ScoringError(ScoringErrorCode.BAD_OPTIONS, `workers: expected a whole number of worker threads 1..256, got ${JSON.stringify(workers)}`);
    this.options = {
      timeoutMs: options.timeoutMs ?? 2000,
      memoryCapPages: options.memoryCapPages ?? 1024,
      allowedImports: options.allowedImports ?? ["env.abort"],
      workers,
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
    let pool = this.pools.get(sha256);
    if (!pool) {
      const capped = capMemory(bytes, cap);
      pool = { workers: Array.from({ length: this.options.workers }, () => new ModuleWorker(sha256, capped, this.options)), handles: 0 };
      this.pools.set(sha256, pool);
    }
    pool.handles++;
    const shared = pool;
    return new ScoringModule(sha256, shared, () => {
      if (this.pools.get(sha256) === shared) this.pools.delete(sha256);
    });
  }
}
