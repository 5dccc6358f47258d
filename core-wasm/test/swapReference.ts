/**
 * BigInt restatements of the swap maths, written from the library's and the pallet's definitions
 * (not from the AssemblyScript port), for the property tests to compare bit for bit.
 * - powRatioScaled: safe-bigmath 0.4.1's pow_ratio_scaled, including its bisection for the exact
 *   root (the port uses Newton instead: both must find the same integer).
 */

const GUARD = 24n;
const MAX_EXACT = 1024n;

/** floor(a / b) for b > 0 (num-integer's div_floor). */
function divFloor(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
const abs = (a: bigint) => (a < 0n ? -a : a);
const bits = (a: bigint) => (a === 0n ? 0 : abs(a).toString(2).length);
/** round_to_precision(v, 2^24): truncate, then one away from zero when |remainder| ≥ half. */
function roundGuard(v: bigint): bigint {
  const g = 1n << GUARD;
  const t = v / g; // truncates toward zero
  const r = v - t * g;
  if (r !== 0n && abs(r) * 2n >= g) return t + (r < 0n ? -1n : 1n);
  return t;
}

function ln1p(x: bigint, scale: bigint, maxIters: number): bigint {
  const g = 1n << GUARD;
  let term = x;
  let result = x;
  let prev = roundGuard(result);
  for (let n = 2; n <= maxIters; n++) {
    term = divFloor(term * x, scale);
    if (term === 0n) break;
    const next = divFloor(term, BigInt(n));
    if (next === 0n) break;
    result = n % 2 === 0 ? result - next : result + next;
    const rounded = roundGuard(result);
    if (abs(next) < g || rounded === prev) break;
    prev = rounded;
  }
  return result;
}

function expSeries(x: bigint, scale: bigint, maxIters: number): bigint {
  const g = 1n << GUARD;
  let term = scale;
  let result = scale;
  let prev = roundGuard(result);
  for (let n = 1; n <= maxIters; n++) {
    term = divFloor(term * x, scale * BigInt(n));
    if (term === 0n) break;
    result += term;
    const rounded = roundGuard(result);
    if (abs(term) < g || rounded === prev) break;
    prev = rounded;
  }
  return result;
}

function lnOf(value: bigint, p: number, scale: bigint, lnTwo: bigint, maxIters: number): bigint {
  let shift = bits(value) - 1;
  let mant = (value << BigInt(p)) >> BigInt(shift);
  if (mant >= scale + (scale >> 1n)) {
    mant >>= 1n;
    shift += 1;
  }
  return ln1p(mant - scale, scale, maxIters) + lnTwo * BigInt(shift);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The library's nth_root_ratio_floor: bisection for the largest r with r^q × den ≤ num. */
function nthRootRatioFloor(num: bigint, den: bigint, q: bigint): bigint {
  let low = 0n;
  let high = 1n;
  while (high ** q * den <= num) high <<= 1n;
  while (low < high) {
    const mid = (low + high + 1n) >> 1n;
    if (mid ** q * den <= num) low = mid;
    else high = mid - 1n;
  }
  return low;
}

/** safe-bigmath pow_ratio_scaled (max_iters None); null for the library's None. */
export function powRatioScaledRef(baseNum: bigint, baseDen: bigint, expNum: bigint, expDen: bigint, precision: number, scale: bigint): bigint | null {
  if (baseDen === 0n || expDen === 0n) return null;
  if (baseNum === 0n) return 0n;
  if (expNum === 0n) return scale;
  const g = gcd(expNum, expDen);
  const en = expNum / g;
  const ed = expDen / g;
  if (en <= MAX_EXACT && ed <= MAX_EXACT) return nthRootRatioFloor(baseNum ** en * scale ** ed, baseDen ** en, ed);
  const requested = Math.max(precision, 32, bits(scale) + 8);
  const p = requested + Number(GUARD);
  const maxIters = Math.max(1, Math.min(4096, p + 128));
  const s = 1n << BigInt(p);
  const lnTwo = -ln1p(-(s >> 1n), s, maxIters);
  const lnBase = lnOf(baseNum, p, s, lnTwo, maxIters) - lnOf(baseDen, p, s, lnTwo, maxIters);
  const lnScaled = divFloor(lnBase * en, ed);
  const e = roundGuard(expSeries(lnScaled, s, maxIters));
  return divFloor(e * scale, 1n << BigInt(requested));
}
