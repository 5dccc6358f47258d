// 128-bit two's-complement arithmetic on (hi, lo) u64 word pairs, shared by the 128-bit fixed-point
// types (I64F64, I96F32, U64F64). Results go to the registers `rHi`/`rLo` and the overflow flag
// `rOk`, so nothing allocates. Integer instructions only.
import { divU128ByU64, mulU64, wideHi, wideLo } from "./wide";

export let rHi: u64 = 0;
export let rLo: u64 = 0;
/** False when the last operation overflowed its type (the Rust `checked_*` gave `None`). */
export let rOk: bool = true;

@inline function set(hi: u64, lo: u64): void {
  rHi = hi;
  rLo = lo;
}

@inline export function isNeg(hi: u64): bool {
  return <i64>hi < 0;
}

/** −(hi:lo) into the registers. */
export function neg128(hi: u64, lo: u64): void {
  const l = ~lo + 1;
  set(~hi + (l == 0 ? 1 : 0), l);
}

/** Unsigned compare: −1, 0, 1. */
export function cmpU128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): i32 {
  if (aHi != bHi) return aHi < bHi ? -1 : 1;
  if (aLo != bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

/** Signed compare: −1, 0, 1. */
export function cmpI128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): i32 {
  if (aHi != bHi) return <i64>aHi < <i64>bHi ? -1 : 1;
  if (aLo != bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

/** a + b; `rOk` false on signed (signed = true) or unsigned overflow. */
export function add128(aHi: u64, aLo: u64, bHi: u64, bLo: u64, signed: bool): void {
  const lo = aLo + bLo;
  const hi = aHi + bHi + (lo < aLo ? 1 : 0);
  // signed: overflow iff both operands' signs differ from the sum's; unsigned: iff the sum wrapped below a
  rOk = signed ? <i64>((aHi ^ hi) & (bHi ^ hi)) >= 0 : cmpU128(hi, lo, aHi, aLo) >= 0;
  set(hi, lo);
}

/** a − b; `rOk` false on overflow. */
export function sub128(aHi: u64, aLo: u64, bHi: u64, bLo: u64, signed: bool): void {
  const lo = aLo - bLo;
  const borrow: u64 = aLo < bLo ? 1 : 0;
  const hi = aHi - bHi - borrow;
  rOk = signed ? <i64>((aHi ^ bHi) & (aHi ^ hi)) >= 0 : cmpU128(aHi, aLo, bHi, bLo) >= 0;
  set(hi, lo);
}

// 256-bit scratch product, words from least significant: p0 p1 p2 p3
let p0: u64 = 0;
let p1: u64 = 0;
let p2: u64 = 0;
let p3: u64 = 0;

/** Unsigned 128×128 → 256 product into p0..p3. */
function mulU128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): void {
  mulU64(aLo, bLo);
  const llLo = wideLo, llHi = wideHi;
  mulU64(aLo, bHi);
  const lhLo = wideLo, lhHi = wideHi;
  mulU64(aHi, bLo);
  const hlLo = wideLo, hlHi = wideHi;
  mulU64(aHi, bHi);
  const hhLo = wideLo, hhHi = wideHi;
  p0 = llLo;
  const w1 = llHi + lhLo;
  let c: u64 = w1 < llHi ? 1 : 0;
  const w1b = w1 + hlLo;
  c += w1b < w1 ? 1 : 0;
  p1 = w1b;
  const w2 = lhHi + c;
  let c2: u64 = w2 < lhHi ? 1 : 0;
  const w2b = w2 + hlHi;
  c2 += w2b < w2 ? 1 : 0;
  const w2c = w2b + hhLo;
  c2 += w2c < w2b ? 1 : 0;
  p2 = w2c;
  p3 = hhHi + c2;
}

/**
 * Fixed-point multiply with `frac` fraction bits: floor((a × b) / 2^frac) as substrate_fixed does
 * (full-width product, arithmetic shift). `rOk` false when the result does not fit.
 */
export function mulFixed128(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): void {
  const negA = signed && isNeg(aHi);
  const negB = signed && isNeg(bHi);
  if (negA) { neg128(aHi, aLo); aHi = rHi; aLo = rLo; }
  if (negB) { neg128(bHi, bLo); bHi = rHi; bLo = rLo; }
  mulU128(aHi, aLo, bHi, bLo);
  // shift the 256-bit product right by frac (0 < frac < 128)
  const f = <u64>frac;
  let qLo: u64, qHi: u64, over: u64, dropped: bool;
  if (frac < 64) {
    qLo = (p0 >> f) | (p1 << (64 - f));
    qHi = (p1 >> f) | (p2 << (64 - f));
    over = (p2 >> f) | (p3 << (64 - f)) | (p3 >> f);
    dropped = (p0 & ((<u64>1 << f) - 1)) != 0;
  } else {
    const g = f - 64;
    qLo = g == 0 ? p1 : (p1 >> g) | (p2 << (64 - g));
    qHi = g == 0 ? p2 : (p2 >> g) | (p3 << (64 - g));
    over = g == 0 ? p3 : p3 >> g;
    dropped = p0 != 0 || (g != 0 && (p1 & ((<u64>1 << g) - 1)) != 0);
  }
  const neg = negA != negB;
  if (neg && dropped) {
    // floor of a negative value: magnitude rounds up
    qLo += 1;
    if (qLo == 0) { qHi += 1; if (qHi == 0) over += 1; }
  }
  if (!signed) {
    rOk = over == 0;
    set(qHi, qLo);
    return;
  }
  if (over != 0) rOk = false;
  else if (neg) rOk = qHi < 0x8000_0000_0000_0000 || (qHi == 0x8000_0000_0000_0000 && qLo == 0);
  else rOk = qHi < 0x8000_0000_0000_0000;
  if (neg) neg128(qHi, qLo);
  else set(qHi, qLo);
  if (qLo == 0 && qHi == 0) set(0, 0);
}

/**
 * Fixed-point divide with `frac` fraction bits: (a × 2^frac) / b truncated toward zero, as
 * substrate_fixed does. `rOk` false on divide-by-zero or when the quotient does not fit.
 */
export function divFixed128(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): void {
  if (bHi == 0 && bLo == 0) { rOk = false; set(0, 0); return; }
  const negA = signed && isNeg(aHi);
  const negB = signed && isNeg(bHi);
  if (negA) { neg128(aHi, aLo); aHi = rHi; aLo = rLo; }
  if (negB) { neg128(bHi, bLo); bHi = rHi; bLo = rLo; }
  let q0: u64 = 0, q1: u64 = 0, q2: u64 = 0;
  if (frac == 64 && aLo == 0 && bLo == 0) {
    // whole numbers in I64F64/U64F64 (stakes and their sum): (A·2^64 · 2^64) / (B·2^64) = A·2^64 / B,
    // a 128-by-64 division done natively: high word A / B, low word (A mod B)·2^64 / B
    q1 = aHi / bHi;
    divU128ByU64(aHi % bHi, 0, bHi);
    q0 = wideLo;
  } else {
    divFixed128Bits(aHi, aLo, bHi, bLo, frac);
    q0 = dq0;
    q1 = dq1;
    q2 = dq2;
  }
  const neg = negA != negB;
  if (q2 != 0) rOk = false;
  else if (!signed) rOk = true;
  else if (neg) rOk = q1 < 0x8000_0000_0000_0000 || (q1 == 0x8000_0000_0000_0000 && q0 == 0);
  else rOk = q1 < 0x8000_0000_0000_0000;
  if (!rOk) { set(0, 0); return; }
  if (neg) neg128(q1, q0);
  else set(q1, q0);
}

let dq0: u64 = 0;
let dq1: u64 = 0;
let dq2: u64 = 0;

/** Magnitudes: (a << frac) / b by restoring division, quotient words into dq0..dq2. */
function divFixed128Bits(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32): void {
  // numerator N = a << frac as 256 bits (n3 n2 n1 n0); restoring division bit by bit
  const f = <u64>frac;
  let n0: u64, n1: u64, n2: u64;
  if (frac < 64) {
    n0 = aLo << f;
    n1 = (aHi << f) | (f == 0 ? 0 : aLo >> (64 - f));
    n2 = f == 0 ? 0 : aHi >> (64 - f);
  } else {
    const g = f - 64;
    n0 = 0;
    n1 = aLo << g;
    n2 = (aHi << g) | (g == 0 ? 0 : aLo >> (64 - g));
  }
  if (bHi == 0) {
    // a one-word divisor: schoolbook long division by words (the same quotient, three native steps)
    dq2 = n2 / bLo;
    const r2 = n2 % bLo;
    const r1 = divU128ByU64(r2, n1, bLo);
    dq1 = wideLo;
    divU128ByU64(r1, n0, bLo);
    dq0 = wideLo;
    return;
  }
  if (n2 < bHi || (n2 == bHi && n1 < bLo)) {
    // a two-word divisor and a quotient below 2^128: Knuth's algorithm D in base 2^64 (two digits)
    divByTwoWords(n2, n1, n0, bHi, bLo);
    return;
  }
  // remainder r (128-bit + carry), quotient q (up to 192 bits: q2 q1 q0)
  let rH: u64 = 0, rL: u64 = 0, q0: u64 = 0, q1: u64 = 0, q2: u64 = 0;
  // skip the numerator's leading zero bits: nothing is subtracted before the first set bit
  const top = n2 != 0 ? 191 - <i32>clz(n2) : n1 != 0 ? 127 - <i32>clz(n1) : 63 - <i32>clz(n0);
  for (let i = top; i >= 0; i--) {
    const word = i >= 128 ? n2 : i >= 64 ? n1 : n0;
    const bit = (word >> (<u64>(i & 63))) & 1;
    const carry = rH >> 63;
    rH = (rH << 1) | (rL >> 63);
    rL = (rL << 1) | bit;
    q2 = (q2 << 1) | (q1 >> 63);
    q1 = (q1 << 1) | (q0 >> 63);
    q0 <<= 1;
    if (carry != 0 || cmpU128(rH, rL, bHi, bLo) >= 0) {
      const lo = rL - bLo;
      rH = rH - bHi - (rL < bLo ? 1 : 0);
      rL = lo;
      q0 |= 1;
    }
  }
  dq0 = q0;
  dq1 = q1;
  dq2 = q2;
}

/**
 * Exact value m × 2^shift (m unsigned 64-bit, shift may be negative) rounded to nearest, ties to
 * even, into a 128-bit magnitude; `rOk` false when it does not fit in `bits` magnitude bits.
 */
export function scaleRoundEven128(m: u64, shift: i32, magnitudeBits: i32): void {
  if (m == 0) { rOk = true; set(0, 0); return; }
  if (shift >= 0) {
    const width = 64 - <i32>clz(m) + shift;
    if (width > magnitudeBits) { rOk = false; set(0, 0); return; }
    const s = <u64>shift;
    if (shift >= 64) set(m << (s - 64), 0);
    else set(shift == 0 ? 0 : m >> (64 - s), m << s);
    rOk = true;
    return;
  }
  const s = -shift;
  if (s > 64) { rOk = true; set(0, 0); return; }
  const q = s == 64 ? 0 : m >> (<u64>s);
  const rem = s == 64 ? m : m & ((<u64>1 << (<u64>s)) - 1);
  const half = <u64>1 << (<u64>(s - 1));
  const up = rem > half || (rem == half && (q & 1) == 1);
  rOk = true;
  set(0, up ? q + 1 : q);
}

// remainder of the last `divDigit`, (dr1:dr0)
let dr1: u64 = 0;
let dr0: u64 = 0;

/**
 * One quotient digit of (a2:a1:a0) ÷ (d1:d0), for a normalised divisor (top bit of d1 set) and
 * (a2:a1) < (d1:d0): estimated from (a2:a1) ÷ d1 and corrected against d0. With a two-word divisor
 * that correction is exact (Knuth's add-back step never runs: q̂·d0 ≤ r̂·2^64 + a0 with
 * r̂ = (a2:a1) − q̂·d1 is q̂·(d1:d0) ≤ (a2:a1:a0)). The remainder is left in (dr1:dr0).
 */
// see: Knuth, TAOCP vol. 2 §4.3.1 Algorithm D (steps D3–D4); Hacker's Delight 2nd ed. §9-2 divmnu
function divDigit(a2: u64, a1: u64, a0: u64, d1: u64, d0: u64): u64 {
  let qhat: u64;
  let rhat: u64;
  let rhatOver = false;
  if (a2 >= d1) {
    // a2 == d1: the estimate is base − 1
    qhat = <u64>-1;
    rhat = a1 + d1;
    rhatOver = rhat < a1;
  } else {
    rhat = divU128ByU64(a2, a1, d1);
    qhat = wideLo;
  }
  while (!rhatOver) {
    mulU64(qhat, d0);
    if (wideHi < rhat || (wideHi == rhat && wideLo <= a0)) break;
    qhat -= 1;
    const next = rhat + d1;
    rhatOver = next < rhat;
    rhat = next;
  }
  // remainder (a2:a1:a0) − qhat·(d1:d0), which fits in two words
  mulU64(qhat, d0);
  const p0 = wideLo;
  const c0 = wideHi;
  mulU64(qhat, d1);
  const p1 = wideLo + c0;
  dr0 = a0 - p0;
  dr1 = a1 - p1 - (a0 < p0 ? 1 : 0);
  return qhat;
}

/** (n2:n1:n0) ÷ (bHi:bLo) for bHi ≠ 0 and a quotient below 2^64: the quotient. */
export function divU192ByU128Small(n2: u64, n1: u64, n0: u64, bHi: u64, bLo: u64): u64 {
  divByTwoWords(n2, n1, n0, bHi, bLo);
  return dq0;
}

/** (n2:n1:n0) ÷ (bHi:bLo), bHi ≠ 0, quotient below 2^128, into dq0..dq2. */
function divByTwoWords(n2: u64, n1: u64, n0: u64, bHi: u64, bLo: u64): void {
  const s = <u64>clz(bHi);
  const d1 = s == 0 ? bHi : (bHi << s) | (bLo >> (64 - s));
  const d0 = bLo << s;
  const u3 = s == 0 ? 0 : n2 >> (64 - s);
  const u2 = s == 0 ? n2 : (n2 << s) | (n1 >> (64 - s));
  const u1 = s == 0 ? n1 : (n1 << s) | (n0 >> (64 - s));
  const u0 = n0 << s;
  dq1 = divDigit(u3, u2, u1, d1, d0);
  dq0 = divDigit(dr1, dr0, u0, d1, d0);
  dq2 = 0;
}
