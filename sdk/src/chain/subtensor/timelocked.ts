/**
 * Timelocked weight commits on a subtensor runtime: which call its metadata offers, the payload
 * format and commit-reveal version that call takes, the drand beacon its drand pallet follows, and
 * the round to encrypt to. Nothing here knows a spec number; everything is read from the runtime.
 *
 * - `commit_timelocked_mechanism_weights(netuid, mecid, commit, reveal_round, commit_reveal_version)`
 *   (spec 425), which the Python SDK always sends: as below, for one mechanism.
 * - `commit_timelocked_weights(netuid, commit, reveal_round, commit_reveal_version)` (spec 425):
 *   the version is the runtime's `CommitRevealWeightsVersion` (4 when the item is absent); from
 *   version 4 the payload starts with the hotkey. Revealed by `reveal_crv3_commits_for_subnet` in
 *   the reveal epoch, retried every block of it while the round's pulse is missing: the round aims
 *   at the third block of the reveal epoch, as the Python SDK does.
 * - `commit_crv3_weights(netuid, commit, reveal_round)` (spec 300): the legacy payload. Revealed
 *   once, at the epoch block that ends epoch commit + period − 1 (one block before the Python
 *   SDK's first reveal block); a commit whose pulse is not on chain by then is dropped. So the
 *   round aims three blocks before that block's successor (two blocks before the reveal: the
 *   pulse is fetched by the drand pallet's offchain worker and lands a block later).
 */
import type { ApiPromise } from "@polkadot/api";
import { u8aToHex } from "@polkadot/util";
import { blake2AsU8a } from "@polkadot/util-crypto";
import { type DrandBeacon, QUICKNET } from "../timelock/drand.js";
import type { PayloadFormat } from "../timelock/payload.js";
import type { Hex } from "../types.js";

export interface TimelockedCall {
  method: "commitTimelockedMechanismWeights" | "commitTimelockedWeights" | "commitCrv3Weights";
  format: PayloadFormat;
  /** `commit_reveal_version` (the commitTimelocked* calls). */
  version?: number;
  /** Blocks after the reveal epoch's first block at which the round's pulse should be on chain. */
  offsetBlocks: number;
}

type Query = Record<string, Record<string, (() => Promise<{ toJSON(): unknown; toString(): string }>) | undefined> | undefined>;

/** The call this runtime takes for timelocked weights (the mechanism call where the metadata has one), or null when it has none. */
export async function timelockedCall(api: ApiPromise, mecid = 0): Promise<TimelockedCall | null> {
  const tx = api.tx.subtensorModule as unknown as Record<string, unknown> | undefined;
  const method = tx?.commitTimelockedMechanismWeights ? "commitTimelockedMechanismWeights" : tx?.commitTimelockedWeights ? "commitTimelockedWeights" : null;
  if (method) {
    const item = (api.query as unknown as Query).subtensorModule?.commitRevealWeightsVersion;
    const version = item ? Number((await item()).toString()) : 4;
    return { method, format: version >= 4 ? "hotkey" : "legacy", version, offsetBlocks: 3 };
  }
  if (tx?.commitCrv3Weights && mecid === 0) return { method: "commitCrv3Weights", format: "legacy", offsetBlocks: -3 };
  return null;
}

/** The beacon the runtime's drand pallet verifies pulses against (`Drand.BeaconConfig`); quicknet when it has no such item. */
export async function drandBeacon(api: ApiPromise): Promise<DrandBeacon> {
  const item = (api.query as unknown as Query).drand?.beaconConfig;
  if (!item) return QUICKNET;
  const c = (await item()).toJSON() as { publicKey: string; period: number; genesisTime: number };
  return { publicKey: c.publicKey.replace(/^0x/, ""), period: Number(c.period), genesisTime: Number(c.genesisTime) };
}

/** Seconds per block from the runtime's constants (BABE's expected block time, else twice the timestamp pallet's minimum period), else 12. */
export function blockTimeSeconds(api: ApiPromise): number {
  const consts = api.consts as unknown as Record<string, Record<string, { toString(): string } | undefined> | undefined>;
  const babe = consts.babe?.expectedBlockTime;
  if (babe) return Number(babe.toString()) / 1000;
  const min = consts.timestamp?.minimumPeriod;
  if (min) return (2 * Number(min.toString())) / 1000;
  return 12;
}

/** blake2-256 of the commit bytes, as the chain's `*WeightsCommitted` event carries it. */
export const timelockedCommitHash = (commit: Uint8Array): Hex => u8aToHex(blake2AsU8a(commit, 256)) as Hex;
