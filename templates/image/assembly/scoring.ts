// YOUR SCORING MODULE: the rule every validator of your subnet runs on every answer. `npm run build`
// compiles it to build/scoring.wasm; validators run that in a sandbox and pin it by sha256 (publish
// the hash with `npm run register`), so every validator computes the same score.
//
// The rule is the one function `score` below. It starts as the image kit's rule:
//   0 for an answer about another image (its dHash too far from this image's: a replay);
//   quality = the mean of mAP over IoU 0.50:0.95 and F1 at IoU 0.50;
//   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget.
// Change it, then `npm run build && npm test` and `npm run simulate` to see who gets paid.
// Keep it deterministic: integers, no clock, no randomness (the host refuses modules that import
// anything). The building blocks come from the sdk's scoring library and the image kit's assembly/
// (@tao-subnet/kit-image exports referenceScore, the kit's rule in plain TypeScript).
import { applyFactor, Bytes, latencyFactor } from "@tao-subnet/sdk/assembly/scoring";
import { ImageChallenge, ImageResponse } from "@tao-subnet/kit-image/assembly/decode";
import { detectionQuality, ONE, sameImage, scoreImageBatch } from "@tao-subnet/kit-image/assembly/match";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

/** One answer → 0 (worthless) … 65535 (perfect). */
function score(challenge: Bytes, response: Bytes): u16 {
  // 1. what the validator expects (image size and hash, labelled boxes, latency budget) and the
  //    miner's detections (boxes with classes and confidences)
  const expected = ImageChallenge.decode(challenge);
  const answer = ImageResponse.decode(response);
  if (expected == null || answer == null) return 0; // malformed: nothing

  // 2. an answer replayed from another image is worth nothing
  if (!sameImage(expected, answer)) return 0;

  // 3. quality in 0..65535: boxes matched to labels (mAP rewards ranking, F1 punishes spam)
  const q = detectionQuality(expected, answer); // both in 1/65536
  const quality = (((q.map + q.f1) >> 1) * 65535) / ONE;

  // 4. speed: full marks within the budget, down to half at three times it
  const speed = latencyFactor(answer.latencyMs, expected.latencyBudgetMs);
  return applyFactor(quality, speed);
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreImageBatch(ptr, len, out, score);
}
