// YOUR SCORING MODULE: the rule every validator of your subnet runs on every answer. `npm run build`
// compiles it to build/scoring.wasm; validators run that in a sandbox and pin it by sha256 (publish
// the hash with `npm run register`), so every validator computes the same score.
//
// The rule is the one function `score` below. It starts as the speech kit's rule: both texts
// normalised (lowercase, numbers as words, punctuation dropped), then
//   quality = (3 · word accuracy + character accuracy) / 4, accuracy = 1 − min(error rate, 1);
//   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget.
// Change it, then `npm run build && npm test` and `npm run simulate` to see who gets paid.
// Keep it deterministic: integers, no clock, no randomness (the host refuses modules that import
// anything). The building blocks come from the sdk's scoring library and the speech kit's assembly/.
import { applyFactor, Bytes, latencyFactor, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
import { SpeechChallenge, SpeechResponse } from "@tao-subnet/kit-speech/assembly/decode";
import { errorCounts } from "@tao-subnet/kit-speech/assembly/distance";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

/** One answer → 0 (worthless) … 65535 (perfect). */
function score(challenge: Bytes, response: Bytes): u16 {
  // 1. what the validator expects (reference text, latency budget) and what the miner heard
  const expected = SpeechChallenge.decode(challenge);
  const answer = SpeechResponse.decode(response);
  if (expected == null || answer == null) return 0; // malformed or oversized: nothing

  // 2. edit distances (Levenshtein) between the normalised texts, in words and in characters;
  //    null past the limits (4,096 words, 16,384 characters)
  const errors = errorCounts(expected.reference, answer.transcript);
  if (errors == null || errors.words == 0 || errors.chars == 0) return 0;
  const wordsRight = errors.words - min(errors.wordEdits, errors.words);
  const charsRight = errors.chars - min(errors.charEdits, errors.chars);

  // 3. quality in 0..65535: words weigh three times as much as characters
  const quality = (65535 * (3 * wordsRight * errors.chars + charsRight * errors.words)) / (4 * errors.words * errors.chars);

  // 4. speed: full marks within the budget, down to half at three times it
  return applyFactor(quality, latencyFactor(answer.latencyMs, expected.latencyBudgetMs));
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
