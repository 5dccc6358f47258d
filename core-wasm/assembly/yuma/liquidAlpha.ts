// The liquid-alpha bonds EMA of Yuma 3: α per (validator, miner) from the sigmoid of how far the
// weight is from consensus (or the bond from the weight), and the EMA of the bonds with it.
import { I32F32 } from "../fixed/i32f32";
import { Csr, CsrBuilder } from "./csr";
import { Scratch, rowAscending } from "./math";

const ONE: i64 = I32F32.ONE;
// markers in the fast path's per-entry scratch (real bonds and α are ≥ 0)
const NO_BOND: i64 = -1;
const SKIPPED: i64 = -2;
const PENDING: i64 = -1; // α still to come from the series
// exp_safe's clamp, and the buckets of exponents: sign, then |exponent| in sixteenths up to it
const EXP_LIMIT: i64 = 20 << 32;
const EXP_SIZES: i32 = 321;
const EXP_BUCKETS: i32 = 2 * EXP_SIZES;
// rows shorter than this use quarters (81 sizes): fewer buckets to clear and sum per row
const SHORT_ROW: i32 = 1024;
// |exponents| whose α comes from the series' bracket (whole buckets of either size: multiples of ¼)
const CERT_FROM: i64 = 5 << 30; // 1.25
const CERT_TO: i64 = 8 << 32; // the bracket's table ends at 8.0

/**
 * α for an exponent ±ax (1.25 ≤ ax < 8.0, the sign in `neg`) without running exp's series, or −1 when
 * that cannot be settled: `I32F32.expNativeBounds` brackets the series' sum S between lo and hi, and
 * α is monotone in S (e = S, or ⌊2^64 / S⌋ below 0; the sigmoid ⌊2^64 / (1 + e)⌋; α = low +
 * ⌊sigmoid·range⌋), so when both ends give the same α, that is α (bit for bit what the series
 * gives). Below 0 the common case is that ⌊2^64 / S⌋ is the same at both ends; above 0, that the
 * sigmoid is. Each check is one product compared with 2^64 in wrapping arithmetic: the products lie
 * within 2^46 of 2^64 (the ends are < 2^12 apart, S < 2^44), so the sign of the wrapped value says
 * on which side. Needs 0 ≤ low ≤ high ≤ 1.0 (`alphaFromExp`'s unit case).
 */
@inline function certifiedAlpha(ax: u64, neg: bool, alphaLow: i64, range: i64): i64 {
  const hi = I32F32.expNativeBounds(ax);
  const lo = I32F32.boundsLo;
  if (!neg) {
    // e ∈ [lo, hi]: the sigmoid ⌊2^64 / (1 + e)⌋ at lo is the same at hi when sig·(1 + hi) ≤ 2^64
    const sig = I32F32.recip64(<u64>ONE + lo);
    const a = alphaOfSigmoid(sig, alphaLow, range);
    if (<i64>(sig * (<u64>ONE + hi)) <= 0) return a;
    return alphaOfSigmoid(I32F32.recip64(<u64>ONE + hi), alphaLow, range) == a ? a : -1;
  }
  // e = ⌊2^64 / S⌋ ∈ [⌊2^64 / hi⌋, ⌊2^64 / lo⌋], one value when (e + 1)·lo > 2^64
  const e = I32F32.recip64(hi);
  const a = alphaOfSigmoid(I32F32.recip64(<u64>ONE + e), alphaLow, range);
  if (<i64>((e + 1) * lo) > 0) return a;
  return alphaOfSigmoid(I32F32.recip64(<u64>ONE + I32F32.recip64(lo)), alphaLow, range) == a ? a : -1;
}

/**
 * `alphaOfExp`; with 0 ≤ low ≤ high ≤ 1.0 (`unit`) every step is exact without saturation: 1 + e
 * stays below 2^62 (e ≤ exp(20)), the sigmoid 1 / (1 + e) ≤ 1.0, so low + sigmoid · (high − low)
 * ≤ high and the clamp changes nothing.
 */
@inline function alphaFromExp(e: i64, alphaLow: i64, alphaHigh: i64, range: i64, unit: bool): i64 {
  if (!unit) return alphaOfExp(e, alphaLow, alphaHigh);
  return alphaOfSigmoid(I32F32.recip64(<u64>(ONE + e)), alphaLow, range);
}

