// The ln1p Taylor series of safe-bigmath's pow_ratio_scaled fallback (see powRatio.ts), on raw limbs:
// the same integers as the library's loop, computed in one buffer allocated per call.
//
// The library's step n (from 2) is term = floor(term × x / 2^P), next = floor(term / n) (both floors
// toward −∞), result −= next for even n and += next for odd n, stopping on a zero term, a zero next,
// |next| < 2^guard or n > maxIters. Here:
// - x = ±m × 2^k with k its trailing zero bits (k ≤ P), so floor(term × x / 2^P) is
//   floor(±term × m / 2^(P − k)): a product by m, which for a base of u64 or u128 (the balancer's) has
//   one to four limbs, where x has P / 32.
// - term is kept as sign and magnitude: a negative floor is the magnitude's quotient plus one when a
//   dropped bit is set (a negative product smaller than 2^(P − k) floors to −1, not 0).
// - result is kept in two's complement over |x|'s limbs plus two: every |term| ≤ |x| (|m| < 2^(P − k)
//   since |x| < 2^P, so each step's magnitude does not grow) and every |next| ≤ |term| / n + 1, so
//   |result| ≤ |x| × (1 + ln maxIters) + maxIters < 2^(32 (limbs + 1)) for maxIters ≤ 2^16.
import { Big } from "./bignum";

@inline function ld(p: usize, i: i32): u32 {
  return load<u32>(p + (<usize>i << 2));
}
@inline function st(p: usize, i: i32, v: u32): void {
  store<u32>(p + (<usize>i << 2), v);
}

