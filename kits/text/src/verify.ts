/**
 * Anti-cheat for the text market, over one round's responses:
 * - empty or whitespace-only completions, completions above the byte limit, and text that was not
 *   valid UTF-8 on the wire (it arrives with U+FFFD replacement characters or lone surrogates)
 *   are vetoed;
 * - copies: when several miners return the same *long* answer (≥ `copyMinTokens` tokens and a
 *   token-set Jaccard similarity ≥ `copySimilarity`), only the earliest keeps it and the later
 *   ones are vetoed. Short answers are never treated as copies: honest miners often give the same
 *   correct short answer ("The capital of France is Paris.").
 */
import type { RoundEntry, Verdict } from "@tao-subnet/sdk/kit";

export interface VerifyOptions {
  maxBytes: number;
  copyMinTokens: number;
  copySimilarity: number;
}

const tokens = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

export function verifyTextRound<Req, E>(entries: Array<RoundEntry<Req, { completion: string }, E>>, options: VerifyOptions): Verdict {
  const vetoed: Verdict["vetoed"] = [];
  const longOnes: Array<{ uid: number; latencyMs: number; set: Set<string> }> = [];
  for (const e of entries) {
    const text = e.response?.completion;
    if (text === undefined) continue;
    if (text.trim() === "") vetoed.push({ uid: e.uid, reason: "empty completion" });
    else if (Buffer.byteLength(text, "utf8") > options.maxBytes) vetoed.push({ uid: e.uid, reason: `completion above ${options.maxBytes} bytes` });
    else if (text.includes("\uFFFD") || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
      vetoed.push({ uid: e.uid, reason: "completion is not valid UTF-8" });
    else {
      const t = tokens(text);
      if (t.length >= options.copyMinTokens) longOnes.push({ uid: e.uid, latencyMs: e.latencyMs, set: new Set(t) });
    }
  }
  // earliest first; a later near-duplicate of an earlier long answer is a copy
  longOnes.sort((a, b) => a.latencyMs - b.latencyMs || a.uid - b.uid);
  for (let i = 0; i < longOnes.length; i++) {
    for (let j = 0; j < i; j++) {
      if (jaccard(longOnes[i]!.set, longOnes[j]!.set) >= options.copySimilarity) {
        vetoed.push({ uid: longOnes[i]!.uid, reason: `near-duplicate of uid ${longOnes[j]!.uid}'s earlier answer` });
        break;
      }
    }
  }
  return { vetoed };
}
