// The speech kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md), built on the
// sdk's scoring library. Challenge and response are UTF-8 JSON (./decode); both texts are
// normalised (./normalize) and compared word by word and character by character (./distance).
// Over the normalised reference (Nw words, Nc characters: the words joined by one space):
//   WER = Ew / Nw, Ew = word-level Levenshtein distance to the transcript's words;
//   CER = Ec / Nc, Ec = character-level (code point) Levenshtein distance.
// Score = ⌊65535 · quality⌋ × latency factor, quality = (3·(1 − min(WER, 1)) + (1 − min(CER, 1))) / 4,
//   computed exactly as ⌊65535 · (3·(Nw − min(Ew, Nw))·Nc + (Nc − min(Ec, Nc))·Nw) / (4·Nw·Nc)⌋;
//   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget and staying there.
// Limits: 4,096 words and 16,384 characters per normalised side, 256 KiB of JSON per challenge or
// response; beyond any of them the pair scores 0, so no input makes the module trap or run out of
// memory. A generated speech project starts from the same rule, spelled out in its own module.
import { applyFactor, Bytes, latencyFactor, rewindScratch, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
import { SpeechChallenge, SpeechResponse } from "./decode";
import { errorCounts, ErrorCounts } from "./distance";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

/** 65535 · (3 · word accuracy + character accuracy) / 4, floored; 0 for an empty reference. */
function accuracy(e: ErrorCounts): i64 {
  if (e.words == 0 || e.chars == 0) return 0;
  const words = e.words - min(e.wordEdits, e.words);
  const chars = e.chars - min(e.charEdits, e.chars);
  return (65535 * (3 * words * e.chars + chars * e.words)) / (4 * e.words * e.chars);
}

function score(challenge: Bytes, response: Bytes): u16 {
  const c = SpeechChallenge.decode(challenge);
  const r = SpeechResponse.decode(response);
  if (c == null || r == null) return 0;
  const counts = errorCounts(c.reference, r.transcript);
  if (counts == null) return 0;
  return applyFactor(accuracy(counts), latencyFactor(r.latencyMs, c.latencyBudgetMs));
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}

// ---- outside the scoring ABI: tests and benchmarks call these directly ----

/** The four counts (Nw, Ew, Nc, Ec) of two raw UTF-8 texts, as i32 at `out`; 0, or -1 past the limits. */
export function error_counts(r: usize, rLen: i32, h: usize, hLen: i32, out: usize): i32 {
  rewindScratch();
  return writeCounts(errorCounts(new Bytes(r, rLen), new Bytes(h, hLen)), out, false);
}

/** Word counts only (Nw, Ew at `out`), for benchmarks. */
export function word_error_counts(r: usize, rLen: i32, h: usize, hLen: i32, out: usize): i32 {
  rewindScratch();
  return writeCounts(errorCounts(new Bytes(r, rLen), new Bytes(h, hLen), true), out, true);
}

function writeCounts(e: ErrorCounts | null, out: usize, wordsOnly: bool): i32 {
  if (e == null) return -1;
  store<i32>(out, <i32>e.words);
  store<i32>(out + 4, <i32>e.wordEdits);
  if (wordsOnly) return 0;
  store<i32>(out + 8, <i32>e.chars);
  store<i32>(out + 12, <i32>e.charEdits);
  return 0;
}
