// The speech kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md). Challenge and
// response are UTF-8 JSON: challenge {"reference": str, "latency_budget_ms"?: int}, response
// {"transcript": str, "latency_ms"?: int}. Everything is integer arithmetic.
//
// Normalisation (both texts, the same rules as src/normalize.ts, which documents them):
//   ASCII letters lowercased; runs of digits become English number words ("42" → "forty two");
//   a comma between two digits is dropped ("1,000" → "1000"); an apostrophe (' or U+2019) inside
//   a word and followed by an ASCII letter is dropped ("don't" → "dont"); other ASCII characters,
//   U+0080–U+00BF and U+2000–U+203F separate words; any other non-ASCII character is a letter.
// Metrics, over the normalised reference (Nw words, Nc characters: the words joined by one space):
//   WER = Ew / Nw, Ew = word-level Levenshtein distance to the transcript's words;
//   CER = Ec / Nc, Ec = character-level (code point) Levenshtein distance.
// Score = ⌊65535 · quality⌋ × latency factor, quality = (3·(1 − min(WER, 1)) + (1 − min(CER, 1))) / 4,
//   computed exactly as ⌊65535 · (3·(Nw − min(Ew, Nw))·Nc + (Nc − min(Ec, Nc))·Nw) / (4·Nw·Nc)⌋;
//   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget and staying there.
// Limits: 4,096 words and 16,384 characters per normalised side, 256 KiB of JSON per challenge or
// response; beyond any of them the pair scores 0 (the kit's TypeScript side rejects such input
// with a typed error before it gets here), so no input makes the module trap or run out of memory.

const MAX_WORDS: i32 = 4096;
const MAX_CHARS: i32 = 16384;
const MAX_JSON_BYTES: u32 = 256 * 1024; // a challenge or response this large scores 0 unread

export function abi_version(): i32 { return 1; }
export function reset(): void { __reset(); scratch = 0; scratchCap = 0; }
export function alloc(size: i32): usize { return __alloc(<usize>size); }

// ==== scratch memory: one region per batch, reused by every pair (the stub runtime never frees) ====

let scratch: usize = 0;
let scratchCap: usize = 0;
let scratchTop: usize = 0;

/** Makes sure the scratch region holds what one pair of these byte lengths can need, and empties it. */
function beginPair(aLen: i32, bLen: i32): void {
  // normalised text ≤ 24 bytes per input byte; fixed: word tables, intern table, DP row, code points
  const need = <usize>(aLen + bLen) * 26 + (<usize>MAX_WORDS << 6) + (<usize>MAX_CHARS << 4) + 4096;
  if (need > scratchCap) { scratch = __alloc(need); scratchCap = need; }
  scratchTop = scratch;
}

/** `n` bytes of scratch, 8-aligned. */
function take(n: usize): usize {
  const p = scratchTop;
  scratchTop += (n + 7) & ~<usize>7;
  return p;
}

// ==== minimal JSON reading: the value of a top-level string or integer field ====

@inline function isSpace(c: u8): bool { return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d; }

/** Position just after `"key":` at depth 1 (whitespace skipped), or -1. */
function findKey(p: usize, len: u32, key: string): i32 {
  const k = String.UTF8.encode(key);
  const kp = changetype<usize>(k);
  const kl = <u32>k.byteLength;
  let depth = 0;
  let inStr = false;
  for (let i: u32 = 0; i < len; i++) {
    const c = load<u8>(p + i);
    if (inStr) {
      if (c == 0x5c) i++;
      else if (c == 0x22) inStr = false;
      continue;
    }
    if (c == 0x7b || c == 0x5b) { depth++; continue; }
    if (c == 0x7d || c == 0x5d) { depth--; continue; }
    if (c != 0x22) continue;
    if (depth == 1 && i + 1 + kl + 1 <= len && load<u8>(p + i + 1 + kl) == 0x22 && memory.compare(p + i + 1, kp, kl) == 0) {
      let j = i + 2 + kl;
      while (j < len && isSpace(load<u8>(p + j))) j++;
      if (j < len && load<u8>(p + j) == 0x3a) {
        j++;
        while (j < len && isSpace(load<u8>(p + j))) j++;
        return <i32>j;
      }
    }
    inStr = true;
  }
  return -1;
}

