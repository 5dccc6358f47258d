/**
 * The Axon: a miner's HTTP server speaking the Python SDK's synapse protocol (see protocol.ts).
 * Every request passes, in this order and before any blacklist or handler runs:
 *   1. route and size (404 unknown synapse, 413 body above the limit, read as a stream);
 *   2. required headers (400 when missing or malformed);
 *   3. the sr25519 signature of `{nonce}.{dendrite}.{axon}.{uuid}.{body_hash}` by the claimed
 *      dendrite hotkey (401; an empty signature is a rejection, unlike the Python SDK's
 *      `default_verify` before its fix);
 *   4. the nonce: newer than the last one seen for (hotkey, uuid), and, for a first request,
 *      inside the freshness window of 4 s + the request's timeout (401);
 *   5. the body hash against the signed header (400);
 * then the per-hotkey rate limit (429), the blacklist (403: unregistered hotkey, stake below a
 * minimum, or a custom rule), priority (a bounded number of handlers run at once; waiting requests
 * are served highest priority first), the handler with a timeout (408) and the response headers the
 * Python SDK reads. Logs are structured and carry no signatures or keys.
 */

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Signer } from "../chain/types.js";
import { cryptoReady, signMessage, verifyMessage } from "./crypto.js";
import {
  bodyHash,
  NEW_NONCE_RULES_VERSION,
  PROTOCOL_VERSION,
  requestMessage,
  responseMessage,
  type TerminalInfo,
  terminalFromHeaders,
  toHeaders,
  typedTerminal,
} from "./protocol.js";

export type SynapseHandler = (
  body: Record<string, unknown>,
  ctx: { caller: string; timeoutMs: number; signal: AbortSignal },
) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** What the blacklist knows about a caller (e.g. from the metagraph). */
export interface CallerInfo {
  registered: boolean;
  stake: bigint;
  validatorPermit?: boolean;
}

export interface AxonLogEntry {
  event: "request" | "rejected" | "error" | "started" | "stopped";
  synapse?: string;
  caller?: string;
  status?: number;
  reason?: string;
  ms?: number;
}

export interface AxonOptions {
  /** The miner's hotkey: requests must be addressed to it, and responses are signed with it. */
  hotkey: Signer;
  host?: string;
  port?: number;
  /** Largest request body (default 4 MiB). */
  maxBodyBytes?: number;
  /** Requests per hotkey per window (default 120 per 60 s). */
  rateLimit?: { requests: number; windowMs: number };
  /** Looks a caller up (metagraph); unknown callers are blacklisted when given. */
  callerInfo?: (hotkey: string) => CallerInfo | undefined | Promise<CallerInfo | undefined>;
  /** Minimum stake (rao) a caller needs (default 0). */
  minStake?: bigint;
  /** Extra blacklist rule: return a reason to refuse. Runs after the checks above. */
  blacklist?: (hotkey: string, synapse: string) => string | null | Promise<string | null>;
  /** Priority of a caller (higher first; default its stake). */
  priority?: (hotkey: string) => number | Promise<number>;
  /** Handlers running at once (default 8). */
  concurrency?: number;
  /** Structured log sink (default: none). */
  log?: (entry: AxonLogEntry) => void;
  /** Clock in ns (tests). */
  nowNs?: () => bigint;
}

const REQUIRED = ["bt_header_dendrite_hotkey", "bt_header_dendrite_nonce", "bt_header_dendrite_uuid", "computed_body_hash"] as const;

class Reject extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class Axon {
  private server: Server | null = null;
  private readonly routes = new Map<string, { handler: SynapseHandler; requiredHashFields: readonly string[] }>();
  private readonly nonces = new Map<string, bigint>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  private running = 0;
  private readonly waiting: Array<{ priority: number; go: () => void }> = [];
  readonly uuid = randomUUID();
  /** The hotkey's ss58 address, read once (a keyring pair encodes it anew on every read). */
  private readonly address: string;
  private readonly o: Required<Pick<AxonOptions, "host" | "port" | "maxBodyBytes" | "rateLimit" | "minStake" | "concurrency">> & AxonOptions;

  constructor(options: AxonOptions) {
    this.o = { host: "127.0.0.1", port: 8091, maxBodyBytes: 4 << 20, rateLimit: { requests: 120, windowMs: 60_000 }, minStake: 0n, concurrency: 8, ...options };
    this.address = options.hotkey.address;
  }

