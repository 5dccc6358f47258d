/**
 * One worker process of `tao-subnet sweep` (started by `sweepPool.ts`, never by hand): it loads the
 * kit once, then simulates each config the parent sends over IPC and sends back that run's
 * measures (or the error, by kind and message). It exits when the parent disconnects.
 */
import { measureRun, simulate } from "@tao-subnet/sdk/sim";
import { loadKit } from "./kits.js";

type Task = { id: number; kit: string; config: Record<string, unknown> };

const send = (message: unknown) => process.send!(message);
let kit: { name: string; make: ReturnType<typeof loadKit> } | undefined;

process.on("message", (task: Task) => {
  void (async () => {
    try {
      if (kit?.name !== task.kit) kit = { name: task.kit, make: loadKit(task.kit) };
      const result = await simulate(kit.make, task.config as never);
      send({ id: task.id, measures: measureRun(result) });
    } catch (e) {
      const err = e as { kind?: unknown; code?: unknown; message?: unknown; path?: unknown };
      send({ id: task.id, error: { kind: err.kind ?? "internal", code: err.code, message: String(err.message ?? e), path: err.path } });
    }
  })();
});
process.on("disconnect", () => process.exit(0));
