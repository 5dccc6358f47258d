// The sparse Yuma epoch as the chain runs it (`epoch_mechanism`), for one subnet: stake →
// permits → active stake → masked, normalised weights W → consensus C (stake-weighted median with
// kappa) → clipped W̄ → validator trust, incentive → bonds B (Yuma 2 EMA, or Yuma 3 proportions
// with fixed or liquid α) → dividends → emission shares and split. Integer instructions only.
//
// Packed input and output: little-endian u64 words, laid out by the one table in
// core-wasm/src/epochLayout.ts (its prose says what each part holds), from which
// ./epochLayout.ts (the constants used here) is generated.
import { I32F32 } from "../fixed/i32f32";
import { Fixed128 } from "../fixed/fixed128";
import { mulU64, wideHi, wideLo } from "../fixed/wide";
import { Csr, CsrBuilder } from "./csr";
import {
  clipIncentive, clipTrust, clipTrustIncentive, colNormalizedRowDot, fixedProportionToU16, inplaceColMaxUpscaleSparse,
  inplaceColNormalizeSparse, inplaceMaskVector, inplaceNormalize, inplaceNormalizeUsingSum, interpolateSparse, isTopkNonzero,
  matEmaSparse, matmulTransposeSparse, rowHadamardSparse, sum, vecMul,
} from "./math";
import { weightedMedianColSparse, weightedMedianOf } from "./median";
import { PackedBonds, matEmaLiquidAlphaSparse } from "./liquidAlpha";
import {
  FLAG_COMMIT_REVEAL, FLAG_LIQUID_ALPHA, FLAG_TRACE, FLAG_YUMA3, HEADER_ACTIVITY_CUTOFF, HEADER_ALPHA_HIGH, HEADER_ALPHA_LOW, HEADER_ALPHA_SIGMOID_STEEPNESS,
  HEADER_BONDS_MOVING_AVERAGE, HEADER_BONDS_PENALTY, HEADER_CURRENT_BLOCK, HEADER_FLAGS, HEADER_KAPPA, HEADER_LAST_MECHANISM_STEP_BLOCK,
  HEADER_MAX_ALLOWED_VALIDATORS, HEADER_N, HEADER_OWNER_UID, HEADER_RAO_EMISSION, HEADER_STAKE_THRESHOLD, HEADER_TEMPO, HEADER_WORDS,
  IN_MATRICES, IN_MATRIX_BONDS, IN_MATRIX_WEIGHTS, IN_VECTORS, IN_VECTOR_BLOCK_AT_REGISTRATION, IN_VECTOR_COMMIT_BLOCK, IN_VECTOR_LAST_UPDATE, IN_VECTOR_STAKE,
  IN_VECTOR_VALIDATOR_PERMIT, NO_OWNER, OUT_VECTORS, OUT_VECTOR_ACTIVE, OUT_VECTOR_CONSENSUS, OUT_VECTOR_DIVIDENDS, OUT_VECTOR_EMISSION,
  OUT_VECTOR_FIXED_ACTIVE_STAKE, OUT_VECTOR_FIXED_CONSENSUS, OUT_VECTOR_FIXED_DIVIDENDS, OUT_VECTOR_FIXED_INCENTIVE, OUT_VECTOR_FIXED_STAKE,
  OUT_VECTOR_FIXED_VALIDATOR_TRUST, OUT_VECTOR_INCENTIVE, OUT_VECTOR_SERVER_EMISSION, OUT_VECTOR_SERVER_SHARE, OUT_VECTOR_STAKE_WEIGHT,
  OUT_VECTOR_VALIDATOR_EMISSION, OUT_VECTOR_VALIDATOR_PERMIT, OUT_VECTOR_VALIDATOR_SHARE, OUT_VECTOR_VALIDATOR_TRUST, TRACE_MATRICES,
  TRACE_MATRIX_BONDS_AFTER, TRACE_MATRIX_BONDS_BEFORE, TRACE_MATRIX_CLIPPED_WEIGHTS, TRACE_MATRIX_WEIGHTS, TRACE_MATRIX_WEIGHTS_FOR_BONDS,
  TRACE_VECTORS, TRACE_VECTOR_NORMALIZED_COMBINED_EMISSION, u16MatrixWords, u16Run,
} from "./epochLayout";

