// WASM exports of the fixed-point library (flat functions on raw bits), used by the TypeScript API
// and by the property tests that check every operation against a BigInt reference.

import { I32F32 } from "./i32f32";

export function i32f32FromInt(x: i64): i64 { return I32F32.fromInt(x); }
export function i32f32FromU64(x: u64): i64 { return I32F32.fromU64(x); }
export function i32f32FromU16Proportion(x: u16): i64 { return I32F32.fromU16Proportion(x); }
export function i32f32SaturatingAdd(a: i64, b: i64): i64 { return I32F32.saturatingAdd(a, b); }
export function i32f32SaturatingSub(a: i64, b: i64): i64 { return I32F32.saturatingSub(a, b); }
export function i32f32SaturatingMul(a: i64, b: i64): i64 { return I32F32.saturatingMul(a, b); }
export function i32f32SaturatingDiv(a: i64, b: i64): i64 { return I32F32.saturatingDiv(a, b); }
export function i32f32CheckedAdd(a: i64, b: i64): i64 { return I32F32.checkedAdd(a, b); }
export function i32f32CheckedSub(a: i64, b: i64): i64 { return I32F32.checkedSub(a, b); }
export function i32f32CheckedMul(a: i64, b: i64): i64 { return I32F32.checkedMul(a, b); }
export function i32f32CheckedDiv(a: i64, b: i64): i64 { return I32F32.checkedDiv(a, b); }
export function i32f32LastOk(): bool { return I32F32.lastOk(); }
export function i32f32SafeDiv(a: i64, b: i64): i64 { return I32F32.safeDiv(a, b); }
export function i32f32ToIntFloor(a: i64): i64 { return I32F32.toIntFloor(a); }
export function i32f32ToU64Saturating(a: i64): u64 { return I32F32.toU64Saturating(a); }
export function i32f32Round(a: i64): i64 { return I32F32.round(a); }
export function i32f32FromF32Bits(bits: u32): i64 { return I32F32.fromF32Bits(bits); }
export function i32f32FromF64Bits(bits: u64): i64 { return I32F32.fromF64Bits(bits); }

// 128-bit types: one generic export per operation, parameterised by the type's code
// (0 = I64F64, 1 = I96F32, 2 = U64F64, 3 = U96F32); the result's high word is read with `fixed128Hi()`.
import { Fixed128 } from "./fixed128";

@inline function fracOf(t: i32): i32 { return t == 1 || t == 3 ? 32 : 64; }
@inline function signedOf(t: i32): bool { return t < 2; }

export function fixed128Hi(): u64 { return Fixed128.hi(); }
export function fixed128Ok(): bool { return Fixed128.ok(); }
export function fixed128SaturatingAdd(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingAdd(aHi, aLo, bHi, bLo, signedOf(t)); }
export function fixed128SaturatingSub(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingSub(aHi, aLo, bHi, bLo, signedOf(t)); }
export function fixed128SaturatingMul(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingMul(aHi, aLo, bHi, bLo, fracOf(t), signedOf(t)); }
export function fixed128SaturatingDiv(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingDiv(aHi, aLo, bHi, bLo, fracOf(t), signedOf(t)); }
export function fixed128CheckedAdd(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.checkedAdd(aHi, aLo, bHi, bLo, signedOf(t)); }
export function fixed128CheckedSub(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.checkedSub(aHi, aLo, bHi, bLo, signedOf(t)); }
export function fixed128CheckedMul(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.checkedMul(aHi, aLo, bHi, bLo, fracOf(t), signedOf(t)); }
export function fixed128CheckedDiv(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.checkedDiv(aHi, aLo, bHi, bLo, fracOf(t), signedOf(t)); }
export function fixed128SafeDiv(t: i32, aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.safeDiv(aHi, aLo, bHi, bLo, fracOf(t), signedOf(t)); }
export function fixed128FromInt(t: i32, x: i64): u64 { return Fixed128.fromInt(x, fracOf(t), signedOf(t)); }
export function fixed128FromU64(t: i32, x: u64): u64 { return Fixed128.fromU64(x, fracOf(t), signedOf(t)); }
export function fixed128FromF64Bits(t: i32, bits: u64): u64 { return Fixed128.fromF64Bits(bits, fracOf(t), signedOf(t)); }
export function fixed128ToU64Saturating(t: i32, hi: u64, lo: u64): u64 { return Fixed128.toU64Saturating(hi, lo, fracOf(t), signedOf(t)); }
export function fixed128ToI64Saturating(t: i32, hi: u64, lo: u64): i64 { return Fixed128.toI64Saturating(hi, lo, fracOf(t), signedOf(t)); }

// Bench kernels: a loop inside WASM over arrays in memory, so the JS↔WASM call cost does not
// dominate the measurement. `ptrA`/`ptrB` point at n i64 values each (or n (hi, lo) pairs for the
// 128-bit kernels); the result is an XOR fold so the loop cannot be optimised away.

