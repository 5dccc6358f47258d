// The text kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md), built on the
// sdk's scoring library. Challenge and response are UTF-8 JSON (./decode). Score = quality ×
// latency factor, in integers:
//   quality = (LCS + overlap) / (|ref| + |cand|) over tokens, i.e. the mean of ROUGE-L F1 and token
//   F1 (./rouge); latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget.
// A generated text project starts from the same rule, spelled out step by step in its own module.
import { applyFactor, Bytes, latencyFactor, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
import { TextChallenge, TextResponse } from "./decode";
import { rougeTokenQuality } from "./rouge";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

function score(challenge: Bytes, response: Bytes): u16 {
  const c = TextChallenge.decode(challenge);
  const r = TextResponse.decode(response);
  if (c == null || r == null) return 0;
  return applyFactor(rougeTokenQuality(c.reference, r.completion), latencyFactor(r.latencyMs, c.latencyBudgetMs));
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
