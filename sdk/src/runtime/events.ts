/**
 * What the miner and validator runtimes report: one event per thing that happened, each with a
 * level. The runtimes only emit events; a logger (the CLI's, or the caller's) filters them by level
 * and formats them, and metrics (`@tao-subnet/sdk/metrics`) count them. No event carries a key or
 * a secret.
 */
export type LogLevel = "error" | "warn" | "info" | "debug";

/** From the most to the least important: a logger at level L shows the levels up to L. */
export const LOG_LEVELS: readonly LogLevel[] = ["error", "warn", "info", "debug"];

export interface RuntimeEvent {
  level: LogLevel;
  /** What happened: "round", "scores", "revealed", "rate-limited", "no-permit", "round-failed", … */
  event: string;
  [field: string]: unknown;
}

/** True when an event at `level` shows under a logger set to `threshold`. */
export function shows(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}
