// The image kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md), built on the
// sdk's scoring library: detection quality of one answer against the validator's labels, in
// integers. Layouts in ./decode, matching and precision in ./match. Score, with S = 65536 (1.0):
//   0 when the answer's dHash is absent or more than max_hash_distance bits from the image's
//   (an answer replayed from another image);
//   quality = ⌊(mAP + F1) / 2⌋ (mAP over IoU 0.50:0.95, F1 at IoU 0.50); latency factor = 1 up to
//   the budget, linear to 1/2 at 3× it; score = ⌊⌊quality·65535/S⌋ · factor / 65536⌋.
//   An exact answer in time scores 65535.
// kits/image/src/reference.ts computes the same numbers in plain TypeScript (the tests compare).
// A generated image project starts from the same rule, spelled out in its own module.
import { applyFactor, Bytes, latencyFactor } from "@tao-subnet/sdk/assembly/scoring";
import { ImageChallenge, ImageResponse } from "./decode";
import { detectionQuality, ONE, sameImage, scoreImageBatch } from "./match";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

function score(challenge: Bytes, response: Bytes): u16 {
  const c = ImageChallenge.decode(challenge);
  const r = ImageResponse.decode(response);
  if (c == null || r == null || !sameImage(c, r)) return 0;
  const q = detectionQuality(c, r);
  return applyFactor((((q.map + q.f1) >> 1) * 65535) / ONE, latencyFactor(r.latencyMs, c.latencyBudgetMs));
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreImageBatch(ptr, len, out, score);
}
