/**
 * `serveDevChain`: serves one DevChain to other processes on 127.0.0.1 (the wire format is in
 * `rpc.ts`), so miners, validators and a dashboard can run apart against the same devnet.
 *
 * A request cannot stop or stall it: the body is capped (declared length first, then as read),
 * decoding is bounded (depth, `$bigint` digits), every method is a fixed entry of a table whose
 * parameters `DevChain` checks (a bad one answers INVALID_ARGUMENT naming it), a transaction's
 * signature is checked against the account id its address decodes to before its nonce is
 * recorded, `dev_advance` yields to the event loop between blocks (so `/health` and other
 * requests are answered during a long advance), and any error becomes an answer, never a crash.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, decodeAddress, encodeAddress, signatureVerify } from "@polkadot/util-crypto";
import { ChainError } from "../errors.js";
import type { Signer } from "../types.js";
import type { DevChain } from "./devChain.js";
import { checkParams, DEV_SS58_PREFIX, type DevCall } from "./params.js";
import { authMessage, DecodeError, decode, encode, type RpcRequest } from "./rpc.js";

export interface DevnetServerOptions {
  /** Port on 127.0.0.1 (default 9946; 0 picks a free one). */
  port?: number;
  /** Host to bind (default 127.0.0.1; the devnet is for this machine only). */
  host?: string;
  /** Largest request body in bytes (default 1 MiB: a setWeights over 1,024 uids is about 15 kB). */
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
    readonly field?: string,
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

type Handler = (params: unknown[]) => unknown;
const AUTH_SIGNATURE = /^0x[0-9a-fA-F]{128}$/;

