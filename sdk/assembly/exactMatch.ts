// A minimal scoring module implementing the tao-subnet scoring ABI (docs/scoring-abi.md) with the
// scoring library (./scoring): the challenge carries the expected answer, and a response scores
// 65535 when it matches exactly, otherwise by the fraction of leading bytes that agree. Used by the
// host's tests. Build: `node sdk/scripts/buildScoring.mjs sdk/assembly/exactMatch.ts build/exactMatch.wasm`.
import { Bytes, scoreBatch } from "./scoring";

export { abi_version, alloc, reset } from "./scoring";

function score(expected: Bytes, answer: Bytes): u16 {
  if (answer.equals(expected)) return 65535;
  // partial credit: the agreeing prefix over the longer length, floored to u16
  return <u16>((<u64>expected.commonPrefix(answer) * 65535) / <u64>max(expected.length, answer.length));
}

/** Scores `count` (challenge, response) pairs laid out at `ptr`; writes u16 scores at `out`. */
export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