  /** Serves `POST /<name>` with `handler`; `requiredHashFields` as the synapse class declares them. */
  attach(name: string, handler: SynapseHandler, options: { requiredHashFields?: readonly string[] } = {}): this {
    this.routes.set(name, { handler, requiredHashFields: options.requiredHashFields ?? [] });
    return this;
  }

  async start(): Promise<{ host: string; port: number }> {
    await cryptoReady();
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.o.port, this.o.host, () => resolve());
    });
    this.server = server;
    const addr = server.address() as { port: number };
    this.o.log?.({ event: "started", reason: `${this.o.host}:${addr.port}` });
    return { host: this.o.host, port: addr.port };
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s)
      await new Promise<void>((r) => {
        s.close(() => r());
        s.closeAllConnections();
      });
    this.o.log?.({ event: "stopped" });
  }

  private now(): bigint {
    return this.o.nowNs ? this.o.nowNs() : process.hrtime.bigint() - hrOffset + wallAtStart;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const name = (req.url ?? "/").split("?")[0]!.slice(1);
    let caller: string | undefined;
    try {
      const route = this.routes.get(name);
      if (req.method !== "POST" || !route) throw new Reject(404, `no synapse ${JSON.stringify(name)} on this axon`);
      const declared = Number(req.headers["content-length"] ?? "0");
      if (declared > this.o.maxBodyBytes) throw new Reject(413, `body of ${declared} bytes is above the limit of ${this.o.maxBodyBytes}`);
      // 2. headers
      const h = req.headers as Record<string, string | undefined>;
      for (const k of REQUIRED) if (!h[k]) throw new Reject(400, `missing header ${k}`);
      caller = h.bt_header_dendrite_hotkey!;
      // bounded before anything decodes them: base58 decoding is quadratic (a 15,000-character
      // hotkey held the event loop for 0.7 s), and the uuid is a key of the nonce table
      if (!/^[1-9A-HJ-NP-Za-km-z]{1,64}$/.test(caller) && !/^0x[0-9a-fA-F]{64}$/.test(caller))
        throw new Reject(400, "malformed header bt_header_dendrite_hotkey: expected an ss58 address");
      if (!/^[0-9A-Za-z-]{1,64}$/.test(h.bt_header_dendrite_uuid!))
        throw new Reject(400, "malformed header bt_header_dendrite_uuid: expected a uuid (at most 64 letters, digits and dashes)");
      if (!/^\d{1,25}$/.test(h.bt_header_dendrite_nonce!)) throw new Reject(400, "malformed header bt_header_dendrite_nonce: expected an integer (ns)");
      if (!/^0x[0-9a-fA-F]{128}$/.test(h.bt_header_dendrite_signature ?? ""))
        throw new Reject(401, "signature missing or malformed: expected 0x + 64 bytes of hex");
      if (!/^[0-9a-f]{64}$/.test(h.computed_body_hash!)) throw new Reject(400, "malformed header computed_body_hash");
      const timeoutS = Number(h.timeout ?? "12");
      if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 3600) throw new Reject(400, "malformed header timeout");
      const version = Number(h.bt_header_dendrite_version ?? PROTOCOL_VERSION);
      const nonce = BigInt(h.bt_header_dendrite_nonce!);
      const uuid = h.bt_header_dendrite_uuid!;
      // 3. signature, over the signed header body hash
      const me = this.address;
      if (!verifyMessage(requestMessage(nonce, caller, me, uuid, h.computed_body_hash!), h.bt_header_dendrite_signature!, caller))
        throw new Reject(401, "signature does not verify for the claimed dendrite hotkey and this axon's hotkey");
      // 4. nonce
      const key = `${caller}:${uuid}`;
      const last = this.nonces.get(key);
      const now = this.now();
      if (last !== undefined) {
        if (nonce <= last) throw new Reject(401, "nonce is not newer than the last one processed (replay)");
      } else if (version >= NEW_NONCE_RULES_VERSION) {
        const window = 4_000_000_000n + BigInt(Math.round(timeoutS * 1e9));
        if (nonce <= now - window) throw new Reject(401, `nonce is too old (acceptable delta ${window / 1_000_000n} ms)`);
      }
      if (nonce > now + 60_000_000_000n) throw new Reject(401, "nonce is more than 60 s in the future");
      // body: read with the limit, then the hash against the signed header
      const raw = await readBody(req, this.o.maxBodyBytes);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
        if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
      } catch {
        throw new Reject(400, "body is not a JSON object");
      }
      if (bodyHash(body, route.requiredHashFields) !== h.computed_body_hash)
        throw new Reject(400, "body hash does not match computed_body_hash: the body changed after signing");
      this.nonces.set(key, nonce);
      if (this.nonces.size > 200_000) this.nonces.delete(this.nonces.keys().next().value!);
      // rate limit, blacklist
      const w = this.windows.get(caller);
      const t = Date.now();
      if (!w || t - w.start >= this.o.rateLimit.windowMs) this.windows.set(caller, { start: t, count: 1 });
      else if (++w.count > this.o.rateLimit.requests)
        throw new Reject(429, `rate limit: more than ${this.o.rateLimit.requests} requests in ${this.o.rateLimit.windowMs} ms`);
      const info = this.o.callerInfo ? await this.o.callerInfo(caller) : undefined;
      if (this.o.callerInfo && !info?.registered) throw new Reject(403, "Forbidden. Key is blacklisted: hotkey not registered on this subnet.");
      if (info && info.stake < this.o.minStake)
        throw new Reject(403, `Forbidden. Key is blacklisted: stake ${info.stake} below the minimum ${this.o.minStake}.`);
      const reason = this.o.blacklist ? await this.o.blacklist(caller, name) : null;
      if (reason) throw new Reject(403, `Forbidden. Key is blacklisted: ${reason}.`);
      // priority, then the handler with its timeout
      const priority = this.o.priority ? await this.o.priority(caller) : Number(info?.stake ?? 0n);
      await this.slot(priority);
      const ac = new AbortController();
      let result: Record<string, unknown>;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeoutMs = Math.round(timeoutS * 1000);
        result = await Promise.race([
          Promise.resolve(route.handler(body, { caller, timeoutMs, signal: ac.signal })),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              ac.abort();
              reject(new Reject(408, `handler took longer than the request's timeout of ${timeoutMs} ms`));
            }, timeoutMs).unref();
          }),
        ]);
      } catch (e) {
        if (e instanceof Reject) throw e;
        throw new Reject(500, `handler failed: ${(e as Error)?.message ?? String(e)}`);
      } finally {
        // a finished handler's timer goes now: left to fire, it aborted a finished request's signal, and a busy axon held one per request for the whole timeout
        clearTimeout(timer);
        this.release();
      }
      this.respond(res, name, timeoutS, { ...body, ...result }, terminalFromHeaders(h, "dendrite"), 200, "Success", caller, started);
      this.o.log?.({ event: "request", synapse: name, caller, status: 200, ms: Math.round(performance.now() - started) });
    } catch (e) {
      const r = e instanceof Reject ? e : new Reject(500, (e as Error)?.message ?? String(e));
      // a refused oversized body is not read: close the connection so no client reuses it
      if (r.status === 413) res.setHeader("connection", "close");
      if (!res.headersSent)
        this.respond(res, name, 12, null, terminalFromHeaders(req.headers as Record<string, string>, "dendrite"), r.status, r.message, caller ?? "", started);
      this.o.log?.({
        event: r.status >= 500 ? "error" : "rejected",
        synapse: name,
        ...(caller ? { caller } : {}),
        status: r.status,
        reason: r.message,
        ms: Math.round(performance.now() - started),
      });
      if (r.status === 413) req.destroy();
    }
  }

  private respond(
    res: ServerResponse,
    name: string,
    timeoutS: number,
    body: Record<string, unknown> | null,
    dendrite: TerminalInfo,
    status: number,
    message: string,
    caller: string,
    started: number,
  ): void {
    const nonce = this.now();
    const axon: TerminalInfo = {
      status_code: status,
      status_message: message,
      process_time: ((performance.now() - started) / 1000).toFixed(6),
      hotkey: this.address,
      nonce: nonce.toString(),
      uuid: this.uuid,
      version: PROTOCOL_VERSION,
      signature: signMessage(this.o.hotkey, responseMessage(nonce, caller, this.address, this.uuid)),
    };
    const terminals = { axon: typedTerminal(axon), dendrite: typedTerminal(dendrite) };
    const payload = JSON.stringify(body === null ? { name, timeout: timeoutS, ...terminals } : { ...body, name, timeout: timeoutS, ...terminals });
    const { computed_body_hash: _unused, ...headers } = toHeaders(name, timeoutS, dendrite, axon, "");
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(payload);
  }

  private slot(priority: number): Promise<void> {
    if (this.running < this.o.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((go) => {
      this.waiting.push({ priority, go });
      this.waiting.sort((a, b) => b.priority - a.priority);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.go();
    else this.running--;
  }
}

const wallAtStart = BigInt(Date.now()) * 1_000_000n;
const hrOffset = process.hrtime.bigint();

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Reject(413, `body above the limit of ${limit} bytes`));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
