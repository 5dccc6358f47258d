// Consensus: the stake-weighted median of each column of W with kappa (`weighted_median_col_sparse`),
// exact on I32F32 bits. Column-major tiles of keys (score·2^16 + row) and a stake histogram of
// the top score bits narrow each column to one bucket, where the chain's own partition search
// finishes; columns that do not fit that scheme take the chain's search on the whole column.
import { I32F32 } from "../fixed/i32f32";
import { Csr, uninitI32, uninitI64 } from "./csr";
import { inplaceNormalize, rowAscending, sum } from "./math";

/**
 * Stake-weighted median of one column: the chain's mid-pivot partition search on the index list,
 * exact on I32F32 bits (no tolerance).
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs weighted_median @ 14bc6f9
export function weightedMedian(stake: StaticArray<i64>, score: StaticArray<i64>, part: StaticArray<i32>, len0: i32, minority: i64, lo0: i64, hi0: i64, scratch: StaticArray<i32>): i64 {
  // `part` holds the current partition (first `len` entries); `scratch` receives lower/upper
  let len = len0;
  let partitionLo = lo0;
  let partitionHi = hi0;
  const limit = len0;
  let iterations = 0;
  while (true) {
    if (len == 0) return 0;
    if (len == 1) return unchecked(score[part[0]]);
    const pivot = unchecked(score[part[len >> 1]]);
    let loStake: i64 = 0;
    let hiStake: i64 = 0;
    let nLower = 0;
    let nUpper = 0;
    // lower indices fill scratch from the front, upper from the back (reversed, fixed below)
    for (let t = 0; t < len; t++) {
      const idx = unchecked(part[t]);
      const s = unchecked(score[idx]);
      if (s == pivot) continue;
      if (s < pivot) {
        loStake = I32F32.saturatingAdd(loStake, unchecked(stake[idx]));
        unchecked((scratch[nLower++] = idx));
      } else {
        hiStake = I32F32.saturatingAdd(hiStake, unchecked(stake[idx]));
        nUpper++;
        unchecked((scratch[scratch.length - nUpper] = idx));
      }
    }
    if (minority < I32F32.saturatingAdd(partitionLo, loStake) && nLower > 0) {
      for (let t = 0; t < nLower; t++) unchecked((part[t] = scratch[t]));
      len = nLower;
      partitionHi = I32F32.saturatingAdd(partitionLo, loStake);
    } else if (I32F32.saturatingSub(partitionHi, hiStake) <= minority && nUpper > 0) {
      for (let t = 0; t < nUpper; t++) unchecked((part[t] = scratch[scratch.length - 1 - t]));
      len = nUpper;
      partitionLo = I32F32.saturatingSub(partitionHi, hiStake);
    } else {
      return pivot;
    }
    iterations++;
    if (iterations > limit) break;
  }
  return 0;
}

// see: subtensor pallets/subtensor/src/epoch/math.rs weighted_median_col_sparse @ 14bc6f9
export function weightedMedianColSparse(stake: StaticArray<i64>, score: Csr, columns: i32, majority: i64): StaticArray<i64> {
  // rows with positive stake, in uid order, with their stake renormalised
  let m = 0;
  for (let i = 0; i < stake.length; i++) if (unchecked(stake[i]) > 0) m++;
  const useStake = new StaticArray<i64>(m);
  const rowOf = new StaticArray<i32>(m);
  let k = 0;
  for (let i = 0; i < stake.length; i++) {
    if (unchecked(stake[i]) > 0) {
      unchecked((useStake[k] = stake[i]));
      unchecked((rowOf[k] = i));
      k++;
    }
  }
  inplaceNormalize(useStake);
  const stakeSum = sum(useStake);
  const minority = I32F32.saturatingSub(stakeSum, majority);
  const median = new StaticArray<i64>(columns);
  let ascending = score.rowsAscending;
  if (!ascending) {
    ascending = true;
    for (let r = 0; r < m && ascending; r++) ascending = rowAscending(score, unchecked(rowOf[r]));
  }
  if (ascending && m > 0 && m <= 0x1_0000 && medianColsTiled(useStake, rowOf, score, columns, minority, stakeSum, median)) return median;
  // column-major scores of the staked rows (later entries of a row overwrite earlier ones); a
  // missing entry scores 0, so the matrix is zeroed first unless every staked row is full
  let entries = 0;
  for (let r = 0; r < m; r++) { const i = unchecked(rowOf[r]); entries += score.rowEnd(i) - score.rowStart(i); }
  const colScore = uninitI64(columns * m);
  if (entries != columns * m || !staticRowsFull(score, rowOf, columns)) memory.fill(changetype<usize>(colScore), 0, <usize>(columns * m) << 3);
  if (!ascending) {
    for (let r = 0; r < m; r++) {
      const i = unchecked(rowOf[r]);
      for (let q = score.rowStart(i); q < score.rowEnd(i); q++) {
        const c = score.col(q);
        if (c < columns) unchecked((colScore[c * m + r] = score.val(q)));
      }
    }
  } else {
    // ascending rows: scatter a tile of columns at a time, so the writes (m words apart) touch a
    // few dozen pages per tile instead of one page per entry (TLB misses dominated at n = 4096)
    const cursor = uninitI32(m);
    for (let r = 0; r < m; r++) unchecked((cursor[r] = score.rowStart(rowOf[r])));
    const TILE = 32;
    for (let c0 = 0; c0 < columns; c0 += TILE) {
      const c1 = min(c0 + TILE, columns);
      for (let r = 0; r < m; r++) {
        const end = score.rowEnd(unchecked(rowOf[r]));
        let q = unchecked(cursor[r]);
        while (q < end) {
          const c = score.col(q);
          if (c >= c1) break;
          unchecked((colScore[c * m + r] = score.val(q)));
          q++;
        }
        unchecked((cursor[r] = q));
      }
    }
  }
  // two scratch buffers of pairs, used in turn by the partition passes
  const s1 = uninitI64(m);
  const w1 = uninitI64(m);
  const s2 = uninitI64(m);
  const w2 = uninitI64(m);
  for (let c = 0; c < columns; c++) {
    unchecked((median[c] = weightedMedianColumn(changetype<usize>(colScore) + (<usize>(c * m) << 3), changetype<usize>(useStake), m, minority, stakeSum, s1, w1, s2, w2)));
  }
  return median;
}

/**
 * Bytes of column-major keys the tiled median fills at a time, at least 64 columns (each staked
 * row then gives runs of 512 bytes, which the memory system streams better than shorter ones).
 */
