/**
 * The devnet's call parameters, checked as the chain's encoding would check them: one zod tuple
 * per method, used by `DevChain` itself, so an in-process call and an RPC call are refused alike.
 * A bad parameter is a `ChainError` INVALID_ARGUMENT (bad-input) whose `field` names it
 * (`burnedRegister.hotkey`) and whose message says what was expected; it never reaches the state.
 * What the chain refuses as a well-formed transaction (a uid past n, port 0) stays a `TxResult`.
 *
 * Accounts are canonical: an SS58 address under any prefix, or the 0x hex of the 32-byte account
 * id, is one account, stored as its SS58 form under prefix 42 (`canonicalAddress`). Transactions
 * name accounts that must decode; reads take any short string (one that names no account has
 * nothing: balance 0, no uid).
 */
import { decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import { z } from "zod";
import { ChainError, ChainErrorCode } from "../errors.js";

export const U64_MAX = (1n << 64n) - 1n;
/** The SS58 prefix the devnet stores and answers accounts in (subtensor's). */
export const DEV_SS58_PREFIX = 42;
/** Longest account text accepted: 0x + 64 hex digits (an SS58 address is at most 48 characters). */
const MAX_ACCOUNT_CHARS = 66;

const canonical = new Map<string, string | null>();
/**
 * The canonical SS58 (prefix 42) form of an account given as SS58 under any prefix or as 0x hex
 * of its 32-byte id; null when `text` is no such account. Cached (bounded), since setWeights and
 * registrations name the same few accounts again and again.
 */
export function canonicalAddress(text: string): string | null {
  const hit = canonical.get(text);
  if (hit !== undefined) return hit;
  let out: string | null = null;
  if (text.length <= MAX_ACCOUNT_CHARS && (/^0x[0-9a-fA-F]{64}$/.test(text) || /^[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(text))) {
    try {
      const id = decodeAddress(text);
      if (id.length === 32) out = encodeAddress(id, DEV_SS58_PREFIX);
    } catch {
      out = null;
    }
  }
  if (canonical.size >= 4096) canonical.clear();
  canonical.set(text, out);
  return out;
}

/** A short rendering of a refused value (never the whole of a huge input). */
export function shown(v: unknown): string {
  let s: string;
  try {
    s =
      typeof v === "bigint"
        ? `${v}n`
        : v === undefined
          ? "undefined"
          : (JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x)) ?? String(v));
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 60 ? `${s.slice(0, 60)}… (${s.length} characters)` : s;
}

export const u16 = z.number().int().min(0).max(65535);
export const u8 = z.number().int().min(0).max(255);
export const u32 = z.number().int().min(0).max(0xffff_ffff);
/** A u64 the devnet keeps as a JavaScript number (block counts, rate limits): 0..2^53−1. */
export const safeU64 = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const u64 = z.bigint().min(0n).max(U64_MAX);
export const netuid = u16;
/** A transaction's account: must decode; becomes its canonical form. */
export const account = z
  .string()
  .max(MAX_ACCOUNT_CHARS)
  .transform((s, ctx) => {
    const a = canonicalAddress(s);
    if (a === null) {
      ctx.addIssue({ code: "custom", message: "expected an SS58 address or the 0x hex of a 32-byte account id" });
      return z.NEVER;
    }
    return a;
  });
/** A read's account: any short string; canonical when it decodes, else kept (it then names no account). */
export const lookupAccount = z
  .string()
  .max(128)
  .transform((s) => canonicalAddress(s) ?? s);
/**
 * A list of u16 (uids, weights, salt) checked in one tight loop (a validator's setWeights carries
 * hundreds; a zod array of numbers cost as much as the epoch), naming the first bad element.
 */
const u16List = z.custom<number[]>().superRefine((v, ctx) => {
  if (!Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: "expected an array of u16 (integers 0..65535)" });
    return;
  }
  if (v.length > 65535) {
    ctx.addIssue({ code: "custom", message: `expected at most 65535 entries, got ${v.length}` });
    return;
  }
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > 65535) {
      ctx.addIssue({ code: "custom", message: "expected a u16 (an integer 0..65535)", path: [i] });
      return;
    }
  }
});
const h256 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 32 bytes of hex (a blake2-256 hash)");
/** An optional trailing parameter: absent, undefined or null (JSON turns undefined into null). */
const opt = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined);
/** A stake order's options: `limitPrice`, rao of TAO per whole alpha (a u64). */
const stakeOptions = z.strictObject({
  limitPrice: z
    .bigint({ error: "expected rao per alpha as a bigint 0..2^64-1" })
    .min(0n)
    .max((1n << 64n) - 1n)
    .optional(),
});
const axon = z.strictObject({
  ip: z.string().max(64),
  port: u16,
  ipType: z.union([z.literal(4), z.literal(6)]),
  protocol: u8,
  version: u32,
  block: safeU64.optional(),
});

