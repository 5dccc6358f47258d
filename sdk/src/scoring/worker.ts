/**
 * One worker process running one instance of a scoring module (the script is `workerSource.ts`).
 * A process, not a thread: past the time cap it is killed with SIGKILL, which stops it wherever it
 * is, where `worker.terminate()` leaves a thread running inside `memory.fill` or `memory.grow`
 * (measured on Node 20 and 24). The process starts on demand, compiles the module itself (the
 * caller's thread never compiles one) under the time cap, and runs its batches one at a time.
 *
 * Its `message`, `error` and `close` listeners live as long as the process, so an event arriving
 * after a batch was settled (a crash just as the time cap fired) always finds one; each event
 * settles at most the one operation in flight, and events of a process already replaced are
 * ignored.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { ScoringError, ScoringErrorCode } from "./errors.js";
import { WORKER_SOURCE } from "./workerSource.js";

/** The CommonJS build of @assemblyscript/loader, which the worker instantiates modules with (its first argument). */
const LOADER_PATH = createRequire(import.meta.url).resolve("@assemblyscript/loader");

/** What a worker process needs to know. */
export interface WorkerPolicy {
  timeoutMs: number;
  memoryCapPages: number;
  /** The largest table the engine may create (a second guard behind the static check). */
  tableEntries: number;
}

/** How long node itself may take to start before the worker is reported unavailable. */
const BOOT_MS = 10_000;
/** The worker's V8 heap (the module's memory is outside it, capped by the memory section). */
const HEAP_MB = 64;
/** Characters of the worker's stderr kept for a crash report. */
const STDERR_TAIL = 2000;

/** Every live worker process, killed when the host process exits. */
const live = new Set<ChildProcess>();
let exitHook = false;

type Outcome = { type: string; [k: string]: unknown };

interface Operation {
  stage: "boot" | "compile" | "batch";
  id: number;
  resolve: (m: Outcome) => void;
  reject: (e: ScoringError) => void;
  timer: NodeJS.Timeout;
}

export class ModuleProcess {
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private op: Operation | null = null;
  private stderr = "";
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Items queued or running here (a batch goes to the worker with the fewest). */
  queued = 0;

