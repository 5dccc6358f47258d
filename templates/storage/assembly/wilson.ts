// Copied from @tao-subnet/kit-storage (assembly/wilson.ts): a verification primitive of your scoring module; keep it as it is.
// The Wilson score interval's lower bound in integers (z = 1.96), for success rates over a window.
// see: E. B. Wilson, "Probable inference, the law of succession, and statistical inference" (1927)
//
//   LB = (s + z²/2 − z·√(s(n−s)/n + z²/4)) / (n + z²)
// With Z2 = 10⁴·z² = 38416 and X = 4·10⁴·s(n−s) + n·Z2, the root term scaled by 10⁴·256 is
// R8 = ⌊√(Z2·X·16384 / n)⌋, so LB·65535 = ⌊((10⁴·s + Z2/2)·256 − R8)·65535 / ((10⁴·n + Z2)·256)⌋.
// Every intermediate fits in u64 for n ≤ 256 (Z2·X·16384 < 4.2·10¹⁷).

export const WINDOW_MAX: u32 = 256;
const Z2: u64 = 38416; // 3.8416 = 1.96² in 1/10⁴

/** ⌊√x⌋ for a u64 (bit by bit, no floats). */
export function isqrt(x: u64): u64 {
  let r: u64 = 0;
  let bit: u64 = <u64>1 << 62;
  while (bit > x) bit >>= 2;
  while (bit != 0) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else r >>= 1;
    bit >>= 2;
  }
  return r;
}

/** The Wilson lower bound of `s` successes in `n` trials as a u16 (0 when n is 0). */
export function wilsonLowerU16(s: u32, n: u32): u32 {
  if (n == 0) return 0;
  if (n > WINDOW_MAX) { s = <u32>((<u64>s * WINDOW_MAX) / n); n = WINDOW_MAX; }
  if (s > n) s = n;
  const S = <u64>s;
  const N = <u64>n;
  const x = 40000 * S * (N - S) + N * Z2;
  const r8 = isqrt((Z2 * x * 16384) / N);
  const top = (10000 * S) * 256 + Z2 * 128;
  const num: u64 = top > r8 ? top - r8 : 0;
  const den: u64 = (10000 * N + Z2) * 256;
  return <u32>((num * 65535) / den);
}