/** A growable little-endian u64 output buffer. */
class Out {
  // the result buffer itself, sized exactly by the caller (grown and trimmed only if a count is off)
  buf: ArrayBuffer;
  cap: i32;
  len: i32 = 0;
  constructor(capacity: i32) {
    const cap = capacity < 16 ? 16 : capacity;
    this.buf = changetype<ArrayBuffer>(__new(<usize>cap << 3, idof<ArrayBuffer>()));
    this.cap = cap;
  }
  @inline push(x: u64): void {
    if (this.len == this.cap) this.grow();
    store<u64>(changetype<usize>(this.buf) + (<usize>this.len << 3), x);
    this.len++;
  }
  grow(): void {
    const b = changetype<ArrayBuffer>(__new(<usize>this.cap << 4, idof<ArrayBuffer>()));
    memory.copy(changetype<usize>(b), changetype<usize>(this.buf), <usize>this.len << 3);
    this.buf = b;
    this.cap <<= 1;
  }
  vec(x: StaticArray<i64>): void { for (let i = 0; i < x.length; i++) this.push(<u64>unchecked(x[i])); }
  u16s(x: StaticArray<i64>): void { for (let i = 0; i < x.length; i++) this.push(<u64>fixedProportionToU16(unchecked(x[i]))); }
  bools(x: StaticArray<bool>): void { for (let i = 0; i < x.length; i++) this.push(unchecked(x[i]) ? 1 : 0); }
  u64s(x: StaticArray<u64>): void { for (let i = 0; i < x.length; i++) this.push(unchecked(x[i])); }
  matrix(m: Csr): void {
    for (let i = 0; i < m.n; i++) this.push(<u64>(m.rowEnd(i) - m.rowStart(i)));
    const nnz = m.nnz();
    for (let k = 0; k < nnz; k++) { this.push(<u64>m.col(k)); this.push(<u64>m.val(k)); }
  }
  /** Where `storedBondsRuns` put the u16 values (its result is where the u16 uids go). */
  storedValues: usize = 0;
  /**
   * Stored bonds, rows of validators with a new permit (rows of those who lost it empty): the row
   * lengths, then room for the u16 uid and value runs (their padding zeroed), for the caller to
   * fill in row order; returns the uids' address.
   */
  storedBondsRuns(m: Csr, keep: StaticArray<bool>): usize {
    let count = 0;
    for (let i = 0; i < m.n; i++) {
      const len = unchecked(keep[i]) ? m.rowEnd(i) - m.rowStart(i) : 0;
      this.push(<u64>len);
      count += len;
    }
    // the u16 uids, then the u16 values, each run padded with zeros to a whole word
    const run = u16Run(count);
    const words = run >> 1;
    while (this.len + words > this.cap) this.grow();
    const uids = changetype<usize>(this.buf) + (<usize>this.len << 3);
    const values = uids + (<usize>run << 1);
    for (let t = count; t < run; t++) {
      store<u16>(uids + (<usize>t << 1), 0);
      store<u16>(values + (<usize>t << 1), 0);
    }
    this.len += words;
    this.storedValues = values;
    return uids;
  }
  /** Stored bonds (see `storedBondsRuns`), filled here. */
  storedBonds(m: Csr, keep: StaticArray<bool>): void {
    let uids = this.storedBondsRuns(m, keep);
    let values = this.storedValues;
    // raw addresses: the stores would otherwise make every field and row bound load again
    const rowPtr = changetype<usize>(m.rowPtr);
    const cols = changetype<usize>(m.cols);
    const vals = changetype<usize>(m.vals);
    for (let i = 0; i < m.n; i++) {
      if (!unchecked(keep[i])) continue;
      const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
      for (let k = load<i32>(rowPtr + (<usize>i << 2)); k < end; k++) {
        store<u16>(uids, <u16>load<i32>(cols + (<usize>k << 2)));
        store<u16>(values, fixedProportionToU16(load<i64>(vals + (<usize>k << 3))));
        uids += 2;
        values += 2;
      }
    }
  }
  toBuffer(): ArrayBuffer {
    if (this.len == this.cap) return this.buf;
    const out = changetype<ArrayBuffer>(__new(<usize>this.len << 3, idof<ArrayBuffer>()));
    memory.copy(changetype<usize>(out), changetype<usize>(this.buf), <usize>this.len << 3);
    return out;
  }
}

@inline function matrixWords(m: Csr): i32 { return m.n + 2 * m.nnz(); }

/**
 * The packed output, sized exactly, its first OUT_VECTORS·n words (the vectors, written last)
 * skipped: the stored bonds come next, and may be written while the dividends are found.
 */
function outputFor(n: i32, trace: bool, newPermit: StaticArray<bool>, emaBonds: Csr, weights: Csr, clipped: Csr, weightsForBonds: Csr, bondsStage: Csr): Out {
  let storedNnz = 0;
  for (let i = 0; i < n; i++) if (unchecked(newPermit[i])) storedNnz += emaBonds.rowEnd(i) - emaBonds.rowStart(i);
  let words = OUT_VECTORS * n + u16MatrixWords(n, storedNnz);
  if (trace) words += matrixWords(weights) + matrixWords(clipped) + matrixWords(weightsForBonds) + matrixWords(bondsStage) + matrixWords(emaBonds) + TRACE_VECTORS * n;
  const out = new Out(words);
  while (out.len + OUT_VECTORS * n > out.cap) out.grow();
  out.len = OUT_VECTORS * n;
  return out;
}