/** Decodes the JSON string at `p + at` into UTF-8 at `out`; returns its byte length, or -1. */
function readString(p: usize, len: u32, at: i32, out: usize): i32 {
  if (at < 0 || <u32>at >= len || load<u8>(p + at) != 0x22) return -1;
  let o = 0;
  for (let i = <u32>at + 1; i < len; i++) {
    const c = load<u8>(p + i);
    if (c == 0x22) return o;
    if (c != 0x5c) { store<u8>(out + o++, c); continue; }
    i++;
    if (i >= len) return -1;
    const e = load<u8>(p + i);
    if (e == 0x6e || e == 0x74 || e == 0x72 || e == 0x62 || e == 0x66) store<u8>(out + o++, 0x20); // \n \t \r \b \f: separators
    else if (e == 0x75) {
      if (i + 4 >= len) return -1;
      let cp: u32 = 0;
      for (let k: u32 = 1; k <= 4; k++) {
        const h = load<u8>(p + i + k);
        const v: u32 = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : 0xff;
        if (v == 0xff) return -1;
        cp = (cp << 4) | v;
      }
      i += 4;
      if (cp < 0x80) store<u8>(out + o++, <u8>cp);
      else if (cp < 0x800) { store<u8>(out + o++, <u8>(0xc0 | (cp >> 6))); store<u8>(out + o++, <u8>(0x80 | (cp & 0x3f))); }
      else { store<u8>(out + o++, <u8>(0xe0 | (cp >> 12))); store<u8>(out + o++, <u8>(0x80 | ((cp >> 6) & 0x3f))); store<u8>(out + o++, <u8>(0x80 | (cp & 0x3f))); }
    } else store<u8>(out + o++, e);
  }
  return -1;
}

/** A non-negative JSON integer at `p + at`; -1 when absent or not an integer. */
function readInt(p: usize, len: u32, at: i32): i64 {
  if (at < 0) return -1;
  let v: i64 = 0;
  let digits = 0;
  for (let i = <u32>at; i < len; i++) {
    const c = load<u8>(p + i);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + <i64>(c - 0x30);
    if (++digits > 15) return -1;
  }
  return digits == 0 ? -1 : v;
}

// ==== normalisation ====

const ONES: string[] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS: string[] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES: string[] = ["billion", "million", "thousand", ""];

