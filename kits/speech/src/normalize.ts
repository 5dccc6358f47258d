/**
 * Text normalisation and the error rates, in plain TypeScript: the reference the WASM scoring
 * module (assembly/scoring.ts) is tested against, and what `verify` uses to compare transcripts.
 *
 * Normalisation, applied to the reference and to the transcript alike:
 * - ASCII letters are lowercased; any other character from U+00C0 up (é, ß, 中, …) is a letter
 *   and kept as it is;
 * - runs of digits become English number words, "42" → "forty two", "1905" → "one thousand nine
 *   hundred five" (no "and"), up to 12 digits; longer runs, and runs with a leading zero ("007"),
 *   are read digit by digit; a comma between two digits is dropped ("1,000" → "1000"); digits and
 *   letters are separate words ("3rd" → "three rd");
 * - an apostrophe (' or ’) inside a word and before an ASCII letter is dropped ("don't" → "dont");
 * - everything else separates words: ASCII punctuation and spaces, U+0080–U+00BF (no-break space,
 *   «», ¿, …) and U+2000–U+203F (dashes, curly quotes, ellipsis, …).
 *
 * WER = Ew / Nw and CER = Ec / Nc, with Ew and Ec the Levenshtein distances over words and over
 * the code points of the words joined by one space, and Nw, Nc the reference's counts.
 */
import { SpeechError, SpeechErrorCode } from "./errors.js";

/** Scoring limits per normalised side (the WASM module scores 0 beyond them). */
export const MAX_WORDS = 4096;
export const MAX_CHARS = 16384;

const ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES: Array<[number, string]> = [
  [1e9, "billion"],
  [1e6, "million"],
  [1e3, "thousand"],
  [1, ""],
];

function hundreds(g: number): string[] {
  const out: string[] = [];
  const h = Math.floor(g / 100);
  const r = g % 100;
  if (h > 0) out.push(ONES[h]!, "hundred");
  if (r >= 20) {
    out.push(TENS[Math.floor(r / 10)]!);
    if (r % 10) out.push(ONES[r % 10]!);
  } else if (r > 0) out.push(ONES[r]!);
  return out;
}

/** The words of a run of ASCII digits ("1905" → one thousand nine hundred five). */
export function numberWords(digits: string): string[] {
  if (digits.length > 12 || (digits.length > 1 && digits[0] === "0")) return [...digits].map((d) => ONES[Number(d)]!);
  const v = Number(digits);
  if (v === 0) return ["zero"];
  const out: string[] = [];
  for (const [scale, name] of SCALES) {
    const g = Math.floor(v / scale) % 1000;
    if (g > 0) {
      out.push(...hundreds(g));
      if (name) out.push(name);
    }
  }
  return out;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isAsciiLetter = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
const isSeparator = (cp: number) => cp < 0x80 || cp <= 0xbf || (cp >= 0x2000 && cp <= 0x203f);

/** The normalised words of a text (rules in the header). */
export function normalizeWords(text: string): string[] {
  const cps = Array.from(text);
  const words: string[] = [];
  let cur = "";
  const flush = () => {
    if (cur) words.push(cur);
    cur = "";
  };
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (isDigit(ch)) {
      flush();
      let run = "";
      for (; i < cps.length; i++) {
        if (isDigit(cps[i])) run += cps[i];
        else if (cps[i] === "," && run && isDigit(cps[i + 1])) continue;
        else break;
      }
      i--;
      words.push(...numberWords(run));
    } else if (isAsciiLetter(ch)) cur += ch.toLowerCase();
    else if ((ch === "'" || ch === "\u2019") && cur && isAsciiLetter(cps[i + 1])) continue;
    else if (isSeparator(ch.codePointAt(0)!)) flush();
    else cur += ch;
  }
  flush();
  return words;
}

/** The normalised text: its words joined by one space. */
export const normalizeText = (text: string) => normalizeWords(text).join(" ");

