// YOUR SCORING MODULE: the rule every validator of your subnet runs on every answer. `npm run build`
// compiles it to build/scoring.wasm; validators run that in a sandbox and pin it by sha256 (publish
// the hash with `npm run register`), so every validator computes the same score.
//
// The rule is the one function `score` below. It starts as the text kit's rule:
//   quality = the mean of ROUGE-L F1 and token F1 of the completion against the reference;
//   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget.
// Change it, then `npm run build && npm test` and `npm run simulate` to see who gets paid.
// Keep it deterministic: integers, no clock, no randomness (the host refuses modules that import
// anything). The building blocks come from the sdk's scoring library and the text kit's assembly/.
import { applyFactor, Bytes, latencyFactor, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
import { TextChallenge, TextResponse } from "@tao-subnet/kit-text/assembly/decode";
import { lcs, overlap, tokenize } from "@tao-subnet/kit-text/assembly/rouge";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

/** One answer → 0 (worthless) … 65535 (perfect). */
function score(challenge: Bytes, response: Bytes): u16 {
  // 1. what the validator expects (reference answer, latency budget) and what the miner sent
  const expected = TextChallenge.decode(challenge);
  const answer = TextResponse.decode(response);
  if (expected == null || answer == null) return 0; // malformed: nothing

  // 2. quality in 0..65535: tokens in common, in order (LCS: ROUGE-L) and in any order (token F1)
  const reference = tokenize(expected.reference);
  const completion = tokenize(answer.completion);
  if (reference.length == 0 || completion.length == 0) return 0;
  const matched = lcs(reference, completion) + overlap(reference, completion);
  const quality = (<i64>matched * 65535) / <i64>(reference.length + completion.length);

  // 3. speed: full marks within the budget, down to half at three times it
  const speed = latencyFactor(answer.latencyMs, expected.latencyBudgetMs);
  return applyFactor(quality, speed);
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
