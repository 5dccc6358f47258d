// Word and character error counts of a transcript against a reference: both normalised
// (./normalize), then word-level Levenshtein over interned word ids and character-level Levenshtein
// over code points, all in integers.
import { Bytes, reserveScratch, scratch } from "@tao-subnet/sdk/assembly/scoring";
import { MAX_CHARS, MAX_WORDS, newWords, normalize, seqLen, Words } from "./normalize";

/** Nw, Ew (reference words, word edits) and Nc, Ec (reference characters, character edits). */
export class ErrorCounts {
  constructor(public readonly words: i64, public readonly wordEdits: i64, public readonly chars: i64, public readonly charEdits: i64) {}
}

/** Scratch one pair of texts of these byte lengths can need: normalised text ≤ 24 bytes per input byte; word tables, intern table, DP row, code points. */
function scratchFor(aLen: i32, bLen: i32): usize {
  return <usize>(aLen + bLen) * 26 + (<usize>MAX_WORDS << 6) + (<usize>MAX_CHARS << 4) + 4096;
}

/**
 * The error counts of `transcript` against `reference` (raw UTF-8); null past the limits (4,096
 * words or 16,384 characters on a normalised side). `wordsOnly` leaves the character counts 0.
 */
export function errorCounts(reference: Bytes, transcript: Bytes, wordsOnly: bool = false): ErrorCounts | null {
  const r = reference.ptr, rLen = reference.length, h = transcript.ptr, hLen = transcript.length;
  reserveScratch(scratchFor(rLen, hLen));
  const digits = scratch(<usize>max(rLen, hLen) + 1);
  const ref = newWords(rLen);
  normalize(r, rLen, ref, digits);
  const hyp = newWords(hLen);
  normalize(h, hLen, hyp, digits);
  if (ref.overflow || hyp.overflow) return null;
  const ri = scratch(<usize>max(ref.n, 1) << 2);
  const hi = scratch(<usize>max(hyp.n, 1) << 2);
  internWords(ref, hyp, ri, hi);
  const row = scratch(<usize>(max(hyp.n, hyp.chars) + 1) << 2);
  const wordEdits = levenshtein(ri, ref.n, hi, hyp.n, row);
  if (wordsOnly) return new ErrorCounts(ref.n, wordEdits, 0, 0);
  const rc = scratch(<usize>max(ref.chars, 1) << 2);
  const hc = scratch(<usize>max(hyp.chars, 1) << 2);
  const nrc = codePoints(ref, rc);
  const nhc = codePoints(hyp, hc);
  return new ErrorCounts(ref.n, wordEdits, nrc, levenshtein(rc, nrc, hc, nhc, row));
}

/** Levenshtein distance between two u32 sequences (one DP row of nb + 1 entries at `row`). */
export function levenshtein(a: usize, na: i32, b: usize, nb: i32, row: usize): i32 {
  for (let j = 0; j <= nb; j++) store<u32>(row + (<usize>j << 2), j);
  for (let i = 1; i <= na; i++) {
    const ai = load<u32>(a + (<usize>(i - 1) << 2));
    let diag = load<u32>(row); // D[i-1][0]
    store<u32>(row, i);
    let left: u32 = i; // D[i][j-1]
    for (let j = 1; j <= nb; j++) {
      const up = load<u32>(row + (<usize>j << 2)); // D[i-1][j]
      let v = diag + (ai == load<u32>(b + (<usize>(j - 1) << 2)) ? 0 : 1);
      if (up + 1 < v) v = up + 1;
      if (left + 1 < v) v = left + 1;
      store<u32>(row + (<usize>j << 2), v);
      diag = up;
      left = v;
    }
  }
  return <i32>load<u32>(row + (<usize>nb << 2));
}

/** Gives every distinct word of `x` and `y` one id (exact byte equality); ids at `xi`, `yi`. */
function internWords(x: Words, y: Words, xi: usize, yi: usize): void {
  let size = 16;
  while (size < (x.n + y.n) * 2) size <<= 1;
  const table = scratch(<usize>size << 2); // word id + 1 (0 = empty)
  memory.fill(table, 0, <usize>size << 2);
  const firstBuf = scratch(<usize>(x.n + y.n) << 2); // per id: the words struct (0 = x, 1 = y) and index
  let ids = 0;
  for (let side = 0; side < 2; side++) {
    const w = side == 0 ? x : y;
    const out = side == 0 ? xi : yi;
    for (let k = 0; k < w.n; k++) {
      const s = w.buf + <usize>load<i32>(w.starts + (<usize>k << 2));
      const l = load<i32>(w.lens + (<usize>k << 2));
      let h: u32 = 0x811c9dc5;
      for (let t = 0; t < l; t++) h = (h ^ <u32>load<u8>(s + t)) * 0x01000193;
      let slot = <i32>(h & <u32>(size - 1));
      let id = -1;
      while (true) {
        const e = load<i32>(table + (<usize>slot << 2));
        if (e == 0) break;
        const ref = load<u32>(firstBuf + (<usize>(e - 1) << 2));
        const rw = (ref >> 31) == 0 ? x : y;
        const rk = <i32>(ref & 0x7fffffff);
        const rl = load<i32>(rw.lens + (<usize>rk << 2));
        if (rl == l && memory.compare(rw.buf + <usize>load<i32>(rw.starts + (<usize>rk << 2)), s, <usize>l) == 0) { id = e - 1; break; }
        slot = (slot + 1) & (size - 1);
      }
      if (id < 0) {
        id = ids++;
        store<i32>(table + (<usize>slot << 2), id + 1);
        store<u32>(firstBuf + (<usize>id << 2), (<u32>side << 31) | <u32>k);
      }
      store<u32>(out + (<usize>k << 2), id);
    }
  }
}

/** The code points of a normalised text, each as its UTF-8 bytes packed in a u32; returns the count. */
function codePoints(w: Words, out: usize): i32 {
  let n = 0;
  let i = 0;
  while (i < w.len) {
    const c: u32 = load<u8>(w.buf + i);
    const l = min(seqLen(c), w.len - i);
    let v: u32 = 0;
    for (let t = 0; t < l; t++) v = (v << 8) | <u32>load<u8>(w.buf + i + t);
    store<u32>(out + (<usize>n << 2), v);
    n++;
    i += l;
  }
  return n;
}
