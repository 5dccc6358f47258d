// I32F32: signed fixed point with 32 integer and 32 fraction bits, stored as raw i64 bits
// (value = bits / 2^32), with the semantics of the Rust `substrate_fixed` crate (v0.6.0, the one
// subtensor uses): multiplication floors the full-width product, division truncates toward zero,
// `saturating*` clamps to MIN/MAX, `checked*` reports overflow, and the chain's `safe_div` gives 0
// on divide-by-zero and on overflow. Comparisons are plain i64 comparisons of the bits.
// Integer instructions only (a test checks the compiled .wat).
import { divU128ByU64, mulU64, negWide, wideHi, wideLo } from "./wide";
import { EXP_BOUNDS_E, EXP_BOUNDS_FIRST, EXP_BOUNDS_LO, EXP_BOUNDS_STEP_BITS } from "./expBoundsTable";

export namespace I32F32 {
  export const FRAC_BITS: i32 = 32;
  export const ZERO: i64 = 0; // 0.0
  export const ONE: i64 = 0x1_0000_0000; // 1.0
  export const HALF: i64 = 0x8000_0000; // 0.5
  export const MAX: i64 = 0x7fff_ffff_ffff_ffff; // 2147483647.99999999977
  export const MIN: i64 = 0x8000_0000_0000_0000; // -2147483648.0
  export const DELTA: i64 = 1; // 2^-32, one ulp

  let ok: bool = true;

  /** Whether the last `checked*` call succeeded (the Rust `Option` was `Some`); saturating and safe operations leave it unspecified. */
  export function lastOk(): bool {
    return ok;
  }

  // see: substrate_fixed v0.6.0 FixedI64::saturating_from_num(i64)
  export function fromInt(x: i64): i64 {
    if (x >= 0x8000_0000) return MAX;
    if (x < -0x8000_0000) return MIN;
    return x << 32;
  }

  // see: substrate_fixed v0.6.0 FixedI64::saturating_from_num(u64)
  export function fromU64(x: u64): i64 {
    return x >= 0x8000_0000 ? MAX : <i64>(x << 32);
  }

  /**
   * x / 65535 as the chain computes a u16 proportion: `I32F32::from_num(x).safe_div(I32F32::from_num(u16::MAX))`,
   * i.e. ⌊x·2^32 / 65535⌋; with 2^32 = 65535·65537 + 1 that is x·65537 + ⌊x / 65535⌋, no division.
   */
  // see: subtensor pallets/subtensor/src/epoch/math.rs u16_proportion_to_fixed @ 14bc6f9
  @inline export function fromU16Proportion(x: u16): i64 {
    return <i64>(<u64>x * 65537 + <u64>(x == 65535));
  }

  // see: substrate_fixed v0.6.0 FixedI64::checked_add
  export function checkedAdd(a: i64, b: i64): i64 {
    const s = a + b;
    ok = ((a ^ s) & (b ^ s)) >= 0; // overflow iff both operands' signs differ from the sum's
    return ok ? s : 0;
  }

  @inline export function saturatingAdd(a: i64, b: i64): i64 {
    const s = a + b;
    return ((a ^ s) & (b ^ s)) >= 0 ? s : a < 0 ? MIN : MAX;
  }

  // see: substrate_fixed v0.6.0 FixedI64::checked_sub
  export function checkedSub(a: i64, b: i64): i64 {
    const d = a - b;
    ok = ((a ^ b) & (a ^ d)) >= 0;
    return ok ? d : 0;
  }

  @inline export function saturatingSub(a: i64, b: i64): i64 {
    const d = a - b;
    return ((a ^ b) & (a ^ d)) >= 0 ? d : a < 0 ? MIN : MAX;
  }

  // see: substrate_fixed v0.6.0 FixedI64::checked_mul (i128 product, arithmetic >> 32)
  export function checkedMul(a: i64, b: i64): i64 {
    const neg = (a ^ b) < 0;
    const ua = <u64>(a < 0 ? -a : a);
    const ub = <u64>(b < 0 ? -b : b);
    if (mulNative(ua, ub)) {
      ok = true;
      return mulNativeResult(ua, ub, neg);
    }
    mulU64(ua, ub);
    if (neg) negWide();
    const hi = <i64>wideHi;
    // the result fits iff bits 127..95 of the product are all equal (all sign)
    const top = hi >> 31;
    ok = top == 0 || top == -1;
    return ok ? (hi << 32) | <i64>(wideLo >> 32) : 0;
  }