export function benchI32F32Mul(ptrA: usize, ptrB: usize, n: i32): i64 {
  let acc: i64 = 0;
  for (let i = 0; i < n; i++) acc ^= I32F32.saturatingMul(load<i64>(ptrA + (<usize>i << 3)), load<i64>(ptrB + (<usize>i << 3)));
  return acc;
}
export function benchI32F32Div(ptrA: usize, ptrB: usize, n: i32): i64 {
  let acc: i64 = 0;
  for (let i = 0; i < n; i++) acc ^= I32F32.saturatingDiv(load<i64>(ptrA + (<usize>i << 3)), load<i64>(ptrB + (<usize>i << 3)));
  return acc;
}
export function benchI64F64Mul(ptrA: usize, ptrB: usize, n: i32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) {
    const a = ptrA + (<usize>i << 4);
    const b = ptrB + (<usize>i << 4);
    acc ^= Fixed128.saturatingMul(load<u64>(a), load<u64>(a, 8), load<u64>(b), load<u64>(b, 8), 64, true);
  }
  return acc;
}
export function benchI64F64Div(ptrA: usize, ptrB: usize, n: i32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) {
    const a = ptrA + (<usize>i << 4);
    const b = ptrB + (<usize>i << 4);
    acc ^= Fixed128.saturatingDiv(load<u64>(a), load<u64>(a, 8), load<u64>(b), load<u64>(b, 8), 64, true);
  }
  return acc;
}
export function i32f32Exp(x: i64): i64 { return I32F32.exp(x); }
export function i32f32ExpSafe(x: i64): i64 { return I32F32.expSafe(x); }

// exp's native path (|x| ≤ 20) against the literal checked port it must equal, for the tests
export function i32f32ExpSeries(x: i64): i64 { return I32F32.expSeries(x); }
/** Compares `exp` with `expSeries` (value and ok flag) at `count` points from `start` by `step`; returns the first x that differs, or i64::MIN. */
export function i32f32ExpCompare(start: i64, count: i32, step: i64): i64 {
  let x = start;
  for (let k = 0; k < count; k++) {
    const a = I32F32.exp(x);
    const aOk = I32F32.lastOk();
    const b = I32F32.expSeries(x);
    if (a != b || aOk != I32F32.lastOk()) return x;
    x += step;
  }
  return i64.MIN_VALUE;
}
/** A lane of `i32f32ExpQuadCompare`: clamped to ±20 and away from exp's special points 0 and 1.0. */
function quadLane(x: i64): i64 {
  const lim: i64 = 20 << 32;
  const c = x < -lim ? -lim : x > lim ? lim : x;
  return c == 0 || c == I32F32.ONE ? 3 : c;
}
/** exp from `expNativeSum4`'s sum for one lane (1 / sum below 0), as the liquid-alpha EMA takes it. */
function quadExp(x: i64, s: u64): i64 {
  return x < 0 ? <i64>I32F32.recip64(s) : <i64>s;
}
/**
 * Compares `expNativeSum4` (four interleaved series) with `exp` for lanes from `start` by `step`, from
 * the other end, and their neighbours (so the four series end at different steps); returns the
 * first lane that differs, or i64::MIN.
 */
export function i32f32ExpQuadCompare(start: i64, count: i32, step: i64): i64 {
  for (let k = 0; k < count; k++) {
    const a = quadLane(start + <i64>k * step);
    const b = quadLane(start + <i64>(count - 1 - k) * step);
    const c = quadLane(start + <i64>k * step + 1);
    const d = quadLane(-(start + <i64>(count - 1 - k) * step) + 7);
    const sa = I32F32.expNativeSum4(<u64>abs<i64>(a), <u64>abs<i64>(b), <u64>abs<i64>(c), <u64>abs<i64>(d));
    if (quadExp(a, sa) != I32F32.exp(a)) return a;
    if (quadExp(b, I32F32.quadSum1) != I32F32.exp(b)) return b;
    if (quadExp(c, I32F32.quadSum2) != I32F32.exp(c)) return c;
    if (quadExp(d, I32F32.quadSum3) != I32F32.exp(d)) return d;
  }
  return i64.MIN_VALUE;
}
/**
 * Checks `expNativeBounds` against the series it brackets at `count` points from `start` (≥ 1.0) by
 * `step` (below 8.0); returns the first x where lo ≤ exp(x) ≤ hi fails, or i64::MIN.
 */
export function i32f32ExpBoundsCheck(start: i64, count: i32, step: i64): i64 {
  for (let k = 0; k < count; k++) {
    const x = start + <i64>k * step;
    const hi = I32F32.expNativeBounds(<u64>x);
    const lo = I32F32.boundsLo;
    // the series' sum itself (`exp` answers 1.0 with a constant instead)
    const e = I32F32.expNativeSum4(<u64>x, <u64>x, <u64>x, <u64>x);
    if (e < lo || e > hi) return x;
  }
  return i64.MIN_VALUE;
}
/** The widest bracket (hi − lo) of `expNativeBounds` at the same points. */
export function i32f32ExpBoundsWidth(start: i64, count: i32, step: i64): u64 {
  let widest: u64 = 0;
  for (let k = 0; k < count; k++) {
    const hi = I32F32.expNativeBounds(<u64>(start + <i64>k * step));
    widest = max(widest, hi - I32F32.boundsLo);
  }
  return widest;
}
