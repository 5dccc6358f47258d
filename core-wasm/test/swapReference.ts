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

// ---- the Balancer and one swap, restated on BigInt U64F64 bits (value × 2^64) ----
// substrate_fixed semantics: multiply floors, divide truncates, `safe_div` is 0 on a zero divisor or
// an overflow, saturating operations clamp to [0, 2^128 − 1], `saturating_to_num::<u64>` floors and clamps.

const ONE_PQ = 10n ** 18n;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const FX_ONE = 1n << 64n;
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const fx = {
  of: (x: bigint) => x << 64n,
  safeDiv: (a: bigint, b: bigint) => {
    if (b === 0n) return 0n;
    const q = (a << 64n) / b;
    return q > U128_MAX ? 0n : q;
  },
  mul: (a: bigint, b: bigint) => min((a * b) >> 64n, U128_MAX),
  sub: (a: bigint, b: bigint) => (a > b ? a - b : 0n),
  toU64: (a: bigint) => min(a >> 64n, U64_MAX),
};
const weightOk = (w: bigint) => w >= ONE_PQ / 100n && ONE_PQ - w >= ONE_PQ / 100n && w <= ONE_PQ;

export const ref = {
  price: (w: bigint, alpha: bigint, tao: bigint) => fx.mul(fx.safeDiv(fx.of(ONE_PQ - w), fx.of(w)), fx.safeDiv(fx.of(tao), fx.of(alpha))),
  expScaled(w: bigint, x: bigint, dx: bigint, baseQuote: boolean): bigint {
    const xpd = dx >= 0n ? min(x + dx, U64_MAX) : -dx > x ? 0n : x + dx;
    if (xpd === 0n) return 0n;
    const w1 = ONE_PQ - w;
    const r = powRatioScaledRef(x, xpd, baseQuote ? w1 : w, baseQuote ? w : w1, 256, ONE_PQ);
    if (r === null || r < 0n || r > U64_MAX) return 0n;
    const res = fx.safeDiv(fx.of(r), fx.of(ONE_PQ));
    return dx >= 0n ? min(res, FX_ONE) : res;
  },
  convertBuy: (w: bigint, tao: bigint, alpha: bigint, dy: bigint) => fx.toU64(fx.mul(fx.of(alpha), fx.sub(FX_ONE, ref.expScaled(w, tao, dy, false)))),
  convertSell: (w: bigint, tao: bigint, alpha: bigint, dx: bigint) => fx.toU64(fx.mul(fx.of(tao), fx.sub(FX_ONE, ref.expScaled(w, alpha, dx, true)))),
  mulRound: (parts: bigint, v: bigint) => min((v * parts + ONE_PQ / 2n) / ONE_PQ, U128_MAX),
  /** update_weights_for_added_liquidity: the new quote weight, or null when refused. */
  updateWeights(w: bigint, tao: bigint, alpha: bigint, dt: bigint, da: bigint): bigint | null {
    const q1 = ref.mulRound(ONE_PQ - w, min(tao * (alpha + da), U128_MAX));
    const q2 = ref.mulRound(w, min(alpha * (tao + dt), U128_MAX));
    const sum = min(q1 + q2, U128_MAX);
    const nw = sum === 0n ? ONE_PQ / 2n : q2 > sum ? ONE_PQ : (ONE_PQ * q2) / sum;
    return weightOk(nw) ? nw : null;
  },
  /** calculate_quote_delta_in (buy, exponent w1) / calculate_base_delta_in (sell, exponent w2). */
  deltaIn(buy: boolean, w: bigint, current: bigint, target: bigint, reserve: bigint): bigint {
    const r = buy ? powRatioScaledRef(target, current, ONE_PQ - w, ONE_PQ, 1024, ONE_PQ) : powRatioScaledRef(current, target, w, ONE_PQ, 1024, ONE_PQ);
    if (r === null) return 0n;
    const v = r >= 0n && r <= U64_MAX ? r : r > U64_MAX ? U64_MAX : 0n;
    return fx.toU64(fx.mul(fx.of(reserve), fx.sub(fx.safeDiv(fx.of(v), fx.of(ONE_PQ)), FX_ONE)));
  },
};