/** α = low + sigmoid·(high − low) for a sigmoid in [0, 1.0] and 0 ≤ low ≤ high ≤ 1.0 (no saturation). */
@inline function alphaOfSigmoid(sigmoid: u64, alphaLow: i64, range: i64): i64 {
  return alphaLow + mulUnit(<i64>sigmoid, range);
}

/**
 * ⌊a·b / 2^32⌋ for a, b in [0, 1.0] (I32F32 bits 0…2^32): `saturatingMul` of two proportions. The
 * product is below 2^64 unless a = 1.0, where the result is b.
 */
@inline function mulUnit(a: i64, b: i64): i64 {
  return a == ONE ? b : <i64>((<u64>a * <u64>b) >> 32);
}

/** The packed input's bond matrix, read in place: each row's first entry, the u16 uid and value runs. */
export class PackedBonds {
  constructor(public rowStart: StaticArray<i32>, public uids: usize, public values: usize) {}
}

/** Moves `count` (entry, exponent) pairs from index `from` of (t, x) to index `to` of (toT, toX); returns to + count. */
@inline function moveEntries(toT: StaticArray<i32>, toX: StaticArray<i64>, to: i32, t: StaticArray<i32>, x: StaticArray<i64>, from: i32, count: i32): i32 {
  memory.copy(changetype<usize>(toT) + (<usize>to << 2), changetype<usize>(t) + (<usize>from << 2), <usize>count << 2);
  memory.copy(changetype<usize>(toX) + (<usize>to << 3), changetype<usize>(x) + (<usize>from << 3), <usize>count << 3);
  return to + count;
}

/** Whether the u16 run at a equals the i32 run at b, both of length len. */
function sameU16I32(a: usize, b: usize, len: i32): bool {
  for (let k = 0; k < len; k++) if (<i32>load<u16>(a + (<usize>k << 1)) != load<i32>(b + (<usize>k << 2))) return false;
  return true;
}

/** Whether the i32 runs at a and b of length len are equal. */
function sameI32(a: usize, b: usize, len: i32): bool {
  let k = 0;
  for (; k + 1 < len; k += 2) if (load<u64>(a + (<usize>k << 2)) != load<u64>(b + (<usize>k << 2))) return false;
  return k == len || load<i32>(a + (<usize>k << 2)) == load<i32>(b + (<usize>k << 2));
}

@inline function expBucket(x: i64, shift: i64, sizes: i32): i32 {
  // negative exponents after the positive ones: the four series of a group then share the sign,
  // so whether each needs 1 / series is no coin flip for the branch predictor
  return <i32>(abs<i64>(x) >> shift) + (x < 0 ? sizes : 0);
}

// see: subtensor pallets/subtensor/src/epoch/math.rs clamp_value @ 14bc6f9
@inline function clampValue(v: i64, lo: i64, hi: i64): i64 {
  const a = v < hi ? v : hi;
  return a > lo ? a : lo;
}

// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs alpha_sigmoid @ 14bc6f9
/** `steepness / −100`, the sigmoid's slope (computed once per epoch). */
export function sigmoidSlope(steepness: i64): i64 {
  return I32F32.saturatingDiv(steepness, I32F32.fromInt(-100));
}

/**
 * The chain's `alpha_sigmoid` after its combined difference (the buy difference w − c where
 * w ≥ bond, else the sell difference bond − w, each clamped to [0, 1]; the EMA below computes it),
 * so callers may cache α per value.
 */
// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs alpha_sigmoid @ 14bc6f9
export function alphaOfDiff(combined: i64, alphaLow: i64, alphaHigh: i64, slope: i64): i64 {
  return alphaOfExp(I32F32.expSafe(sigmoidArg(combined, slope)), alphaLow, alphaHigh);
}

/** The sigmoid's exponent: slope · (combined − ½). */
@inline function sigmoidArg(combined: i64, slope: i64): i64 {
  return I32F32.saturatingMul(slope, I32F32.saturatingSub(combined, I32F32.HALF));
}

