/**
 * How the long-running commands (`miner`, `validator`) report: levelled logs, one line per event,
 * as JSON for machines or pretty for a terminal, and an optional Prometheus endpoint. The runtimes
 * emit events; this file only filters, formats and counts them.
 */
import { type AxonLogEntry, type Chain, LOG_LEVELS, type LogLevel, type RuntimeEvent, shows } from "@tao-subnet/sdk";
import type { CommandIo } from "./command.js";
import { invalidArgument } from "./errors.js";

export const OBSERVE_OPTIONS = {
  "log-level": { type: "string" },
  "log-format": { type: "string" },
  "metrics-port": { type: "string" },
  "metrics-host": { type: "string" },
} as const;

export const OBSERVE_HELP = [
  "--log-level LEVEL     error | warn | info (default) | debug (debug adds each miner's reward and score per round)",
  "--log-format FORMAT   json (one JSON object per line) | pretty; default pretty on a terminal, json otherwise",
  "--metrics-port N      serve Prometheus metrics at http://127.0.0.1:N/metrics (0: any free port; off by default)",
  "--metrics-host HOST   the metrics listener's address (default 127.0.0.1)",
];

export interface Observer {
  /** Logs a runtime event (and counts it when metrics are on). */
  event(e: RuntimeEvent): void;
  /** Logs and counts one of the axon's entries (a request at debug, a refusal at info, an error at error). */
  axon(e: AxonLogEntry): void;
  /** The chain, timed into the metrics when they are on. */
  chain<C extends Chain>(chain: C): C;
  close(): Promise<void>;
}

const AXON_LEVEL: Record<AxonLogEntry["event"], LogLevel> = { request: "debug", rejected: "info", error: "error", started: "info", stopped: "info" };

export interface ObserveOptions {
  level: LogLevel;
  format: "json" | "pretty";
  metrics: { host: string; port: number } | null;
}

/** Checks the options (exit 2 on a bad one) before anything starts. */
export function observeOptions(values: Record<string, unknown>, io: CommandIo): ObserveOptions {
  const level = (values["log-level"] ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw invalidArgument("--log-level", LOG_LEVELS.join(" | "), values["log-level"]);
  const format = values["log-format"] ?? (io.isTTY ? "pretty" : "json");
  if (format !== "json" && format !== "pretty") throw invalidArgument("--log-format", "json | pretty", values["log-format"]);
  let metrics: ObserveOptions["metrics"] = null;
  if (values["metrics-port"] !== undefined) {
    const port = Number(values["metrics-port"]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidArgument("--metrics-port", "a port 0..65535", values["metrics-port"]);
    metrics = { host: typeof values["metrics-host"] === "string" ? values["metrics-host"] : "127.0.0.1", port };
  } else if (values["metrics-host"] !== undefined) throw invalidArgument("--metrics-host", "used with --metrics-port", values["metrics-host"]);
  return { level, format, metrics };
}

/**
 * Starts the logger and, when asked, the metrics endpoint. `write` is where lines go (stdout for
 * the validator, stderr for the miner, whose stdout carries its "listening" line). Close it on
 * every way out: an open metrics listener keeps the process alive.
 */
export async function startObserver(o: ObserveOptions, write: (line: string) => void): Promise<Observer> {
  const log = (e: RuntimeEvent) => {
    if (shows(e.level, o.level)) write(o.format === "json" ? `${JSON.stringify({ time: new Date().toISOString(), ...e })}\n` : `${pretty(e)}\n`);
  };
  if (o.metrics === null) {
    return { event: log, axon: (e) => log({ ...e, level: AXON_LEVEL[e.event] }), chain: (c) => c, close: async () => undefined };
  }
  // loaded only when asked for: a process without metrics does not load prom-client
  const { RuntimeMetrics, serveMetrics, timedChain } = await import("@tao-subnet/sdk/metrics");
  const metrics = new RuntimeMetrics();
  const server = await serveMetrics(metrics, o.metrics);
  log({ level: "info", event: "metrics", url: server.url });
  return {
    event: (e) => {
      metrics.observe(e);
      log(e);
    },
    axon: (e) => {
      metrics.observeAxon(e);
      log({ ...e, level: AXON_LEVEL[e.event] });
    },
    chain: (c) => timedChain(c, metrics),
    close: () => server.close(),
  };
}

/** `14:03:07 INFO  round netuid=1 round=3 …`; a scores event lists `uid:score` pairs. */
function pretty(e: RuntimeEvent): string {
  const { level, event, ...rest } = e;
  const time = new Date().toISOString().slice(11, 19);
  const fields = Object.entries(rest).map(([k, v]) => {
    if (k === "miners" && Array.isArray(v)) return `miners=${v.map((m: { uid: number; score: number }) => `${m.uid}:${m.score.toFixed(3)}`).join(",")}`;
    return `${k}=${typeof v === "string" && /\s/.test(v) ? JSON.stringify(v) : typeof v === "object" ? JSON.stringify(v) : String(v)}`;
  });
  return `${time} ${level.toUpperCase().padEnd(5)} ${event} ${fields.join(" ")}`.trimEnd();
}