/**
 * The weights as the epoch first uses them, read straight from the packed input: rows of
 * validators without a permit dropped, self-weights dropped (owner exempt), weights set before the
 * target registered dropped (`vec_mask_sparse_matrix` on lastUpdate_i ≤ registered_j), with
 * commit-reveal (`commits` not null) the weights whose validator's earliest live commit came
 * before the target registered dropped too (the same mask on commitBlock_i < registered_j; the
 * owner's kept self-weight included; NO_COMMIT, 2^64 − 1, drops nothing), then each row
 * normalised (`inplaceRowNormalizeSparse`: wrapping row sum, `safe_div` when it is positive).
 * The masks only drop entries, so their order does not matter, and the last two are one test:
 * drop j when registered_j ≥ t_i = min(lastUpdate_i, commitBlock_i + 1).
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs mask_rows_sparse @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs mask_diag_sparse_except_index @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs vec_mask_sparse_matrix @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs epoch_mechanism, "Commit-reveal column mask" @ 14bc6f9
// see: subtensor pallets/subtensor/src/epoch/math.rs inplace_row_normalize_sparse @ 14bc6f9
function readWeights(p: usize, n: i32, cursor: i32, nnz: i32, forbids: StaticArray<bool>, except: i32, lastUpdate: StaticArray<u64>, registered: StaticArray<u64>, commits: StaticArray<u64> | null): Csr {
  const b = new CsrBuilder(n, nnz);
  // entries are only dropped, so the builder's nnz slots hold them all: written through raw addresses
  const cols = changetype<usize>(b.cols);
  const vals = changetype<usize>(b.vals);
  const rowPtr = changetype<usize>(b.rowPtr);
  // a row whose threshold is above every registration drops no weight by it, so skips that test
  let lastRegistered: u64 = 0;
  for (let j = 0; j < n; j++) lastRegistered = max(lastRegistered, unchecked(registered[j]));
  let uids = p + (<usize>(cursor + n) << 3);
  let values = uids + (<usize>u16Run(nnz) << 1);
  let len = 0;
  let ascending = true;
  for (let i = 0; i < n; i++) {
    const rowLen = <i32>load<u64>(p + (<usize>(cursor + i) << 3));
    if (!unchecked(forbids[i])) {
      // drop j when registered_j ≥ t = min(lastUpdate_i, commitBlock_i + 1): set no later than j
      // registered (lastUpdate_i ≤ registered_j), or, with commit-reveal, committed before j
      // registered (commitBlock_i < registered_j ⇔ commitBlock_i + 1 ≤ registered_j)
      let fv = unchecked(lastUpdate[i]);
      if (commits != null) {
        const cb = unchecked(commits[i]);
        if (cb < fv) fv = cb + 1;
      }
      const self = i == except ? -1 : i; // the diagonal entry dropped, unless the owner's
      const anyOutdated = fv <= lastRegistered;
      // moving addresses and few live values, so V8 keeps the loops in registers
      const first = vals + (<usize>len << 3);
      let oc = cols + (<usize>len << 2);
      let ov = first;
      let vp = values;
      const uEnd = uids + (<usize>rowLen << 1);
      let total: u64 = 0; // Σ v: the I32F32 row sum is total·2^32, wrapping
      let prev = -1;
      let rowAscending = true;
      if (!anyOutdated) {
        for (let up = uids; up < uEnd; up += 2, vp += 2) {
          const j = <i32>load<u16>(up);
          if (j == self) continue;
          const v = <u64>load<u16>(vp);
          store<i32>(oc, j);
          store<u64>(ov, v);
          oc += 4;
          ov += 8;
          total += v;
          rowAscending &= j > prev;
          prev = j;
        }
      } else {
        for (let up = uids; up < uEnd; up += 2, vp += 2) {
          const j = <i32>load<u16>(up);
          if (j == self || fv <= unchecked(registered[j])) continue;
          const v = <u64>load<u16>(vp);
          store<i32>(oc, j);
          store<u64>(ov, v);
          oc += 4;
          ov += 8;
          total += v;
          rowAscending &= j > prev;
          prev = j;
        }
      }
      len = <i32>((oc - cols) >> 2);
      ascending &= rowAscending;
      // s = S·2^32 (S = total mod 2^32) is positive when 0 < S < 2^31; then each
      // safe_div(v·2^32, s) = ⌊v·2^32 / S⌋ ≤ v·2^32, which fits
      const S = total & 0xffff_ffff;
      if (S != 0 && S < 0x8000_0000) {
        // ⌊v·2^32 / S⌋ without a division per entry: r = ⌊2^48 / S⌋ is below 2^48 / S by less than
        // 1, so ⌊v·r / 2^16⌋ (v·r < 2^64) is below v·2^32 / S by less than v / 2^16 < 1: the
        // quotient or one less, which the remainder tells
        const r = (<u64>1 << 48) / S;
        for (let at = first; at < ov; at += 8) {
          const v = load<u64>(at);
          const q = (v * r) >> 16;
          store<u64>(at, q + <u64>((v << 32) - q * S >= S));
        }
      } else {
        for (let at = first; at < ov; at += 8) store<u64>(at, load<u64>(at) << 32);
      }
    }
    uids += <usize>rowLen << 1;
    values += <usize>rowLen << 1;
    store<i32>(rowPtr + (<usize>(i + 1) << 2), len);
  }
  b.len = len;
  b.row = n;
  const w = b.finish();
  w.rowsAscending = ascending;
  return w;
}

/**
 * The stored bonds read straight from the packed input, with the bonds to uids registered since
 * the last step dropped (`scalarVecMaskSparseMatrix`); in Yuma 3 each u16 becomes its proportion
 * `safe_div(from_num(v), from_num(65535))`.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs scalar_vec_mask_sparse_matrix @ 14bc6f9
function readBonds(p: usize, n: i32, cursor: i32, nnz: i32, proportion: bool, lastTempo: u64, registered: StaticArray<u64>): Csr {
  const b = new CsrBuilder(n, nnz);
  // entries are only dropped, so the builder's nnz slots hold them all: written through raw addresses
  const cols = changetype<usize>(b.cols);
  const vals = changetype<usize>(b.vals);
  const rowPtr = changetype<usize>(b.rowPtr);
  const regLen = registered.length;
  // no uid registered since the last step: no bond is dropped, so that test is skipped
  let lastRegistered: u64 = 0;
  for (let j = 0; j < regLen; j++) lastRegistered = max(lastRegistered, unchecked(registered[j]));
  const anyDropped = lastTempo <= lastRegistered;
  let uids = p + (<usize>(cursor + n) << 3);
  let values = uids + (<usize>u16Run(nnz) << 1);
  let ascending = true;
  let oc = cols;
  let ov = vals;
  for (let i = 0; i < n; i++) {
    const rowLen = <i32>load<u64>(p + (<usize>(cursor + i) << 3));
    // moving addresses and few live values, so V8 keeps the loop in registers
    let prev = -1;
    let vp = values;
    const uEnd = uids + (<usize>rowLen << 1);
    for (let up = uids; up < uEnd; up += 2, vp += 2) {
      const j = <i32>load<u16>(up);
      if (anyDropped && lastTempo <= (j < regLen ? unchecked(registered[j]) : 0)) continue;
      const v = <u64>load<u16>(vp);
      store<i32>(oc, j);
      store<u64>(ov, proportion ? <u64>I32F32.fromU16Proportion(<u16>v) : v << 32);
      oc += 4;
      ov += 8;
      ascending &= j > prev;
      prev = j;
    }
    uids = uEnd;
    values += <usize>rowLen << 1;
    store<i32>(rowPtr + (<usize>(i + 1) << 2), <i32>((oc - cols) >> 2));
  }
  const len = <i32>((oc - cols) >> 2);
  b.len = len;
  b.row = n;
  const bonds = b.finish();
  bonds.rowsAscending = ascending;
  return bonds;
}

/**
 * The packed bonds, to be read in place by the liquid-α EMA, when no bond is masked (no uid
 * registered since the last step) and every row's uids ascend; else null (then `readBonds`).
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs scalar_vec_mask_sparse_matrix @ 14bc6f9
function packedBonds(p: usize, n: i32, cursor: i32, nnz: i32, lastTempo: u64, registered: StaticArray<u64>): PackedBonds | null {
  for (let j = 0; j < registered.length; j++) if (lastTempo <= unchecked(registered[j])) return null;
  const uids = p + (<usize>(cursor + n) << 3);
  const rowStart = new StaticArray<i32>(n + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const end = k + <i32>load<u64>(p + (<usize>(cursor + i) << 3));
    for (let prev = -1; k < end; k++) {
      const j = <i32>load<u16>(uids + (<usize>k << 1));
      if (j <= prev) return null;
      prev = j;
    }
    unchecked((rowStart[i + 1] = k));
  }
  return new PackedBonds(rowStart, uids, uids + (<usize>u16Run(nnz) << 1));
}

/** Entries of a packed sparse matrix (the sum of its row lengths). */
function packedNnz(p: usize, n: i32, cursor: i32): i32 {
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += <i32>load<u64>(p + (<usize>(cursor + i) << 3));
  return nnz;
}