/** α from e = expSafe(exponent): low + (high − low) / (1 + e), clamped to [low, high]. */
@inline function alphaOfExp(e: i64, alphaLow: i64, alphaHigh: i64): i64 {
  const d = I32F32.saturatingAdd(ONE, e);
  // e ≥ 0, so d ≥ 1.0 and ONE / d is checkedDiv's 2^64 / d path (quotient ≤ 1.0, never fails)
  const sigmoid = d >= ONE ? <i64>I32F32.recip64(<u64>d) : I32F32.saturatingDiv(ONE, d);
  const alpha = I32F32.saturatingAdd(alphaLow, I32F32.saturatingMul(sigmoid, I32F32.saturatingSub(alphaHigh, alphaLow)));
  return clampValue(alpha, alphaLow, alphaHigh);
}

/**
 * The chain's "peek" lookup of row i's value at column j while sweeping j upward: entries with a
 * smaller column are skipped for good, so an unsorted row reads as the chain reads it.
 */
class RowSweep {
  p: i32 = 0;
  constructor(public m: Csr, public i: i32) { this.p = m.rowStart(i); }
  at(j: i32): i64 {
    const end = this.m.rowEnd(this.i);
    while (this.p < end && this.m.col(this.p) < j) this.p++;
    return this.p < end && this.m.col(this.p) == j ? this.m.val(this.p) : 0;
  }
}

/**
 * EMA with a liquid alpha per (validator, miner): α_ij from the sigmoid of how far the weight is
 * from consensus (buy) or the bond from the weight (sell), clamped to [alphaLow, alphaHigh].
 * Only the α at columns where the new or old row has an entry are computed (the others are unused).
 */
// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs compute_liquid_alpha_values_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs mat_ema_alpha_sparse @ 14bc6f9
export function matEmaLiquidAlphaSparse(weights: Csr, bonds: Csr, consensus: StaticArray<i64>, alphaLow: i64, alphaHigh: i64, steepness: i64, colSums: StaticArray<i64> | null = null, denseRows: StaticArray<bool> | null = null, packed: PackedBonds | null = null): Csr {
  // packed: the bonds are read in place from the packed input (the caller checked that no bond is
  // masked and that the rows of both matrices ascend); `bonds` is then unused
  const direct = packed != null;
  const pu = direct ? packed!.uids : 0;
  const pv = direct ? packed!.values : 0;
  // optional side outputs for `colNormalizedRowDot`: the result's column sums (plain sums: n ≤ 65535
  // values ≤ 1.0 cannot saturate) and its dense rows (exactly the columns 0 … n − 1, in order)
  const sumP = colSums != null ? changetype<usize>(colSums) : 0;
  const columns = consensus.length;
  const slope = sigmoidSlope(steepness);
  // α is fixed for the epoch where the difference is clamped (0 or 1.0) and where the exponent is
  // one of the series' special cases (0 and 1.0): computed once
  const alphaAtZero = alphaOfDiff(0, alphaLow, alphaHigh, slope);
  const alphaAtOne = alphaOfDiff(ONE, alphaLow, alphaHigh, slope);
  const alphaAtExp0 = alphaOfExp(I32F32.expSafe(0), alphaLow, alphaHigh);
  const alphaAtExp1 = alphaOfExp(I32F32.expSafe(ONE), alphaLow, alphaHigh);
  // low ≤ high (both u16 proportions, so in [0, 1.0]): α's arithmetic needs no saturation
  const unitRange = 0 <= alphaLow && alphaLow <= alphaHigh && alphaHigh <= ONE;
  const range = alphaHigh - alphaLow;
  // a wider α range has finer steps, which the bracket settles less often at small |exponents|
  // (range 1.0: 0 % at 1.25–1.5, 30 % at 1.5–2, 75 % at 2–3): start the bracket further out there
  const certFrom: i64 = range >= ONE / 2 ? 5 << 31 : range >= ONE / 4 ? 7 << 30 : CERT_FROM;
  // the slope's magnitude in halves, for the exponent's floored product in the fast path
  const slopeSign = slope >> 63;
  const slopeAbs = <u64>(slope < 0 ? -slope : slope);
  const slopeHi = slopeAbs >> 32;
  const slopeLo = slopeAbs & 0xffff_ffff;
  const slopeWhole = slope >> 32; // the slope itself when slopeLo = 0
  const s = new Scratch(columns);
  const b = new CsrBuilder(weights.n, max(weights.nnz(), bonds.nnz()));
  // per-row scratch of the fast path: each entry's bond and α; the entries whose α needs the
  // series with their exponents, as listed and in bucket order; how many fall in each bucket
  let longest = 0;
  for (let i = 0; i < weights.n; i++) longest = max(longest, weights.rowEnd(i) - weights.rowStart(i));
  const bondAt = new StaticArray<i64>(longest);
  const alphaAt = new StaticArray<i64>(longest);
  const pendT = new StaticArray<i32>(longest);
  const pendX = new StaticArray<i64>(longest);
  const sortT = new StaticArray<i32>(longest);
  const sortX = new StaticArray<i64>(longest);
  const counts = new StaticArray<i32>(EXP_BUCKETS + 1);
  for (let i = 0; i < weights.n; i++) {
    const ws = weights.rowStart(i);
    const we = weights.rowEnd(i);
    const len = we - ws;
    let q = direct ? unchecked(packed!.rowStart[i]) : bonds.rowStart(i);
    const qe = direct ? unchecked(packed!.rowStart[i + 1]) : bonds.rowEnd(i);
    // raw addresses of the rows' arrays (field loads would repeat after every store)
    const wc = changetype<usize>(weights.cols);
    const wv = changetype<usize>(weights.vals);
    const bc = changetype<usize>(bonds.cols);
    const bv = changetype<usize>(bonds.vals);
    // the usual case, a bond at every column of the weights and nowhere else, needs no merge
    // (whose loop-carried load would serialise the pass) and no separate check of the bond row
    const sameColumns = qe - q == len && (direct ? sameU16I32(pu + (<usize>q << 1), wc + (<usize>ws << 2), len) : sameI32(wc + (<usize>ws << 2), bc + (<usize>q << 2), len));
    if (direct || sameColumns || rowAscending(bonds, i)) {
      // Both rows ascending (so no column repeats; pass 1 checks the weight row as it goes and
      // leaves the row to the general path below if not): an output entry exists only at the new
      // row's columns, and there the sweep lookups are a merge. α of the old row's other columns
      // only scales values that are never read, so it is not computed. Three passes over the row:
      // bonds and exponents; α, from the series' bracket where it settles α (|exponent| from 1.25
      // to 8: ~10 products and 1–2 divisions, the series ~50 products), else from the series, four
      // at a time, grouped by sign and |exponent| so that the four end together (a series runs
      // until its term reaches 0: ~10 steps near 0, ~28 at 5); the EMA.
      const cv = changetype<usize>(consensus);
      const bondP = changetype<usize>(bondAt);
      const alphaP = changetype<usize>(alphaAt);
      const shift: i64 = len < SHORT_ROW ? 30 : 28;
      const sizes: i32 = len < SHORT_ROW ? 81 : EXP_SIZES;
      const buckets = 2 * sizes;
      memory.fill(changetype<usize>(counts), 0, <usize>(buckets + 1) << 2);
      const q0 = q;
      let np = 0;
      let ascending = true;
      let previous = -1;
      for (let t = 0; t < len; t++) {
        const j = load<i32>(wc + (<usize>(ws + t) << 2));
        if (j <= previous) {
          ascending = false;
          break;
        }
        previous = j;
        if (j >= columns) {
          store<i64>(bondP + (<usize>t << 3), SKIPPED);
          store<i64>(alphaP + (<usize>t << 3), 0);
          continue;
        }
        let hasBond = true;
        if (sameColumns) q = q0 + t;
        else if (direct) {
          while (q < qe && <i32>load<u16>(pu + (<usize>q << 1)) < j) q++;
          hasBond = q < qe && <i32>load<u16>(pu + (<usize>q << 1)) == j;
        } else {
          while (q < qe && load<i32>(bc + (<usize>q << 2)) < j) q++;
          hasBond = q < qe && load<i32>(bc + (<usize>q << 2)) == j;
        }
        const bond = !hasBond ? 0 : direct ? I32F32.fromU16Proportion(load<u16>(pv + (<usize>q << 1))) : load<i64>(bv + (<usize>q << 3));
        const w = load<i64>(wv + (<usize>(ws + t) << 3));
        // a missing bond decays to 0 whatever α is: NO_BOND marks it (bond values are ≥ 0)
        store<i64>(bondP + (<usize>t << 3), hasBond ? bond : NO_BOND);
        const c = load<i64>(cv + (<usize>j << 3));
        let combined: i64;
        if (<u64>w <= <u64>ONE && <u64>c <= <u64>ONE && bond <= ONE) {
          // all three in [0, 1.0]: no difference saturates or leaves [−1, 1], so clamping is max(·, 0)
          combined = select<i64>(max(w - c, 0), bond - w, w >= bond);
        } else {
          const diffBuy = clampValue(I32F32.saturatingSub(w, c), 0, ONE);
          const diffSell = clampValue(I32F32.saturatingSub(bond, w), 0, ONE);
          combined = w >= bond ? diffBuy : diffSell;
        }
        let alpha: i64 = PENDING;
        if (combined == 0) alpha = alphaAtZero;
        else if (combined == ONE) alpha = alphaAtOne;
        else {
          // slope · (combined − ½) floored, as `saturatingMul` takes it: |combined − ½| < 2^31
          // is the small factor, and |x| ≤ |slope| / 2 cannot saturate
          // (without branches: the sign of combined − ½ is a coin flip in a busy market)
          const d = combined - I32F32.HALF;
          let product: i64;
          if (slopeLo == 0) {
            // a whole slope k (steepness a multiple of 100, as usual): the product k·d is exact
            product = d * slopeWhole;
          } else {
            const dSign = d >> 63;
            const da = <u64>((d ^ dSign) - dSign);
            const low = da * slopeLo;
            const mag = <i64>(da * slopeHi + (low >> 32));
            const neg = dSign ^ slopeSign; // all ones when the product is negative
            product = ((mag + (<i64>((low & 0xffff_ffff) != 0) & neg)) ^ neg) - neg;
          }
          // exp_safe's clamp to [−20, 20] first; then 0 and 1.0 are the series' special cases
          const x = clampValue(product, -EXP_LIMIT, EXP_LIMIT);
          if (x == 0) alpha = alphaAtExp0;
          else if (x == ONE) alpha = alphaAtExp1;
          else {
            unchecked((pendT[np] = t));
            unchecked((pendX[np] = x));
            unchecked(counts[expBucket(x, shift, sizes) + 1]++);
            np++;
          }
        }
        store<i64>(alphaP + (<usize>t << 3), alpha);
      }
      if (ascending) {
        if (np > 0) {
          // counting sort of the pending entries by bucket
          for (let k = 1; k <= buckets; k++) unchecked((counts[k] += counts[k - 1]));
          for (let e = 0; e < np; e++) {
            const x = unchecked(pendX[e]);
            const at = unchecked(counts[expBucket(x, shift, sizes)]++);
            unchecked((sortT[at] = pendT[e]));
            unchecked((sortX[at] = x));
          }
          // exponents with 1.25 ≤ |x| < 8 (sorted into two runs, one per sign): α from the series'
          // bracket when both ends give the same α (the usual case, see `certifiedAlpha`); the
          // rest join the series below
          let rest = np;
          if (unitRange) {
            const from = <i32>(certFrom >> shift);
            const to = <i32>(CERT_TO >> shift);
            const p0 = unchecked(counts[from - 1]), p1 = unchecked(counts[to - 1]);
            const n0 = unchecked(counts[sizes + from - 1]), n1 = unchecked(counts[sizes + to - 1]);
            let open = 0; // entries the bracket left open, kept in pendT / pendX (free after the sort)
            for (let side = 0; side < 2; side++) {
              // the positive run, then the negative one (the sign is fixed along each)
              const neg = side == 1;
              const end = neg ? n1 : p1;
              for (let e = neg ? n0 : p0; e < end; e++) {
                const x = unchecked(sortX[e]);
                const a = certifiedAlpha(<u64>abs<i64>(x), neg, alphaLow, range);
                if (a >= 0) store<i64>(alphaP + (<usize>unchecked(sortT[e]) << 3), a);
                else { unchecked((pendT[open] = sortT[e])); unchecked((pendX[open] = x)); open++; }
              }
            }
            // close the gaps: [0, p0) stays, then [p1, n0), [n1, np), and the open entries
            let at = moveEntries(sortT, sortX, p0, sortT, sortX, p1, n0 - p1);
            at = moveEntries(sortT, sortX, at, sortT, sortX, n1, np - n1);
            rest = moveEntries(sortT, sortX, at, pendT, pendX, 0, open);
          }
          let p = 0;
          for (; p + 3 < rest; p += 4) {
            const xa = unchecked(sortX[p]);
            const xb = unchecked(sortX[p + 1]);
            const xc = unchecked(sortX[p + 2]);
            const xd = unchecked(sortX[p + 3]);
            // |x| ≤ 20 and x ∉ {0, 1.0}: exp is the native series, 1 / series for x < 0
            const sa = I32F32.expNativeSum4(<u64>abs<i64>(xa), <u64>abs<i64>(xb), <u64>abs<i64>(xc), <u64>abs<i64>(xd));
            const sb = I32F32.quadSum1;
            const sc = I32F32.quadSum2;
            const sd = I32F32.quadSum3;
            store<i64>(alphaP + (<usize>unchecked(sortT[p]) << 3), alphaFromExp(xa < 0 ? <i64>I32F32.recip64(sa) : <i64>sa, alphaLow, alphaHigh, range, unitRange));
            store<i64>(alphaP + (<usize>unchecked(sortT[p + 1]) << 3), alphaFromExp(xb < 0 ? <i64>I32F32.recip64(sb) : <i64>sb, alphaLow, alphaHigh, range, unitRange));
            store<i64>(alphaP + (<usize>unchecked(sortT[p + 2]) << 3), alphaFromExp(xc < 0 ? <i64>I32F32.recip64(sc) : <i64>sc, alphaLow, alphaHigh, range, unitRange));
            store<i64>(alphaP + (<usize>unchecked(sortT[p + 3]) << 3), alphaFromExp(xd < 0 ? <i64>I32F32.recip64(sd) : <i64>sd, alphaLow, alphaHigh, range, unitRange));
          }
          for (; p < rest; p++) {
            store<i64>(alphaP + (<usize>unchecked(sortT[p]) << 3), alphaOfExp(I32F32.expSafe(unchecked(sortX[p])), alphaLow, alphaHigh));
          }
        }
        // B_ij ← min((1 − α)·B_ij + α·W_ij, 1), kept where positive
        b.ensure(len);
        let outLen = b.len;
        const oc = changetype<usize>(b.cols);
        const ov = changetype<usize>(b.vals);
        for (let t = 0; t < len; t++) {
          const bond = load<i64>(bondP + (<usize>t << 3));
          if (bond == SKIPPED) continue;
          const alpha = load<i64>(alphaP + (<usize>t << 3));
          const w = load<i64>(wv + (<usize>(ws + t) << 3));
          let v: i64;
          if (<u64>w <= <u64>ONE && bond <= ONE) {
            // α, 1 − α, the bond and the weight all in [0, 1.0]: each product is one native multiply
            v = min(mulUnit(ONE - alpha, max(bond, 0)) + mulUnit(alpha, w), ONE);
          } else {
            const decayed = bond < 0 ? 0 : I32F32.saturatingMul(I32F32.saturatingSub(ONE, alpha), bond);
            const inc = max(I32F32.saturatingMul(alpha, w), 0);
            v = min(I32F32.saturatingAdd(decayed, inc), ONE);
          }
          if (v > 0) {
            store<i32>(oc + (<usize>outLen << 2), load<i32>(wc + (<usize>(ws + t) << 2)));
            store<i64>(ov + (<usize>outLen << 3), v);
            if (sumP != 0) {
              const at = sumP + (<usize>load<i32>(wc + (<usize>(ws + t) << 2)) << 3);
              store<i64>(at, load<i64>(at) + v);
            }
            outLen++;
          }
        }
        // an ascending row of n entries below n is 0 … n − 1
        if (denseRows != null) unchecked((denseRows[i] = outLen - b.len == columns));
        b.len = outLen;
        b.endRow();
        continue;
      }
    }
    // (never with the bonds in place: their caller guarantees ascending rows)
    assert(!direct, "liquid-alpha EMA: bonds read in place need ascending rows");
    // columns needing α: those of the new row and of the old row
    for (let k = weights.rowStart(i); k < weights.rowEnd(i); k++) { const j = weights.col(k); if (j < columns) s.touch(j); }
    for (let k = bonds.rowStart(i); k < bonds.rowEnd(i); k++) { const j = bonds.col(k); if (j < columns) s.touch(j); }
    s.sortTouched();
    const wSweep = new RowSweep(weights, i);
    const bSweep = new RowSweep(bonds, i);
    for (let t = 0; t < s.count; t++) {
      const j = unchecked(s.touched[t]);
      const w = wSweep.at(j);
      const bond = bSweep.at(j);
      const diffBuy = clampValue(I32F32.saturatingSub(w, unchecked(consensus[j])), 0, ONE);
      const diffSell = clampValue(I32F32.saturatingSub(bond, w), 0, ONE);
      const combined = w >= bond ? diffBuy : diffSell;
      // the clamped ends (0 and 1) are frequent and their α is fixed for the epoch: reuse it
      unchecked((s.b[j] = combined == 0 ? alphaAtZero : combined == ONE ? alphaAtOne : alphaOfDiff(combined, alphaLow, alphaHigh, slope)));
    }
    // decayed old values (1 − α)·b, then α·w added, capped at 1, in new-row order
    for (let k = bonds.rowStart(i); k < bonds.rowEnd(i); k++) {
      const j = bonds.col(k);
      if (j < columns) unchecked((s.a[j] = I32F32.saturatingMul(I32F32.saturatingSub(ONE, s.b[j]), bonds.val(k))));
    }
    let expect = 0;
    let dense = true;
    for (let k = weights.rowStart(i); k < weights.rowEnd(i); k++) {
      const j = weights.col(k);
      if (j >= columns) continue;
      const inc = max(I32F32.saturatingMul(unchecked(s.b[j]), weights.val(k)), 0);
      const v = min(I32F32.saturatingAdd(unchecked(s.a[j]), inc), ONE);
      if (v > 0) {
        b.push(j, v);
        if (colSums != null) unchecked((colSums[j] += v));
        dense = dense && j == expect++;
      }
    }
    if (denseRows != null) unchecked((denseRows[i] = dense && expect == columns));
    s.reset();
    b.endRow();
  }
  // the rows are closed; the arrays keep their slack (a trimmed copy of ~12 bytes per entry costs
  // more than it saves: every reader goes by rowPtr)
  while (b.row < b.n) b.endRow();
  return new Csr(b.n, b.rowPtr, b.cols, b.vals);
}