/** Parameters of every devnet call after the signer (transactions) or none (reads and controls). */
export const PARAMS = {
  // reads
  bestBlock: z.tuple([]),
  blockHash: z.tuple([opt(safeU64)]),
  balance: z.tuple([lookupAccount]),
  subnets: z.tuple([]),
  subnetExists: z.tuple([netuid]),
  hyperparameters: z.tuple([netuid]),
  metagraph: z.tuple([netuid, opt(z.strictObject({ lite: z.boolean().optional() }))]),
  uidOf: z.tuple([netuid, lookupAccount]),
  commitment: z.tuple([netuid, lookupAccount]),
  // transactions (the signer is apart)
  registerNetwork: z.tuple([account]),
  burnedRegister: z.tuple([netuid, account]),
  serveAxon: z.tuple([netuid, axon]),
  addStake: z.tuple([account, netuid, u64, opt(stakeOptions)]),
  removeStake: z.tuple([account, netuid, u64, opt(stakeOptions)]),
  startCall: z.tuple([netuid]),
  setWeights: z.tuple([netuid, u16List, u16List, u64]),
  commitWeights: z.tuple([netuid, h256]),
  revealWeights: z.tuple([netuid, u16List, u16List, u16List, u64]),
  commitTimelockedWeights: z.tuple([netuid, u16List, u16List, u64, opt(z.strictObject({ revealRound: safeU64.optional() }))]),
  // the value's type depends on the name: checked against the hyperparameter table (hyperparameters.ts)
  setHyperparameter: z.tuple([netuid, z.string().max(64), z.unknown()]),
  sudoSetHyperparameter: z.tuple([netuid, z.string().max(64), z.unknown()]),
  setCommitment: z.tuple([netuid, z.string().refine((s) => Buffer.byteLength(s, "utf8") <= 128, "at most 128 bytes (publish a hash such as sha256:<hex>)")]),
  // devnet controls
  dev_advance: z.tuple([opt(z.number().int().min(0).max(100_000))]),
  dev_fund: z.tuple([account, u64]),
  dev_lastEpoch: z.tuple([netuid]),
  dev_exportEpoch: z.tuple([netuid, opt(safeU64)]),
  dev_nextEpochInput: z.tuple([netuid]),
  dev_waitBlockAfter: z.tuple([safeU64, opt(z.number().min(0).max(3_600_000))]),
  dev_info: z.tuple([]),
  dev_emission: z.tuple([]),
} as const;

export type DevCall = keyof typeof PARAMS;

/** Names of each call's parameters, for the error's `field`. */
const NAMES: { [K in DevCall]: string[] } = {
  bestBlock: [],
  blockHash: ["block"],
  balance: ["address"],
  subnets: [],
  subnetExists: ["netuid"],
  hyperparameters: ["netuid"],
  metagraph: ["netuid", "options"],
  uidOf: ["netuid", "hotkey"],
  commitment: ["netuid", "hotkey"],
  registerNetwork: ["hotkey"],
  burnedRegister: ["netuid", "hotkey"],
  serveAxon: ["netuid", "axon"],
  addStake: ["hotkey", "netuid", "amount", "options"],
  removeStake: ["hotkey", "netuid", "amount", "options"],
  startCall: ["netuid"],
  setWeights: ["netuid", "uids", "weights", "versionKey"],
  commitWeights: ["netuid", "hash"],
  revealWeights: ["netuid", "uids", "weights", "salt", "versionKey"],
  commitTimelockedWeights: ["netuid", "uids", "weights", "versionKey", "options"],
  setHyperparameter: ["netuid", "name", "value"],
  sudoSetHyperparameter: ["netuid", "name", "value"],
  setCommitment: ["netuid", "data"],
  dev_advance: ["blocks"],
  dev_fund: ["address", "amount"],
  dev_lastEpoch: ["netuid"],
  dev_exportEpoch: ["netuid", "epoch"],
  dev_nextEpochInput: ["netuid"],
  dev_waitBlockAfter: ["block", "ms"],
  dev_info: [],
  dev_emission: [],
};

