/**
 * The SubtensorModule storage a read needs, as the connected runtime's metadata offers it: whether
 * an item exists (`has`), and its value. The reads that differ between runtimes (the epoch
 * schedule, the activity cutoff, the epoch's stake) branch on `has`, never on a spec number, and
 * take this interface so their decisions can be checked against a metadata shape without a node.
 */
import type { ApiPromise } from "@polkadot/api";

/** A decoded storage value: integers through `toString()`, structures through `toJSON()`. */
export interface StorageValue {
  toString(): string;
  toJSON(): unknown;
}

export interface StorageSource {
  /** The runtime's metadata has `SubtensorModule.<item>` (camelCase, as polkadot-js names it). */
  has(item: string): boolean;
  /** The item's value at `keys`; only called for an item `has` reports. */
  get(item: string, ...keys: unknown[]): Promise<StorageValue>;
}

/** The SubtensorModule storage of `api` (at the best block, or the block `api.at` pinned). */
export function subtensorStorage(api: Pick<ApiPromise, "query">): StorageSource {
  const q = api.query.subtensorModule as unknown as Record<string, ((...k: unknown[]) => Promise<StorageValue>) | undefined>;
  return {
    has: (item) => typeof q?.[item] === "function",
    get: (item, ...keys) => q[item]!(...keys),
  };
}

/** An integer storage value (u16..u128, or a balance newtype). */
export const int = (v: StorageValue): bigint => BigInt(v.toString());