/** ln1p(x) as the library's series computes it at P fraction bits; requires |x| < 2^P and guardBits < 32. */
// see: safe-bigmath src/integer.rs ln1p_fixed @ 013c499
export function ln1pSeries(x: Big, p: i32, maxIters: i32, guardBits: i32): Big {
  const xn = x.n;
  if (xn == 0) return new Big(1);
  let k = x.trailingZeroBits();
  if (k > p) k = p;
  const rw = xn + 2;
  // m (xn) | term (xn) | product (2 xn + 1) | next (xn) | result (rw)
  const buf = new StaticArray<u32>(5 * xn + 1 + rw);
  const mp = changetype<usize>(buf);
  const tp = mp + (<usize>xn << 2);
  const pp = tp + (<usize>xn << 2);
  const qp = pp + (<usize>(2 * xn + 1) << 2);
  const rp = qp + (<usize>xn << 2);
  const xd = changetype<usize>(x.d);

  // m = |x| >> k (exact)
  const kw = k >> 5;
  const kb = <u32>(k & 31);
  let ml = xn - kw;
  if (kb == 0) {
    for (let i = 0; i < ml; i++) st(mp, i, ld(xd, i + kw));
  } else {
    for (let i = 0; i < ml - 1; i++) st(mp, i, (ld(xd, i + kw) >>> kb) | (ld(xd, i + kw + 1) << (32 - kb)));
    st(mp, ml - 1, ld(xd, xn - 1) >>> kb);
  }
  while (ml > 0 && ld(mp, ml - 1) == 0) ml--;
  const mneg = x.neg;

  // term = |x|, result = x in two's complement
  for (let i = 0; i < xn; i++) {
    const v = ld(xd, i);
    st(tp, i, v);
    st(rp, i, v);
  }
  st(rp, xn, 0);
  st(rp, xn + 1, 0);
  if (mneg) {
    let c: u64 = 1;
    for (let i = 0; i < rw; i++) {
      const t = <u64>~ld(rp, i) + c;
      st(rp, i, <u32>t);
      c = t >> 32;
    }
  }
  let tn = xn;
  let tneg = mneg;

  const sh = p - k;
  const sw = sh >> 5;
  const sb = <u32>(sh & 31);
  const guardTop: u32 = guardBits >= 32 ? 0xffff_ffff : (<u32>1 << <u32>guardBits) - 1;
  for (let n = 2; n <= maxIters; n++) {
    // product = |term| × m, row by row
    const pn = tn + ml;
    const m0 = <u64>ld(mp, 0);
    let c: u64 = 0;
    for (let i = 0; i < tn; i++) {
      const t = <u64>ld(tp, i) * m0 + c;
      st(pp, i, <u32>t);
      c = t >> 32;
    }
    st(pp, tn, <u32>c);
    for (let j = 1; j < ml; j++) {
      const mj = <u64>ld(mp, j);
      c = 0;
      for (let i = 0; i < tn; i++) {
        const t = <u64>ld(tp, i) * mj + <u64>ld(pp, i + j) + c;
        st(pp, i + j, <u32>t);
        c = t >> 32;
      }
      st(pp, tn + j, <u32>c);
    }

    // term = floor(±product / 2^sh)
    const neg = tneg != mneg;
    let sticky = false;
    if (neg) {
      const lim = sw < pn ? sw : pn;
      for (let i = 0; i < lim; i++) {
        if (ld(pp, i) != 0) {
          sticky = true;
          break;
        }
      }
      if (!sticky && sb != 0 && sw < pn && (ld(pp, sw) & ((<u32>1 << sb) - 1)) != 0) sticky = true;
    }
    let nt = pn - sw;
    if (nt < 0) nt = 0;
    if (nt > 0) {
      if (sb == 0) {
        for (let i = 0; i < nt; i++) st(tp, i, ld(pp, i + sw));
      } else {
        for (let i = 0; i < nt - 1; i++) st(tp, i, (ld(pp, i + sw) >>> sb) | (ld(pp, i + sw + 1) << (32 - sb)));
        st(tp, nt - 1, ld(pp, pn - 1) >>> sb);
      }
    }
    while (nt > 0 && ld(tp, nt - 1) == 0) nt--;
    if (sticky) {
      let i = 0;
      while (i < nt) {
        const v = ld(tp, i) + 1;
        st(tp, i, v);
        if (v != 0) break;
        i++;
      }
      if (i == nt) st(tp, nt++, 1);
    }
    tn = nt;
    if (tn == 0) break;
    tneg = neg;

    // next = floor(±term / n)
    const nn = <u64>n;
    let rem: u64 = 0;
    for (let i = tn - 1; i >= 0; i--) {
      const cur = (rem << 32) | <u64>ld(tp, i);
      const q = cur / nn;
      st(qp, i, <u32>q);
      rem = cur - q * nn;
    }
    let qn = tn;
    while (qn > 0 && ld(qp, qn - 1) == 0) qn--;
    if (neg && rem != 0) {
      let i = 0;
      while (i < qn) {
        const v = ld(qp, i) + 1;
        st(qp, i, v);
        if (v != 0) break;
        i++;
      }
      if (i == qn) st(qp, qn++, 1);
    }
    if (qn == 0) break;

    // result −= next (even n) or += next (odd n)
    if (((n & 1) == 0) != neg) {
      let b: u64 = 0;
      let i = 0;
      for (; i < qn; i++) {
        const t = <u64>ld(rp, i) - <u64>ld(qp, i) - b;
        st(rp, i, <u32>t);
        b = (t >> 32) & 1;
      }
      for (; b != 0 && i < rw; i++) {
        const t = <u64>ld(rp, i) - b;
        st(rp, i, <u32>t);
        b = (t >> 32) & 1;
      }
    } else {
      let c2: u64 = 0;
      let i = 0;
      for (; i < qn; i++) {
        const t = <u64>ld(rp, i) + <u64>ld(qp, i) + c2;
        st(rp, i, <u32>t);
        c2 = t >> 32;
      }
      for (; c2 != 0 && i < rw; i++) {
        const t = <u64>ld(rp, i) + c2;
        st(rp, i, <u32>t);
        c2 = t >> 32;
      }
    }
    if (qn == 1 && ld(qp, 0) <= guardTop) break;
  }

  // back to sign and magnitude
  const out = new Big(rw);
  const od = changetype<usize>(out.d);
  const rneg = (ld(rp, rw - 1) >>> 31) != 0;
  if (rneg) {
    let c: u64 = 1;
    for (let i = 0; i < rw; i++) {
      const t = <u64>~ld(rp, i) + c;
      st(od, i, <u32>t);
      c = t >> 32;
    }
  } else {
    for (let i = 0; i < rw; i++) st(od, i, ld(rp, i));
  }
  out.n = rw;
  out.neg = rneg;
  out.trim();
  return out;
}
