// Signed big integers (sign and magnitude, u32 limbs, least significant first) with exactly the
// operations safe-bigmath's `pow_ratio_scaled` needs: add, subtract, multiply, shifts, floor and
// truncating division (Knuth's algorithm D), powers, and the round-half-away-from-zero of its
// `round_to_precision`. num-bigint's semantics where they matter: `div_floor` rounds toward −∞,
// `>>` on a negative value is a floor, `div_rem` truncates toward zero.
//
// Sizes. A `Big` has a capacity in limbs chosen by its owner from the bounds of its use (see
// powRatio.ts: the fallback's values stay below 2^(2P + 1.45·|X| + 64) for internal precision P and
// exponent argument X, the exact path's below the product of its powers); `reserve` grows it if an
// operation would need more, so a wrong bound costs an allocation, never a wrong answer. The
// series loops write into buffers they allocated once, so a call allocates a bounded amount.

@inline function lo32(x: u64): u32 { return <u32>x; }
@inline function hi32(x: u64): u32 { return <u32>(x >> 32); }

export class Big {
  d: StaticArray<u32>;
  /** Limbs in use; d[n − 1] != 0 when n > 0 (zero is n = 0, never negative). */
  n: i32 = 0;
  neg: bool = false;

  constructor(capacity: i32 = 8) {
    this.d = new StaticArray<u32>(capacity < 1 ? 1 : capacity);
  }

  /** Makes room for `limbs` limbs, keeping the value. */
  reserve(limbs: i32): void {
    if (limbs <= this.d.length) return;
    const nd = new StaticArray<u32>(limbs + (limbs >> 1));
    memory.copy(changetype<usize>(nd), changetype<usize>(this.d), <usize>this.n << 2);
    this.d = nd;
  }

  @inline get(i: i32): u32 { return i < this.n ? unchecked(this.d[i]) : 0; }

  trim(): void {
    let n = this.n;
    while (n > 0 && unchecked(this.d[n - 1]) == 0) n--;
    this.n = n;
    if (n == 0) this.neg = false;
  }

  isZero(): bool { return this.n == 0; }

  setU64(v: u64): Big {
    this.reserve(2);
    unchecked((this.d[0] = lo32(v)));
    unchecked((this.d[1] = hi32(v)));
    this.n = 2;
    this.neg = false;
    this.trim();
    return this;
  }

  setU128(hi: u64, lo: u64): Big {
    this.reserve(4);
    unchecked((this.d[0] = lo32(lo)));
    unchecked((this.d[1] = hi32(lo)));
    unchecked((this.d[2] = lo32(hi)));
    unchecked((this.d[3] = hi32(hi)));
    this.n = 4;
    this.neg = false;
    this.trim();
    return this;
  }

  copyFrom(a: Big): Big {
    if (a === this) return this;
    this.reserve(a.n);
    memory.copy(changetype<usize>(this.d), changetype<usize>(a.d), <usize>a.n << 2);
    this.n = a.n;
    this.neg = a.neg;
    return this;
  }

  /** 2^k. */
  setPow2(k: i32): Big {
    const w = k >> 5;
    this.reserve(w + 1);
    for (let i = 0; i < w; i++) unchecked((this.d[i] = 0));
    unchecked((this.d[w] = <u32>1 << <u32>(k & 31)));
    this.n = w + 1;
    this.neg = false;
    return this;
  }

  bitLength(): i32 {
    if (this.n == 0) return 0;
    return (this.n << 5) - <i32>clz(unchecked(this.d[this.n - 1]));
  }

  /** How many low bits of the magnitude are zero (0 for zero). */
  trailingZeroBits(): i32 {
    for (let i = 0; i < this.n; i++) {
      const v = unchecked(this.d[i]);
      if (v != 0) return (i << 5) + <i32>ctz(v);
    }
    return 0;
  }

  /** Whether the magnitude fits in a u64 (and the value is not negative). */
  fitsU64(): bool { return !this.neg && this.n <= 2; }
  /** Low 64 bits of the magnitude. */
  lowU64(): u64 { return (<u64>this.get(1) << 32) | <u64>this.get(0); }
  /** Bits 64..127 of the magnitude. */
  highU64(): u64 { return (<u64>this.get(3) << 32) | <u64>this.get(2); }
  /** Bit k of the magnitude. */
  bit(k: i32): bool { return ((this.get(k >> 5) >> <u32>(k & 31)) & 1) != 0; }
}

