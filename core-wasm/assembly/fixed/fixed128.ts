// The 128-bit fixed-point types of substrate_fixed as the chain uses them, on (hi, lo) word pairs:
//   I64F64 (signed, 64 fraction bits), I96F32 (signed, 32), U64F64 (unsigned, 64).
// Every function takes the operands' words and returns the result's low word; the high word is in
// `rHi` and, for checked operations, success in `rOk` (both from ./wide128). Same semantics as
// I32F32: floor multiply, truncating divide, saturating/checked variants, `safeDiv` 0 on failure.
import { add128, divFixed128, isNeg, mulFixed128, neg128, rHi, rLo, rOk, scaleRoundEven128, sub128 } from "./wide128";

const I_MAX_HI: u64 = 0x7fff_ffff_ffff_ffff;
const I_MIN_HI: u64 = 0x8000_0000_0000_0000;

/** Generic operations parameterised by fraction bits and signedness. */
export namespace Fixed128 {
  let hiOut: u64 = 0;
  /** High word of the last result. */
  export function hi(): u64 { return hiOut; }
  /** Whether the last checked operation succeeded. */
  export function ok(): bool { return rOk; }

  @inline function out(hi: u64, lo: u64): u64 { hiOut = hi; return lo; }
  function saturate(neg: bool, signed: bool): u64 {
    if (!signed) return neg ? out(0, 0) : out(<u64>-1, <u64>-1);
    return neg ? out(I_MIN_HI, 0) : out(I_MAX_HI, <u64>-1);
  }

  export function checkedAdd(aHi: u64, aLo: u64, bHi: u64, bLo: u64, signed: bool): u64 {
    add128(aHi, aLo, bHi, bLo, signed);
    return out(rHi, rLo);
  }
  export function saturatingAdd(aHi: u64, aLo: u64, bHi: u64, bLo: u64, signed: bool): u64 {
    add128(aHi, aLo, bHi, bLo, signed);
    if (rOk) return out(rHi, rLo);
    return saturate(signed && isNeg(aHi), signed);
  }
  export function checkedSub(aHi: u64, aLo: u64, bHi: u64, bLo: u64, signed: bool): u64 {
    sub128(aHi, aLo, bHi, bLo, signed);
    return out(rHi, rLo);
  }
  export function saturatingSub(aHi: u64, aLo: u64, bHi: u64, bLo: u64, signed: bool): u64 {
    sub128(aHi, aLo, bHi, bLo, signed);
    if (rOk) return out(rHi, rLo);
    return saturate(signed ? isNeg(aHi) : true, signed);
  }
  export function checkedMul(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): u64 {
    mulFixed128(aHi, aLo, bHi, bLo, frac, signed);
    return out(rHi, rLo);
  }
  export function saturatingMul(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): u64 {
    mulFixed128(aHi, aLo, bHi, bLo, frac, signed);
    if (rOk) return out(rHi, rLo);
    return saturate(signed && isNeg(aHi) != isNeg(bHi), signed);
  }
  export function checkedDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): u64 {
    divFixed128(aHi, aLo, bHi, bLo, frac, signed);
    return out(rHi, rLo);
  }
  export function saturatingDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): u64 {
    divFixed128(aHi, aLo, bHi, bLo, frac, signed);
    if (rOk) return out(rHi, rLo);
    if (bHi == 0 && bLo == 0) return saturate(signed && isNeg(aHi), signed);
    return saturate(signed && isNeg(aHi) != isNeg(bHi), signed);
  }
  /** The chain's `safe_div`: 0 on divide-by-zero and on overflow. */
  // see: subtensor primitives/safe-math/src/lib.rs SafeDiv::safe_div @ 14bc6f9
  export function safeDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64, frac: i32, signed: bool): u64 {
    divFixed128(aHi, aLo, bHi, bLo, frac, signed);
    return rOk ? out(rHi, rLo) : out(0, 0);
  }

  /** `saturating_from_num(i64)`. */
  export function fromInt(x: i64, frac: i32, signed: bool): u64 {
    if (!signed && x < 0) return out(0, 0);
    const m = <u64>(x < 0 ? -x : x);
    scaleRoundEven128(m, frac, signed ? 127 : 128);
    if (!rOk) return saturate(x < 0, signed);
    if (x < 0) { neg128(rHi, rLo); return out(rHi, rLo); }
    return out(rHi, rLo);
  }
  /** `saturating_from_num(u64)`. */
  export function fromU64(x: u64, frac: i32, signed: bool): u64 {
    scaleRoundEven128(x, frac, signed ? 127 : 128);
    return rOk ? out(rHi, rLo) : saturate(false, signed);
  }
  /** `saturating_from_num(f64)` from the IEEE-754 bits: nearest, ties to even. NaN → 0. */
  export function fromF64Bits(bits: u64, frac: i32, signed: bool): u64 {
    const neg = (bits >> 63) != 0;
    const e = <i32>((bits >> 52) & 0x7ff);
    const f = bits & 0xf_ffff_ffff_ffff;
    if (e == 0x7ff) return f != 0 ? out(0, 0) : saturate(neg, signed);
    const m = e == 0 ? f : f | 0x10_0000_0000_0000;
    const shift = (e == 0 ? -1074 : e - 1075) + frac;
    if (neg && !signed) return out(0, 0);
    scaleRoundEven128(m, shift, signed ? (neg ? 128 : 127) : 128);
    if (!rOk) return saturate(neg, signed);
    if (neg) {
      if (rHi > I_MIN_HI || (rHi == I_MIN_HI && rLo != 0)) return saturate(true, true);
      neg128(rHi, rLo);
    }
    return out(rHi, rLo);
  }
  /** `saturating_to_num::<u64>()`: floor, negative → 0, too large → u64::MAX. */
  export function toU64Saturating(hi: u64, lo: u64, frac: i32, signed: bool): u64 {
    if (signed && isNeg(hi)) return 0;
    const f = <u64>frac;
    const intHi = frac == 64 ? 0 : hi >> f;
    if (intHi != 0) return <u64>-1;
    return frac == 64 ? hi : (hi << (64 - f)) | (lo >> f);
  }
  /** `saturating_to_num::<i64>()`: floor (arithmetic shift), saturating. */
  export function toI64Saturating(hi: u64, lo: u64, frac: i32, signed: bool): i64 {
    const f = <u64>frac;
    const neg = signed && isNeg(hi);
    // integer part as (iHi, iLo) = value >> frac (arithmetic when signed)
    const iLo = frac == 64 ? hi : (hi << (64 - f)) | (lo >> f);
    const iHi = frac == 64 ? (neg ? <u64>-1 : 0) : signed ? <u64>(<i64>hi >> <i64>f) : hi >> f;
    if (neg) return iHi == <u64>-1 && <i64>iLo < 0 ? <i64>iLo : i64.MIN_VALUE;
    return iHi == 0 && <i64>iLo >= 0 ? <i64>iLo : i64.MAX_VALUE;
  }
}

