/**
 * chopsticks, loaded on demand. It is an optional peer dependency of the CLI (only
 * `tao-subnet localnet` needs it, and it brings ~190 packages and a native sqlite3 build), so a
 * missing install is a clear message, not a stack trace. chopsticks-core loads with its pino
 * loggers at "error": it logs every block at "info", and its child loggers read LOG_LEVEL when the
 * module loads, so the variable is set before the first import (set it yourself to see the logs).
 */
import { CliErrorCode, UsageError } from "../errors.js";

const INSTALL = "npm install --save-dev @acala-network/chopsticks@1.5.1";

async function load<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && /chopsticks/.test((e as Error).message)) {
      throw new UsageError(CliErrorCode.MISSING_ARGUMENT, `tao-subnet localnet needs chopsticks, an optional dependency: run ${INSTALL}`, "localnet");
    }
    throw e;
  }
}

export async function quietChopsticks(): Promise<typeof import("@acala-network/chopsticks-core")> {
  process.env.LOG_LEVEL ??= "error";
  return load(() => import("@acala-network/chopsticks-core"));
}

export async function chopsticksServer(): Promise<typeof import("@acala-network/chopsticks")> {
  process.env.LOG_LEVEL ??= "error";
  return load(() => import("@acala-network/chopsticks"));
}