/** Starts serving `chain`; resolves once listening. */
export async function serveDevChain(chain: DevChain, options: DevnetServerOptions = {}): Promise<DevnetServer> {
  await cryptoWaitReady();
  const host = options.host ?? "127.0.0.1";
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const maxWait = options.maxWaitMs ?? 30_000;
  const genesis = chain.genesisHash();
  // long polls (dev_waitBlockAfter): each is re-checked at every block, and released at once on close
  const waiting = new Set<() => void>();
  let closing = false;
  const unsubscribe = await chain.subscribeBlocks(() => {
    for (const w of [...waiting]) w();
  });

  /** Produces blocks one at a time, yielding to the event loop between them. */
  const advance = async (n: number): Promise<number> => {
    for (let i = 0; i < n && !closing; i++) {
      await chain.advance(1);
      if (i + 1 < n) await new Promise((r) => setImmediate(r));
    }
    return chain.bestBlock();
  };

  const waitBlockAfter = async (after: number, ms: number): Promise<number> => {
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
  };

  // every method the devnet answers: a fixed table (no name reaches an object's prototype); DevChain checks the parameters
  const reads = new Map<string, Handler>([
    ["bestBlock", () => chain.bestBlock()],
    ["blockHash", (p) => chain.blockHash(p[0] as number)],
    ["balance", (p) => chain.balance(p[0] as string)],
    ["subnets", () => chain.subnets()],
    ["subnetExists", (p) => chain.subnetExists(p[0] as number)],
    ["hyperparameters", (p) => chain.hyperparameters(p[0] as number)],
    ["metagraph", (p) => chain.metagraph(p[0] as number, p[1] as { lite?: boolean; mecid?: number })],
    ["mechanisms", (p) => chain.mechanisms(p[0] as number)],
    ["uidOf", (p) => chain.uidOf(p[0] as number, p[1] as string)],
    ["commitment", (p) => chain.commitment(p[0] as number, p[1] as string)],
    ["dev_advance", (p) => advance(checkParams("dev_advance", p)[0] ?? 1)],
    [
      "dev_fund",
      (p) => {
        chain.fund(p[0] as string, p[1] as bigint);
        return null;
      },
    ],
    ["dev_lastEpoch", (p) => chain.lastEpoch(p[0] as number)],
    ["dev_exportEpoch", (p) => chain.exportEpoch(p[0] as number, p[1] as number | undefined)],
    ["dev_nextEpochInput", (p) => chain.nextEpochInput(p[0] as number)],
    ["dev_info", async () => ({ kind: "dev", genesis, block: await chain.bestBlock(), subnets: await chain.subnets(), faults: chain.faults() })],
    ["dev_emission", () => chain.emission()],
    ["dev_economy", () => chain.economy()],
    [
      "dev_waitBlockAfter",
      (p) => {
        const [after, ms] = checkParams("dev_waitBlockAfter", p);
        return waitBlockAfter(after, Math.min(maxWait, ms ?? maxWait));
      },
    ],
  ]);
  type Tx = (signer: Signer, params: unknown[]) => unknown;
  const txs = new Map<string, Tx>([
    ["registerNetwork", (s, p) => chain.registerNetwork(s, p[0] as string)],
    ["burnedRegister", (s, p) => chain.burnedRegister(s, p[0] as number, p[1] as string)],
    ["serveAxon", (s, p) => chain.serveAxon(s, p[0] as number, p[1] as never)],
    ["addStake", (s, p) => chain.addStake(s, p[0] as string, p[1] as number, p[2] as bigint, (p[3] ?? {}) as never)],
    ["removeStake", (s, p) => chain.removeStake(s, p[0] as string, p[1] as number, p[2] as bigint, (p[3] ?? {}) as never)],
    ["startCall", (s, p) => chain.startCall(s, p[0] as number)],
    ["setWeights", (s, p) => chain.setWeights(s, p[0] as number, p[1] as number[], p[2] as number[], p[3] as bigint, p[4] as never)],
    ["commitWeights", (s, p) => chain.commitWeights(s, p[0] as number, p[1] as never, p[2] as never)],
    ["revealWeights", (s, p) => chain.revealWeights(s, p[0] as number, p[1] as number[], p[2] as number[], p[3] as number[], p[4] as bigint, p[5] as never)],
    ["setMechanismCount", (s, p) => chain.setMechanismCount(s, p[0] as number, p[1] as number)],
    ["setMechanismEmissionSplit", (s, p) => chain.setMechanismEmissionSplit(s, p[0] as number, p[1] as number[] | null)],
    ["setHyperparameter", (s, p) => chain.setHyperparameter(s, p[0] as number, p[1] as never, p[2] as never)],
    ["sudoSetHyperparameter", (s, p) => chain.sudoSetHyperparameter(s, p[0] as number, p[1] as never, p[2] as never)],
    ["setCommitment", (s, p) => chain.setCommitment(s, p[0] as number, p[1] as string)],
  ]);

  /** The signer of a transaction: the signature checked against the account id, then the nonce recorded (never before). */
  function authorise(method: string, auth: unknown, rawParams: string): Signer {
    const a = auth as Partial<Record<"address" | "nonce" | "signature", unknown>> | null | undefined;
    if (
      !a ||
      typeof a !== "object" ||
      typeof a.address !== "string" ||
      !Number.isSafeInteger(a.nonce) ||
      (a.nonce as number) < 0 ||
      typeof a.signature !== "string"
    )
      throw new RpcFailure("AUTH_REQUIRED", `${method} is a transaction: sign it (auth: address, nonce ≥ 0, signature)`, "auth");
    if (a.address.length > 66) throw new RpcFailure("BAD_SIGNATURE", "auth.address: expected an SS58 address or 0x account id", "auth.address");
    if (!AUTH_SIGNATURE.test(a.signature)) throw new RpcFailure("BAD_SIGNATURE", "auth.signature: expected 0x + 64 bytes of hex", "auth.signature");
    let id: Uint8Array;
    try {
      id = decodeAddress(a.address);
    } catch {
      throw new RpcFailure("BAD_SIGNATURE", "auth.address: expected an SS58 address or 0x account id", "auth.address");
    }
    if (id.length !== 32) throw new RpcFailure("BAD_SIGNATURE", "auth.address: expected a 32-byte account id", "auth.address");
    const accountId = u8aToHex(id);
    const nonce = a.nonce as number;
    let valid = false;
    try {
      valid = signatureVerify(authMessage(genesis, accountId, method, nonce, rawParams), a.signature, id).isValid;
    } catch {
      valid = false;
    }
    if (!valid) throw new RpcFailure("BAD_SIGNATURE", `the signature does not verify for ${a.address} on this devnet (genesis ${genesis})`, "auth.signature");
    // one account, whatever encoding of its address the request used
    const keyring = { address: encodeAddress(id, DEV_SS58_PREFIX), publicKey: id } as unknown as Signer;
    if (!chain.acceptNonce(keyring.address, nonce))
      throw new RpcFailure(
        "STALE_NONCE",
        `nonce ${nonce} is not above the last one ${keyring.address} used (${chain.lastNonce(keyring.address)}); nonces must grow`,
        "auth.nonce",
      );
    return keyring;
  }

  async function dispatch(req: { method: string; params: unknown[]; auth?: unknown }, rawParams: string): Promise<unknown> {
    const { method, params } = req;
    const read = reads.get(method);
    const tx = txs.get(method);
    // every parameter checked (and too many refused) before anything runs or a nonce is spent
    if (read || tx) checkParams(method as DevCall, params);
    if (read) return read(params);
    if (tx) return tx(authorise(method, req.auth, rawParams), params);
    throw new RpcFailure("METHOD_NOT_FOUND", `unknown method ${JSON.stringify(method.slice(0, 64))}`);
  }

  const server = createServer((req, res) => {
    const reply = (status: number, body: string) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method === "GET" && req.url === "/health") return reply(200, encode({ ok: true, endpoint: "devnet" }));
    if (req.method !== "POST" || req.url !== "/rpc") return reply(404, encode({ error: { code: "NOT_FOUND", message: "POST /rpc" } }));
    void (async () => {
      let id = 0;
      try {
        const declared = Number(req.headers["content-length"] ?? 0);
        if (declared > limit) {
          res.setHeader("connection", "close");
          throw new RpcFailure("BODY_TOO_LARGE", `request body of ${declared} bytes is over ${limit} bytes`);
        }
        const text = await readBody(req, limit);
        const parsed = decode(text) as Partial<RpcRequest> | null;
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || typeof parsed.method !== "string" || !Array.isArray(parsed.params))
          throw new RpcFailure("INVALID_REQUEST", "expected {id, method, params: [...]}");
        id = Number.isSafeInteger(parsed.id) ? (parsed.id as number) : 0;
        const result = await dispatch(parsed as RpcRequest, encode(parsed.params));
        reply(200, encode({ id, result: result ?? null }));
      } catch (e) {
        const code = e instanceof RpcFailure || e instanceof ChainError ? e.code : e instanceof DecodeError ? "INVALID_REQUEST" : "INTERNAL";
        const field = e instanceof RpcFailure || e instanceof ChainError ? e.field : undefined;
        const message = e instanceof Error ? e.message : String(e);
        reply(
          200,
          encode({ id, error: { code, message: message.length > 2000 ? `${message.slice(0, 2000)}…` : message, ...(field !== undefined && { field }) } }),
        );
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
