// U96F32 and U64F64 values on (hi, lo) words, as the coinbase uses them: operations return the low
// word and leave the high word in `fxHi` (no allocation). Conversions between the chain's types
// follow substrate_fixed's `saturating_from_num` (extra fraction bits dropped: floor; out of range:
// saturate; negative into unsigned: 0). Integer instructions only.
import { Fixed128 } from "../fixed/fixed128";

/** High word of the last result. */
export let fxHi: u64 = 0;

@inline function ret(lo: u64): u64 {
  fxHi = Fixed128.hi();
  return lo;
}

// U96F32 (unsigned, 32 fraction bits)
export function u96FromU64(x: u64): u64 {
  fxHi = x >> 32;
  return x << 32;
}
export function u96Mul(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.saturatingMul(aHi, aLo, bHi, bLo, 32, false));
}
export function u96Add(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.saturatingAdd(aHi, aLo, bHi, bLo, false));
}
export function u96Sub(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.saturatingSub(aHi, aLo, bHi, bLo, false));
}
/** `checked_div(..).unwrap_or(0)` (also `safe_div`, `safe_div_or(.., 0)`). */
export function u96Div(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.safeDiv(aHi, aLo, bHi, bLo, 32, false));
}
/** `saturating_to_num::<u64>()` (the chain's `tou64!`). */
export function u96ToU64(hi: u64, lo: u64): u64 {
  return Fixed128.toU64Saturating(hi, lo, 32, false);
}

// U64F64 (unsigned, 64 fraction bits)
export function u64f64Mul(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.saturatingMul(aHi, aLo, bHi, bLo, 64, false));
}
export function u64f64Add(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.saturatingAdd(aHi, aLo, bHi, bLo, false));
}
export function u64f64Sub(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.saturatingSub(aHi, aLo, bHi, bLo, false));
}
/** `checked_div(..).unwrap_or(0)` (also `safe_div`). */
export function u64f64Div(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 {
  return ret(Fixed128.safeDiv(aHi, aLo, bHi, bLo, 64, false));
}

// Conversions
/** U64F64 → U96F32: drop 32 fraction bits (floor). */
export function u96FromU64f64(hi: u64, lo: u64): u64 {
  fxHi = hi >> 32;
  return (hi << 32) | (lo >> 32);
}
/** U96F32 → U64F64: exact, saturating when the integer part passes 2^64. */
export function u64f64FromU96(hi: u64, lo: u64): u64 {
  if (hi >> 32 != 0) {
    fxHi = <u64>-1;
    return <u64>-1;
  }
  fxHi = (hi << 32) | (lo >> 32);
  return lo << 32;
}
/** I96F32 → U64F64: negative → 0, else exact and saturating. */
export function u64f64FromI96(hi: u64, lo: u64): u64 {
  if (<i64>hi < 0) {
    fxHi = 0;
    return 0;
  }
  return u64f64FromU96(hi, lo);
}
/** U64F64 → I96F32: floor (always fits). */
export function i96FromU64f64(hi: u64, lo: u64): u64 {
  return u96FromU64f64(hi, lo);
}
/** I96F32 → U96F32: negative → 0. */
export function u96FromI96(hi: u64, lo: u64): u64 {
  if (<i64>hi < 0) {
    fxHi = 0;
    return 0;
  }
  fxHi = hi;
  return lo;
}

/** Unsigned compare of two 128-bit values: a > b. */
@inline export function gt128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): bool {
  return aHi > bHi || (aHi == bHi && aLo > bLo);
}
