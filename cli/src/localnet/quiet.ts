/**
 * chopsticks-core, loaded with its pino loggers at "error": it logs every block at "info", and its
 * child loggers take the level from LOG_LEVEL when the module loads, so the variable must be set
 * before the first import (set LOG_LEVEL yourself to see its logs).
 */
export async function quietChopsticks(): Promise<typeof import("@acala-network/chopsticks-core")> {
  process.env.LOG_LEVEL ??= "error";
  return import("@acala-network/chopsticks-core");
}
