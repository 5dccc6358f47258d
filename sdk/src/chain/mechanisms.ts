/**
 * Mechanisms: a subnet's several weight sets (`mecid`), each with its own weights, bonds, last
 * update and epoch, and its share of the subnet's emission. The chain keeps a mechanism's maps
 * under a storage index, `mecid × 4096 + netuid` (mechanism 0's index is the netuid, so a subnet
 * with one mechanism reads as before); the hash commit of commit-reveal hashes that index in place
 * of the netuid.
 *
 * see: subtensor pallets/subtensor/src/subnets/mechanism.rs @ 14bc6f9 (GLOBAL_MAX_SUBNET_COUNT,
 * MAX_MECHANISM_COUNT_PER_SUBNET, get_mechanism_storage_index, split_emissions); the Python SDK's
 * `get_mechid_storage_index`.
 */
import { ChainError, ChainErrorCode } from "./errors.js";

/** The chain's bound on subnets, the stride of the mechanism storage index. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;
/** The most mechanisms a subnet may have (GLOBAL_MAX_SUBNET_COUNT × this is 2^16). */
export const MAX_MECHANISM_COUNT_PER_SUBNET = 16;

/** Checks a mecid (a u8, the chain's MechId); throws INVALID_ARGUMENT naming `where`. */
export function checkMecid(mecid: unknown, where = "mecid"): number {
  if (typeof mecid !== "number" || !Number.isInteger(mecid) || mecid < 0 || mecid > 255)
    throw new ChainError(
      ChainErrorCode.INVALID_ARGUMENT,
      `${where}: expected a mechanism id, an integer 0..255 (0 is the main mechanism), got ${String(mecid)}`,
      {
        field: where,
      },
    );
  return mecid;
}

/** `get_mechanism_storage_index`: mecid × 4096 + netuid, saturating at u16::MAX as the chain's u16 maths does. */
export function mechanismStorageIndex(netuid: number, mecid: number): number {
  return Math.min(65535, Math.min(65535, mecid * GLOBAL_MAX_SUBNET_COUNT) + netuid);
}

/**
 * `split_emissions`: a subnet's alpha for one epoch split between its `count` mechanisms: by the
 * u16 parts of `split` (each floor(alpha × part / 65535)), or evenly (floor(alpha / count)) when
 * there is none; missing parts are 0, extra parts dropped, and what the floors lose goes to
 * mechanism 0.
 */
export function splitEmission(alpha: bigint, count: number, split: readonly number[] | null): bigint[] {
  const out: bigint[] = split ? split.map((s) => (alpha * BigInt(s)) / 65535n) : Array.from({ length: count }, () => alpha / BigInt(count));
  out.length = count;
  for (let i = 0; i < count; i++) out[i] ??= 0n;
  const rest = alpha - out.reduce((a, b) => a + b, 0n);
  if (count > 0 && rest > 0n) out[0] = out[0]! + rest;
  return out;
}

/** Python's round() of a float: to the nearest integer, a half to the even one. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/**
 * An emission split's relative shares (70,30 and 7,3 alike) as the u16 parts the chain takes,
 * as the Python SDK's `convert_maybe_split_to_u16` makes them: each share / sum × 65535 in float64,
 * rounded half to even, and the difference of the sum from 65535 taken off the first largest part.
 * Throws INVALID_ARGUMENT naming `where` for no shares, a negative or non-finite one, or a sum of 0.
 */
export function splitToU16(shares: readonly number[], where = "split"): number[] {
  const bad = (why: string): never => {
    throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `${where}: ${why}, got ${JSON.stringify(shares)}`, { field: where });
  };
  if (!Array.isArray(shares) || shares.length === 0) bad("expected one share per mechanism");
  if (shares.some((x) => typeof x !== "number" || !Number.isFinite(x) || x < 0)) bad("expected non-negative finite shares");
  const total = shares.reduce((a, b) => a + b, 0);
  if (!(total > 0)) bad("expected shares that sum to more than 0");
  const parts = shares.map((x) => roundHalfEven((x / total) * 65535));
  const diff = parts.reduce((a, b) => a + b, 0) - 65535;
  if (diff !== 0) parts[parts.indexOf(Math.max(...parts))]! -= diff;
  return parts;
}
