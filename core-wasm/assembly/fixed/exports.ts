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
