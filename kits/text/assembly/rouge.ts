// The text kit's quality primitives, in integers: tokens, the longest common subsequence (ROUGE-L)
// and the multiset overlap (token F1). Tokens are runs of ASCII letters/digits (lowercased) and
// non-ASCII bytes, each kept as its FNV-1a hash; at most 4,096 per text. Working memory comes from
// the scoring library's per-item scratch region.
import { Bytes, scratch } from "@tao-subnet/sdk/assembly/scoring";

export const MAX_TOKENS: i32 = 4096;

/** A text's token hashes (u32 each) in order. */
export class Tokens {
  constructor(public readonly ptr: usize, public readonly length: i32) {}
  @inline at(i: i32): u32 { return load<u32>(this.ptr + (<usize>i << 2)); }
}

/** The tokens of UTF-8 `text` (at most MAX_TOKENS). */
export function tokenize(text: Bytes): Tokens {
  const out = scratch(<usize>MAX_TOKENS << 2);
  const len = text.length;
  let n = 0;
  let h: u32 = 0x811c9dc5;
  let inTok = false;
  for (let i = 0; i <= len; i++) {
    let c: u32 = i < len ? text.at(i) : 0x20;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    const word = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c >= 0x80;
    if (word) {
      if (!inTok) { h = 0x811c9dc5; inTok = true; }
      h = (h ^ c) * 0x01000193;
    } else if (inTok) {
      if (n < MAX_TOKENS) store<u32>(out + (<usize>n << 2), h);
      n++;
      inTok = false;
    }
  }
  return new Tokens(out, min(n, MAX_TOKENS));
}

/** Length of the longest common subsequence of two token lists (two DP rows). */
export function lcs(a: Tokens, b: Tokens): i32 {
  const nb = b.length;
  const prev = scratch(<usize>(nb + 1) << 2);
  const cur = scratch(<usize>(nb + 1) << 2);
  memory.fill(prev, 0, <usize>(nb + 1) << 2);
  for (let i = 1; i <= a.length; i++) {
    const ai = a.at(i - 1);
    store<u32>(cur, 0);
    for (let j = 1; j <= nb; j++) {
      let v: u32;
      if (ai == b.at(j - 1)) v = load<u32>(prev + (<usize>(j - 1) << 2)) + 1;
      else {
        const up = load<u32>(prev + (<usize>j << 2));
        const left = load<u32>(cur + (<usize>(j - 1) << 2));
        v = up > left ? up : left;
      }
      store<u32>(cur + (<usize>j << 2), v);
    }
    memory.copy(prev, cur, <usize>(nb + 1) << 2);
  }
  return <i32>load<u32>(prev + (<usize>nb << 2));
}

/** Size of the multiset intersection of two token lists (sorted copies, merged). */
export function overlap(a: Tokens, b: Tokens): i32 {
  const x = sortedCopy(a);
  const y = sortedCopy(b);
  let i = 0, j = 0, m = 0;
  while (i < a.length && j < b.length) {
    const u = load<u32>(x + (<usize>i << 2));
    const v = load<u32>(y + (<usize>j << 2));
    if (u == v) { m++; i++; j++; } else if (u < v) i++; else j++;
  }
  return m;
}

/**
 * The kit's quality, in 1/65535, floored: (LCS + overlap) / (|ref| + |cand|), the mean of ROUGE-L
 * F1 (β = 1: 2·LCS/(|ref|+|cand|)) and token F1 (2·overlap/(|ref|+|cand|)); 0 when either side
 * has no tokens.
 */
export function rougeTokenQuality(reference: Bytes, candidate: Bytes): i64 {
  const ref = tokenize(reference);
  const cand = tokenize(candidate);
  if (ref.length == 0 || cand.length == 0) return 0;
  return (<i64>(lcs(ref, cand) + overlap(ref, cand)) * 65535) / <i64>(ref.length + cand.length);
}

function sortedCopy(t: Tokens): usize {
  const p = scratch(<usize>max(t.length, 1) << 2);
  memory.copy(p, t.ptr, <usize>t.length << 2);
  const n = t.length;
  // heap sort, in place
  for (let s = (n >> 1) - 1; s >= 0; s--) sift(p, s, n);
  for (let e = n - 1; e > 0; e--) {
    const v = load<u32>(p);
    store<u32>(p, load<u32>(p + (<usize>e << 2)));
    store<u32>(p + (<usize>e << 2), v);
    sift(p, 0, e);
  }
  return p;
}

function sift(p: usize, start: i32, end: i32): void {
  let root = start;
  while (true) {
    let child = (root << 1) + 1;
    if (child >= end) return;
    if (child + 1 < end && load<u32>(p + (<usize>child << 2)) < load<u32>(p + (<usize>(child + 1) << 2))) child++;
    if (load<u32>(p + (<usize>root << 2)) >= load<u32>(p + (<usize>child << 2))) return;
    const v = load<u32>(p + (<usize>root << 2));
    store<u32>(p + (<usize>root << 2), load<u32>(p + (<usize>child << 2)));
    store<u32>(p + (<usize>child << 2), v);
    root = child;
  }
}
