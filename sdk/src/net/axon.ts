/**
 * The Axon: a miner's HTTP server speaking the Python SDK's synapse protocol (see protocol.ts).
 * Every request passes, in this order and before any blacklist or handler runs:
 *   1. route and size (404 unknown synapse, 413 body above the limit, read as a stream);
 *   2. headers, parsed strictly (headers.ts: 400 naming the header when missing or malformed,
 *      every number from digits only, so none is NaN; 401 when the signature is missing);
 *   3. the sr25519 signature of `{nonce}.{dendrite}.{axon}.{uuid}.{body_hash}` by the claimed
 *      dendrite hotkey (401; an empty signature is a rejection, unlike the Python SDK's
 *      `default_verify` before its fix);
 *   4. the nonce: newer than the last one seen for (hotkey, uuid), and, for a first request,
 *      inside the freshness window of 4 s + the request's timeout (401); checked here, recorded
 *      only at step 7;
 *   5. the body: at most 32 levels deep, a JSON object, its hash against the signed header (400);
 * then the blacklist's registration check (403: unknown callers never reach the tables below), the
 * per-hotkey rate limit (429), the rest of the blacklist (403: stake below a minimum, or a custom
 * rule), 7. the nonce recorded (so only an allowed caller occupies the nonce table, which is capped
 * by entries and bytes: nonces.ts), 8. the synapse's schema (`validate`, 400 naming the field:
 * junk never reaches the handler), priority (a bounded number of handlers run at once; waiting
 * requests are served highest priority first), the handler with a timeout (408) and the response
 * headers the Python SDK reads. The response echoes the validated body (not the raw one) and a
 * bounded copy of the dendrite's terminal. Logs are structured and carry no signatures or keys.
 */

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Signer } from "../chain/types.js";
import { jsonDepth } from "../kit/json.js";
import { cryptoReady, signMessage, verifyMessage } from "./crypto.js";
import { echoedTerminal, HeaderError, parseDendriteHeaders } from "./headers.js";
import { NonceTable, RateWindows } from "./nonces.js";
import {
  bodyHash,
  NEW_NONCE_RULES_VERSION,
  PROTOCOL_VERSION,
  requestMessage,
  responseMessage,
  type TerminalInfo,
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
  /** Caps of the nonce table (default 100,000 entries, 16 MiB estimated). */
  nonceTable?: { maxEntries?: number; maxBytes?: number };
}

/**
 * Checks a synapse body before its handler runs and returns the body the handler gets (and the
 * response echoes). Throw to refuse with 400; an error's `path` or `field` names the field.
 */
export type SynapseValidator = (body: Record<string, unknown>) => Record<string, unknown>;

