/**
 * Deterministic random inputs for the swap tests: a xorshift64 stream (seeded, so a failure names
 * its case) and the shapes in which the swap pallet calls pow_ratio_scaled. The committed fixture
 * fixtures/powRatioScaled.json holds `powRatioCases(600, 4242n)` with the library's own outputs.
 */
export class Xorshift {
  private s: bigint;
  constructor(seed: bigint) {
    this.s = seed === 0n ? 1n : seed;
  }
  next(): bigint {
    let s = this.s;
    s ^= s << 13n;
    s &= (1n << 64n) - 1n;
    s ^= s >> 7n;
    s ^= s << 17n;
    s &= (1n << 64n) - 1n;
    this.s = s;
    return s;
  }
  below(n: bigint): bigint {
    return this.next() % n;
  }
  /** A value of 1 to `bits` bits, the bit length uniform (so small and large magnitudes both occur). */
  logUniform(bits: number): bigint {
    const b = 1 + Number(this.below(BigInt(bits)));
    return (this.next() | (1n << BigInt(b - 1))) & ((1n << BigInt(b)) - 1n);
  }
}

export const ONE = 10n ** 18n;
const U64_MAX = (1n << 64n) - 1n;
/** Divisors D of 1e18 up to 2048: weights k × 1e18 / D reduce to exponents the exact path takes. */
export const EXACT_DENOMINATORS = [
  1n,
  2n,
  4n,
  5n,
  8n,
  10n,
  16n,
  20n,
  25n,
  32n,
  40n,
  50n,
  64n,
  80n,
  100n,
  125n,
  128n,
  160n,
  200n,
  250n,
  256n,
  320n,
  400n,
  500n,
  512n,
  625n,
  640n,
  800n,
  1000n,
  1024n,
  1250n,
  1280n,
  1600n,
  2000n,
  2048n,
];

export interface PowCase {
  baseNum: bigint;
  baseDen: bigint;
  expNum: bigint;
  expDen: bigint;
  precision: number;
  scale: bigint;
}

/** A weight in [0.01, 0.99] (parts per 1e18). */
export function randomWeight(r: Xorshift): bigint {
  return ONE / 100n + r.below((ONE * 98n) / 100n + 1n);
}

/** `n` inputs cycling through five shapes: exp_scaled (x + dx and x − dx), delta_in, the exact grid, near-equal weights. */
export function powRatioCases(n: number, seed: bigint): PowCase[] {
  const r = new Xorshift(seed);
  const out: PowCase[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    if (kind <= 1) {
      const x = r.logUniform(64);
      const dx = r.logUniform(64);
      let den = kind === 0 ? x + dx : dx >= x ? 1n + r.below(x) : x - dx;
      if (den > U64_MAX) den = U64_MAX;
      if (den === 0n) den = 1n;
      const w = randomWeight(r);
      const bq = r.next() & 1n;
      out.push({ baseNum: x, baseDen: den, expNum: bq ? ONE - w : w, expDen: bq ? w : ONE - w, precision: 256, scale: ONE });
    } else if (kind === 2) {
      const a = r.logUniform(128);
      const b = r.logUniform(128);
      out.push({ baseNum: a, baseDen: b, expNum: randomWeight(r), expDen: ONE, precision: 1024, scale: ONE });
    } else if (kind === 3) {
      const d = EXACT_DENOMINATORS[Number(r.below(BigInt(EXACT_DENOMINATORS.length)))]!;
      const k = 1n + r.below(d - 1n > 0n ? d - 1n : 1n);
      const w = (ONE / d) * k;
      const x = r.logUniform(64);
      const y = r.logUniform(64);
      if (r.next() & 1n) out.push({ baseNum: x, baseDen: y, expNum: w, expDen: ONE - w, precision: 256, scale: ONE });
      else out.push({ baseNum: r.logUniform(128), baseDen: r.logUniform(128), expNum: w, expDen: ONE, precision: 1024, scale: ONE });
    } else {
      const x = r.logUniform(64);
      const d = r.logUniform(20);
      const w = ONE / 2n + r.below(2_000_000_001n) - 1_000_000_000n;
      out.push({ baseNum: x, baseDen: x + d <= U64_MAX ? x + d : x, expNum: ONE - w, expDen: w, precision: 256, scale: ONE });
    }
  }
  return out;
}

/**
 * Edge shapes for the fallback's series: bases at and next to powers of two (mantissa exactly 1,
 * just above and below), next to the 1.5 × 2^k split of the mantissa, 1 and the type's maximum,
 * equal bases, and weights at the 0.01 / 0.99 limits and next to 0.5 (exponents off the exact grid).
 */
export function powRatioEdgeCases(): PowCase[] {
  const out: PowCase[] = [];
  const U128_MAX = (1n << 128n) - 1n;
  const bases64: bigint[] = [1n, 2n, 3n, U64_MAX, U64_MAX - 1n, 10n ** 18n];
  for (const k of [1n, 2n, 31n, 32n, 33n, 48n, 62n, 63n]) {
    const p = 1n << k;
    bases64.push(p - 1n, p, p + 1n);
    const split = p + (p >> 1n); // mantissa 1.5
    bases64.push(split - 1n, split, split + 1n);
  }
  const weights = [ONE / 100n, ONE / 100n + 1n, (ONE * 99n) / 100n, (ONE * 99n) / 100n - 1n, ONE / 2n + 1n, ONE / 2n - 1n, 412_345_678_901_234_567n];
  let i = 0;
  for (const x of bases64) {
    for (const y of [bases64[(i * 7 + 3) % bases64.length]!, x, x === U64_MAX ? x : x + 1n]) {
      const w = weights[i++ % weights.length]!;
      out.push({ baseNum: x, baseDen: y, expNum: w, expDen: ONE - w, precision: 256, scale: ONE });
      out.push({ baseNum: y, baseDen: x, expNum: ONE - w, expDen: w, precision: 256, scale: ONE });
    }
  }
  const bases128 = [1n, 1n << 64n, (1n << 64n) + 1n, (1n << 127n) - 1n, 1n << 127n, U128_MAX, 3n << 62n, 1n << 62n];
  for (const a of bases128) {
    for (const b of bases128) {
      const w = weights[i++ % weights.length]!;
      out.push({ baseNum: a, baseDen: b, expNum: w, expDen: ONE, precision: 1024, scale: ONE });
    }
  }
  return out;
}
