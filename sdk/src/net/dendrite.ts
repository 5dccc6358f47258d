/**
 * The Dendrite: a validator's client for Axons, signing each request the way the Python SDK does
 * (see protocol.ts) and querying many axons at once with a timeout each, over kept-alive
 * connections. Results carry the status (the axon's, or the Python SDK's client-side codes: 408
 * timeout, 503 unreachable, 422 unparseable), the latency and the parsed body. A miner's answer is
 * bounded before it is decoded: at most `maxResponseBytes` (default 32 MiB; more is cut off as a
 * 413) and 32 levels deep (else 422), and a status header that is not three digits is ignored for
 * the HTTP status.
 */

import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import type { Signer } from "../chain/types.js";
import { jsonDepth } from "../kit/json.js";
import { cryptoReady, signMessage } from "./crypto.js";
import { bodyHash, PROTOCOL_VERSION, requestMessage, toHeaders } from "./protocol.js";

export interface AxonTarget {
  ip: string;
  port: number;
  hotkey: string;
}

export interface DendriteResult<T = Record<string, unknown>> {
  axon: AxonTarget;
  status: number;
  statusMessage: string;
  latencyMs: number;
  /** The response synapse (parsed JSON) on 200, else null. */
  body: T | null;
}

export interface CallOptions {
  timeoutMs?: number;
  requiredHashFields?: readonly string[];
  /** Largest response body read (default 32 MiB). */
  maxResponseBytes?: number;
}

/** Deepest nesting of a response body decoded (a Python synapse body is 3 deep). */
const MAX_RESPONSE_DEPTH = 32;

export class Dendrite {
  readonly uuid = randomUUID();
  private readonly agent: Agent;
  private lastNonce = 0n;
  /** The hotkey's ss58 address, read once (a keyring pair encodes it anew on every read). */
  private readonly address: string;

  constructor(
    private readonly hotkey: Signer,
    options: { maxSockets?: number } = {},
  ) {
    this.address = hotkey.address;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  }

  private nonce(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    this.lastNonce = now > this.lastNonce ? now : this.lastNonce + 1n;
    return this.lastNonce;
  }

  /** The signed headers and body of one request (exposed for interop tests and other transports). */
  prepare(target: AxonTarget, name: string, body: Record<string, unknown>, options: CallOptions = {}): { headers: Record<string, string>; payload: string } {
    const timeoutS = (options.timeoutMs ?? 12_000) / 1000;
    const hash = bodyHash(body, options.requiredHashFields ?? []);
    const nonce = this.nonce();
    const signature = signMessage(this.hotkey, requestMessage(nonce, this.address, target.hotkey, this.uuid, hash));
    const dendrite = { ip: "127.0.0.1", version: PROTOCOL_VERSION, nonce: nonce.toString(), uuid: this.uuid, hotkey: this.address, signature };
    const axon = { ip: target.ip, port: target.port, hotkey: target.hotkey };
    const headers = toHeaders(name, timeoutS, dendrite, axon, hash);
    const payload = JSON.stringify({ ...body, name, timeout: timeoutS, dendrite, axon, computed_body_hash: hash });
    return { headers, payload };
  }

  /** Sends one synapse to one axon. Never throws for network trouble: the status says what happened. */
  async call<T = Record<string, unknown>>(
    target: AxonTarget,
    name: string,
    body: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<DendriteResult<T>> {
    await cryptoReady();
    const timeoutMs = options.timeoutMs ?? 12_000;
    const { headers, payload } = this.prepare(target, name, body, options);
    const started = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (status: number, statusMessage: string, parsed: T | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ axon: target, status, statusMessage, latencyMs: performance.now() - started, body: parsed });
      };
      const req = request(
        {
          host: target.ip,
          port: target.port,
          path: `/${name}`,
          method: "POST",
          agent: this.agent,
          headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          const limit = options.maxResponseBytes ?? 32 * 1024 * 1024;
          let size = 0;
          res.on("data", (c: Buffer) => {
            size += c.length;
            if (size > limit) {
              req.destroy();
              finish(413, `response above ${limit} bytes`, null);
            } else chunks.push(c);
          });
          res.on("end", () => {
            const header = String(res.headers.bt_header_axon_status_code ?? "");
            const status = /^\d{3}$/.test(header) ? Number(header) : (res.statusCode ?? 500);
            const message = String(res.headers.bt_header_axon_status_message ?? res.statusMessage ?? "").slice(0, 1000);
            if (res.statusCode !== 200) return finish(status, message, null);
            const text = Buffer.concat(chunks).toString("utf8");
            if (jsonDepth(text, MAX_RESPONSE_DEPTH) > MAX_RESPONSE_DEPTH) return finish(422, `response nests more than ${MAX_RESPONSE_DEPTH} deep`, null);
            try {
              const parsed = JSON.parse(text) as unknown;
              if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return finish(422, "response is not a JSON object", null);
              finish(200, message, parsed as T);
            } catch {
              finish(422, "Failed to parse response", null);
            }
          });
          res.on("error", () => finish(503, "connection error while reading the response", null));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        finish(408, `Timeout after ${timeoutMs} ms`, null);
      }, timeoutMs);
      req.on("error", (e: NodeJS.ErrnoException) =>
        finish(e.code === "ECONNREFUSED" || e.code === "ECONNRESET" ? 503 : 500, `${e.code ?? "error"}: ${e.message}`, null),
      );
      req.end(payload);
    });
  }

  /** Sends the same synapse to many axons concurrently; results in the targets' order. */
  forward<T = Record<string, unknown>>(
    targets: AxonTarget[],
    name: string,
    body: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<Array<DendriteResult<T>>> {
    return Promise.all(targets.map((t) => this.call<T>(t, name, body, options)));
  }

  close(): void {
    this.agent.destroy();
  }
}