  /**
   * Whether the floored product of magnitudes ua·ub / 2^32 can be taken natively: one magnitude
   * below 1.0 (weights, stakes, α, proportions) and the other not i64::MIN's. With large =
   * h·2^32 + l the product is small·h + ⌊small·l / 2^32⌋ ≤ (2^32 − 1)(2^31 − 1) + 2^32 − 1 <
   * 2^63 − 2^31, so it always fits the result (the chain's check passes), negated and rounded
   * down included.
   */
  @inline function mulNative(ua: u64, ub: u64): bool {
    return (ua < 0x1_0000_0000 || ub < 0x1_0000_0000) && (ua | ub) <= 0x7fff_ffff_ffff_ffff;
  }

  /** The floored product of `mulNative` operands, with the sign applied (floor of a negative rounds its magnitude up). */
  @inline function mulNativeResult(ua: u64, ub: u64, neg: bool): i64 {
    const small = ua < ub ? ua : ub;
    const large = ua < ub ? ub : ua;
    const low = small * (large & 0xffff_ffff);
    const q = <i64>(small * (large >> 32) + (low >> 32));
    return neg ? -(q + <i64>((low & 0xffff_ffff) != 0)) : q;
  }

  @inline export function saturatingMul(a: i64, b: i64): i64 {
    const ua = <u64>(a < 0 ? -a : a);
    const ub = <u64>(b < 0 ? -b : b);
    if (mulNative(ua, ub)) return mulNativeResult(ua, ub, (a ^ b) < 0);
    return saturatingMulWide(a, b);
  }

  function saturatingMulWide(a: i64, b: i64): i64 {
    const p = checkedMul(a, b);
    return ok ? p : (a ^ b) < 0 ? MIN : MAX;
  }

  // see: substrate_fixed v0.6.0 FixedI64::checked_div ((a << 32) / b in i128, truncating)
  export function checkedDiv(a: i64, b: i64): i64 {
    if (b == 0) {
      ok = false;
      return 0;
    }
    const neg = (a ^ b) < 0;
    const ua = <u64>(a < 0 ? -a : a);
    const ub = <u64>(b < 0 ? -b : b);
    let q: u64;
    if (ua < 0x1_0000_0000) {
      // |a| < 1.0: the shifted dividend fits in u64, one native division
      q = (ua << 32) / ub;
    } else if (ua == 0x1_0000_0000 && ub > 1) {
      // |a| = 1.0: 2^64 / ub (quotient < 2^64 because ub > 1)
      q = recip64(ub);
    } else {
      // common factors of two cancel exactly: (a·2^32)/b = (a'·2^32)/b' with a = a'·2^z, b = b'·2^z
      // (whole numbers such as u16 weights and their row sums are multiples of 2^32)
      const z = min(ctz(ua), ctz(ub));
      const na = ua >> z;
      if (na < 0x1_0000_0000) {
        q = (na << 32) / (ub >> z);
      } else {
        divU128ByU64(ua >> 32, ua << 32, ub);
        if (wideHi != 0) {
          ok = false;
          return 0;
        }
        q = wideLo;
      }
    }
    if (neg) {
      ok = q <= 0x8000_0000_0000_0000;
      return ok ? -(<i64>q) : 0;
    }
    ok = q <= 0x7fff_ffff_ffff_ffff;
    return ok ? <i64>q : 0;
  }

  /** Saturating division; divide-by-zero saturates toward the dividend's sign (MAX for 0/0). */
  export function saturatingDiv(a: i64, b: i64): i64 {
    const q = checkedDiv(a, b);
    if (ok) return q;
    if (b == 0) return a < 0 ? MIN : MAX;
    return (a ^ b) < 0 ? MIN : MAX;
  }

  /** The chain's `safe_div`: `checked_div(..).unwrap_or_default()`, so 0 on divide-by-zero and on overflow. */
  // see: subtensor primitives/safe-math/src/lib.rs SafeDiv::safe_div @ 14bc6f9
  @inline export function safeDiv(a: i64, b: i64): i64 {
    if (<u64>a < 0x1_0000_0000 && b > 0) {
      // 0 ≤ a < 1.0 over b > 0: checkedDiv's first native path, inline
      const q = (<u64>a << 32) / <u64>b;
      if (<i64>q >= 0) return <i64>q;
    }
    return safeDivWide(a, b);
  }

