/**
 * The sandboxed host for WASM scoring modules (ABI in docs/scoring-abi.md). A module is loaded by
 * content hash (sha256; a mismatch is refused), checked statically before anything compiles it
 * (`inspect.ts`: every section against the ABI and `SCORING_LIMITS`; a module without a declared
 * memory maximum gets the cap written in), and run in its own worker process (`worker.ts`), which
 * compiles it off the caller's thread, with a V8 heap limit and a time cap: a module that runs
 * past the cap is killed (SIGKILL), one that grows memory past the cap, traps or aborts is
 * reported, each with a typed ScoringError, and the host goes on serving (a stopped module's
 * process is restarted on its next call). Every score is checked against the batch (one u16 per
 * item, read inside the memory). The module never sees the host: its only import is `env.abort`.
 * A module's workers (`workers`, default 1) are shared by every load of the same bytes on one host,
 * until the last closes.
 */
import { createHash } from "node:crypto";
import { ScoringError, ScoringErrorCode } from "./errors.js";
import { capMemory, inspectModule, SCORING_LIMITS } from "./inspect.js";
import { ModuleProcess } from "./worker.js";

export interface ScoringHostOptions {
  /** Wall-clock cap per batch, ms (default 2,000). */
  timeoutMs?: number;
  /** Memory cap, 64 KiB pages (default 1,024 = 64 MiB). */
  memoryCapPages?: number;
  /** `module.name` imports a module may have: `["env.abort"]` (the default) or `[]` (the worker links nothing else). */
  allowedImports?: string[];
  /**
   * Worker processes per module, each with its own instance (default 1; a simulation uses one per
   * core). Every load of the same bytes on this host shares them.
   */
  workers?: number;
}

/** One challenge/response pair to score, as bytes (kits serialise their own formats). */
export interface ScoringItem {
  challenge: Uint8Array;
  response: Uint8Array;
}

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

/** Turns a worker's answer to a batch into scores, or the ScoringError that says what happened. */
function outcome(label: string, count: number, capPages: number, m: Record<string, unknown>): number[] | ScoringError {
  if (m.ok) {
    const scores = m.scores;
    if (!(scores instanceof Uint16Array) || scores.length !== count)
      return new ScoringError(
        ScoringErrorCode.BAD_OUTPUT,
        `${label} returned ${scores instanceof Uint16Array ? scores.length : "no"} score(s) for ${count} item(s); score_batch must write one u16 per item`,
      );
    return Array.from(scores);
  }
  const message = String(m.message);
  if (m.kind === "output") return new ScoringError(ScoringErrorCode.BAD_OUTPUT, `${label} broke the output contract: ${message} (docs/scoring-abi.md)`);
  if (m.kind === "abort") return new ScoringError(ScoringErrorCode.ABORT, `${label} aborted: ${message}`);
  // A trap after running out of allowance: memory.grow failed against the cap and the module
  // trapped (AssemblyScript does). Seen from outside: the batch grew the memory, and it is now
  // within 10 % of the cap or the next step of that size cannot fit. A module that never grew its
  // memory in this batch did not run into the cap.
  const capBytes = capPages * 65536;
  const now = Number(m.memoryBytes ?? 0);
  const grown = now - Number(m.startBytes ?? now);
  if (m.kind === "trap" && grown > 0 && (now >= capBytes * 0.9 || capBytes - now < grown))
    return new ScoringError(
      ScoringErrorCode.MEMORY_EXCEEDED,
      `${label} hit the memory cap of ${capPages * 64} KiB and failed (${message}); it must score within that`,
    );
  return new ScoringError(ScoringErrorCode.TRAP, `${label} trapped: ${message}`);
}

/** A module's workers on one host, shared by every open `ScoringModule` of the same bytes. */
interface ModulePool {
  workers: ModuleProcess[];
  /** The first worker compiled and instantiated the module (every load waits for it). */
  ready: Promise<void>;
  /** Open handles; the workers stop when the last one closes. */
  handles: number;
  memoryCapPages: number;
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

  /** Worker processes of this module running now (they start on demand and stop when a batch fails or the module closes). */
  get runningWorkers(): number {
    return this.pool.workers.filter((w) => w.running).length;
  }

