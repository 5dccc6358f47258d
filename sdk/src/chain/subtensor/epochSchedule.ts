/**
 * When a subnet's next epoch runs, and its activity cutoff, on the runtime the client is connected
 * to. Two generations of the runtime differ, and the metadata says which one is connected:
 *
 * - **Modulo schedule** (no `LastEpochBlock` item, spec 300): the epoch runs in the block where
 *   `(block + netuid + 1) % (tempo + 1) == tempo` (period tempo + 1); the activity cutoff is the
 *   `ActivityCutoff` item, in blocks.
 * - **Stateful schedule** (`LastEpochBlock` and `PendingEpochAt`, spec 425's dynamic tempo): the
 *   epoch runs at `LastEpochBlock + tempo` (period tempo), earlier at an owner's `trigger_epoch`
 *   (`PendingEpochAt`), or once `BlocksSinceLastStep` passes MAX_TEMPO; `set_tempo` restarts the
 *   cycle at its own block. The activity cutoff is `max(1, ActivityCutoffFactorMilli × tempo / 1000)`
 *   blocks; the old `ActivityCutoff` item is still in storage but no epoch reads it.
 *
 * Not predicted: the per-block cap on epochs (`MaxEpochsPerBlock`), which can defer an epoch by a
 * block when many subnets are due together.
 *
 * see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs blocks_until_next_epoch @ 738ba0c0c;
 * run_coinbase.rs should_run_epoch, drain_pending, get_next_epoch_start_block, utils/misc.rs
 * get_activity_cutoff_blocks, lib.rs MIN_TEMPO..MAX_ACTIVITY_CUTOFF_FACTOR_MILLI,
 * migrations/migrate_dynamic_tempo.rs @ 14bc6f9
 */
import { ChainError, ChainErrorCode } from "../errors.js";
import { int, type StorageSource } from "./storage.js";

/** Stateful schedule: the safety net fires an epoch once BlocksSinceLastStep exceeds this (lib.rs MAX_TEMPO). */
export const MAX_TEMPO = 50_400;
/** The range an owner's `set_tempo` accepts (lib.rs MIN_TEMPO, MAX_TEMPO). */
export const OWNER_TEMPO_RANGE: readonly [number, number] = [360, MAX_TEMPO];
/** The range of `ActivityCutoffFactorMilli` (per mille of tempo; 1000 = one tempo). */
export const ACTIVITY_CUTOFF_FACTOR_RANGE: readonly [number, number] = [1_000, 50_000];

/** What decides a subnet's next epoch, as read from the connected runtime. */
export type EpochSchedule =
  | { kind: "modulo"; netuid: number; tempo: number }
  | { kind: "stateful"; netuid: number; tempo: number; lastEpochBlock: number; pendingEpochAt: number; blocksSinceLastStep: number };

/** Which schedule the runtime runs: stateful where its metadata has `LastEpochBlock` and `PendingEpochAt`. */
export function scheduleKind(storage: Pick<StorageSource, "has">): EpochSchedule["kind"] {
  return storage.has("lastEpochBlock") && storage.has("pendingEpochAt") ? "stateful" : "modulo";
}

/** Reads the items `scheduleKind` names for `netuid` (`tempo` as already read). */
export async function readEpochSchedule(storage: StorageSource, netuid: number, tempo: number): Promise<EpochSchedule> {
  if (scheduleKind(storage) === "modulo") return { kind: "modulo", netuid, tempo };
  const [last, pending, since] = await Promise.all([
    storage.get("lastEpochBlock", netuid),
    storage.get("pendingEpochAt", netuid),
    storage.has("blocksSinceLastStep") ? storage.get("blocksSinceLastStep", netuid).then(int) : Promise.resolve(0n),
  ]);
  return { kind: "stateful", netuid, tempo, lastEpochBlock: Number(int(last)), pendingEpochAt: Number(int(pending)), blocksSinceLastStep: Number(since) };
}

/**
 * Modulo schedule: the first block after `block` whose `on_initialize` runs the subnet's epoch
 * (`blocks_until_next_epoch(netuid, tempo, b) == 0`); never (MAX_SAFE_INTEGER) at tempo 0.
 */
