/**
 * The devnet's wire format: JSON-RPC-like requests over HTTP POST `/rpc` on 127.0.0.1.
 *
 * Request `{ "id": n, "method": "metagraph", "params": [...], "auth"?: { address, nonce, signature } }`,
 * answer `{ "id": n, "result": … }` or `{ "id": n, "error": { "code", "message" } }`. Bigints travel as
 * `{ "$bigint": "123" }`. Transactions (every `Chain` method that takes a `Signer`) carry `auth`:
 * an sr25519 signature by the signer over {@link authMessage}, with a nonce that must grow per
 * address, so a process can only act for keys it holds and a captured request cannot be replayed.
 * Private keys never leave the client.
 */
import { createHash } from "node:crypto";

/** Methods answered without a signature. */
export const READ_METHODS = ["bestBlock", "blockHash", "balance", "subnets", "subnetExists", "hyperparameters", "metagraph", "uidOf", "commitment"] as const;
/** Chain methods that take a Signer as their first argument (sent as `auth`, not in params). */
export const TX_METHODS = [
  "registerNetwork",
  "burnedRegister",
  "serveAxon",
  "addStake",
  "removeStake",
  "startCall",
  "setWeights",
  "commitWeights",
  "revealWeights",
  "setHyperparameter",
  "setCommitment",
] as const;
/** Devnet-only controls: block production, the faucet, epoch export, block waits and the emission accounting. */
export const DEV_METHODS = [
  "dev_advance",
  "dev_fund",
  "dev_lastEpoch",
  "dev_exportEpoch",
  "dev_nextEpochInput",
  "dev_waitBlockAfter",
  "dev_info",
  "dev_emission",
] as const;

export type ReadMethod = (typeof READ_METHODS)[number];
export type TxMethod = (typeof TX_METHODS)[number];
export type DevMethod = (typeof DEV_METHODS)[number];

export interface RpcAuth {
  address: string;
  nonce: number;
  /** 0x-hex sr25519 signature of `authMessage(method, nonce, paramsJson)`. */
  signature: string;
}

export interface RpcRequest {
  id: number;
  method: string;
  params: unknown[];
  auth?: RpcAuth;
}

/** Serialises with bigints tagged as `{ "$bigint": "…" }`. */
export const encode = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? { $bigint: v.toString() } : v));

/** Parses JSON, turning `{ "$bigint": "…" }` back into bigints. */
export const decode = (text: string): unknown =>
  JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const b = (v as { $bigint?: unknown }).$bigint;
      if (keys.length === 1 && typeof b === "string" && /^-?\d+$/.test(b)) return BigInt(b);
    }
    return v;
  });

/** The bytes a transaction's signer signs: method, nonce and the sha256 of the encoded params. */
export function authMessage(method: string, nonce: number, paramsJson: string): string {
  return `tao-subnet devnet tx\n${method}\n${nonce}\n${createHash("sha256").update(paramsJson).digest("hex")}`;
}

/** Default devnet port (one above a local subtensor node's 9945). */
export const DEVNET_DEFAULT_PORT = 9946;