/** Deepest nesting of a request body (a Python synapse body is 3 deep: terminal objects in the body). */
export const MAX_BODY_DEPTH = 32;

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
  private readonly routes = new Map<string, { handler: SynapseHandler; requiredHashFields: readonly string[]; validate: SynapseValidator | null }>();
  private readonly nonces: NonceTable;
  private readonly windows: RateWindows;
  private running = 0;
  private readonly waiting: Array<{ priority: number; go: () => void }> = [];
  readonly uuid = randomUUID();
  /** The hotkey's ss58 address, read once (a keyring pair encodes it anew on every read). */
  private readonly address: string;
  private readonly o: Required<Pick<AxonOptions, "host" | "port" | "maxBodyBytes" | "rateLimit" | "minStake" | "concurrency">> & AxonOptions;

  constructor(options: AxonOptions) {
    this.o = { host: "127.0.0.1", port: 8091, maxBodyBytes: 4 << 20, rateLimit: { requests: 120, windowMs: 60_000 }, minStake: 0n, concurrency: 8, ...options };
    this.address = options.hotkey.address;
    this.nonces = new NonceTable(options.nonceTable?.maxEntries, options.nonceTable?.maxBytes);
    this.windows = new RateWindows(this.o.rateLimit.requests, this.o.rateLimit.windowMs);
  }

  /**
   * Serves `POST /<name>` with `handler`; `requiredHashFields` as the synapse class declares them;
   * `validate` checks the body before the handler (the miner runtime passes the kit's schema).
   */
  attach(name: string, handler: SynapseHandler, options: { requiredHashFields?: readonly string[]; validate?: SynapseValidator } = {}): this {
    this.routes.set(name, { handler, requiredHashFields: options.requiredHashFields ?? [], validate: options.validate ?? null });
    return this;
  }

  /** Sizes of the per-caller tables (for tests and monitoring). */
  tables(): { nonces: number; nonceBytes: number; rateWindows: number } {
    return { nonces: this.nonces.size, nonceBytes: this.nonces.heldBytes, rateWindows: this.windows.size };
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
    // bounded: the name is echoed in the response (a synapse name is a Python class name)
    const name = (req.url ?? "/").split("?")[0]!.slice(1, 129);
    let caller: string | undefined;
    try {
      const route = this.routes.get(name);
      if (req.method !== "POST" || !route) throw new Reject(404, `no synapse ${JSON.stringify(name)} on this axon`);
      const declared = Number(req.headers["content-length"] ?? "0");
      if (declared > this.o.maxBodyBytes) throw new Reject(413, `body of ${declared} bytes is above the limit of ${this.o.maxBodyBytes}`);
      // 2. headers, strictly
      const { hotkey, nonce, uuid, signature, bodyHash: signedHash, timeoutS, version } = parseDendriteHeaders(req.headers);
      caller = hotkey;
      // 3. signature, over the signed header body hash
      const me = this.address;
      if (!verifyMessage(requestMessage(nonce, caller, me, uuid, signedHash), signature, caller))
        throw new Reject(401, "signature does not verify for the claimed dendrite hotkey and this axon's hotkey");
      // 4. nonce: checked now, recorded once the caller is allowed
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
      // 5. body: read with the limit, bounded in depth, then the hash against the signed header
      const raw = (await readBody(req, this.o.maxBodyBytes)).toString("utf8");
      if (jsonDepth(raw, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new Reject(400, `body nests arrays or objects more than ${MAX_BODY_DEPTH} deep`);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
        if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("not an object");
      } catch {
        throw new Reject(400, "body is not a JSON object");
      }
      let hash: string;
      try {
        hash = bodyHash(body, route.requiredHashFields);
      } catch (e) {
        throw new Reject(400, `body: ${(e as Error).message}`);
      }
      if (hash !== signedHash) throw new Reject(400, "body hash does not match computed_body_hash: the body changed after signing");
      // 6. blacklist (registration first: an unknown caller never reaches the rate-limit or nonce tables), rate limit, the rest of the blacklist
      const info = this.o.callerInfo ? await this.o.callerInfo(caller) : undefined;
      if (this.o.callerInfo && !info?.registered) throw new Reject(403, "Forbidden. Key is blacklisted: hotkey not registered on this subnet.");
      if (!this.windows.admit(caller, Date.now()))
        throw new Reject(429, `rate limit: more than ${this.o.rateLimit.requests} requests in ${this.o.rateLimit.windowMs} ms`);
      if (info && info.stake < this.o.minStake)
        throw new Reject(403, `Forbidden. Key is blacklisted: stake ${info.stake} below the minimum ${this.o.minStake}.`);
      const reason = this.o.blacklist ? await this.o.blacklist(caller, name) : null;
      if (reason) throw new Reject(403, `Forbidden. Key is blacklisted: ${reason}.`);
      // 7. the nonce, recorded for an allowed caller only
      this.nonces.record(key, nonce);
      // 8. the synapse's schema, before the handler
      if (route.validate) {
        try {
          body = route.validate(body);
        } catch (e) {
          const at = (e as { path?: unknown; field?: unknown } | null) ?? {};
          const field = typeof at.path === "string" ? at.path : typeof at.field === "string" ? at.field : "";
          const message = String((e as Error)?.message ?? e);
          throw new Reject(400, `invalid synapse${field ? ` field ${field}` : ""}: ${message.length > 300 ? `${message.slice(0, 300)}…` : message}`);
        }
      }
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
      this.respond(res, name, timeoutS, { ...body, ...result }, echoedTerminal(req.headers), 200, "Success", caller, started);
      this.o.log?.({ event: "request", synapse: name, caller, status: 200, ms: Math.round(performance.now() - started) });
    } catch (e) {
      const r = e instanceof Reject || e instanceof HeaderError ? e : new Reject(500, (e as Error)?.message ?? String(e));
      // a refused oversized body is not read: close the connection so no client reuses it
      if (r.status === 413) res.setHeader("connection", "close");
      if (!res.headersSent) this.respond(res, name, 12, null, echoedTerminal(req.headers), r.status, r.message, caller ?? "", started);
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