const MEDIAN_TILE_BYTES: i32 = 1 << 16;

/**
 * `weightedMedianColSparse` for staked rows that are all strictly ascending (no column repeats, so
 * each cell is written at most once): a tile of columns at a time is transposed into a buffer that
 * stays in cache, and each of its columns' medians is found there. A cell holds the key
 * score·2^16 + r (r the staked row, so m ≤ 2^16), which orders as the scores do and names the
 * stake; it needs every score in [0, 2^47), else this returns false (nothing else is changed but
 * `median`, which the caller then fills again).
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs weighted_median_col_sparse @ 14bc6f9
function medianColsTiled(useStake: StaticArray<i64>, rowOf: StaticArray<i32>, score: Csr, columns: i32, minority: i64, total: i64, median: StaticArray<i64>): bool {
  const m = rowOf.length;
  const tileCols = min(max(MEDIAN_TILE_BYTES / (m << 3), 64), 512);
  const tile = uninitI64(tileCols * m);
  const scratch = uninitI64(m);
  const cursor = uninitI32(m);
  for (let r = 0; r < m; r++) unchecked((cursor[r] = score.rowStart(rowOf[r])));
  const hist = changetype<usize>(new StaticArray<i64>(1 << MEDIAN_BUCKET_BITS));
  const rowPtr = changetype<usize>(score.rowPtr);
  const cols = changetype<usize>(score.cols);
  const vals = changetype<usize>(score.vals);
  const keys = changetype<usize>(tile);
  const stride = <usize>m << 3;
  for (let c0 = 0; c0 < columns; c0 += tileCols) {
    const width = min(tileCols, columns - c0);
    const c1 = c0 + width;
    let bits: i64 = 0;
    let r = 0;
    while (r < m) {
      if (r + 8 <= m && coversTile(score, rowOf, cursor, r, 8, c0, width)) {
        // eight rows that cover the tile: each column's eight keys fill one cache line
        const p0 = vals + (<usize>unchecked(cursor[r]) << 3);
        const p1 = vals + (<usize>unchecked(cursor[r + 1]) << 3);
        const p2 = vals + (<usize>unchecked(cursor[r + 2]) << 3);
        const p3 = vals + (<usize>unchecked(cursor[r + 3]) << 3);
        const p4 = vals + (<usize>unchecked(cursor[r + 4]) << 3);
        const p5 = vals + (<usize>unchecked(cursor[r + 5]) << 3);
        const p6 = vals + (<usize>unchecked(cursor[r + 6]) << 3);
        const p7 = vals + (<usize>unchecked(cursor[r + 7]) << 3);
        const k = <i64>r;
        let at = keys + (<usize>r << 3);
        const tEnd = <usize>width << 3;
        for (let t: usize = 0; t < tEnd; t += 8) {
          const x0 = load<i64>(p0 + t), x1 = load<i64>(p1 + t), x2 = load<i64>(p2 + t), x3 = load<i64>(p3 + t);
          const x4 = load<i64>(p4 + t), x5 = load<i64>(p5 + t), x6 = load<i64>(p6 + t), x7 = load<i64>(p7 + t);
          bits |= x0 | x1 | x2 | x3 | x4 | x5 | x6 | x7;
          store<i64>(at, (x0 << 16) | k);
          store<i64>(at, (x1 << 16) | (k + 1), 8);
          store<i64>(at, (x2 << 16) | (k + 2), 16);
          store<i64>(at, (x3 << 16) | (k + 3), 24);
          store<i64>(at, (x4 << 16) | (k + 4), 32);
          store<i64>(at, (x5 << 16) | (k + 5), 40);
          store<i64>(at, (x6 << 16) | (k + 6), 48);
          store<i64>(at, (x7 << 16) | (k + 7), 56);
          at += stride;
        }
        for (let u = r; u < r + 8; u++) unchecked((cursor[u] += width));
        r += 8;
        continue;
      }
      const end = load<i32>(rowPtr + (<usize>(unchecked(rowOf[r]) + 1) << 2));
      let q = unchecked(cursor[r]);
      const slot = keys + (<usize>r << 3);
      if (coversTile(score, rowOf, cursor, r, 1, c0, width)) {
        let at = slot;
        const v = vals + (<usize>q << 3);
        const tEnd = <usize>width << 3;
        for (let t: usize = 0; t < tEnd; t += 8) {
          const x = load<i64>(v + t);
          bits |= x;
          store<i64>(at, (x << 16) | r);
          at += stride;
        }
        q += width;
      } else {
        // a missing cell scores 0
        let at = slot;
        for (let t = 0; t < width; t++) {
          store<i64>(at, <i64>r);
          at += stride;
        }
        while (q < end) {
          const c = load<i32>(cols + (<usize>q << 2));
          if (c >= c1) break;
          const x = load<i64>(vals + (<usize>q << 3));
          bits |= x;
          store<i64>(slot + <usize>(c - c0) * stride, (x << 16) | r);
          q++;
        }
      }
      unchecked((cursor[r] = q));
      r++;
    }
    if (bits >> 47 != 0) return false;
    for (let t = 0; t < width; t++) {
      unchecked((median[c0 + t] = weightedMedianOfKeys(keys + <usize>t * stride, m, changetype<usize>(useStake), minority, total, changetype<usize>(scratch), hist)));
    }
  }
  return true;
}

/**
 * Whether staked rows r..r+count−1 (ascending) each hold every column of c0..c0+width−1 from their
 * cursor on: an ascending row holding c0 and, width − 1 entries on, c0 + width − 1 holds those between.
 */
