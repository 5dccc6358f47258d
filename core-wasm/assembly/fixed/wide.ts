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
 * (callers check). Schoolbook division, one bit per step for the low word.
 */
export function divU128ByU64(hi: u64, lo: u64, d: u64): u64 {
  const qHi = hi / d;
  let r = hi % d;
  let qLo: u64 = 0;
  for (let i = 63; i >= 0; i--) {
    const carry = r >> 63;
    r = (r << 1) | ((lo >> (<u64>i)) & 1);
    qLo <<= 1;
    if (carry != 0 || r >= d) {
      r -= d; // wraps correctly when carry is set: the true value is r + 2^64 ≥ d
      qLo |= 1;
    }
  }
  wideHi = qHi;
  wideLo = qLo;
  return r;
}

/** Count of leading zero bits of a 128-bit value. */
export function clz128(hi: u64, lo: u64): i32 {
  return hi != 0 ? <i32>clz(hi) : 64 + <i32>clz(lo);
}