/** A normalised text: words (UTF-8) at `buf`, separated by one space; word starts and lengths. */
class Words {
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
@inline function seqLen(c: u32): i32 { return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1; }

/** Normalises `len` UTF-8 bytes at `p` into `w` (whose buffers hold ≥ 8·len + 64 bytes and MAX_WORDS entries). */
function normalize(p: usize, len: i32, w: Words, digits: usize): void {
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

function newWords(len: i32): Words {
  const w = new Words();
  // a digit can expand to ~20 bytes of words ("seven hundred"), a byte of anything else to at most 2
  w.buf = take(<usize>len * 24 + 64);
  w.starts = take(<usize>MAX_WORDS << 2);
  w.lens = take(<usize>MAX_WORDS << 2);
  return w;
}

// ==== edit distances ====

/** Levenshtein distance between two u32 sequences (one DP row of nb + 1 entries at `row`). */
function levenshtein(a: usize, na: i32, b: usize, nb: i32, row: usize): i32 {
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
  const table = take(<usize>size << 2); // word id + 1 (0 = empty)
  memory.fill(table, 0, <usize>size << 2);
  const firstBuf = take(<usize>(x.n + y.n) << 2); // per id: the words struct (0 = x, 1 = y) and index
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

/**
 * WER and CER counts of a transcript against a reference (UTF-8 at `r`/`h`), written as four i32
 * at `out`: Nw, Ew, Nc, Ec. Returns 0, or -1 past the limits (then nothing is written).
 */
function metrics(r: usize, rLen: i32, h: usize, hLen: i32, out: usize, wordsOnly: bool): i32 {
  const digits = take(<usize>max(rLen, hLen) + 1);
  const ref = newWords(rLen);
  normalize(r, rLen, ref, digits);
  const hyp = newWords(hLen);
  normalize(h, hLen, hyp, digits);
  if (ref.overflow || hyp.overflow) return -1;
  const ri = take(<usize>max(ref.n, 1) << 2);
  const hi = take(<usize>max(hyp.n, 1) << 2);
  internWords(ref, hyp, ri, hi);
  const row = take(<usize>(max(hyp.n, hyp.chars) + 1) << 2);
  store<i32>(out, ref.n);
  store<i32>(out + 4, levenshtein(ri, ref.n, hi, hyp.n, row));
  if (wordsOnly) return 0;
  const rc = take(<usize>max(ref.chars, 1) << 2);
  const hc = take(<usize>max(hyp.chars, 1) << 2);
  const nrc = codePoints(ref, rc);
  const nhc = codePoints(hyp, hc);
  store<i32>(out + 8, nrc);
  store<i32>(out + 12, levenshtein(rc, nrc, hc, nhc, row));
  return 0;
}

/** Exported for tests and benchmarks: the four counts (Nw, Ew, Nc, Ec) of two raw UTF-8 texts. */
export function error_counts(r: usize, rLen: i32, h: usize, hLen: i32, out: usize): i32 {
  beginPair(rLen, hLen);
  return metrics(r, rLen, h, hLen, out, false);
}

/** Exported for benchmarks: word counts only (Nw, Ew at `out`). */
export function word_error_counts(r: usize, rLen: i32, h: usize, hLen: i32, out: usize): i32 {
  beginPair(rLen, hLen);
  return metrics(r, rLen, h, hLen, out, true);
}

// ==== scoring ====

/** One (challenge, response) pair → u16. */
function scoreOne(c: usize, cLen: u32, r: usize, rLen: u32): u16 {
  if (cLen > MAX_JSON_BYTES || rLen > MAX_JSON_BYTES) return 0;
  beginPair(<i32>cLen, <i32>rLen);
  const refText = take(<usize>cLen + 16);
  const hypText = take(<usize>rLen + 16);
  const refLen = readString(c, cLen, findKey(c, cLen, "reference"), refText);
  const hypLen = readString(r, rLen, findKey(r, rLen, "transcript"), hypText);
  if (refLen <= 0 || hypLen < 0) return 0;
  const counts = take(16);
  if (metrics(refText, refLen, hypText, hypLen, counts, false) < 0) return 0;
  const nw = <u64>load<i32>(counts);
  const ew = <u64>load<i32>(counts + 4);
  const nc = <u64>load<i32>(counts + 8);
  const ec = <u64>load<i32>(counts + 12);
  if (nw == 0 || nc == 0) return 0;
  const accW = nw - min(ew, nw);
  const accC = nc - min(ec, nc);
  // quality in 1/65535 units, floored: 65535 · (3·accW/Nw + accC/Nc) / 4
  const quality: u64 = (65535 * (3 * accW * nc + accC * nw)) / (4 * nw * nc);
  let budget = readInt(c, cLen, findKey(c, cLen, "latency_budget_ms"));
  if (budget <= 0) budget = 5000;
  const latency = readInt(r, rLen, findKey(r, rLen, "latency_ms"));
  // latency factor in 1/65536: 1 up to the budget, linear to 1/2 at 3× the budget
  let factor: u64 = 65536;
  if (latency > budget) {
    const over = min(latency - budget, 2 * budget);
    factor = 65536 - <u64>((over * 32768) / (2 * budget));
  }
  return <u16>((quality * factor) >> 16);
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  const end = ptr + <usize>len;
  if (len < 4) return -1;
  const count = load<u32>(ptr);
  let at = ptr + 4;
  for (let i: u32 = 0; i < count; i++) {
    if (at + 4 > end) return -1;
    const cLen = load<u32>(at);
    const c = at + 4;
    at = c + cLen;
    if (at + 4 > end) return -1;
    const rLen = load<u32>(at);
    const r = at + 4;
    at = r + rLen;
    if (at > end) return -1;
    store<u16>(out + (<usize>i << 1), scoreOne(c, cLen, r, rLen));
  }
  return <i32>count;
}