/** I32F32 proportion × rao emission, floored to u64 (`I96F32::from(x) * rao`, `saturating_to_num`). */
@inline function share(x: i64, rao: u64): u64 {
  if (x <= 0) return 0;
  mulU64(<u64>x, rao);
  return wideHi >> 32 != 0 ? u64.MAX_VALUE : (wideHi << 32) | (wideLo >> 32);
}

@inline function word(p: usize, i: i32): u64 {
  return load<u64>(p + (<usize>i << 3));
}

/** Runs one epoch on a packed input; returns the packed output. */
// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs epoch_mechanism @ 14bc6f9
export function runEpochPacked(input: ArrayBuffer): ArrayBuffer {
  const p = changetype<usize>(input);
  const n = <i32>word(p, HEADER_N);
  const currentBlock = word(p, HEADER_CURRENT_BLOCK);
  const tempo = word(p, HEADER_TEMPO);
  const activityCutoff = word(p, HEADER_ACTIVITY_CUTOFF);
  const kappaU16 = <u16>word(p, HEADER_KAPPA);
  const bondsPenaltyU16 = <u16>word(p, HEADER_BONDS_PENALTY);
  const bondsMovingAverage = word(p, HEADER_BONDS_MOVING_AVERAGE);
  const flags = word(p, HEADER_FLAGS);
  const commitReveal = (flags & FLAG_COMMIT_REVEAL) != 0;
  const yuma3 = (flags & FLAG_YUMA3) != 0;
  const liquidAlpha = (flags & FLAG_LIQUID_ALPHA) != 0;
  const trace = (flags & FLAG_TRACE) != 0;
  const alphaLowU16 = <u16>word(p, HEADER_ALPHA_LOW);
  const alphaHighU16 = <u16>word(p, HEADER_ALPHA_HIGH);
  const steepness = <i64>word(p, HEADER_ALPHA_SIGMOID_STEEPNESS);
  const maxAllowedValidators = <i32>word(p, HEADER_MAX_ALLOWED_VALIDATORS);
  const raoEmission = word(p, HEADER_RAO_EMISSION);
  const lastMechanismStepBlock = word(p, HEADER_LAST_MECHANISM_STEP_BLOCK);
  const ownerRaw = word(p, HEADER_OWNER_UID);
  const owner: i32 = ownerRaw == NO_OWNER ? -1 : <i32>ownerRaw;
  const stakeThreshold = word(p, HEADER_STAKE_THRESHOLD);

  const rawStake = new StaticArray<u64>(n);
  const lastUpdate = new StaticArray<u64>(n);
  const registered = new StaticArray<u64>(n);
  const permit = new StaticArray<bool>(n);
  const stakeAt = HEADER_WORDS + IN_VECTOR_STAKE * n;
  const lastUpdateAt = HEADER_WORDS + IN_VECTOR_LAST_UPDATE * n;
  const registeredAt = HEADER_WORDS + IN_VECTOR_BLOCK_AT_REGISTRATION * n;
  const permitAt = HEADER_WORDS + IN_VECTOR_VALIDATOR_PERMIT * n;
  for (let i = 0; i < n; i++) {
    unchecked((rawStake[i] = word(p, stakeAt + i)));
    unchecked((lastUpdate[i] = word(p, lastUpdateAt + i)));
    unchecked((registered[i] = word(p, registeredAt + i)));
    unchecked((permit[i] = word(p, permitAt + i) != 0));
  }
  // each uid's earliest commit that has not expired (NO_COMMIT: none), read only with commit-reveal
  let commits: StaticArray<u64> | null = null;
  if (commitReveal) {
    const c = new StaticArray<u64>(n);
    const commitAt = HEADER_WORDS + IN_VECTOR_COMMIT_BLOCK * n;
    for (let i = 0; i < n; i++) unchecked((c[i] = word(p, commitAt + i)));
    commits = c;
  }
  // the matrices follow the vectors, in the table's order
  const matrixAt = new StaticArray<i32>(IN_MATRICES);
  const matrixNnz = new StaticArray<i32>(IN_MATRICES);
  let at = HEADER_WORDS + IN_VECTORS * n;
  for (let m = 0; m < IN_MATRICES; m++) {
    const nnz = packedNnz(p, n, at);
    unchecked((matrixAt[m] = at));
    unchecked((matrixNnz[m] = nnz));
    at += u16MatrixWords(n, nnz);
  }
  const weightsAt = unchecked(matrixAt[IN_MATRIX_WEIGHTS]);
  const weightsNnz = unchecked(matrixNnz[IN_MATRIX_WEIGHTS]);
  const bondsAt = unchecked(matrixAt[IN_MATRIX_BONDS]);
  const bondsNnz = unchecked(matrixNnz[IN_MATRIX_BONDS]);

  // == Activity ==
  // active_i ⇔ lastUpdate_i + activityCutoff ≥ currentBlock
  const inactive = new StaticArray<bool>(n);
  const active = new StaticArray<bool>(n);
  for (let i = 0; i < n; i++) {
    const upd = unchecked(lastUpdate[i]);
    const sumBlocks = upd + activityCutoff < upd ? u64.MAX_VALUE : upd + activityCutoff; // saturating
    unchecked((inactive[i] = sumBlocks < currentBlock));
    unchecked((active[i] = !inactive[i]));
  }

  // == Stake ==
  // S: stake below the threshold (owner exempt) is zeroed, normalised in I64F64, narrowed to I32F32
  const stakeHi = new StaticArray<u64>(n);
  const stakeLo = new StaticArray<u64>(n);
  let sumHi: u64 = 0;
  let sumLo: u64 = 0;
  for (let i = 0; i < n; i++) {
    let lo: u64 = 0, hi: u64 = 0;
    if (!(owner != i && unchecked(rawStake[i]) < stakeThreshold)) {
      lo = Fixed128.fromU64(unchecked(rawStake[i]), 64, true);
      hi = Fixed128.hi();
    }
    unchecked((stakeHi[i] = hi));
    unchecked((stakeLo[i] = lo));
    const s = sumLo + lo; // wrapping sum (iter().sum())
    sumHi = sumHi + hi + (s < sumLo ? 1 : 0);
    sumLo = s;
  }
  const stake = new StaticArray<i64>(n);
  const sumZero = sumHi == 0 && sumLo == 0;
  for (let i = 0; i < n; i++) {
    let hi = unchecked(stakeHi[i]);
    let lo = unchecked(stakeLo[i]);
    if (!sumZero) {
      lo = Fixed128.safeDiv(hi, lo, sumHi, sumLo, 64, true);
      hi = Fixed128.hi();
    }
    // I32F32::saturating_from_num(I64F64): drop 32 fraction bits (floor), saturate
    const neg = <i64>hi < 0;
    const top = <i64>hi >> 31;
    const fits = top == 0 || top == -1;
    unchecked((stake[i] = fits ? <i64>((hi << 32) | (lo >> 32)) : neg ? I32F32.MIN : I32F32.MAX));
  }

  // == Validator permits ==
  // last epoch's permits gate this epoch's weights; the top-k stake gets the new permits
  if (owner >= 0 && owner < n) unchecked((permit[owner] = true));
  const forbids = new StaticArray<bool>(n);
  for (let i = 0; i < n; i++) unchecked((forbids[i] = !permit[i]));
  const newPermit = isTopkNonzero(stake, maxAllowedValidators);
  if (owner >= 0 && owner < n) unchecked((newPermit[owner] = true));

  // == Active stake ==
  const activeStake = new StaticArray<i64>(n);
  memory.copy(changetype<usize>(activeStake), changetype<usize>(stake), <usize>n << 3);
  inplaceMaskVector(inactive, activeStake);
  inplaceMaskVector(forbids, activeStake);
  inplaceNormalize(activeStake);

  // == Weights ==
  // W: rows of validators without permit dropped, self-weights dropped (owner exempt), weights
  // set before the target registered dropped, with commit-reveal weights committed before the
  // target registered dropped, rows normalised
  const weights = readWeights(p, n, weightsAt, weightsNnz, forbids, owner, lastUpdate, registered, commits);

  // == Consensus ==
  // C_j = stake-weighted median of column j at majority kappa
  const kappa = I32F32.fromU16Proportion(kappaU16);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);

  // == Clipping, trust, incentive ==
  // W̄ = min(W, C); Tv_i = Σ_j W̄_ij; I = normalise(W̄ᵀ·S)
  const clipped = clipTrustIncentive(weights, consensus, activeStake, n);
  const validatorTrust = clipTrust;
  const incentive = clipIncentive;
  inplaceNormalize(incentive);

  // == Bonds ==
  // weights for bonds: W interpolated toward W̄ by the bonds penalty
  const bondsPenalty = I32F32.fromU16Proportion(bondsPenaltyU16);
  const weightsForBonds = interpolateSparse(weights, clipped, n, bondsPenalty);
  const lastTempo: u64 = lastMechanismStepBlock == 0 ? (currentBlock > tempo ? currentBlock - tempo : 0) : lastMechanismStepBlock + 1;
  // alpha of the plain EMA: 1 − bondsMovingAverage / 1e6 (I64F64, narrowed to I32F32)
  const bmaLo = Fixed128.fromU64(bondsMovingAverage, 64, true);
  const bmaHi = Fixed128.hi();
  const millionLo = Fixed128.fromU64(1_000_000, 64, true);
  const millionHi = Fixed128.hi();
  const ratioLo = Fixed128.safeDiv(bmaHi, bmaLo, millionHi, millionLo, 64, true);
  const ratioHi = Fixed128.hi();
  const ratio32 = <i64>((ratioHi << 32) | (ratioLo >> 32));
  const emaAlpha = I32F32.saturatingSub(I32F32.ONE, ratioHi >> 31 != 0 ? I32F32.MAX : ratio32);

  let dividends: StaticArray<i64>;
  let emaBonds: Csr;
  let bondsStage: Csr;
  let early: Out | null = null; // the output, when the stored bonds are written before the outputs
  if (yuma3) {
    // Yuma 3: bonds are proportions (u16 / 65535); B ← EMA(W_b, B) with α fixed or liquid
    let colSums: StaticArray<i64> | null = null;
    let denseRows: StaticArray<bool> | null = null;
    let anyConsensus = false;
    for (let j = 0; j < n; j++) if (unchecked(consensus[j]) != 0) { anyConsensus = true; break; }
    const liquid = liquidAlpha && n > 0 && anyConsensus;
    // the usual case (every bond row on its weight row's columns, none masked, no trace): the
    // liquid-α EMA reads the bonds' u16 values in place, and no bond matrix is built
    const direct = liquid && !trace && weightsForBonds.rowsAscending ? packedBonds(p, n, bondsAt, bondsNnz, lastTempo, registered) : null;
    const bonds = direct != null ? new CsrBuilder(n, 0).finish() : readBonds(p, n, bondsAt, bondsNnz, true, lastTempo, registered);
    bondsStage = bonds;
    if (liquid) {
      const alphaLow = I32F32.fromU16Proportion(alphaLowU16);
      const alphaHigh = I32F32.fromU16Proportion(alphaHighU16);
      // the EMA also sums B's columns and finds its dense rows, for the dividends' pass
      colSums = new StaticArray<i64>(n);
      denseRows = new StaticArray<bool>(n);
      emaBonds = matEmaLiquidAlphaSparse(weightsForBonds, bonds, consensus, alphaLow, alphaHigh, I32F32.fromInt(steepness), colSums, denseRows, direct);
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, emaAlpha, n);
    }
    // the stored bonds are written by the pass of the dividends over B
    const stored = outputFor(n, trace, newPermit, emaBonds, weights, clipped, weightsForBonds, bondsStage);
    const storedUids = stored.storedBondsRuns(emaBonds, newPermit);
    early = stored;
    // D_i ∝ S_i · Σ_j B̂_ij I_j with B̂ column-normalised
    const perValidator = colNormalizedRowDot(emaBonds, n, incentive, storedUids, stored.storedValues, newPermit, colSums, denseRows);
    dividends = vecMul(perValidator, activeStake);
    inplaceNormalize(dividends);
  } else {
    // Yuma 2: ΔB = W_b ◦ S column-normalised; B ← EMA(ΔB, B̂) column-normalised; D = B·I
    const bonds = readBonds(p, n, bondsAt, bondsNnz, false, lastTempo, registered);
    inplaceColNormalizeSparse(bonds, n);
    bondsStage = bonds;
    const delta = rowHadamardSparse(weightsForBonds, activeStake);
    inplaceColNormalizeSparse(delta, n);
    emaBonds = matEmaSparse(delta, bonds, emaAlpha, n);
    inplaceColNormalizeSparse(emaBonds, n);
    dividends = matmulTransposeSparse(emaBonds, incentive);
    inplaceNormalize(dividends);
    inplaceColMaxUpscaleSparse(emaBonds, n);
  }

  // == Emission ==
  // the shares: server ∝ I, validator ∝ D (over Σ(I + D)); nothing earned → validators by (active)
  // stake; each uid's rao is its share × raoEmission, floored
  const combined = new StaticArray<i64>(n);
  for (let i = 0; i < n; i++) unchecked((combined[i] = I32F32.saturatingAdd(incentive[i], dividends[i])));
  const emissionSum = sum(combined);
  const serverNorm = new StaticArray<i64>(n);
  let validatorNorm = new StaticArray<i64>(n);
  let combinedNorm = new StaticArray<i64>(n);
  memory.copy(changetype<usize>(serverNorm), changetype<usize>(incentive), <usize>n << 3);
  memory.copy(changetype<usize>(validatorNorm), changetype<usize>(dividends), <usize>n << 3);
  memory.copy(changetype<usize>(combinedNorm), changetype<usize>(combined), <usize>n << 3);
  inplaceNormalizeUsingSum(serverNorm, emissionSum);
  inplaceNormalizeUsingSum(validatorNorm, emissionSum);
  inplaceNormalize(combinedNorm);
  if (emissionSum == 0) {
    const fallback = sum(activeStake) == 0 ? stake : activeStake;
    validatorNorm = fallback;
    combinedNorm = fallback;
  }

  // == Outputs ==
  let out: Out;
  if (early != null) {
    out = early;
  } else {
    // Yuma 2: the stored bonds are the upscaled B, written now
    out = outputFor(n, trace, newPermit, emaBonds, weights, clipped, weightsForBonds, bondsStage);
    out.storedBonds(emaBonds, newPermit);
  }
  // the vectors fill the first OUT_VECTORS·n words; the stored bonds follow
  const storedEnd = out.len;
  writeVectors(out, n, active, newPermit, consensus, incentive, dividends, validatorTrust, stake, activeStake, combinedNorm, serverNorm, validatorNorm, raoEmission);
  out.len = storedEnd;
  if (trace) {
    const matrices = new StaticArray<Csr>(TRACE_MATRICES);
    unchecked((matrices[TRACE_MATRIX_WEIGHTS] = weights));
    unchecked((matrices[TRACE_MATRIX_CLIPPED_WEIGHTS] = clipped));
    unchecked((matrices[TRACE_MATRIX_WEIGHTS_FOR_BONDS] = weightsForBonds));
    unchecked((matrices[TRACE_MATRIX_BONDS_BEFORE] = bondsStage));
    unchecked((matrices[TRACE_MATRIX_BONDS_AFTER] = emaBonds));
    for (let m = 0; m < TRACE_MATRICES; m++) out.matrix(unchecked(matrices[m]));
    const vectorsAt = out.len;
    while (vectorsAt + TRACE_VECTORS * n > out.cap) out.grow();
    out.len = vectorsAt + TRACE_VECTOR_NORMALIZED_COMBINED_EMISSION * n;
    out.vec(combinedNorm);
    out.len = vectorsAt + TRACE_VECTORS * n;
  }
  return out.toBuffer();
}