  /** The process ids of this module's running worker processes (to watch or account for them). */
  get workerPids(): number[] {
    return this.pool.workers.flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  /** Scores a batch; resolves to one u16 score (0..65535) per item, in order, or rejects with a ScoringError. */
  async scoreBatch(items: ScoringItem[]): Promise<number[]> {
    if (items.length === 0) return [];
    let target = this.pool.workers[0]!;
    for (const w of this.pool.workers) if (w.queued < target.queued) target = w;
    const m = await target.run(encodeBatch(items), items.length);
    const result = outcome(`module ${this.sha256.slice(0, 12)}`, items.length, this.pool.memoryCapPages, m);
    if (Array.isArray(result)) return result;
    // after a trap or a broken contract the instance may be in any state: the next batch starts afresh
    target.stop();
    throw result;
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
    const timeoutMs = options.timeoutMs ?? 2000;
    const memoryCapPages = options.memoryCapPages ?? 1024;
    const allowedImports = options.allowedImports ?? ["env.abort"];
    const bad = (message: string) => new ScoringError(ScoringErrorCode.BAD_OPTIONS, message);
    if (!Number.isInteger(workers) || workers < 1 || workers > 256)
      throw bad(`workers: expected a whole number of worker processes 1..256, got ${JSON.stringify(workers)}`);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000)
      throw bad(`timeoutMs: expected a whole number of milliseconds 1..600000, got ${JSON.stringify(timeoutMs)}`);
    if (!Number.isInteger(memoryCapPages) || memoryCapPages < 1 || memoryCapPages > 32768)
      throw bad(`memoryCapPages: expected a whole number of 64 KiB pages 1..32768 (2 GiB), got ${JSON.stringify(memoryCapPages)}`);
    if (!Array.isArray(allowedImports) || allowedImports.some((i) => i !== "env.abort"))
      throw bad(`allowedImports: the worker links only env.abort; expected a subset of ["env.abort"], got ${JSON.stringify(allowedImports).slice(0, 200)}`);
    this.options = { timeoutMs, memoryCapPages, allowedImports, workers };
  }

  /**
   * Checks and loads a module. With `expectedSha256`, bytes whose hash differs are refused before
   * anything else is looked at.
   */
  async load(bytes: Uint8Array, expectedSha256?: string): Promise<ScoringModule> {
    if (!(bytes instanceof Uint8Array)) throw new ScoringError(ScoringErrorCode.BAD_MODULE, "module: expected the module's bytes as a Uint8Array");
    if (bytes.length > SCORING_LIMITS.moduleBytes)
      throw new ScoringError(
        ScoringErrorCode.MODULE_TOO_LARGE,
        `module is ${bytes.length} bytes, above the limit of ${SCORING_LIMITS.moduleBytes}; a scoring module should be small`,
      );
    const sha256 = sha256Hex(bytes);
    if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256) {
      throw new ScoringError(
        ScoringErrorCode.HASH_MISMATCH,
        `module sha256 is ${sha256}, expected ${expectedSha256.toLowerCase()}; refusing it (fetch the module the subnet owner published, or update the pinned hash)`,
      );
    }
    const cap = this.options.memoryCapPages;
    inspectModule(bytes, { memoryCapPages: cap, allowedImports: this.options.allowedImports });
    let pool = this.pools.get(sha256);
    if (!pool) {
      const capped = capMemory(bytes, cap);
      const policy = { timeoutMs: this.options.timeoutMs, memoryCapPages: cap, tableEntries: SCORING_LIMITS.tableEntries };
      const workers = Array.from({ length: this.options.workers }, () => new ModuleProcess(sha256, capped, policy));
      // the module compiles in the first worker's process, not on this thread
      pool = { workers, ready: workers[0]!.start(), handles: 0, memoryCapPages: cap };
      this.pools.set(sha256, pool);
    }
    const shared = pool;
    shared.handles++;
    try {
      await shared.ready;
    } catch (e) {
      shared.handles--;
      if (this.pools.get(sha256) === shared) this.pools.delete(sha256);
      if (shared.handles === 0) await Promise.all(shared.workers.map((w) => w.close()));
      throw e;
    }
    return new ScoringModule(sha256, shared, () => {
      if (this.pools.get(sha256) === shared) this.pools.delete(sha256);
    });
  }
}