// Thin, named views for callers: I64F64 / I96F32 / U64F64 with substrate_fixed's names.
export namespace I64F64 {
  export const FRAC: i32 = 64;
  export function saturatingAdd(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingAdd(aHi, aLo, bHi, bLo, true); }
  export function saturatingSub(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingSub(aHi, aLo, bHi, bLo, true); }
  export function saturatingMul(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingMul(aHi, aLo, bHi, bLo, 64, true); }
  export function saturatingDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingDiv(aHi, aLo, bHi, bLo, 64, true); }
  export function safeDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.safeDiv(aHi, aLo, bHi, bLo, 64, true); }
  export function fromInt(x: i64): u64 { return Fixed128.fromInt(x, 64, true); }
  export function fromU64(x: u64): u64 { return Fixed128.fromU64(x, 64, true); }
  /** Widen I32F32 bits exactly (`I64F64::from_num(I32F32)`). */
  export function fromI32F32(bits: i64): u64 { return Fixed128.fromInt(bits, 32, true); }
}

export namespace I96F32 {
  export const FRAC: i32 = 32;
  export function saturatingAdd(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingAdd(aHi, aLo, bHi, bLo, true); }
  export function saturatingSub(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingSub(aHi, aLo, bHi, bLo, true); }
  export function saturatingMul(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingMul(aHi, aLo, bHi, bLo, 32, true); }
  export function saturatingDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingDiv(aHi, aLo, bHi, bLo, 32, true); }
  export function safeDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.safeDiv(aHi, aLo, bHi, bLo, 32, true); }
  export function fromInt(x: i64): u64 { return Fixed128.fromInt(x, 32, true); }
  export function fromU64(x: u64): u64 { return Fixed128.fromU64(x, 32, true); }
  export function toU64Saturating(hi: u64, lo: u64): u64 { return Fixed128.toU64Saturating(hi, lo, 32, true); }
}

export namespace U64F64 {
  export const FRAC: i32 = 64;
  export function saturatingAdd(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingAdd(aHi, aLo, bHi, bLo, false); }
  export function saturatingSub(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingSub(aHi, aLo, bHi, bLo, false); }
  export function saturatingMul(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingMul(aHi, aLo, bHi, bLo, 64, false); }
  export function saturatingDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.saturatingDiv(aHi, aLo, bHi, bLo, 64, false); }
  export function safeDiv(aHi: u64, aLo: u64, bHi: u64, bLo: u64): u64 { return Fixed128.safeDiv(aHi, aLo, bHi, bLo, 64, false); }
  export function fromU64(x: u64): u64 { return Fixed128.fromU64(x, 64, false); }
  export function toU64Saturating(hi: u64, lo: u64): u64 { return Fixed128.toU64Saturating(hi, lo, 64, false); }
}
