/**
 * Anti-cheat for the speech market, over one round's transcripts:
 * - empty transcripts (nothing left after normalisation), transcripts above the byte limit, and
 *   text that was not valid UTF-8 on the wire (U+FFFD or lone surrogates) are vetoed;
 * - copies: every uid gets its own clip, so a transcript is a copy when it fits *another* clip
 *   better than its own: identical (after normalisation) to an earlier transcript of a different
 *   clip, or with a lower word error rate against another clip's reference (this round's, or one
 *   of the recent rounds' this kit remembers) than against its own, that rate being at most
 *   `copyWer`. A miner replaying last round's answers, or another miner's, is caught either way.
 */
import type { RoundEntry, Verdict } from "@tao-subnet/sdk/kit";
import { levenshtein, normalizeWords } from "./normalize.js";

export interface SpeechVerifyOptions {
  /** Largest accepted transcript in UTF-8 bytes. */
  maxBytes: number;
  /** A transcript at most this word error rate from another clip's reference (and closer to it than to its own) is a copy. */
  copyWer: number;
}

/** The references of recent rounds (a bounded ring), so replays of earlier answers are recognised. */
export class RecentReferences {
  private ring: string[][] = [];
  private next = 0;
  constructor(readonly size = 64) {}
  /** Remembers a reference's normalised words. */
  add(words: string[]): void {
    if (this.ring.length < this.size) this.ring.push(words);
    else this.ring[this.next] = words;
    this.next = (this.next + 1) % this.size;
  }
  all(): readonly string[][] {
    return this.ring;
  }
}

const wer = (ref: string[], hyp: string[]) => (ref.length === 0 ? 1 : levenshtein(ref, hyp) / ref.length);
const badUtf8 = (t: string) => t.includes("\uFFFD") || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(t);

/** The round's veto list (see the file comment); this round's references then join `recent`. */
export function verifySpeechRound<Req>(
  entries: Array<RoundEntry<Req, { transcript: string }, { reference: string }>>,
  options: SpeechVerifyOptions,
  recent: RecentReferences,
): Verdict {
  const vetoed: Verdict["vetoed"] = [];
  const refs = new Map(entries.map((e) => [e.uid, normalizeWords(e.challenge.expected.reference)]));
  const live: Array<{ uid: number; latencyMs: number; words: string[]; ref: string[] }> = [];
  for (const e of entries) {
    const text = e.response?.transcript;
    if (text === undefined) continue;
    if (Buffer.byteLength(text, "utf8") > options.maxBytes) vetoed.push({ uid: e.uid, reason: `transcript above ${options.maxBytes} bytes` });
    else if (badUtf8(text)) vetoed.push({ uid: e.uid, reason: "transcript is not valid UTF-8" });
    else {
      const words = normalizeWords(text);
      if (words.length === 0) vetoed.push({ uid: e.uid, reason: "empty transcript" });
      else live.push({ uid: e.uid, latencyMs: e.latencyMs, words, ref: refs.get(e.uid)! });
    }
  }
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);
  live.sort((a, b) => a.latencyMs - b.latencyMs || a.uid - b.uid);
  for (let i = 0; i < live.length; i++) {
    const x = live[i]!;
    const earlier = live.slice(0, i).find((y) => !same(y.ref, x.ref) && same(y.words, x.words));
    if (earlier) {
      vetoed.push({ uid: x.uid, reason: `same transcript as uid ${earlier.uid}'s earlier one, for a different clip` });
      continue;
    }
    const own = wer(x.ref, x.words);
    const others: Array<[string, string[]]> = [
      ...live.filter((y) => y.uid !== x.uid).map((y) => [`the clip sent to uid ${y.uid}`, y.ref] as [string, string[]]),
      ...[...refs]
        .filter(([uid]) => !live.some((y) => y.uid === uid) && uid !== x.uid)
        .map(([uid, r]) => [`the clip sent to uid ${uid}`, r] as [string, string[]]),
      ...recent.all().map((r) => ["a clip of an earlier round", r] as [string, string[]]),
    ];
    for (const [what, r] of others) {
      if (same(r, x.ref)) continue;
      const w = wer(r, x.words);
      if (w <= options.copyWer && w < own) {
        vetoed.push({ uid: x.uid, reason: `transcript fits ${what} (WER ${w.toFixed(2)}) better than its own (WER ${own.toFixed(2)})` });
        break;
      }
    }
  }
  for (const r of refs.values()) recent.add(r);
  return { vetoed };
}
