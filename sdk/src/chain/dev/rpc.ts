/**
 * The devnet's wire format: JSON-RPC-like requests over HTTP POST `/rpc` on 127.0.0.1.
 *
 * Request `{ "id": n, "method": "metagraph", "params": [...], "auth"?: { address, nonce, signature } }`,
 * answer `{ "id": n, "result": … }` or `{ "id": n, "error": { "code", "message", "field"? } }`.
 * Bigints travel as `{ "$bigint": "123" }`. Transactions (every `Chain` method that takes a
 * `Signer`) carry `auth`: an sr25519 signature by the signer over {@link authMessage}, which binds
 * the devnet's genesis hash and the signer's account id (its public key, not the address text, so
 * no other encoding of the address carries the signature elsewhere), with a nonce that must grow
 * per account and is saved with the devnet's state, so a captured request is good once, on this
 * devnet only, restarts included. Private keys never leave the client.
 *
 * Decoding is bounded before any value is built: nesting at most {@link MAX_JSON_DEPTH} levels, a
 * `$bigint` at most {@link MAX_BIGINT_DIGITS} digits (u128's 39, and a sign); the server caps the
 * body's bytes before reading it.
 */
import { createHash } from "node:crypto";
import { jsonDepth } from "../../kit/json.js";

/** Methods answered without a signature. */
export const READ_METHODS = [
  "bestBlock",
  "blockHash",
  "balance",
  "subnets",
  "subnetExists",
  "hyperparameters",
  "metagraph",
  "mechanisms",
  "uidOf",
  "commitment",
] as const;
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
  "sudoSetHyperparameter",
  "setCommitment",
  "setMechanismCount",
  "setMechanismEmissionSplit",
] as const;
/** Devnet-only controls: block production, the faucet, epoch export, block waits, the emission accounting and the pools (read-only). */
export const DEV_METHODS = [
  "dev_advance",
  "dev_fund",
  "dev_lastEpoch",
  "dev_exportEpoch",
  "dev_nextEpochInput",
  "dev_waitBlockAfter",
  "dev_info",
  "dev_emission",
  "dev_economy",
] as const;

export type ReadMethod = (typeof READ_METHODS)[number];
export type TxMethod = (typeof TX_METHODS)[number];
export type DevMethod = (typeof DEV_METHODS)[number];

export interface RpcAuth {
  /** The signer: SS58 under any prefix, or the 0x hex of its account id. */
  address: string;
  nonce: number;
  /** 0x-hex sr25519 signature of `authMessage(genesis, accountId, method, nonce, paramsJson)`. */
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

/** Deepest nesting a devnet message may have (the deepest real one, a metagraph's rows, is 4). */
export const MAX_JSON_DEPTH = 32;
/** Longest `$bigint`: u128's 39 digits and a sign (the devnet's amounts are u64, 20 digits). */
export const MAX_BIGINT_DIGITS = 40;

/** A message the devnet refuses to decode (too deep, a huge number, not JSON); `field` says where when known. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}

/**
 * Parses JSON, turning `{ "$bigint": "…" }` back into bigints; throws DecodeError for nesting
 * deeper than MAX_JSON_DEPTH or a `$bigint` longer than MAX_BIGINT_DIGITS (checked before BigInt
 * runs: a 4-million-digit one took 0.5 s).
 */
export const decode = (text: string): unknown => {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new DecodeError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_k, v: unknown) => {
      if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, "$bigint")) {
        const b = (v as { $bigint?: unknown }).$bigint;
        if (Object.keys(v).length === 1 && typeof b === "string") {
          if (b.length > MAX_BIGINT_DIGITS) throw new DecodeError(`a $bigint of ${b.length} characters: at most ${MAX_BIGINT_DIGITS} digits (u128)`);
          if (/^-?\d+$/.test(b)) return BigInt(b);
        }
      }
      return v;
    });
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError(`not JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  return parsed;
};

/**
 * The bytes a transaction's signer signs: the devnet's genesis hash, the signer's account id (0x
 * hex of its public key), the method, the nonce and the sha256 of the encoded params.
 */
export function authMessage(genesis: string, accountId: string, method: string, nonce: number, paramsJson: string): string {
  return `tao-subnet devnet tx\n${genesis}\n${accountId}\n${method}\n${nonce}\n${createHash("sha256").update(paramsJson).digest("hex")}`;
}

/** Default devnet port (one above a local subtensor node's 9945). */
export const DEVNET_DEFAULT_PORT = 9946;
