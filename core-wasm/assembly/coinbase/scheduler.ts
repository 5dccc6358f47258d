// The epoch scheduler (`drain_pending`), over every subnet in storage order: BlocksSinceLastStep
// counts up; a subnet is due when its tempo is not 0 and an owner-set PendingEpochAt has come, or
// it went more than MAX_TEMPO blocks without a step, or tempo blocks passed since LastEpochBlock.
// Past MaxEpochsPerBlock a due subnet is deferred to the next block; the others are drained.
import { EPOCH_DEFERRED, EPOCH_RAN, H_MAX_EPOCHS_PER_BLOCK, OS_DRAINED_OWNER_CUT, OS_DRAINED_ROOT, OS_DRAINED_SERVER, OS_DRAINED_VALIDATOR, OS_EPOCH, S_BLOCKS_SINCE_LAST_STEP, S_EPOCH_INDEX, S_LAST_EPOCH_BLOCK, S_PENDING_EPOCH_AT, S_PENDING_OWNER_CUT, S_PENDING_ROOT_ALPHA_DIVS, S_PENDING_SERVER_EMISSION, S_PENDING_VALIDATOR_EMISSION, S_TEMPO } from "./layout";
import { hdr, satAdd, satSub, setOutSub, setSub, sub } from "./state";

/** `MAX_TEMPO`: a subnet that has not stepped for more than this many blocks is due. */
export const MAX_TEMPO: u64 = 50_400;

/** `should_run_epoch(netuid, block)` of subnet record `s`. */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs should_run_epoch @ 14bc6f9
export function shouldRunEpoch(s: i32, block: u64): bool {
  return dueWith(s, block, sub(s, S_BLOCKS_SINCE_LAST_STEP));
}

/** `should_run_epoch` with BlocksSinceLastStep = `sinceLastStep`. */
function dueWith(s: i32, block: u64, sinceLastStep: u64): bool {
  const tempo = sub(s, S_TEMPO);
  if (tempo == 0) return false;
  const pending = sub(s, S_PENDING_EPOCH_AT);
  if (pending > 0 && block >= pending) return true;
  if (sinceLastStep > MAX_TEMPO) return true;
  return satSub(block, sub(s, S_LAST_EPOCH_BLOCK)) >= tempo;
}

/**
 * Whether `drainPending` would run an epoch in this block, asked before the block changes anything:
 * its test on each subnet with BlocksSinceLastStep one higher (it counts up first), and a cap of 0
 * running none. The stages before the scheduler do not write the fields it reads.
 */
export function anyEpochWouldRun(count: i32, block: u64): bool {
  if (hdr(H_MAX_EPOCHS_PER_BLOCK) == 0) return false;
  for (let s = 0; s < count; s++) if (dueWith(s, block, satAdd(sub(s, S_BLOCKS_SINCE_LAST_STEP), 1))) return true;
  return false;
}

/**
 * `blocks_until_next_auto_epoch`: blocks until LastEpochBlock + tempo (0 once passed), u64::MAX for
 * tempo 0. PendingEpochAt, the MAX_TEMPO safety net and the per-block cap are not counted.
 */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs blocks_until_next_auto_epoch @ 14bc6f9
export function blocksUntilNextAutoEpoch(tempo: u64, last: u64, block: u64): u64 {
  if (tempo == 0) return <u64>-1;
  return satSub(satAdd(last, tempo), block);
}

/** Runs the scheduler over the `count` subnet records in storage `order`; marks each ran or deferred. */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs drain_pending @ 14bc6f9
export function drainPending(order: StaticArray<i32>, count: i32, block: u64): void {
  const cap = hdr(H_MAX_EPOCHS_PER_BLOCK);
  let ran: u64 = 0;
  for (let i = 0; i < count; i++) {
    const s = order[i];
    setSub(s, S_BLOCKS_SINCE_LAST_STEP, satAdd(sub(s, S_BLOCKS_SINCE_LAST_STEP), 1));
    if (!shouldRunEpoch(s, block)) continue;
    if (ran >= cap) {
      setSub(s, S_PENDING_EPOCH_AT, satAdd(block, 1));
      setOutSub(s, OS_EPOCH, EPOCH_DEFERRED);
      continue;
    }
    // the epoch's input state is consistent (one hotkey per uid, as the input's neurons are)
    setSub(s, S_BLOCKS_SINCE_LAST_STEP, 0);
    setOutSub(s, OS_DRAINED_SERVER, sub(s, S_PENDING_SERVER_EMISSION));
    setOutSub(s, OS_DRAINED_VALIDATOR, sub(s, S_PENDING_VALIDATOR_EMISSION));
    setOutSub(s, OS_DRAINED_ROOT, sub(s, S_PENDING_ROOT_ALPHA_DIVS));
    setOutSub(s, OS_DRAINED_OWNER_CUT, sub(s, S_PENDING_OWNER_CUT));
    setSub(s, S_PENDING_SERVER_EMISSION, 0);
    setSub(s, S_PENDING_VALIDATOR_EMISSION, 0);
    setSub(s, S_PENDING_ROOT_ALPHA_DIVS, 0);
    setSub(s, S_PENDING_OWNER_CUT, 0);
    ran++;
    setSub(s, S_LAST_EPOCH_BLOCK, block);
    setSub(s, S_PENDING_EPOCH_AT, 0);
    setSub(s, S_EPOCH_INDEX, satAdd(sub(s, S_EPOCH_INDEX), 1));
    setOutSub(s, OS_EPOCH, EPOCH_RAN);
  }
}