  function safeDivWide(a: i64, b: i64): i64 {
    const q = checkedDiv(a, b);
    return ok ? q : 0;
  }

  /** Integer part, rounded toward −∞ (`to_num::<i64>()` drops fraction bits). */
  export function toIntFloor(a: i64): i64 {
    return a >> 32;
  }

  /** `saturating_to_num::<u64>()`: negative → 0, fraction dropped. */
  export function toU64Saturating(a: i64): u64 {
    return a < 0 ? 0 : <u64>(a >> 32);
  }

  /** Nearest integer, ties away from zero (`round()`); returns fixed bits, saturating at the range ends. */
  // see: substrate_fixed v0.6.0 FixedI64::round
  export function round(a: i64): i64 {
    const frac = a & 0xffff_ffff;
    const floor = a & ~(<i64>0xffff_ffff);
    if (a >= 0) {
      if (frac < HALF) return floor;
      return floor > MAX - ONE ? MAX : floor + ONE;
    }
    // negative: ties (frac == HALF) go away from zero, i.e. down to floor
    if (frac <= HALF) return floor;
    return floor + ONE;
  }

  /** Round-to-nearest-even shift right of an unsigned magnitude by `s` ≥ 1 bits. */
  function shrRoundEven(m: u64, s: i32): u64 {
    if (s >= 64) return s == 64 && m > 0x8000_0000_0000_0000 ? 1 : 0;
    const q = m >> (<u64>s);
    const rem = m & ((<u64>1 << (<u64>s)) - 1);
    const half = <u64>1 << (<u64>(s - 1));
    if (rem > half || (rem == half && (q & 1) == 1)) return q + 1;
    return q;
  }

  /** Magnitude × 2^shift with sign, saturating, as fixed bits (shared by the f32 and f64 paths). */
  function fromScaled(neg: bool, m: u64, shift: i32): i64 {
    let mag: u64;
    if (shift >= 0) {
      if (m != 0 && (shift >= 64 || clz(m) < <u64>shift)) return neg ? MIN : MAX;
      mag = m << (<u64>shift);
    } else {
      mag = shrRoundEven(m, -shift);
    }
    if (neg) return mag >= 0x8000_0000_0000_0000 ? MIN : -(<i64>mag);
    return mag > 0x7fff_ffff_ffff_ffff ? MAX : <i64>mag;
  }

  /** `saturating_from_num(f32)` from the float's IEEE-754 bits: round to nearest, ties to even. NaN → 0. */
  // see: substrate_fixed v0.6.0 FixedI64::saturating_from_num(f32)
  export function fromF32Bits(bits: u32): i64 {
    const neg = (bits >> 31) != 0;
    const e = <i32>((bits >> 23) & 0xff);
    const frac = <u64>(bits & 0x7f_ffff);
    if (e == 0xff) return frac != 0 ? 0 : neg ? MIN : MAX;
    // value = m × 2^(e − 150) (normal) or frac × 2^(−149) (subnormal); bits = value × 2^32
    return e == 0 ? fromScaled(neg, frac, -149 + 32) : fromScaled(neg, frac | 0x80_0000, e - 150 + 32);
  }

  /** `saturating_from_num(f64)` from the float's IEEE-754 bits: round to nearest, ties to even. NaN → 0. */
  // see: substrate_fixed v0.6.0 FixedI64::saturating_from_num(f64)
  export function fromF64Bits(bits: u64): i64 {
    const neg = (bits >> 63) != 0;
    const e = <i32>((bits >> 52) & 0x7ff);
    const frac = bits & 0xf_ffff_ffff_ffff;
    if (e == 0x7ff) return frac != 0 ? 0 : neg ? MIN : MAX;
    return e == 0 ? fromScaled(neg, frac, -1074 + 32) : fromScaled(neg, frac | 0x10_0000_0000_0000, e - 1075 + 32);
  }

  // E as substrate_fixed stores it: I9F23 bits of e, widened (floor) to I32F32
  const E_BITS: i64 = 22_802_601 << 9; // 2.71828174591064453125

