// Your subnet's scoring module: a copy of the text kit's, yours to edit. `npm run build` compiles it to
// build/scoring.wasm; validators run it in the sandbox and pin it by sha256 (publish the hash).

// The text kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md). Challenge and
// response are UTF-8 JSON: challenge {"reference": str, "latency_budget_ms"?: int}, response
// {"completion": str, "latency_ms"?: int}. Score = quality × latency factor, in integers:
//   quality = (LCS + overlap) / (|ref| + |cand|) over tokens, i.e. the mean of ROUGE-L F1 (β = 1:
//   2·LCS/(|ref|+|cand|)) and token F1 (2·overlap/(|ref|+|cand|));
//   latency factor = 1 up to the budget, falling linearly to 1/2 at 3× the budget and staying there.
// Tokens: runs of ASCII letters/digits (lowercased) and non-ASCII bytes; at most 4,096 per side.

const MAX_TOKENS: i32 = 4096;

export function abi_version(): i32 { return 1; }
export function reset(): void { __reset(); }
export function alloc(size: i32): usize { return __alloc(<usize>size); }

// ---- minimal JSON reading: the value of a top-level string or integer field ----

/** Position just after `"key":` (whitespace skipped), or -1. Keys are matched byte for byte. */
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
    // a key at depth 1: compare, then expect a colon
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

@inline function isSpace(c: u8): bool { return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d; }

/** Decodes the JSON string at `p + at` into UTF-8 at `out`; returns the byte length, or -1. */
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
    if (e == 0x6e) store<u8>(out + o++, 0x0a);
    else if (e == 0x74) store<u8>(out + o++, 0x09);
    else if (e == 0x72) store<u8>(out + o++, 0x0d);
    else if (e == 0x62 || e == 0x66) store<u8>(out + o++, 0x20);
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
      // surrogate halves become one replacement byte each: they only need to tokenise consistently
      if (cp < 0x80) store<u8>(out + o++, <u8>cp);
      else if (cp < 0x800) { store<u8>(out + o++, <u8>(0xc0 | (cp >> 6))); store<u8>(out + o++, <u8>(0x80 | (cp & 0x3f))); }
      else { store<u8>(out + o++, <u8>(0xe0 | (cp >> 12))); store<u8>(out + o++, <u8>(0x80 | ((cp >> 6) & 0x3f))); store<u8>(out + o++, <u8>(0x80 | (cp & 0x3f))); }
    } else store<u8>(out + o++, e);
  }
  return -1;
}

/** Reads a non-negative JSON integer at `p + at`; -1 when absent or not an integer. */
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

// ---- tokens ----

/** FNV-1a hashes of the tokens of `len` UTF-8 bytes, written at `out`; returns the count. */
function tokenize(p: usize, len: i32, out: usize): i32 {
  let n = 0;
  let h: u32 = 0x811c9dc5;
  let inTok = false;
  for (let i = 0; i <= len; i++) {
    let c: u32 = i < len ? load<u8>(p + i) : 0x20;
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
  return min(n, MAX_TOKENS);
}

/** Longest common subsequence length of two token arrays (two DP rows). */
function lcs(a: usize, na: i32, b: usize, nb: i32, row: usize): i32 {
  memory.fill(row, 0, <usize>(nb + 1) << 3);
  const prev = row;
  const cur = row + (<usize>(nb + 1) << 2);
  for (let i = 1; i <= na; i++) {
    const ai = load<u32>(a + (<usize>(i - 1) << 2));
    store<u32>(cur, 0);
    for (let j = 1; j <= nb; j++) {
      let v: u32;
      if (ai == load<u32>(b + (<usize>(j - 1) << 2))) v = load<u32>(prev + (<usize>(j - 1) << 2)) + 1;
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

/** Size of the multiset intersection of two token arrays (sorted copies, merged). */
function overlap(a: usize, na: i32, b: usize, nb: i32): i32 {
  sortU32(a, na);
  sortU32(b, nb);
  let i = 0, j = 0, m = 0;
  while (i < na && j < nb) {
    const x = load<u32>(a + (<usize>i << 2));
    const y = load<u32>(b + (<usize>j << 2));
    if (x == y) { m++; i++; j++; } else if (x < y) i++; else j++;
  }
  return m;
}

function sortU32(p: usize, n: i32): void {
  // heap sort, in place
  for (let s = (n >> 1) - 1; s >= 0; s--) sift(p, s, n);
  for (let e = n - 1; e > 0; e--) {
    const t = load<u32>(p);
    store<u32>(p, load<u32>(p + (<usize>e << 2)));
    store<u32>(p + (<usize>e << 2), t);
    sift(p, 0, e);
  }
}

function sift(p: usize, start: i32, end: i32): void {
  let root = start;
  while (true) {
    let child = (root << 1) + 1;
    if (child >= end) return;
    if (child + 1 < end && load<u32>(p + (<usize>child << 2)) < load<u32>(p + (<usize>(child + 1) << 2))) child++;
    if (load<u32>(p + (<usize>root << 2)) >= load<u32>(p + (<usize>child << 2))) return;
    const t = load<u32>(p + (<usize>root << 2));
    store<u32>(p + (<usize>root << 2), load<u32>(p + (<usize>child << 2)));
    store<u32>(p + (<usize>child << 2), t);
    root = child;
  }
}

/** One (challenge, response) pair → u16. */
function scoreOne(c: usize, cLen: u32, r: usize, rLen: u32): u16 {
  const text = __alloc(<usize>max(cLen, rLen) + 16);
  const refTok = __alloc(<usize>MAX_TOKENS << 2);
  const candTok = __alloc(<usize>MAX_TOKENS << 2);
  const refLen = readString(c, cLen, findKey(c, cLen, "reference"), text);
  if (refLen <= 0) return 0;
  const nr = tokenize(text, refLen, refTok);
  const candLen = readString(r, rLen, findKey(r, rLen, "completion"), text);
  if (candLen <= 0) return 0;
  const nc = tokenize(text, candLen, candTok);
  if (nr == 0 || nc == 0) return 0;
  const row = __alloc(<usize>(nc + 1) << 3);
  const l = lcs(refTok, nr, candTok, nc, row);
  const o = overlap(refTok, nr, candTok, nc);
  // quality in 1/65535 units, floored
  const quality: u64 = (<u64>(l + o) * 65535) / <u64>(nr + nc);
  let budget = readInt(c, cLen, findKey(c, cLen, "latency_budget_ms"));
  if (budget <= 0) budget = 2000;
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
