// The speech kit's text normalisation, in integers over UTF-8 (the same rules as src/normalize.ts,
// which documents them and which the tests compare against):
//   ASCII letters lowercased; runs of digits become English number words ("42" → "forty two");
//   a comma between two digits is dropped ("1,000" → "1000"); an apostrophe (' or U+2019) inside
//   a word and followed by an ASCII letter is dropped ("don't" → "dont"); other ASCII characters,
//   U+0080–U+00BF and U+2000–U+203F separate words; any other non-ASCII character is a letter.
// At most 4,096 words and 16,384 characters per text; beyond, the text is marked `overflow`.
// Buffers come from the scoring library's per-item scratch region.
import { scratch } from "@tao-subnet/sdk/assembly/scoring";

export const MAX_WORDS: i32 = 4096;
export const MAX_CHARS: i32 = 16384;

const ONES: string[] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS: string[] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES: string[] = ["billion", "million", "thousand", ""];

/** A normalised text: words (UTF-8) at `buf`, separated by one space; word starts and lengths. */
export class Words {
  buf: usize = 0;
  len: i32 = 0;
  starts: usize = 0;
  lens: usize = 0;
  n: i32 = 0;
  chars: i32 = 0;
  overflow: bool = false;
  open: bool = false;
}

/** Starts a word (a space before it unless it is the first). */
function begin(w: Words): void {
  if (w.n >= MAX_WORDS) { w.overflow = true; return; }
  if (w.n > 0) { store<u8>(w.buf + w.len++, 0x20); w.chars++; }
  store<i32>(w.starts + (<usize>w.n << 2), w.len);
  w.open = true;
}

/** Ends the open word. */
function end(w: Words): void {
  if (!w.open) return;
  const s = load<i32>(w.starts + (<usize>w.n << 2));
  store<i32>(w.lens + (<usize>w.n << 2), w.len - s);
  w.n++;
  w.open = false;
}

/** Appends `n` bytes of one character to the open word. */
@inline function put(w: Words, p: usize, n: i32): void {
  memory.copy(w.buf + w.len, p, <usize>n);
  w.len += n;
  w.chars++;
}

/** Emits an ASCII word. */
function emitWord(w: Words, s: string): void {
  if (w.overflow) return;
  begin(w);
  if (w.overflow) return;
  for (let i = 0; i < s.length; i++) { store<u8>(w.buf + w.len++, <u8>s.charCodeAt(i)); w.chars++; }
  end(w);
}

/** Emits 1..999 in words ("one hundred twenty three"). */
function emitHundreds(w: Words, g: i32): void {
  const h = g / 100;
  const r = g % 100;
  if (h > 0) { emitWord(w, ONES[h]); emitWord(w, "hundred"); }
  if (r >= 20) { emitWord(w, TENS[r / 10]); if (r % 10 > 0) emitWord(w, ONES[r % 10]); }
  else if (r > 0) emitWord(w, ONES[r]);
}

/** Emits a run of `nd` ASCII digits at `d`: a cardinal up to 12 digits, else (or with a leading zero) digit by digit. */
function emitNumber(w: Words, d: usize, nd: i32): void {
  if (nd > 12 || (nd > 1 && load<u8>(d) == 0x30)) {
    for (let i = 0; i < nd; i++) emitWord(w, ONES[load<u8>(d + i) - 0x30]);
    return;
  }
  let v: u64 = 0;
  for (let i = 0; i < nd; i++) v = v * 10 + <u64>(load<u8>(d + i) - 0x30);
  if (v == 0) { emitWord(w, "zero"); return; }
  let scale: u64 = 1_000_000_000;
  for (let k = 0; k < 4; k++) {
    const g = <i32>((v / scale) % 1000);
    if (g > 0) {
      emitHundreds(w, g);
      if (k < 3) emitWord(w, SCALES[k]);
    }
    scale /= 1000;
  }
}

@inline function isDigit(c: u32): bool { return c >= 0x30 && c <= 0x39; }
@inline function isAsciiLetter(c: u32): bool { return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a); }

/** Bytes in the UTF-8 sequence led by `c` (1 for a stray continuation byte). */
@inline export function seqLen(c: u32): i32 { return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1; }

/** Normalises `len` UTF-8 bytes at `p` into `w` (whose buffers hold ≥ 8·len + 64 bytes and MAX_WORDS entries). */
export function normalize(p: usize, len: i32, w: Words, digits: usize): void {
  let i = 0;
  while (i < len && !w.overflow) {
    const c: u32 = load<u8>(p + i);
    if (isDigit(c)) {
      end(w);
      let nd = 0;
      while (i < len) {
        const d: u32 = load<u8>(p + i);
        if (isDigit(d)) { store<u8>(digits + nd++, <u8>d); i++; }
        else if (d == 0x2c && nd > 0 && i + 1 < len && isDigit(load<u8>(p + i + 1))) i++;
        else break;
      }
      emitNumber(w, digits, nd);
      continue;
    }
    if (isAsciiLetter(c)) {
      if (!w.open) begin(w);
      if (w.overflow) break;
      store<u8>(w.buf + w.len++, <u8>(c >= 0x41 && c <= 0x5a ? c + 0x20 : c));
      w.chars++;
      i++;
      continue;
    }
    if (c < 0x80) {
      // an apostrophe inside a word, before an ASCII letter, is dropped; anything else separates
      if (c == 0x27 && w.open && i + 1 < len && isAsciiLetter(load<u8>(p + i + 1))) { i++; continue; }
      end(w);
      i++;
      continue;
    }
    const n = min(seqLen(c), len - i);
    const b1: u32 = n > 1 ? load<u8>(p + i + 1) : 0;
    const rightQuote = c == 0xe2 && b1 == 0x80 && n == 3 && load<u8>(p + i + 2) == 0x99;
    if (rightQuote && w.open && i + 3 < len && isAsciiLetter(load<u8>(p + i + 3))) { i += 3; continue; }
    if ((c == 0xc2 && n == 2 && b1 <= 0xbf) || (c == 0xe2 && b1 == 0x80 && n == 3)) { end(w); i += n; continue; }
    if (!w.open) begin(w);
    if (w.overflow) break;
    put(w, p + i, n);
    i += n;
  }
  end(w);
  if (w.chars > MAX_CHARS) w.overflow = true;
}

export function newWords(len: i32): Words {
  const w = new Words();
  // a digit can expand to ~20 bytes of words ("seven hundred"), a byte of anything else to at most 2
  w.buf = scratch(<usize>len * 24 + 64);
  w.starts = scratch(<usize>MAX_WORDS << 2);
  w.lens = scratch(<usize>MAX_WORDS << 2);
  return w;
}