  /** ⌊2^64 / d⌋ for d > 1 with one native division (2^64 − 1 divides like 2^64 unless d is a power of two). */
  @inline export function recip64(d: u64): u64 {
    return u64.MAX_VALUE / d + <u64>((d & (d - 1)) == 0);
  }

  /** |x| bound of the native path of `exp`: 20.0, the clamp of `expSafe`. */
  export const EXP_NATIVE_LIMIT: i64 = 20 << 32;

  /**
   * The chain's `exp` (substrate_fixed transcendental): 1 + x + Σ_{i=2}^{31} x^i/i! with checked
   * steps; negative x via 1/exp(|x|). For |x| ≤ 20 (everything `expSafe` passes) it runs the same
   * steps in native u64 (`expNative`); beyond that it runs the literal port (`expSeries`).
   */
  // see: substrate_fixed v0.6.0 transcendental::exp
  export function exp(x: i64): i64 {
    if (x == 0) return ONE;
    if (x == ONE) return E_BITS;
    if (x >= -EXP_NATIVE_LIMIT && x <= EXP_NATIVE_LIMIT) {
      ok = true;
      if (x < 0) return <i64>recip64(expNativeSum(<u64>-x));
      return <i64>expNativeSum(<u64>x);
    }
    return expSeries(x);
  }