/** The output vectors of n words, each at its place in the table (the first OUT_VECTORS·n words). */
function writeVectors(out: Out, n: i32, active: StaticArray<bool>, newPermit: StaticArray<bool>, consensus: StaticArray<i64>, incentive: StaticArray<i64>, dividends: StaticArray<i64>, validatorTrust: StaticArray<i64>, stake: StaticArray<i64>, activeStake: StaticArray<i64>, combinedNorm: StaticArray<i64>, serverNorm: StaticArray<i64>, validatorNorm: StaticArray<i64>, raoEmission: u64): void {
  out.len = OUT_VECTOR_ACTIVE * n;
  out.bools(active);
  out.len = OUT_VECTOR_VALIDATOR_PERMIT * n;
  out.bools(newPermit);
  out.len = OUT_VECTOR_CONSENSUS * n;
  out.u16s(consensus);
  out.len = OUT_VECTOR_INCENTIVE * n;
  out.u16s(incentive);
  out.len = OUT_VECTOR_DIVIDENDS * n;
  out.u16s(dividends);
  out.len = OUT_VECTOR_VALIDATOR_TRUST * n;
  out.u16s(validatorTrust);
  out.len = OUT_VECTOR_STAKE_WEIGHT * n;
  out.u16s(stake);
  out.len = OUT_VECTOR_EMISSION * n;
  for (let i = 0; i < n; i++) out.push(share(unchecked(combinedNorm[i]), raoEmission));
  out.len = OUT_VECTOR_SERVER_EMISSION * n;
  for (let i = 0; i < n; i++) out.push(share(unchecked(serverNorm[i]), raoEmission));
  out.len = OUT_VECTOR_VALIDATOR_EMISSION * n;
  for (let i = 0; i < n; i++) out.push(share(unchecked(validatorNorm[i]), raoEmission));
  out.len = OUT_VECTOR_FIXED_STAKE * n;
  out.vec(stake);
  out.len = OUT_VECTOR_FIXED_ACTIVE_STAKE * n;
  out.vec(activeStake);
  out.len = OUT_VECTOR_FIXED_CONSENSUS * n;
  out.vec(consensus);
  out.len = OUT_VECTOR_FIXED_INCENTIVE * n;
  out.vec(incentive);
  out.len = OUT_VECTOR_FIXED_DIVIDENDS * n;
  out.vec(dividends);
  out.len = OUT_VECTOR_FIXED_VALIDATOR_TRUST * n;
  out.vec(validatorTrust);
  out.len = OUT_VECTOR_SERVER_SHARE * n;
  out.vec(serverNorm);
  out.len = OUT_VECTOR_VALIDATOR_SHARE * n;
  out.vec(validatorNorm);
}

/** One weighted median from packed words [m, minority, stake[m], score[m]] (I32F32 bits), for tests. */
export function weightedMedianPacked(input: ArrayBuffer): i64 {
  const p = changetype<usize>(input);
  const m = <i32>word(p, 0);
  const stake = new StaticArray<i64>(m);
  const score = new StaticArray<i64>(m);
  for (let i = 0; i < m; i++) {
    unchecked((stake[i] = <i64>word(p, 2 + i)));
    unchecked((score[i] = <i64>word(p, 2 + m + i)));
  }
  return weightedMedianOf(stake, score, <i64>word(p, 1));
}