/**
 * Test hook: compares `certifiedAlpha` with α from the series (`alphaFromExp` of `expSafe`) at
 * `count` exponents from `start` by `step` (1.25 ≤ |x| < 8.0 each), for α bounds low ≤ high in
 * [0, 1.0]. Returns the first exponent where a settled α differs, or i64::MIN; `certifiedOpen` is
 * how many the bracket left open.
 */
export let certifiedOpen: i32 = 0;
export function liquidAlphaCertifiedCheck(start: i64, count: i32, step: i64, alphaLow: i64, alphaHigh: i64): i64 {
  certifiedOpen = 0;
  for (let k = 0; k < count; k++) {
    const x = start + <i64>k * step;
    if (abs<i64>(x) < CERT_FROM || abs<i64>(x) >= CERT_TO) return x; // outside the bracket's table
    const a = certifiedAlpha(<u64>abs<i64>(x), x < 0, alphaLow, alphaHigh - alphaLow);
    if (a < 0) { certifiedOpen++; continue; }
    if (a != alphaFromExp(I32F32.expSafe(x), alphaLow, alphaHigh, alphaHigh - alphaLow, true)) return x;
  }
  return i64.MIN_VALUE;
}
export function liquidAlphaCertifiedOpen(): i32 { return certifiedOpen; }