function coversTile(score: Csr, rowOf: StaticArray<i32>, cursor: StaticArray<i32>, r: i32, count: i32, c0: i32, width: i32): bool {
  for (let u = r; u < r + count; u++) {
    const q = unchecked(cursor[u]);
    if (q + width > score.rowEnd(unchecked(rowOf[u])) || score.col(q) != c0 || score.col(q + width - 1) != c0 + width - 1) return false;
  }
  return true;
}

/** Histogram buckets of the tiled median's first pass (at most; fewer for short columns). */
const MEDIAN_BUCKET_BITS: i32 = 8;

/**
 * `weightedMedianColumn` on m ≥ 1 keys score·2^16 + r at `col` (overwritten), stake of row r at
 * `stake`; `scratch` holds m words, `hist` 2^MEDIAN_BUCKET_BITS zeros (left zeroed).
 *
 * By the argument of `weightedMedianColumn`, the median is the smallest score p with
 * le(p) > minority (when 0 ≤ minority < total). Buckets of the top bits of the scores are ranges
 * in score order, so p lies in the first bucket whose running stake passes minority; only that
 * bucket's keys are searched, with partition bounds the stake below it and through it.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs weighted_median @ 14bc6f9
function weightedMedianOfKeys(col: usize, m: i32, stake: usize, minority: i64, total: i64, scratch: usize, hist: usize): i64 {
  if (m < 32 || minority < 0 || minority >= total) return partitionKeys(col, m, scratch, stake, minority, 0, total);
  const end = col + (<usize>m << 3);
  // the bit length of the largest score bounds the buckets' range
  let keyOr: i64 = 0;
  for (let at = col; at < end; at += 8) keyOr |= load<i64>(at);
  const bucketBits = min(MEDIAN_BUCKET_BITS, 29 - <i32>clz(<u32>m)); // m/4 buckets: 8 for 32 keys
  const shift = <i64>max(16, 64 - <i32>clz(keyOr) - bucketBits);
  for (let at = col; at < end; at += 8) {
    const key = load<i64>(at);
    const h = hist + (<usize>(key >> shift) << 3);
    store<i64>(h, load<i64>(h) + load<i64>(stake + (<usize>(key & 0xffff) << 3)));
  }
  // the first bucket whose running stake passes minority (the stakes sum to total > minority)
  let lo: i64 = 0;
  let b: usize = 0;
  while (true) {
    const w = load<i64>(hist + (b << 3));
    if (minority < lo + w) break;
    lo += w;
    b++;
  }
  const hi = lo + load<i64>(hist + (b << 3));
  memory.fill(hist, 0, <usize>8 << bucketBits);
  let count = 0;
  for (let at = col; at < end; at += 8) {
    const key = load<i64>(at);
    store<i64>(scratch + (<usize>count << 3), key);
    count += <i32>(<usize>(key >> shift) == b);
  }
  return partitionKeys(scratch, count, col, stake, minority, lo, hi);
}

/**
 * The chain's partition search on `len` ≥ 1 keys at `a` with partition bounds lo and hi, going back
 * and forth between `a` and `other` (len words each).
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs weighted_median @ 14bc6f9
function partitionKeys(a: usize, len: i32, other: usize, stake: usize, minority: i64, lo: i64, hi: i64): i64 {
  const cap = len;
  let base = a;
  let partitionLo = lo;
  let partitionHi = hi;
  while (true) {
    if (len == 1) return load<i64>(a) >> 16;
    const pivot = load<i64>(a + (<usize>(len >> 1) << 3)) >> 16;
    const below = pivot << 16; // keys below are lower scores
    const above = below | 0xffff; // keys above are upper scores
    let loStake: i64 = 0;
    let hiStake: i64 = 0;
    let nLower = 0;
    let nUpper = 0;
    // as in weightedMedianColumn: both ends written, the side the key belongs to advances
    const b = other;
    const back = b + (<usize>(cap - 1) << 3);
    const aEnd = a + (<usize>len << 3);
    for (let at = a; at < aEnd; at += 8) {
      const key = load<i64>(at);
      const w = load<i64>(stake + (<usize>(key & 0xffff) << 3));
      const lower = key < below;
      const upper = key > above;
      store<i64>(b + (<usize>nLower << 3), key);
      store<i64>(back - (<usize>nUpper << 3), key);
      loStake += select<i64>(w, 0, lower);
      hiStake += select<i64>(w, 0, upper);
      nLower += <i32>lower;
      nUpper += <i32>upper;
    }
    if (minority < partitionLo + loStake && nLower > 0) {
      a = b;
      len = nLower;
      partitionHi = partitionLo + loStake;
    } else if (partitionHi - hiStake <= minority && nUpper > 0) {
      a = b + (<usize>(cap - nUpper) << 3);
      len = nUpper;
      partitionLo = partitionHi - hiStake;
    } else {
      return pivot;
    }
    other = base;
    base = b;
  }
  return 0;
}

/** Whether each listed row has exactly the columns 0..columns−1 once (so it covers its column-major slots). */
function staticRowsFull(score: Csr, rowOf: StaticArray<i32>, columns: i32): bool {
  for (let r = 0; r < rowOf.length; r++) {
    const i = unchecked(rowOf[r]);
    const start = score.rowStart(i);
    if (score.rowEnd(i) - start != columns) return false;
    for (let k = 0; k < columns; k++) if (score.col(start + k) != k) return false;
  }
  return true;
}