  /**
   * 1 + x + Σ_{i=2}^{31} t_i with t_1 = x, t_i = ⌊⌊t_{i−1}·x / 2^32⌋ / i⌋, for 0 < x ≤ 20.0, in
   * native u64, bit for bit the checked I32F32 steps of `expSeries`. Why nothing overflows (so the
   * chain's checks cannot fail and the result is the same): t_i ≤ 20^i/i! · 2^32 ≤ 4.4·10^7 · 2^32
   * < 2^58 (largest at i = 20); with x = xh·2^32 + xl (xh ≤ 20) and t = th·2^32 + tl the floored
   * product is t·xh + th·xl + ⌊tl·xl / 2^32⌋ exactly, each part < 2^62 and their sum < 2^63; the sum
   * of the series ≤ e^20 · 2^32 < 2^61. The loop is unrolled so each divisor is a constant (the
   * engine divides by multiplying).
   */
  function expNativeSum(x: u64): u64 {
    const xh = x >> 32;
    const xl = x & 0xffff_ffff;
    let result = x + <u64>ONE;
    let t = x;
    t = expStep(t, x, xh, xl, 2); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 3); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 4); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 5); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 6); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 7); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 8); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 9); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 10); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 11); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 12); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 13); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 14); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 15); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 16); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 17); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 18); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 19); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 20); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 21); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 22); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 23); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 24); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 25); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 26); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 27); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 28); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 29); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 30); if (t == 0) return result; result += t;
    t = expStep(t, x, xh, xl, 31); return result + t;
  }

  /** The second, third and fourth results of `expNativeSum4`. */
  export let quadSum1: u64 = 0;
  export let quadSum2: u64 = 0;
  export let quadSum3: u64 = 0;

  /**
   * `expNativeSum` of four arguments at once (returned, then `quadSum1..3`): four independent
   * multiply and divide chains for the CPU to overlap; a lane whose term reached 0 keeps adding 0,
   * and the series stops when all four have. Callers group arguments of similar size, so the four
   * series end together. Bit for bit four `expNativeSum` calls.
   */
  export function expNativeSum4(a: u64, b: u64, c: u64, d: u64): u64 {
    // all four below 8.0 (the usual exponents): the steps need no halves of x, which frees the
    // registers they would hold
    return (a | b | c | d) < 0x8_0000_0000 ? series4<u8>(a, b, c, d) : series4<u64>(a, b, c, d);
  }

  /** `expStep`, or (W = u8) its branch for |x| < 8 alone. */
  @inline function expStepOf<W>(t: u64, x: u64, xh: u64, xl: u64, i: u64): u64 {
    if (sizeof<W>() == 1) return expProductBelow8(t, x) / i;
    return expStep(t, x, xh, xl, i);
  }

  function series4<W>(a: u64, b: u64, c: u64, d: u64): u64 {
    const ah = a >> 32, al = a & 0xffff_ffff, bh = b >> 32, bl = b & 0xffff_ffff;
    const ch = c >> 32, cl = c & 0xffff_ffff, dh = d >> 32, dl = d & 0xffff_ffff;
    let ra = a + <u64>ONE, rb = b + <u64>ONE, rc = c + <u64>ONE, rd = d + <u64>ONE;
    let ta = a, tb = b, tc = c, td = d;
    ta = expStepOf<W>(ta, a, ah, al, 2); tb = expStepOf<W>(tb, b, bh, bl, 2); tc = expStepOf<W>(tc, c, ch, cl, 2); td = expStepOf<W>(td, d, dh, dl, 2); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 3); tb = expStepOf<W>(tb, b, bh, bl, 3); tc = expStepOf<W>(tc, c, ch, cl, 3); td = expStepOf<W>(td, d, dh, dl, 3); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 4); tb = expStepOf<W>(tb, b, bh, bl, 4); tc = expStepOf<W>(tc, c, ch, cl, 4); td = expStepOf<W>(td, d, dh, dl, 4); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 5); tb = expStepOf<W>(tb, b, bh, bl, 5); tc = expStepOf<W>(tc, c, ch, cl, 5); td = expStepOf<W>(td, d, dh, dl, 5); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 6); tb = expStepOf<W>(tb, b, bh, bl, 6); tc = expStepOf<W>(tc, c, ch, cl, 6); td = expStepOf<W>(td, d, dh, dl, 6); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 7); tb = expStepOf<W>(tb, b, bh, bl, 7); tc = expStepOf<W>(tc, c, ch, cl, 7); td = expStepOf<W>(td, d, dh, dl, 7); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 8); tb = expStepOf<W>(tb, b, bh, bl, 8); tc = expStepOf<W>(tc, c, ch, cl, 8); td = expStepOf<W>(td, d, dh, dl, 8); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 9); tb = expStepOf<W>(tb, b, bh, bl, 9); tc = expStepOf<W>(tc, c, ch, cl, 9); td = expStepOf<W>(td, d, dh, dl, 9); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 10); tb = expStepOf<W>(tb, b, bh, bl, 10); tc = expStepOf<W>(tc, c, ch, cl, 10); td = expStepOf<W>(td, d, dh, dl, 10); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 11); tb = expStepOf<W>(tb, b, bh, bl, 11); tc = expStepOf<W>(tc, c, ch, cl, 11); td = expStepOf<W>(td, d, dh, dl, 11); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 12); tb = expStepOf<W>(tb, b, bh, bl, 12); tc = expStepOf<W>(tc, c, ch, cl, 12); td = expStepOf<W>(td, d, dh, dl, 12); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 13); tb = expStepOf<W>(tb, b, bh, bl, 13); tc = expStepOf<W>(tc, c, ch, cl, 13); td = expStepOf<W>(td, d, dh, dl, 13); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 14); tb = expStepOf<W>(tb, b, bh, bl, 14); tc = expStepOf<W>(tc, c, ch, cl, 14); td = expStepOf<W>(td, d, dh, dl, 14); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 15); tb = expStepOf<W>(tb, b, bh, bl, 15); tc = expStepOf<W>(tc, c, ch, cl, 15); td = expStepOf<W>(td, d, dh, dl, 15); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 16); tb = expStepOf<W>(tb, b, bh, bl, 16); tc = expStepOf<W>(tc, c, ch, cl, 16); td = expStepOf<W>(td, d, dh, dl, 16); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 17); tb = expStepOf<W>(tb, b, bh, bl, 17); tc = expStepOf<W>(tc, c, ch, cl, 17); td = expStepOf<W>(td, d, dh, dl, 17); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 18); tb = expStepOf<W>(tb, b, bh, bl, 18); tc = expStepOf<W>(tc, c, ch, cl, 18); td = expStepOf<W>(td, d, dh, dl, 18); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 19); tb = expStepOf<W>(tb, b, bh, bl, 19); tc = expStepOf<W>(tc, c, ch, cl, 19); td = expStepOf<W>(td, d, dh, dl, 19); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 20); tb = expStepOf<W>(tb, b, bh, bl, 20); tc = expStepOf<W>(tc, c, ch, cl, 20); td = expStepOf<W>(td, d, dh, dl, 20); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 21); tb = expStepOf<W>(tb, b, bh, bl, 21); tc = expStepOf<W>(tc, c, ch, cl, 21); td = expStepOf<W>(td, d, dh, dl, 21); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 22); tb = expStepOf<W>(tb, b, bh, bl, 22); tc = expStepOf<W>(tc, c, ch, cl, 22); td = expStepOf<W>(td, d, dh, dl, 22); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 23); tb = expStepOf<W>(tb, b, bh, bl, 23); tc = expStepOf<W>(tc, c, ch, cl, 23); td = expStepOf<W>(td, d, dh, dl, 23); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 24); tb = expStepOf<W>(tb, b, bh, bl, 24); tc = expStepOf<W>(tc, c, ch, cl, 24); td = expStepOf<W>(td, d, dh, dl, 24); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 25); tb = expStepOf<W>(tb, b, bh, bl, 25); tc = expStepOf<W>(tc, c, ch, cl, 25); td = expStepOf<W>(td, d, dh, dl, 25); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 26); tb = expStepOf<W>(tb, b, bh, bl, 26); tc = expStepOf<W>(tc, c, ch, cl, 26); td = expStepOf<W>(td, d, dh, dl, 26); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 27); tb = expStepOf<W>(tb, b, bh, bl, 27); tc = expStepOf<W>(tc, c, ch, cl, 27); td = expStepOf<W>(td, d, dh, dl, 27); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 28); tb = expStepOf<W>(tb, b, bh, bl, 28); tc = expStepOf<W>(tc, c, ch, cl, 28); td = expStepOf<W>(td, d, dh, dl, 28); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 29); tb = expStepOf<W>(tb, b, bh, bl, 29); tc = expStepOf<W>(tc, c, ch, cl, 29); td = expStepOf<W>(td, d, dh, dl, 29); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 30); tb = expStepOf<W>(tb, b, bh, bl, 30); tc = expStepOf<W>(tc, c, ch, cl, 30); td = expStepOf<W>(td, d, dh, dl, 30); if ((ta | tb | tc | td) == 0) return quadDone(ra, rb, rc, rd); ra += ta; rb += tb; rc += tc; rd += td;
    ta = expStepOf<W>(ta, a, ah, al, 31); tb = expStepOf<W>(tb, b, bh, bl, 31); tc = expStepOf<W>(tc, c, ch, cl, 31); td = expStepOf<W>(td, d, dh, dl, 31);
    return quadDone(ra + ta, rb + tb, rc + tc, rd + td);
  }

  @inline function quadDone(ra: u64, rb: u64, rc: u64, rd: u64): u64 {
    quadSum1 = rb;
    quadSum2 = rc;
    quadSum3 = rd;
    return ra;
  }

  /** ⌊t·x / 2^32⌋ for t < 2^41 and x < 2^35: one product for t < 2^29, else two (see `expStep`). */
  @inline function expProductBelow8(t: u64, x: u64): u64 {
    return (t >> 29) == 0 ? (t * x) >> 32 : expProduct28(t, x);
  }

  /** ⌊t·x / 2^32⌋ for t < 2^41 and x < 2^35, in two products (see `expStep`). */
  @inline function expProduct28(t: u64, x: u64): u64 {
    const a = (t >> 28) * x;
    return (a >> 4) + ((((a & 15) << 28) + (t & 0xfff_ffff) * x) >> 32);
  }

  /**
   * ⌊⌊t·x / 2^32⌋ / i⌋ for the bounds of `expNativeSum`. For |x| < 8 (xh < 8, x < 2^35) the terms
   * stay below 8^8/8! · 2^32 < 2^41: a term t < 2^29 gives t·x < 2^64, one native product; a larger
   * one splits as t = h·2^28 + l, so t·x = (a >> 4)·2^32 + (a & 15)·2^28 + l·x with a = h·x < 2^48
   * and the last two parts together < 2^64: two products. Otherwise three (t·xh + th·xl + ⌊tl·xl /
   * 2^32⌋, the general bounds above). The multiplier is what limits the series, so products count.
   */
  @inline function expStep(t: u64, x: u64, xh: u64, xl: u64, i: u64): u64 {
    let p: u64;
    if (xh < 8) p = expProductBelow8(t, x);
    else p = t * xh + (t >> 32) * xl + (((t & 0xffff_ffff) * xl) >> 32);
    return p / i;
  }

  /** The lower end of the last `expNativeBounds` bracket. */
  export let boundsLo: u64 = 0;

  /**
   * Brackets `expNativeSum(x)` without running the series, for 1.0 ≤ x < 8.0: returns hi and sets
   * `boundsLo` to lo, with lo ≤ expNativeSum(x) ≤ hi and hi − lo below ~2000 ulps (~40 at x = 2, so
   * a function of the sum that moves by one step per ~100 ulps is mostly settled by the bracket).
   * How: the series sums floored terms, each at most its exact value, so the sum is at most
   * 2^32·e^X (X = x / 2^32) and short of it by less than the table's LO (see the table's script).
   * 2^32·e^X is E_k·e^ρ with E_k = 2^32·e^(k/128) from the table and ρ = X − k/128 < 2^-7, where
   * e^ρ − 1 = ρ(1 + ρ/2(1 + ρ/3(1 + ρ/4))) + O(ρ^5) is run in 32-bit fractions, each step floored.
   * Every step rounds down, so the estimate s ≤ 2^32·e^X, and it falls short by less than: 1 (E_k
   * floored) + 513·ρ·1.01 < 4.1 (E_k's low 9 bits dropped from the product) + 1 (its floor) +
   * E_k·1.22 / 2^36 (e^ρ − 1 short by < 1.22 units of 2^-36: < 1.2 from the three floors of the
   * nested form and < 0.02 from the dropped ρ^5/120) < 7 + E_k / 2^35: hi = s + 8 + (E_k >> 35).
   * Bounds of the products: r = ρ·2^32 < 2^25, u < 2^33, f < 2^29.1, E_k < 2^43.6 so (E_k >> 9)·f
   * < 2^64. Integers only; a test checks the bracket on every bucket's edges and random points.
   */
  export function expNativeBounds(x: u64): u64 {
    const k = <i32>(x >> (32 - EXP_BOUNDS_STEP_BITS)) - EXP_BOUNDS_FIRST;
    // callers pass 1.0 ≤ x < 8.0; anything else would read past the table: a trap, not a wrong α
    assert(x < (<u64>8 << 32) && <u32>k < <u32>EXP_BOUNDS_E.length, "expNativeBounds: x outside [1, 8)");
    const r = x & ((<u64>1 << (32 - EXP_BOUNDS_STEP_BITS)) - 1);
    const e = unchecked(EXP_BOUNDS_E[k]);
    let u = <u64>ONE + (r >> 2);
    u = <u64>ONE + ((r * u) >> 32) / 3;
    u = <u64>ONE + (((r * u) >> 32) >> 1);
    const f = ((r << 4) * u) >> 32; // (e^ρ − 1)·2^36, floored
    const s = e + (((e >> 9) * f) >> 27);
    boundsLo = s - <u64>unchecked(EXP_BOUNDS_LO[k]);
    return s + 8 + (e >> 35);
  }

  /** The literal port of the chain's `exp` with checked I32F32 steps (the reference for `exp`). */
  // see: substrate_fixed v0.6.0 transcendental::exp
  export function expSeries(x: i64): i64 {
    if (x == 0) return ONE;
    if (x == ONE) return E_BITS;
    const neg = x < 0;
    if (neg) {
      if (x == MIN) { ok = false; return 0; }
      x = -x;
    }
    let result = checkedAdd(x, ONE);
    if (!ok) return 0;
    let term = x;
    for (let i: i64 = 2; i < 32; i++) {
      term = checkedMul(term, x);
      if (!ok) return 0;
      // checked_div by from_num(i): (term << 32) / (i << 32) equals term / i truncated
      term = term / i;
      // once a term is 0 every later one is too (0·x = 0, 0/i = 0) and the sum is final
      if (term == 0) break;
      result = checkedAdd(result, term);
      if (!ok) return 0;
    }
    if (neg) return checkedDiv(ONE, result);
    ok = true;
    return result;
  }

  /** `exp_safe`: input clamped to [−20, 20]; an error gives 0 (x ≤ 0) or MAX. */
  // see: subtensor pallets/subtensor/src/epoch/math.rs exp_safe @ 14bc6f9
  export function expSafe(x: i64): i64 {
    const lo: i64 = -20 << 32;
    const hi: i64 = 20 << 32;
    const s = x < lo ? lo : x > hi ? hi : x;
    const r = exp(s);
    if (ok) return r;
    return s <= 0 ? 0 : MAX;
  }
}