/** Compares magnitudes: −1, 0, 1. */
export function magCmp(a: Big, b: Big): i32 {
  if (a.n != b.n) return a.n < b.n ? -1 : 1;
  for (let i = a.n - 1; i >= 0; i--) {
    const x = unchecked(a.d[i]);
    const y = unchecked(b.d[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** |r| = |a| + |b| (r may be a or b). */
function magAdd(r: Big, a: Big, b: Big): void {
  const n = a.n > b.n ? a.n : b.n;
  r.reserve(n + 1);
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    const s = <u64>a.get(i) + <u64>b.get(i) + carry;
    unchecked((r.d[i] = lo32(s)));
    carry = s >> 32;
  }
  unchecked((r.d[n] = <u32>carry));
  r.n = n + 1;
}

/** |r| = |a| − |b| for |a| ≥ |b| (r may be a or b). */
function magSub(r: Big, a: Big, b: Big): void {
  const n = a.n;
  r.reserve(n);
  let borrow: i64 = 0;
  for (let i = 0; i < n; i++) {
    const t = <i64>a.get(i) - <i64>b.get(i) - borrow;
    unchecked((r.d[i] = <u32>t));
    borrow = t < 0 ? 1 : 0;
  }
  r.n = n;
}

/** r = (−1)^aNeg |a| + (−1)^bNeg |b|. */
function addSigned(r: Big, a: Big, aNeg: bool, b: Big, bNeg: bool): void {
  if (aNeg == bNeg) {
    magAdd(r, a, b);
    r.neg = aNeg;
  } else if (magCmp(a, b) >= 0) {
    magSub(r, a, b);
    r.neg = aNeg;
  } else {
    magSub(r, b, a);
    r.neg = bNeg;
  }
  r.trim();
}

/** r = a + b (r may alias either). */
export function add(r: Big, a: Big, b: Big): void { addSigned(r, a, a.neg, b, b.neg); }
/** r = a − b (r may alias either). */
export function sub(r: Big, a: Big, b: Big): void { addSigned(r, a, a.neg, b, !b.neg); }
/** r = −a. */
export function negate(r: Big, a: Big): void {
  r.copyFrom(a);
  if (r.n != 0) r.neg = !r.neg;
}

/** r = a × b; r must be neither a nor b. */
export function mul(r: Big, a: Big, b: Big): void {
  if (a.n == 0 || b.n == 0) { r.n = 0; r.neg = false; return; }
  const n = a.n + b.n;
  r.reserve(n);
  const rd = r.d;
  for (let i = 0; i < n; i++) unchecked((rd[i] = 0));
  const ad = a.d;
  const bd = b.d;
  for (let i = 0; i < a.n; i++) {
    const x = <u64>unchecked(ad[i]);
    if (x == 0) continue;
    let carry: u64 = 0;
    for (let j = 0; j < b.n; j++) {
      const t = x * <u64>unchecked(bd[j]) + <u64>unchecked(rd[i + j]) + carry;
      unchecked((rd[i + j] = lo32(t)));
      carry = t >> 32;
    }
    unchecked((rd[i + b.n] = <u32>carry));
  }
  r.n = n;
  r.neg = a.neg != b.neg;
  r.trim();
}

/** r = |a| × m + add (non-negative; r may alias a). */
export function mulSmallAdd(r: Big, a: Big, m: u32, addend: u32): void {
  r.reserve(a.n + 1);
  let carry: u64 = <u64>addend;
  const n = a.n;
  for (let i = 0; i < n; i++) {
    const t = <u64>unchecked(a.d[i]) * <u64>m + carry;
    unchecked((r.d[i] = lo32(t)));
    carry = t >> 32;
  }
  unchecked((r.d[n] = <u32>carry));
  r.n = n + 1;
  r.neg = false;
  r.trim();
}

/** r = a × 2^k (r may alias a). */
export function shl(r: Big, a: Big, k: i32): void {
  if (a.n == 0) { r.n = 0; r.neg = false; return; }
  const w = k >> 5;
  const b = <u32>(k & 31);
  const n = a.n;
  const neg = a.neg;
  r.reserve(n + w + 1);
  if (b == 0) {
    for (let i = n - 1; i >= 0; i--) unchecked((r.d[i + w] = a.d[i]));
    r.n = n + w;
  } else {
    unchecked((r.d[n + w] = a.d[n - 1] >> (32 - b)));
    for (let i = n - 1; i > 0; i--) unchecked((r.d[i + w] = (a.d[i] << b) | (a.d[i - 1] >> (32 - b))));
    unchecked((r.d[w] = a.d[0] << b));
    r.n = n + w + 1;
  }
  for (let i = 0; i < w; i++) unchecked((r.d[i] = 0));
  r.neg = neg;
  r.trim();
}

/** Whether any of the low k bits of |a| is set. */
function lowBitsNonZero(a: Big, k: i32): bool {
  const w = k >> 5;
  const lim = w < a.n ? w : a.n;
  for (let i = 0; i < lim; i++) if (unchecked(a.d[i]) != 0) return true;
  const b = <u32>(k & 31);
  return b != 0 && w < a.n && (unchecked(a.d[w]) & ((<u32>1 << b) - 1)) != 0;
}

/** |r| = |a| >> k, sign kept (r may alias a); no trim of a negative zero's sign beyond trim(). */
function magShr(r: Big, a: Big, k: i32): void {
  const w = k >> 5;
  const b = <u32>(k & 31);
  const n = a.n - w;
  const neg = a.neg;
  if (n <= 0) { r.n = 0; r.neg = false; return; }
  r.reserve(n);
  if (b == 0) {
    for (let i = 0; i < n; i++) unchecked((r.d[i] = a.d[i + w]));
  } else {
    for (let i = 0; i < n - 1; i++) unchecked((r.d[i] = (a.d[i + w] >> b) | (a.d[i + w + 1] << (32 - b))));
    unchecked((r.d[n - 1] = a.d[a.n - 1] >> b));
  }
  r.n = n;
  r.neg = neg;
  r.trim();
}

/** |r| += 1 keeping the sign (r non-zero or made positive 1). */
function magIncrement(r: Big, neg: bool): void {
  r.reserve(r.n + 1);
  let i = 0;
  while (i < r.n) {
    const v = unchecked(r.d[i]) + 1;
    unchecked((r.d[i] = v));
    if (v != 0) break;
    i++;
  }
  if (i == r.n) { unchecked((r.d[r.n] = 1)); r.n++; }
  r.neg = neg;
}

/** r = floor(a / 2^k) (num-bigint's `>>` on BigInt; r may alias a). */
export function shrFloor(r: Big, a: Big, k: i32): void {
  const neg = a.neg;
  const dropped = neg && lowBitsNonZero(a, k);
  magShr(r, a, k);
  if (dropped) magIncrement(r, true);
}

/**
 * safe-bigmath's `round_to_precision(value, 2^k)`: value / 2^k truncated toward zero, then one away
 * from zero when the remainder is at least half of 2^k (k ≥ 1). r may alias a.
 */
export function roundShift(r: Big, a: Big, k: i32): void {
  const neg = a.neg;
  const up = a.bit(k - 1);
  magShr(r, a, k);
  if (up) magIncrement(r, neg);
}

/** r = floor(a / m) for 0 < m < 2^32 (r may alias a). */
export function divFloorSmall(r: Big, a: Big, m: u32): void {
  const n = a.n;
  const neg = a.neg;
  r.reserve(n);
  let rem: u64 = 0;
  const mm = <u64>m;
  const ad = a.d;
  const rd = r.d;
  for (let i = n - 1; i >= 0; i--) {
    const cur = (rem << 32) | <u64>unchecked(ad[i]);
    const q = cur / mm;
    unchecked((rd[i] = <u32>q));
    rem = cur - q * mm;
  }
  r.n = n;
  r.neg = neg;
  r.trim();
  if (neg && rem != 0) magIncrement(r, true);
}

/**
 * Magnitudes: q = floor(|u| / |v|), rem = |u| mod |v| (Knuth's algorithm D, Hacker's Delight
 * divmnu). q and rem must not alias u, v or each other; v non-zero.
 */
export function magDivRem(q: Big, rem: Big, u: Big, v: Big): void {
  q.neg = false;
  rem.neg = false;
  if (magCmp(u, v) < 0) {
    rem.copyFrom(u);
    rem.neg = false;
    q.n = 0;
    return;
  }
  const n = v.n;
  const m = u.n - n;
  if (n == 1) {
    const d = <u64>unchecked(v.d[0]);
    q.reserve(u.n);
    let r: u64 = 0;
    for (let i = u.n - 1; i >= 0; i--) {
      const cur = (r << 32) | <u64>unchecked(u.d[i]);
      unchecked((q.d[i] = <u32>(cur / d)));
      r = cur % d;
    }
    q.n = u.n;
    q.trim();
    rem.setU64(r);
    return;
  }
  const s = <u32>clz(unchecked(v.d[n - 1]));
  const vn = new StaticArray<u32>(n);
  const un = new StaticArray<u32>(u.n + 1);
  for (let i = n - 1; i > 0; i--) unchecked((vn[i] = s == 0 ? v.d[i] : (v.d[i] << s) | (v.d[i - 1] >> (32 - s))));
  unchecked((vn[0] = v.d[0] << s));
  unchecked((un[u.n] = s == 0 ? 0 : u.d[u.n - 1] >> (32 - s)));
  for (let i = u.n - 1; i > 0; i--) unchecked((un[i] = s == 0 ? u.d[i] : (u.d[i] << s) | (u.d[i - 1] >> (32 - s))));
  unchecked((un[0] = u.d[0] << s));
  q.reserve(m + 1);
  const b: u64 = 0x1_0000_0000;
  const vTop = <u64>unchecked(vn[n - 1]);
  const vNext = <u64>unchecked(vn[n - 2]);
  for (let j = m; j >= 0; j--) {
    const num = (<u64>unchecked(un[j + n]) << 32) | <u64>unchecked(un[j + n - 1]);
    let qhat = num / vTop;
    let rhat = num - qhat * vTop;
    while (qhat >= b || qhat * vNext > ((rhat << 32) | <u64>unchecked(un[j + n - 2]))) {
      qhat--;
      rhat += vTop;
      if (rhat >= b) break;
    }
    // un[j..j+n] −= qhat × vn
    let k: i64 = 0;
    let t: i64 = 0;
    for (let i = 0; i < n; i++) {
      const p = qhat * <u64>unchecked(vn[i]);
      t = <i64>unchecked(un[i + j]) - k - <i64>(p & 0xffff_ffff);
      unchecked((un[i + j] = <u32>t));
      k = <i64>(p >> 32) - (t >> 32);
    }
    t = <i64>unchecked(un[j + n]) - k;
    unchecked((un[j + n] = <u32>t));
    if (t < 0) {
      // qhat was one too large: add vn back
      qhat--;
      let c: u64 = 0;
      for (let i = 0; i < n; i++) {
        const s2 = <u64>unchecked(un[i + j]) + <u64>unchecked(vn[i]) + c;
        unchecked((un[i + j] = <u32>s2));
        c = s2 >> 32;
      }
      unchecked((un[j + n] = un[j + n] + <u32>c));
    }
    unchecked((q.d[j] = <u32>qhat));
  }
  q.n = m + 1;
  q.trim();
  rem.reserve(n);
  for (let i = 0; i < n; i++) unchecked((rem.d[i] = s == 0 ? un[i] : (un[i] >> s) | (un[i + 1] << (32 - s))));
  rem.n = n;
  rem.trim();
}

/** r = floor(a / b) (num-integer's `div_floor`); b non-zero; r must not alias a or b. */
export function divFloor(r: Big, a: Big, b: Big): void {
  const rem = new Big(b.n + 1);
  magDivRem(r, rem, a, b);
  const neg = a.neg != b.neg;
  if (neg && r.n != 0) r.neg = true;
  if (neg && rem.n != 0) magIncrement(r, true);
}

/** r = a^e (e ≥ 0; r must not alias a). */
export function pow(r: Big, a: Big, e: u32): void {
  r.setU64(1);
  if (e == 0) return;
  const base = new Big(a.n).copyFrom(a);
  let tmp = new Big(a.n * 2);
  let ex = e;
  let acc = r;
  while (true) {
    if (ex & 1) {
      mul(tmp, acc, base);
      const sw = acc;
      acc = tmp;
      tmp = sw;
    }
    ex >>= 1;
    if (ex == 0) break;
    const sq = new Big(base.n * 2);
    mul(sq, base, base);
    base.copyFrom(sq);
  }
  if (acc !== r) r.copyFrom(acc);
}