/**
 * One column's stake-weighted median as the chain's `weighted_median` finds it: `m` scores at
 * `col` with their stakes at `stake`; s1/w1 and s2/w2 are scratch for the partition passes.
 *
 * Why a different partition order gives the same bits: the chain returns the pivot p exactly when
 * lo(p) ≤ minority < le(p), where lo(p) and le(p) are the stake of the scores below p and at most
 * p (its partition bounds are running sums of those), and otherwise recurses into the side that
 * holds that score. All stakes are ≥ 0 and sum to about 1.0, so no sum saturates and those sums
 * are exact: the score is unique (the intervals [lo(v), le(v)) of distinct scores are disjoint), or
 * the smallest score when minority < 0, or the largest when minority ≥ the total. Any pivot order
 * finds it; this one keeps the chain's middle pivot but partitions the values themselves (not
 * indices) into the other buffer, lower part from the front and upper part from the back.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs weighted_median @ 14bc6f9
function weightedMedianColumn(col: usize, stake: usize, m: i32, minority: i64, total: i64, s1: StaticArray<i64>, w1: StaticArray<i64>, s2: StaticArray<i64>, w2: StaticArray<i64>): i64 {
  let a = col, aw = stake;
  let len = m;
  let partitionLo: i64 = 0;
  let partitionHi = total;
  let useFirst = true;
  while (true) {
    if (len == 0) return 0;
    if (len == 1) return load<i64>(a);
    const b = changetype<usize>(useFirst ? s1 : s2);
    const bw = changetype<usize>(useFirst ? w1 : w2);
    const pivot = load<i64>(a + (<usize>(len >> 1) << 3));
    let loStake: i64 = 0;
    let hiStake: i64 = 0;
    let nLower = 0;
    let nUpper = 0;
    // lower part to the front of b, upper part to its back, without branches (the comparisons are
    // coin flips for the CPU): each value is written at both ends and only the side it belongs to
    // advances. The slots never collide with kept values: the pivot itself is neither lower nor
    // upper, so nLower + nUpper ≤ len − 1 ≤ m − 1 and the next front slot (nLower) stays below the
    // next back slot (m − 1 − nUpper) or is that same slot, written with the same value.
    const back = b + (<usize>(m - 1) << 3);
    const backW = bw + (<usize>(m - 1) << 3);
    for (let t = 0; t < len; t++) {
      const off = <usize>t << 3;
      const v = load<i64>(a + off);
      const w = load<i64>(aw + off);
      const lower = v < pivot;
      const upper = v > pivot;
      store<i64>(b + (<usize>nLower << 3), v);
      store<i64>(bw + (<usize>nLower << 3), w);
      store<i64>(back - (<usize>nUpper << 3), v);
      store<i64>(backW - (<usize>nUpper << 3), w);
      loStake += select<i64>(w, 0, lower);
      hiStake += select<i64>(w, 0, upper);
      nLower += <i32>lower;
      nUpper += <i32>upper;
    }
    // stakes are ≥ 0 and sum to about 1.0: these plain sums are the chain's saturating ones
    if (minority < partitionLo + loStake && nLower > 0) {
      a = b;
      aw = bw;
      len = nLower;
      partitionHi = partitionLo + loStake;
    } else if (partitionHi - hiStake <= minority && nUpper > 0) {
      a = b + (<usize>(m - nUpper) << 3);
      aw = bw + (<usize>(m - nUpper) << 3);
      len = nUpper;
      partitionLo = partitionHi - hiStake;
    } else {
      return pivot;
    }
    useFirst = !useFirst;
  }
  return 0;
}


/**
 * The weighted median of one column of scores with their stakes (partition bounds 0 and the stake
 * total, as `weightedMedianColSparse` calls it), for the conformance vectors of `weighted_median`.
 */
export function weightedMedianOf(stake: StaticArray<i64>, score: StaticArray<i64>, minority: i64): i64 {
  const m = score.length;
  return weightedMedianColumn(changetype<usize>(score), changetype<usize>(stake), m, minority, sum(stake), new StaticArray<i64>(m), new StaticArray<i64>(m), new StaticArray<i64>(m), new StaticArray<i64>(m));
}