export function nextEpochBlock(block: number, netuid: number, tempo: number): number {
  if (tempo === 0) return Number.MAX_SAFE_INTEGER;
  const next = block + 1;
  const remainder = (next + netuid + 1) % (tempo + 1);
  return next + ((tempo - remainder + tempo + 1) % (tempo + 1));
}

/**
 * The first block after `block` (the state `schedule` was read at) whose `on_initialize` runs the
 * epoch: on the stateful schedule the earliest of `LastEpochBlock + tempo`, a pending trigger, and
 * the block where BlocksSinceLastStep (incremented every block) first exceeds MAX_TEMPO.
 */
export function nextEpochAfter(schedule: EpochSchedule, block: number): number {
  if (schedule.tempo === 0) return Number.MAX_SAFE_INTEGER;
  if (schedule.kind === "modulo") return nextEpochBlock(block, schedule.netuid, schedule.tempo);
  const first = block + 1;
  let next = Math.max(first, schedule.lastEpochBlock + schedule.tempo);
  if (schedule.pendingEpochAt > 0) next = Math.min(next, Math.max(first, schedule.pendingEpochAt));
  return Math.min(next, block + Math.max(1, MAX_TEMPO + 1 - schedule.blocksSinceLastStep));
}

/** The stateful schedule's activity cutoff in blocks: `max(1, floor(factorMilli × tempo / 1000))`. */
export function activityCutoffBlocks(factorMilli: number, tempo: number): number {
  return Math.max(1, Math.floor((factorMilli * tempo) / 1000));
}

/**
 * The factor (per mille of tempo) for a cutoff of `blocks` at `tempo`, rounded up as the runtime's
 * migration converts old cutoffs (`ceil(blocks × 1000 / tempo)`), so the cutoff is at least
 * `blocks`. Throws INVALID_ARGUMENT when the factor is outside 1000..50000 (1 to 50 tempos).
 */
export function activityCutoffFactorFor(blocks: number, tempo: number): number {
  const [min, max] = ACTIVITY_CUTOFF_FACTOR_RANGE;
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `activityCutoff: expected a whole number of blocks of at least 1, got ${String(blocks)}`, {
      field: "activityCutoff",
    });
  if (tempo <= 0)
    throw new ChainError(
      ChainErrorCode.INVALID_ARGUMENT,
      `activityCutoff: this runtime sets the cutoff as a factor of tempo, and the subnet's tempo is ${tempo}; set a tempo first`,
      { field: "activityCutoff" },
    );
  const factor = Math.ceil((blocks * 1000) / tempo);
  if (factor < min || factor > max)
    throw new ChainError(
      ChainErrorCode.INVALID_ARGUMENT,
      `activityCutoff: this runtime sets the cutoff as ${min / 1000} to ${max / 1000} tempos; at tempo ${tempo} that is ${activityCutoffBlocks(min, tempo)} to ${activityCutoffBlocks(max, tempo)} blocks, got ${blocks}`,
      { field: "activityCutoff" },
    );
  return factor;
}

/** The activity cutoff the subnet's epoch uses, in blocks, and the factor it comes from where the runtime has one. */
export interface ActivityCutoff {
  blocks: number;
  /** `ActivityCutoffFactorMilli` (stateful runtimes), else null. */
  factorMilli: number | null;
}

/** Reads the activity cutoff the epoch uses: from `ActivityCutoffFactorMilli` and tempo where the metadata has it, else `ActivityCutoff`. */
export async function readActivityCutoff(storage: StorageSource, netuid: number, tempo: number): Promise<ActivityCutoff> {
  if (storage.has("activityCutoffFactorMilli")) {
    const factorMilli = Number(int(await storage.get("activityCutoffFactorMilli", netuid)));
    return { blocks: activityCutoffBlocks(factorMilli, tempo), factorMilli };
  }
  return { blocks: Number(int(await storage.get("activityCutoff", netuid))), factorMilli: null };
}