/** True when every entry of `v` is a u16 (a number, integer, 0..65535) and there are at most 65535. */
function u16ListOk(v: unknown): v is number[] {
  if (!Array.isArray(v) || v.length > 65535) return false;
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    // for a number, `x & 0xffff` equals x exactly when x is an integer 0..65535 (NaN, fractions, negatives and larger ones differ)
    if (typeof x !== "number" || (x & 0xffff) !== x) return false;
  }
  return true;
}
const isU16 = (x: unknown): x is number => typeof x === "number" && (x & 0xffff) === x;
const isU64 = (x: unknown): x is bigint => typeof x === "bigint" && x >= 0n && x <= U64_MAX;

/**
 * Plain-code checks of the calls a simulation makes thousands of times an epoch (a zod tuple cost
 * 3-5 µs a call): each returns what the schema would, or undefined, and then the schema runs and
 * names the bad parameter. Same acceptance as the schemas (`checkParams.spec` compares them).
 */
const FAST: { readonly [K in DevCall]?: (p: readonly unknown[]) => z.output<(typeof PARAMS)[K]> | undefined } = {
  setWeights: (p) => (isU16(p[0]) && u16ListOk(p[1]) && u16ListOk(p[2]) && isU64(p[3]) ? [p[0], p[1], p[2], p[3]] : undefined),
  revealWeights: (p) => (isU16(p[0]) && u16ListOk(p[1]) && u16ListOk(p[2]) && u16ListOk(p[3]) && isU64(p[4]) ? [p[0], p[1], p[2], p[3], p[4]] : undefined),
  dev_advance: (p) => {
    const n = p[0];
    if (n === undefined || n === null) return [undefined];
    return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 100_000 ? [n] : undefined;
  },
};

/** A ChainError INVALID_ARGUMENT naming `field`. */
export const invalidParam = (field: string, message: string): ChainError => new ChainError(ChainErrorCode.INVALID_ARGUMENT, `${field}: ${message}`, { field });

/**
 * Checks `params` for `method` (trailing absent parameters may be left out); returns them parsed
 * (accounts canonical, optional ones undefined) or throws INVALID_ARGUMENT naming the first bad one.
 */
export function checkParams<K extends DevCall>(method: K, params: readonly unknown[]): z.output<(typeof PARAMS)[K]> {
  const schema = PARAMS[method] as unknown as z.ZodTuple;
  const names = NAMES[method];
  if (params.length > names.length)
    throw invalidParam(method, `takes ${names.length} parameter${names.length === 1 ? "" : "s"} (${names.join(", ") || "none"}), got ${params.length}`);
  const fast = FAST[method]?.(params);
  if (fast !== undefined) return fast as z.output<(typeof PARAMS)[K]>;
  const full = names.map((_, i) => params[i]);
  const r = schema.safeParse(full);
  if (r.success) return r.data as z.output<(typeof PARAMS)[K]>;
  const issue = r.error.issues[0]!;
  const [index, ...rest] = issue.path;
  const name = typeof index === "number" ? (names[index] ?? String(index)) : "";
  const field = [`${method}.${name}`, ...rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))].join("").replace(/\.\[/g, "[");
  const got =
    typeof index === "number" ? shown(rest.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown> | undefined)?.[p as PropertyKey], full[index])) : "";
  return failWith(field, `${issue.message}${got ? `, got ${got}` : ""}`);
}

const failWith = (field: string, message: string): never => {
  throw invalidParam(field, message);
};
