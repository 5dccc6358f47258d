/**
 * `@tao-subnet/sdk/metrics`: Prometheus metrics for a running miner or validator, on prom-client.
 * The runtimes only emit events (`runtime/events.ts`, the axon's log entries); `RuntimeMetrics`
 * counts them, `timedChain` measures the chain's latency per call, and `serveMetrics` answers
 * `GET /metrics` on its own loopback port. Nothing here is on the scoring or consensus path.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Chain } from "../chain/types.js";
import type { AxonLogEntry } from "../net/axon.js";
import type { RuntimeEvent } from "../runtime/events.js";

export class RuntimeMetrics {
  readonly registry = new Registry();
  private readonly rounds = new Counter({
    name: "tao_subnet_rounds_total",
    help: "validator rounds, by what happened to the weights",
    labelNames: ["netuid", "weights"],
    registers: [this.registry],
  });
  private readonly roundFailures = new Counter({
    name: "tao_subnet_round_failures_total",
    help: "validator rounds that threw before they finished",
    labelNames: ["netuid"],
    registers: [this.registry],
  });
  private readonly queried = new Counter({
    name: "tao_subnet_miners_queried_total",
    help: "miners queried by the validator",
    labelNames: ["netuid"],
    registers: [this.registry],
  });
  private readonly answered = new Counter({
    name: "tao_subnet_miners_answered_total",
    help: "miners that answered the validator",
    labelNames: ["netuid"],
    registers: [this.registry],
  });
  private readonly weights = new Counter({
    name: "tao_subnet_weights_total",
    help: "weights sent: set, committed, revealed, failed or rate-limited",
    labelNames: ["netuid", "result"],
    registers: [this.registry],
  });
  private readonly score = new Gauge({
    name: "tao_subnet_miner_score",
    help: "the validator's moving-average score per miner uid (0..1)",
    labelNames: ["netuid", "uid"],
    registers: [this.registry],
  });
  private readonly lastRound = new Gauge({
    name: "tao_subnet_last_round_block",
    help: "block of the validator's last finished round",
    labelNames: ["netuid"],
    registers: [this.registry],
  });
  private readonly requests = new Counter({
    name: "tao_subnet_axon_requests_total",
    help: "requests the miner's axon answered or refused, by HTTP status",
    labelNames: ["synapse", "status"],
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: "tao_subnet_axon_request_seconds",
    help: "time the miner took to answer a request",
    labelNames: ["synapse"],
    registers: [this.registry],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 12],
  });
  readonly chainSeconds = new Histogram({
    name: "tao_subnet_chain_request_seconds",
    help: "latency of chain calls, by method and outcome",
    labelNames: ["method", "outcome"],
    registers: [this.registry],
    buckets: [0.005, 0.02, 0.1, 0.5, 1, 2, 6, 12, 30],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one validator event. */
  observe(e: RuntimeEvent): void {
    const netuid = String(e.netuid ?? "");
    switch (e.event) {
      case "round": {
        const weights = String(e.weights ?? "none");
        const outcome = weights.startsWith("failed") ? "failed" : weights;
        this.rounds.inc({ netuid, weights: outcome });
        if (outcome !== "none") this.weights.inc({ netuid, result: outcome });
        this.queried.inc({ netuid }, Number(e.queried ?? 0));
        this.answered.inc({ netuid }, Number(e.answered ?? 0));
        if (typeof e.block === "number") this.lastRound.set({ netuid }, e.block);
        break;
      }
      case "scores":
        for (const m of (e.miners as Array<{ uid: number; score: number }>) ?? []) this.score.set({ netuid, uid: String(m.uid) }, m.score);
        break;
      case "revealed":
        this.weights.inc({ netuid, result: "revealed" });
        break;
      case "reveal-dropped":
      case "reveal-refused":
        this.weights.inc({ netuid, result: e.event });
        break;
      case "round-failed":
        this.roundFailures.inc({ netuid });
        break;
    }
  }

  /** Counts one of the miner axon's log entries. */
  observeAxon(e: AxonLogEntry): void {
    if (e.event !== "request" && e.event !== "rejected" && e.event !== "error") return;
    const synapse = e.synapse ?? "";
    this.requests.inc({ synapse, status: String(e.status ?? (e.event === "error" ? 500 : 0)) });
    if (e.event === "request" && typeof e.ms === "number") this.requestSeconds.observe({ synapse }, e.ms / 1000);
  }

  /** The exposition text (what `GET /metrics` answers). */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * The same chain, with every async call timed into `tao_subnet_chain_request_seconds` (outcome
 * "ok", "refused" for a transaction the chain refused, "error" for a throw).
 */
export function timedChain<C extends Chain>(chain: C, metrics: RuntimeMetrics): C {
  return new Proxy(chain, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function" || prop === "close" || prop === "waitForBlock") return typeof v === "function" ? v.bind(target) : v;
      return (...args: unknown[]) => {
        const r = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (!(r instanceof Promise)) return r;
        const end = metrics.chainSeconds.startTimer({ method: String(prop) });
        return r.then(
          (value: unknown) => {
            const refused = typeof value === "object" && value !== null && "ok" in value && (value as { ok: unknown }).ok === false;
            end({ outcome: refused ? "refused" : "ok" });
            return value;
          },
          (e: unknown) => {
            end({ outcome: "error" });
            throw e;
          },
        );
      };
    },
  });
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and nothing else: 404) on `host:port` (default 127.0.0.1, port 0 = any
 * free one). Put it behind your own network policy before binding anything but loopback.
 */
export async function serveMetrics(metrics: RuntimeMetrics, options: { host?: string; port?: number } = {}): Promise<MetricsServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: GET /metrics\n");
      return;
    }
    metrics.text().then(
      (body) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
