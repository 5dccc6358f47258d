/**
 * `serveDevChain`: serves one DevChain to other processes on 127.0.0.1 (the wire format is in
 * `rpc.ts`), so miners, validators and a dashboard can run apart against the same devnet.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cryptoWaitReady, signatureVerify } from "@polkadot/util-crypto";
import { ChainError } from "../errors.js";
import type { Signer } from "../types.js";
import type { DevChain } from "./devChain.js";
import { authMessage, DEV_METHODS, decode, encode, READ_METHODS, type RpcRequest, TX_METHODS } from "./rpc.js";

export interface DevnetServerOptions {
  /** Port on 127.0.0.1 (default 9946; 0 picks a free one). */
  port?: number;
  /** Host to bind (default 127.0.0.1; the devnet is for this machine only). */
  host?: string;
  /** Largest request body in bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** Longest a `dev_waitBlockAfter` may hold a request (default 30 s). */
  maxWaitMs?: number;
}

export interface DevnetServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

class RpcFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new RpcFailure("BODY_TOO_LARGE", `request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Starts serving `chain`; resolves once listening. */
export async function serveDevChain(chain: DevChain, options: DevnetServerOptions = {}): Promise<DevnetServer> {
  await cryptoWaitReady();
  const host = options.host ?? "127.0.0.1";
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxWait = options.maxWaitMs ?? 30_000;
  const nonces = new Map<string, number>();
  // long polls (dev_waitBlockAfter): each is re-checked at every block, and released at once on close
  const waiting = new Set<() => void>();
  let closing = false;
  const unsubscribe = await chain.subscribeBlocks(() => {
    for (const w of [...waiting]) w();
  });
  const reads = new Set<string>(READ_METHODS);
  const txs = new Set<string>(TX_METHODS);
  const devs = new Set<string>(DEV_METHODS);

  async function dispatch(req: RpcRequest, rawParams: string): Promise<unknown> {
    const { method, params } = req;
    if (reads.has(method)) return (chain as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...params);
    if (txs.has(method)) {
      const auth = req.auth;
      if (!auth || typeof auth.address !== "string" || !Number.isSafeInteger(auth.nonce) || typeof auth.signature !== "string") {
        throw new RpcFailure("AUTH_REQUIRED", `${method} is a transaction: sign it (auth: address, nonce, signature)`);
      }
      let valid = false;
      try {
        valid = signatureVerify(authMessage(method, auth.nonce, rawParams), auth.signature, auth.address).isValid;
      } catch {
        valid = false;
      }
      if (!valid) throw new RpcFailure("BAD_SIGNATURE", `the signature does not verify for ${auth.address}`);
      if (auth.nonce <= (nonces.get(auth.address) ?? -1))
        throw new RpcFailure("STALE_NONCE", `nonce ${auth.nonce} was already used by ${auth.address}; nonces must grow`);
      nonces.set(auth.address, auth.nonce);
      // DevChain reads only the signer's address; the signature above proved the caller holds the key
      const signer = { address: auth.address } as unknown as Signer;
      return (chain as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(signer, ...params);
    }
    if (devs.has(method)) {
      switch (method) {
        case "dev_advance": {
          const n = params[0] ?? 1;
          if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 100_000)
            throw new RpcFailure("INVALID_PARAMS", "dev_advance takes a block count 0..100000");
          return chain.advance(n as number);
        }
        case "dev_fund": {
          const [address, amount] = params;
          if (typeof address !== "string" || typeof amount !== "bigint" || amount < 0n)
            throw new RpcFailure("INVALID_PARAMS", "dev_fund takes (address, rao bigint ≥ 0)");
          chain.fund(address, amount);
          return null;
        }
        case "dev_lastEpoch":
          return chain.lastEpoch(params[0] as number);
        case "dev_exportEpoch":
          return chain.exportEpoch(params[0] as number, (params[1] ?? undefined) as number | undefined);
        case "dev_nextEpochInput":
          return chain.nextEpochInput(params[0] as number);
        case "dev_info":
          return { kind: "dev", block: await chain.bestBlock(), subnets: await chain.subnets() };
        case "dev_emission":
          return chain.emission();
        case "dev_waitBlockAfter": {
          const after = params[0] as number;
          const ms = Math.min(maxWait, Math.max(0, Number(params[1] ?? maxWait)));
          if ((await chain.bestBlock()) > after) return chain.bestBlock();
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              waiting.delete(check);
              resolve();
            };
            const check = () => (closing ? done() : void chain.bestBlock().then((b) => b > after && done()));
            const timer = setTimeout(done, ms);
            waiting.add(check);
          });
          return chain.bestBlock();
        }
      }
    }
    throw new RpcFailure("METHOD_NOT_FOUND", `unknown method ${JSON.stringify(method)}`);
  }

  const server = createServer((req, res) => {
    const reply = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method === "GET" && req.url === "/health") return reply(200, encode({ ok: true, endpoint: "devnet" }));
    if (req.method !== "POST" || req.url !== "/rpc") return reply(404, encode({ error: { code: "NOT_FOUND", message: "POST /rpc" } }));
    void (async () => {
      let id = 0;
      try {
        const text = await readBody(req, limit);
        const parsed = decode(text) as Partial<RpcRequest>;
        if (!parsed || typeof parsed.method !== "string" || !Array.isArray(parsed.params))
          throw new RpcFailure("INVALID_REQUEST", "expected {id, method, params: [...]}");
        id = typeof parsed.id === "number" ? parsed.id : 0;
        const result = await dispatch(parsed as RpcRequest, encode(parsed.params));
        reply(200, encode({ id, result: result ?? null }));
      } catch (e) {
        const code = e instanceof RpcFailure || e instanceof ChainError ? e.code : "INTERNAL";
        reply(200, encode({ id, error: { code, message: e instanceof Error ? e.message : String(e) } }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 9946, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: async () => {
      unsubscribe();
      closing = true;
      for (const w of [...waiting]) w();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