  constructor(
    private readonly sha256: string,
    private readonly bytes: Uint8Array,
    private readonly policy: WorkerPolicy,
    private readonly source: string = WORKER_SOURCE,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  /** The worker's process id while it runs (for tests that check it is gone). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private get label(): string {
    return `module ${this.sha256.slice(0, 12)}`;
  }

  /** Starts the process and compiles the module in it (once; again after the process was stopped). */
  start(): Promise<void> {
    this.starting ??= this.boot().catch((e: unknown) => {
      this.starting = null;
      throw e;
    });
    return this.starting;
  }

  private async boot(): Promise<void> {
    const child = this.spawn();
    await this.operation(child, "boot", BOOT_MS, null);
    const ready = await this.operation(child, "compile", this.policy.timeoutMs, { type: "module", bytes: this.bytes });
    if (ready.type === "failed") {
      this.kill(child);
      const message = String(ready.message);
      if (ready.kind === "abort") throw new ScoringError(ScoringErrorCode.ABORT, `${this.label} aborted while starting: ${message}`);
      if (ready.stage === "compile") throw new ScoringError(ScoringErrorCode.BAD_MODULE, `${this.label} does not compile: ${message}`);
      throw new ScoringError(ScoringErrorCode.TRAP, `${this.label} failed to start (its start function or a segment): ${message}`);
    }
  }

  private spawn(): ChildProcess {
    const p = this.policy;
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_MB}`,
        "--max-semi-space-size=16",
        `--wasm-max-mem-pages=${p.memoryCapPages}`,
        `--wasm-max-table-size=${p.tableEntries}`,
        "-e",
        this.source,
        LOADER_PATH,
      ],
      // no inherited environment (NODE_OPTIONS could preload code); IPC with structured clone
      { stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced", env: {} },
    );
    this.child = child;
    this.stderr = "";
    live.add(child);
    if (!exitHook) {
      exitHook = true;
      process.on("exit", () => {
        for (const c of live) c.kill("SIGKILL");
      });
    }
    child.unref();
    child.channel?.unref();
    child.stderr?.on("data", (chunk: Buffer) => {
      if (this.child === child) this.stderr = (this.stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    child.stderr?.on("error", () => undefined);
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    child.on("message", (m: Outcome) => this.onMessage(child, m));
    child.on("error", (e: Error) => this.onError(child, e));
    // "close" rather than "exit": it comes after stderr has ended, so a crash report is complete
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => this.onExit(child, code, signal));
    return child;
  }

  /** Waits for `child`'s answer to `message` (or its first message) for at most `ms`. */
  private operation(child: ChildProcess, stage: Operation["stage"], ms: number, message: Outcome | null, id = 0): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.op?.timer !== timer) return;
        this.op = null;
        this.kill(child);
        reject(
          stage === "boot"
            ? new ScoringError(
                ScoringErrorCode.WORKER_FAILED,
                `the worker process for ${this.label} did not start within ${BOOT_MS} ms (is the machine overloaded?)`,
              )
            : new ScoringError(
                ScoringErrorCode.TIMEOUT,
                stage === "compile"
                  ? `${this.label} did not compile and start within ${ms} ms; its worker process was killed (make the module smaller, or its start function shorter)`
                  : `${this.label} did not finish ${message?.count} item(s) within ${ms} ms; its worker process was killed (look for an unbounded loop in score_batch)`,
              ),
        );
      }, ms);
      this.op = { stage, id, resolve, reject, timer };
      // a worker with work in flight holds the event loop (its process and channel); an idle one
      // does not (see spawn), so a pool left open never keeps a finished program alive
      child.ref();
      child.channel?.ref();
      if (message)
        child.send(message, (e) => {
          if (e) this.onError(child, e);
        });
    });
  }

  private settle(outcome: { ok: Outcome } | { err: ScoringError }): void {
    const op = this.op;
    if (!op) return;
    this.op = null;
    clearTimeout(op.timer);
    if (this.child) {
      this.child.unref();
      this.child.channel?.unref();
    }
    if ("ok" in outcome) op.resolve(outcome.ok);
    else op.reject(outcome.err);
  }

  private onMessage(child: ChildProcess, m: Outcome): void {
    if (child !== this.child || !this.op) return;
    const want = { boot: ["booted"], compile: ["ready", "failed"], batch: ["result"] }[this.op.stage];
    if (!want.includes(m.type) || (m.type === "result" && m.id !== this.op.id)) return;
    this.settle({ ok: m });
  }

  private onError(child: ChildProcess, e: Error): void {
    if (child.pid === undefined) live.delete(child); // never started: no exit event follows
    if (child !== this.child) return;
    this.kill(child);
    this.settle({ err: new ScoringError(ScoringErrorCode.WORKER_FAILED, `the worker process for ${this.label} failed: ${e.message}`, { cause: e }) });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    live.delete(child);
    if (child !== this.child) return;
    this.child = null;
    this.starting = null;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const tail = this.stderr.trim().split("\n").slice(-3).join(" ").slice(-500);
    if (/heap out of memory|Allocation failed|out of memory/i.test(this.stderr)) {
      this.settle({
        err: new ScoringError(
          ScoringErrorCode.MEMORY_EXCEEDED,
          `${this.label}'s worker process ran out of its ${HEAP_MB} MiB heap and exited (${how}); the module must score within its memory`,
        ),
      });
    } else {
      const stage = this.op?.stage;
      this.settle({
        err:
          stage === "boot"
            ? new ScoringError(ScoringErrorCode.WORKER_FAILED, `the worker process for ${this.label} exited while starting (${how})${tail ? `: ${tail}` : ""}`)
            : new ScoringError(ScoringErrorCode.TRAP, `${this.label}'s worker process exited (${how})${tail ? `: ${tail}` : ""}`),
      });
    }
  }

  /** Stops `child` for good (SIGKILL: a module cannot delay it). */
  private kill(child: ChildProcess): void {
    if (this.child === child) {
      this.child = null;
      this.starting = null;
    }
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  /** Runs one batch; one at a time per worker. */
  run(input: Uint8Array, count: number): Promise<Outcome> {
    this.queued += count;
    const run = this.queue.then(() => this.runNow(input, count)).finally(() => (this.queued -= count));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runNow(input: Uint8Array, count: number): Promise<Outcome> {
    await this.start();
    const child = this.child;
    if (!child) throw new ScoringError(ScoringErrorCode.WORKER_FAILED, `the worker process for ${this.label} exited before the batch; try again`);
    const id = this.nextId++;
    return this.operation(child, "batch", this.policy.timeoutMs, { type: "batch", id, input, count }, id);
  }

  /** Stops the process after a failed batch (its instance may be in any state). */
  stop(): void {
    if (this.child) this.kill(this.child);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    // "exit", not "close": "close" also waits for stderr's end, and the stderr pipe is unref'd, so
    // after the process handle is gone nothing would keep the event loop alive for it (a top-level
    // `await simulate…` then ended as "unsettled" on Node 24)
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.ref(); // the wait for its exit keeps the event loop alive (the process is unref'd otherwise)
    this.kill(child);
    this.settle({ err: new ScoringError(ScoringErrorCode.WORKER_FAILED, `${this.label} was closed while it ran`) });
    if (child.exitCode === null && child.signalCode === null) await exited;
  }
}
