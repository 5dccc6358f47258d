// 64×64→128-bit multiply and 128÷64 divide on u64 words, for the fixed-point types. Results that
// do not fit in one word are left in the module's `wideHi`/`wideLo` registers (no allocation).
// Integer instructions only.

/** High word of the last wide result. */
export let wideHi: u64 = 0;
/** Low word of the last wide result. */
export let wideLo: u64 = 0;

/** Unsigned 64×64 → 128 product into (wideHi, wideLo). */
// see: Hacker's Delight 2nd ed. §8-2 "Multiword multiplication" (mulhu)
export function mulU64(a: u64, b: u64): void {
  const aLo = a & 0xffff_ffff;
  const aHi = a >> 32;
  const bLo = b & 0xffff_ffff;
  const bHi = b >> 32;
  const ll = aLo * bLo;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const hh = aHi * bHi;
  const mid = (ll >> 32) + (lh & 0xffff_ffff) + (hl & 0xffff_ffff);
  wideLo = (ll & 0xffff_ffff) | (mid << 32);
  wideHi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/** Two's-complement negation of the 128-bit value in (wideHi, wideLo). */
export function negWide(): void {
  wideLo = ~wideLo + 1;
  wideHi = ~wideHi + (wideLo == 0 ? 1 : 0);
}

/**
 * Unsigned (hi:lo) ÷ d → quotient in (wideHi, wideLo); returns the remainder. `d` must be non-zero
 * (callers check). The high word is divided natively; the rest by two 32-bit digit steps of
 * Knuth's algorithm D with a normalised divisor.
 */
// see: Hacker's Delight 2nd ed. §9-4 divlu (unsigned doubleword ÷ word)
export function divU128ByU64(hi: u64, lo: u64, d: u64): u64 {
  const qHi = hi / d;
  const u1 = hi % d; // < d, so the remaining quotient fits in 64 bits
  const s = <u64>clz(d);
  const v = d << s;
  const vn1 = v >> 32;
  const vn0 = v & 0xffff_ffff;
  const un32 = (u1 << s) | (s == 0 ? 0 : lo >> (64 - s));
  const un10 = lo << s;
  const un1 = un10 >> 32;
  const un0 = un10 & 0xffff_ffff;
  let q1 = un32 / vn1;
  let rhat = un32 - q1 * vn1;
  while (q1 >> 32 != 0 || q1 * vn0 > ((rhat << 32) | un1)) {
    q1 -= 1;
    rhat += vn1;
    if (rhat >> 32 != 0) break;
  }
  const un21 = ((un32 << 32) | un1) - q1 * v;
  let q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >> 32 != 0 || q0 * vn0 > ((rhat << 32) | un0)) {
    q0 -= 1;
    rhat += vn1;
    if (rhat >> 32 != 0) break;
  }
  wideHi = qHi;
  wideLo = (q1 << 32) | q0;
  return (((un21 << 32) | un0) - q0 * v) >> s;
}

/** Count of leading zero bits of a 128-bit value. */
export function clz128(hi: u64, lo: u64): i32 {
  return hi != 0 ? <i32>clz(hi) : 64 + <i32>clz(lo);
}