/** Levenshtein distance between two sequences (one DP row). */
export function levenshtein<T>(a: readonly T[], b: readonly T[]): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(diag + (a[i - 1] === b[j - 1] ? 0 : 1), up + 1, row[j - 1]! + 1);
      diag = up;
    }
  }
  return row[b.length]!;
}

/** Word and character error counts of a transcript against a reference. */
export interface ErrorCounts {
  /** Reference words. */
  nw: number;
  /** Word edits (substitutions + deletions + insertions). */
  ew: number;
  /** Reference characters (code points of the normalised text). */
  nc: number;
  /** Character edits. */
  ec: number;
}

/** Checks a text against the scoring limits; throws SPEECH_TEXT_TOO_LARGE naming `field`. */
export function checkText(text: string, field: string, maxBytes = 64 * 1024): string[] {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes)
    throw new SpeechError(
      SpeechErrorCode.TEXT_TOO_LARGE,
      field,
      `${bytes} bytes, above the limit of ${maxBytes}; send at most ${maxBytes} bytes of UTF-8 text (a clip's transcript is a few hundred)`,
    );
  const words = normalizeWords(text);
  if (words.length > MAX_WORDS)
    throw new SpeechError(
      SpeechErrorCode.TEXT_TOO_LARGE,
      field,
      `${words.length} words after normalisation, above ${MAX_WORDS}; split the audio into shorter clips`,
    );
  const chars = Array.from(words.join(" ")).length;
  if (chars > MAX_CHARS)
    throw new SpeechError(
      SpeechErrorCode.TEXT_TOO_LARGE,
      field,
      `${chars} characters after normalisation, above ${MAX_CHARS}; split the audio into shorter clips`,
    );
  return words;
}

/** WER and CER counts (Nw, Ew, Nc, Ec); texts past the limits throw a typed error naming the field. */
export function errorCounts(reference: string, transcript: string): ErrorCounts {
  const r = checkText(reference, "reference");
  const h = checkText(transcript, "transcript");
  const rc = Array.from(r.join(" "));
  return { nw: r.length, ew: levenshtein(r, h), nc: rc.length, ec: levenshtein(rc, Array.from(h.join(" "))) };
}

/** Word error rate (edits / reference words; may exceed 1). 0 for an empty reference and transcript. */
export function wordErrorRate(reference: string, transcript: string): number {
  const c = errorCounts(reference, transcript);
  return c.nw === 0 ? (c.ew === 0 ? 0 : 1) : c.ew / c.nw;
}

/** Character error rate (edits / reference characters). */
export function charErrorRate(reference: string, transcript: string): number {
  const c = errorCounts(reference, transcript);
  return c.nc === 0 ? (c.ec === 0 ? 0 : 1) : c.ec / c.nc;
}

/**
 * The u16 score the WASM module computes, in plain TypeScript: ⌊65535 · (3·(1 − min(WER, 1)) +
 * (1 − min(CER, 1))) / 4⌋ in exact integers, times the latency factor (1 within the budget, down
 * linearly to ½ at three times it).
 */
export function speechScore(reference: string, transcript: string, latencyMs = 0, latencyBudgetMs = 5000): number {
  const { nw, ew, nc, ec } = errorCounts(reference, transcript);
  if (nw === 0 || nc === 0) return 0;
  const accW = nw - Math.min(ew, nw);
  const accC = nc - Math.min(ec, nc);
  const quality = Math.floor((65535 * (3 * accW * nc + accC * nw)) / (4 * nw * nc));
  const budget = latencyBudgetMs > 0 ? latencyBudgetMs : 5000;
  const latency = Math.round(latencyMs);
  let factor = 65536;
  if (latency > budget) factor = 65536 - Math.floor((Math.min(latency - budget, 2 * budget) * 32768) / (2 * budget));
  return Number((BigInt(quality) * BigInt(factor)) >> 16n);
}
