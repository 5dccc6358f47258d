/**
 * The worker processes of `tao-subnet sweep`: `workers` child processes (`sweepWorker.ts`), each
 * running one simulation at a time with one scoring worker of its own, fed runs in order as they
 * finish. Results are kept by run index, so the output is the same bytes whatever the number of
 * workers and whichever finishes first. Processes rather than threads: each simulation has its
 * own scoring worker processes and devnet, and a stuck one is ended by its pid alone.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunMeasures } from "@tao-subnet/sdk/sim";

/** A run's failure as the worker reported it (its error's kind, code, message and config path). */
export class SweepRunError extends Error {
  constructor(
    message: string,
    readonly kind: string,
    readonly code: string | undefined,
    readonly path: string | undefined,
  ) {
    super(message);
    this.name = "SweepRunError";
  }
}

type Reply = { id: number; measures?: RunMeasures; error?: { kind: string; code?: string; message: string; path?: string } };

/**
 * How a worker is started: its script and node's flags. From dist, plain node. From the TypeScript
 * source (the monorepo's tests, run from its root) through tsx, the root's devDependency, as
 * `npm run bench` loads it (`--import tsx` resolves from the working directory); shipped code never
 * takes this branch.
 */
function workerEntry(): { script: string; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith(".ts")) return { script: fileURLToPath(new URL("./sweepWorker.ts", self)), execArgv: ["--conditions=source", "--import", "tsx"] };
  return { script: fileURLToPath(new URL("./sweepWorker.js", self)), execArgv: [] };
}

/**
 * Simulates `configs` of `kit` on `workers` processes and resolves to each run's measures, in the
 * order of `configs`. `onDone` reports progress. The first failure stops every worker and rejects
 * with a `SweepRunError`.
 */
export async function runPool(
  kit: string,
  configs: ReadonlyArray<Record<string, unknown>>,
  workers: number,
  onDone?: (done: number, total: number) => void,
): Promise<RunMeasures[]> {
  const out: RunMeasures[] = new Array(configs.length);
  if (configs.length === 0) return out;
  const { script, execArgv } = workerEntry();
  const children: ChildProcess[] = [];
  /** Workers told to stop (nothing left to run): their exit is no failure. */
  const retired = new Set<ChildProcess>();
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => {
        if (!failed) reject(e);
        failed = true;
      };
      const feed = (child: ChildProcess) => {
        if (failed) return;
        if (next >= configs.length) {
          retired.add(child);
          return void child.disconnect();
        }
        const id = next++;
        // one scoring worker per run: the sweep's parallelism is its worker processes
        child.send({ id, kit, config: { ...configs[id], workers: 1 } });
      };
      for (let w = 0; w < Math.min(workers, configs.length); w++) {
        const child = fork(script, [], { execArgv, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "json" });
        let stderr = "";
        child.stderr!.on("data", (d: Buffer) => {
          if (stderr.length < 4000) stderr += d.toString();
        });
        children.push(child);
        child.on("message", (reply: Reply) => {
          if (reply.error) return fail(new SweepRunError(reply.error.message, reply.error.kind, reply.error.code, reply.error.path));
          out[reply.id] = reply.measures!;
          done++;
          onDone?.(done, configs.length);
          feed(child); // the next run, or (none left) told to stop
          if (done === configs.length) resolve();
        });
        child.on("exit", (code, signal) => {
          if (!retired.has(child) && done < configs.length)
            fail(
              new SweepRunError(
                `a sweep worker exited (${signal ?? `code ${code}`}) before the sweep finished: ${stderr.trim().slice(-2000)}`,
                "internal",
                undefined,
                undefined,
              ),
            );
        });
        child.on("error", (e) => fail(e));
        feed(child);
      }
    });
  } finally {
    // every worker ends before this returns (told to stop, or killed after a failure), so none outlives the sweep
    const exited = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once("exit", r))));
    for (const c of children) if (c.exitCode === null && c.signalCode === null && !retired.has(c)) c.kill("SIGKILL");
    await Promise.all(exited);
  }
  return out;
}
