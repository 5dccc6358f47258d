/**
 * Your subnet's score, in TypeScript: the text kit's scoring rule, yours to edit. It runs in the
 * validator process (no sandbox, no pinned module), so keep it deterministic: integers only, no
 * clock, no randomness, no I/O; every validator must compute the same number from the same answer.
 *
 *   quality = (LCS + overlap) / (|ref| + |cand|) over tokens, i.e. the mean of ROUGE-L F1 (β = 1)
 *   and token F1, in 1/65535 units, floored;
 *   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget and staying there.
 * Tokens: runs of ASCII letters/digits (lowercased) and non-ASCII bytes; at most 4,096 per side.
 *
 * It gives the same scores as the kit's AssemblyScript module (`--scoring assemblyscript`) on the
 * same answers, so you can move to the sandboxed module later without changing the market.
 */

import type { TextExpected, TextResponse } from "@tao-subnet/kit-text";
import type { RoundEntry } from "@tao-subnet/sdk/kit";

const MAX_TOKENS = 4096;
const utf8 = new TextEncoder();

/** FNV-1a hashes of the tokens of `text`'s UTF-8 bytes (at most MAX_TOKENS). */
export function tokenize(text: string): Uint32Array {
  const bytes = utf8.encode(text);
  const out: number[] = [];
  let h = 0x811c9dc5;
  let inToken = false;
  for (let i = 0; i <= bytes.length && out.length < MAX_TOKENS; i++) {
    let c = i < bytes.length ? bytes[i]! : 0x20;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    const word = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c >= 0x80;
    if (word) {
      if (!inToken) {
        h = 0x811c9dc5;
        inToken = true;
      }
      h = Math.imul(h ^ c, 0x01000193) >>> 0;
    } else if (inToken) {
      out.push(h);
      inToken = false;
    }
  }
  return Uint32Array.from(out);
}

/** Longest common subsequence length (two DP rows). */
export function lcs(a: Uint32Array, b: Uint32Array): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = 0;
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Size of the multiset intersection of two token lists. */
export function overlap(a: Uint32Array, b: Uint32Array): number {
  const x = a.slice().sort();
  const y = b.slice().sort();
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      m++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return m;
}

/** One answer → a u16 score (0..65535). */
export function scoreText(reference: string, completion: string, latencyMs: number, latencyBudgetMs: number): number {
  const ref = tokenize(reference);
  const cand = tokenize(completion);
  if (ref.length === 0 || cand.length === 0) return 0;
  const quality = Math.floor(((lcs(ref, cand) + overlap(ref, cand)) * 65535) / (ref.length + cand.length));
  const budget = Number.isInteger(latencyBudgetMs) && latencyBudgetMs > 0 ? latencyBudgetMs : 2000;
  const latency = Math.round(latencyMs);
  let factor = 65536; // in 1/65536
  if (latency > budget) factor = 65536 - Math.floor((Math.min(latency - budget, 2 * budget) * 32768) / (2 * budget));
  return Math.floor((quality * factor) / 65536);
}

/** The kit's `score` hook: called for every answered, unvetoed entry of a round. */
export function score(entry: RoundEntry<unknown, TextResponse, TextExpected>): number {
  return scoreText(entry.challenge.expected.reference, entry.response?.completion ?? "", entry.latencyMs, entry.challenge.expected.latencyBudgetMs);
}
