// YOUR SCORING MODULE: the rule every validator of your subnet runs on every answer. `npm run build`
// compiles it to build/scoring.wasm; validators run that in a sandbox and pin it by sha256 (publish
// the hash with `npm run register`), so every validator computes the same score.
//
// The rule is the one function `score` below. It starts as the storage kit's rule:
//   0 when the answer does not prove possession (`verifies`: a chunk, its Merkle proof and
//   H(chunk ‖ nonce) checked against the root the validator kept: keep this check);
//   otherwise reliability (the Wilson lower bound of the miner's success rate, this answer
//   counted) × speed (1 up to the budget, down to 1/2 at 3×), minus a penalty per past failure.
// Change it, then `npm run build && npm test` and `npm run simulate` to see who gets paid.
// Keep it deterministic: integers, no clock, no randomness (the host refuses modules that import
// anything). The building blocks come from the sdk's scoring library and the storage kit's assembly/.
import { Bytes, latencyFactor, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
import { StorageChallenge, StorageResponse } from "@tao-subnet/kit-storage/assembly/decode";
import { bytesMoved, verifies } from "@tao-subnet/kit-storage/assembly/verify";
import { wilsonLowerU16 } from "@tao-subnet/kit-storage/assembly/wilson";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

/** One answer → 0 (worthless) … 65535 (perfect). */
function score(challenge: Bytes, response: Bytes): u16 {
  // 1. what the validator kept (root, size, the miner's past window, budgets) and the miner's answer
  const expected = StorageChallenge.decode(challenge);
  const answer = StorageResponse.decode(response);
  if (expected == null || answer == null || !verifies(expected, answer)) return 0;
  if (expected.checkOnly) return 65535; // the kit's verify hook asks only "does it hold?"

  // 2. reliability in 0..65535: how sure we are the miner keeps what it stores
  const trials = expected.trials + 1;
  const successes = min(expected.successes, expected.trials) + 1;
  const reliability = <i64>wilsonLowerU16(successes, trials);

  // 3. speed: a budget that grows with the bytes moved
  const budget = <i64>expected.latencyBaseMs + ((<i64>expected.latencyPerMiBMs * <i64>bytesMoved(expected, answer)) >> 20);
  const speed = latencyFactor(answer.latencyMs, budget);

  // 4. every failure in the window costs `penalty`
  const earned = (reliability * speed) >> 16;
  const penalty = <i64>expected.penalty * <i64>(trials - successes);
  return earned > penalty ? <u16>(earned - penalty) : 0;
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