export interface RefPool {
  mechanism: number;
  taoReserve: bigint;
  alphaReserve: bigint;
  quoteWeight: bigint;
  initialized: boolean;
  feeRate: number;
  minimumReserve: bigint;
}
export interface RefSwap {
  error: string;
  amountPaidIn: bigint;
  amountPaidOut: bigint;
  feePaid: bigint;
  feeToBlockAuthor: bigint;
  pool: RefPool;
}

const refused = (error: string, pool: RefPool): RefSwap => ({ error, amountPaidIn: 0n, amountPaidOut: 0n, feePaid: 0n, feeToBlockAuthor: 0n, pool });

/** The pallet's do_swap (and, unless simulated, the reserve moves of swap_tao_for_alpha / swap_alpha_for_tao). */
export function doSwapRef(p0: RefPool, buy: boolean, amount: bigint, limit: bigint, dropFees: boolean, simulate: boolean): RefSwap {
  const fee = (a: bigint) => (dropFees ? 0n : fx.toU64(fx.mul(fx.of(a), fx.safeDiv(fx.of(BigInt(p0.feeRate)), fx.of(65535n)))));
  const inRes = buy ? p0.taoReserve : p0.alphaReserve;
  const outRes = buy ? p0.alphaReserve : p0.taoReserve;
  if (fx.sub(amount, fee(amount)) > min(inRes * 1000n, U64_MAX)) return refused("input-too-large", p0);
  if (outRes < p0.minimumReserve) return refused("reserves-too-low", p0);
  const p = { ...p0, quoteWeight: p0.initialized ? p0.quoteWeight : ONE_PQ / 2n, initialized: true };
  const w = p.quoteWeight;
  const cur = p.alphaReserve === 0n ? 0n : ref.price(w, p.alphaReserve, p.taoReserve);
  if (!(buy ? cur < limit : cur > limit)) return refused("price-limit", p0);
  let f = fee(amount);
  const requested = fx.sub(amount, f);
  const tgt = buy
    ? ref.price(w, fx.sub(p.alphaReserve, ref.convertBuy(w, p.taoReserve, p.alphaReserve, requested)), min(p.taoReserve + requested, U64_MAX))
    : ref.price(w, min(p.alphaReserve + requested, U64_MAX), fx.sub(p.taoReserve, ref.convertSell(w, p.taoReserve, p.alphaReserve, requested)));
  let deltaIn = requested;
  if (!(buy ? tgt <= limit : tgt >= limit)) {
    deltaIn = ref.deltaIn(buy, w, cur, limit, buy ? p.taoReserve : p.alphaReserve);
    const rate = dropFees ? 0n : BigInt(p.feeRate);
    f = fx.toU64(fx.mul(fx.of(deltaIn), fx.safeDiv(fx.of(rate), fx.of(65535n - rate))));
  }
  const out = buy ? ref.convertBuy(w, p.taoReserve, p.alphaReserve, deltaIn) : ref.convertSell(w, p.taoReserve, p.alphaReserve, deltaIn);
  if (deltaIn !== 0n && out === 0n) return refused("reserves-too-low", p0);
  const r = { error: "ok", amountPaidIn: deltaIn, amountPaidOut: out, feePaid: f, feeToBlockAuthor: deltaIn !== 0n ? f : 0n };
  if (simulate) return { ...r, pool: p0 };
  if (outRes < out) return refused("insufficient-liquidity", p);
  const inD = min(deltaIn, (1n << 63n) - 1n);
  const outD = min(out, 1n << 63n);
  const moved = buy
    ? { ...p, taoReserve: min(p.taoReserve + inD, U64_MAX), alphaReserve: fx.sub(p.alphaReserve, outD) }
    : { ...p, alphaReserve: min(p.alphaReserve + inD, U64_MAX), taoReserve: fx.sub(p.taoReserve, outD) };
  return { ...r, pool: moved };
}
