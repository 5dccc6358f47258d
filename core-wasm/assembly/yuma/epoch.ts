// The sparse Yuma epoch as the chain runs it (`epoch_mechanism`), for one subnet: stake →
// permits → active stake → masked, normalised weights W → consensus C (stake-weighted median with
// kappa) → clipped W̄ → validator trust, incentive → bonds B (Yuma 2 EMA, or Yuma 3 proportions
// with fixed or liquid α) → dividends → emission split. Integer instructions only.
//
// Packed input (little-endian u64 words; layout owned by core-wasm/src/epochPacking.ts):
//   header[16]: n, currentBlock, tempo, activityCutoff, kappa, bondsPenalty, bondsMovingAverage,
//     flags (1 = yuma3, 2 = liquidAlpha, 4 = trace), alphaLow, alphaHigh, alphaSigmoidSteepness
//     (i64), maxAllowedValidators, raoEmission, lastMechanismStepBlock, ownerUid (2^64−1 = none),
//     stakeThreshold
//   stake[n], lastUpdate[n], blockAtRegistration[n], validatorPermit[n]
//   weights: rowLen[n], then (uid, u16) pairs row by row; bonds: the same
// Packed output: vectors of n words in the order of EpochOutput (see epochPacking.ts), then the
// stored bonds as rowLen[n] + pairs, then (with the trace flag) the intermediate stages.
import { I32F32 } from "../fixed/i32f32";
import { Fixed128 } from "../fixed/fixed128";
import { mulU64, wideHi, wideLo } from "../fixed/wide";
import { Csr, CsrBuilder } from "./csr";
import {
  colClipSparse, fixedProportionToU16, inplaceColMaxUpscaleSparse, inplaceColNormalizeSparse, inplaceMaskVector,
  inplaceNormalize, inplaceNormalizeUsingSum, inplaceRowNormalizeSparse, interpolateSparse, isTopkNonzero,
  maskWeightsSparse, matEmaLiquidAlphaSparse, matEmaSparse, matmulSparse,
  matmulTransposeSparse, matVecMulSparse, rowHadamardSparse, rowSumSparse, scalarVecMaskSparseMatrix, sum,
  vecMul, weightedMedianColSparse,
} from "./math";

const HEADER: i32 = 16;
const NO_OWNER: u64 = u64.MAX_VALUE;

/** A growable little-endian u64 output buffer. */
class Out {
  buf: StaticArray<u64> = new StaticArray<u64>(1024);
  len: i32 = 0;
  push(x: u64): void {
    if (this.len == this.buf.length) {
      const b = new StaticArray<u64>(this.len << 1);
      memory.copy(changetype<usize>(b), changetype<usize>(this.buf), <usize>this.len << 3);
      this.buf = b;
    }
    unchecked((this.buf[this.len++] = x));
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
  toBuffer(): ArrayBuffer {
    const out = new ArrayBuffer(this.len << 3);
    memory.copy(changetype<usize>(out), changetype<usize>(this.buf), <usize>this.len << 3);
    return out;
  }
}

/** Reads a packed sparse matrix of u16 values as I32F32 integers (`saturating_from_num(u16)`). */
function readMatrix(p: usize, n: i32, cursor: i32): Csr {
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += <i32>load<u64>(p + (<usize>(cursor + i) << 3));
  const b = new CsrBuilder(n, nnz);
  let at = cursor + n;
  for (let i = 0; i < n; i++) {
    const len = <i32>load<u64>(p + (<usize>(cursor + i) << 3));
    for (let t = 0; t < len; t++) {
      const uid = <i32>load<u64>(p + (<usize>at << 3));
      const v = load<u64>(p + (<usize>(at + 1) << 3));
      b.push(uid, I32F32.fromInt(<i64>v));
      at += 2;
    }
    b.endRow();
  }
  return b.finish();
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
  const n = <i32>word(p, 0);
  const currentBlock = word(p, 1);
  const tempo = word(p, 2);
  const activityCutoff = word(p, 3);
  const kappaU16 = <u16>word(p, 4);
  const bondsPenaltyU16 = <u16>word(p, 5);
  const bondsMovingAverage = word(p, 6);
  const flags = word(p, 7);
  const yuma3 = (flags & 1) != 0;
  const liquidAlpha = (flags & 2) != 0;
  const trace = (flags & 4) != 0;
  const alphaLowU16 = <u16>word(p, 8);
  const alphaHighU16 = <u16>word(p, 9);
  const steepness = <i64>word(p, 10);
  const maxAllowedValidators = <i32>word(p, 11);
  const raoEmission = word(p, 12);
  const lastMechanismStepBlock = word(p, 13);
  const ownerRaw = word(p, 14);
  const owner: i32 = ownerRaw == NO_OWNER ? -1 : <i32>ownerRaw;
  const stakeThreshold = word(p, 15);

  const rawStake = new StaticArray<u64>(n);
  const lastUpdate = new StaticArray<u64>(n);
  const registered = new StaticArray<u64>(n);
  const permit = new StaticArray<bool>(n);
  for (let i = 0; i < n; i++) {
    unchecked((rawStake[i] = word(p, HEADER + i)));
    unchecked((lastUpdate[i] = word(p, HEADER + n + i)));
    unchecked((registered[i] = word(p, HEADER + 2 * n + i)));
    unchecked((permit[i] = word(p, HEADER + 3 * n + i) != 0));
  }
  let cursor = HEADER + 4 * n;
  const weightsIn = readMatrix(p, n, cursor);
  cursor += n + 2 * weightsIn.nnz();
  const bondsIn = readMatrix(p, n, cursor);

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
  // set before the target registered dropped, rows normalised
  const weights = maskWeightsSparse(weightsIn, forbids, owner, lastUpdate, registered);
  inplaceRowNormalizeSparse(weights);

  // == Consensus ==
  // C_j = stake-weighted median of column j at majority kappa
  const kappa = I32F32.fromU16Proportion(kappaU16);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);

  // == Clipping, trust, incentive ==
  // W̄ = min(W, C); Tv_i = Σ_j W̄_ij; I = normalise(W̄ᵀ·S)
  const clipped = colClipSparse(weights, consensus);
  const validatorTrust = rowSumSparse(clipped);
  const incentive = matmulSparse(clipped, activeStake, n);
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
  if (yuma3) {
    // Yuma 3: bonds are proportions (u16 / 65535); B ← EMA(W_b, B) with α fixed or liquid
    let bonds = bondsIn.clone();
    const nnz = bonds.nnz();
    for (let k = 0; k < nnz; k++) unchecked((bonds.vals[k] = I32F32.safeDiv(bonds.vals[k], I32F32.fromInt(65535))));
    bonds = scalarVecMaskSparseMatrix(bonds, lastTempo, registered);
    bondsStage = bonds;
    let anyConsensus = false;
    for (let j = 0; j < n; j++) if (unchecked(consensus[j]) != 0) { anyConsensus = true; break; }
    if (liquidAlpha && n > 0 && anyConsensus) {
      const alphaLow = I32F32.fromU16Proportion(alphaLowU16);
      const alphaHigh = I32F32.fromU16Proportion(alphaHighU16);
      emaBonds = matEmaLiquidAlphaSparse(weightsForBonds, bonds, consensus, alphaLow, alphaHigh, I32F32.fromInt(steepness));
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, emaAlpha, n);
    }
    // D_i ∝ S_i · Σ_j B̂_ij I_j with B̂ column-normalised
    const norm = emaBonds.clone();
    inplaceColNormalizeSparse(norm, n);
    const perValidator = rowSumSparse(matVecMulSparse(norm, incentive));
    dividends = vecMul(perValidator, activeStake);
    inplaceNormalize(dividends);
  } else {
    // Yuma 2: ΔB = W_b ◦ S column-normalised; B ← EMA(ΔB, B̂) column-normalised; D = B·I
    let bonds = scalarVecMaskSparseMatrix(bondsIn, lastTempo, registered);
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
  // server ∝ I, validator ∝ D (over Σ(I + D)); nothing earned → validators by (active) stake
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
  const out = new Out();
  out.bools(active);
  out.bools(newPermit);
  out.u16s(consensus);
  out.u16s(incentive);
  out.u16s(dividends);
  out.u16s(validatorTrust);
  out.u16s(stake);
  for (let i = 0; i < n; i++) out.push(share(unchecked(combinedNorm[i]), raoEmission));
  for (let i = 0; i < n; i++) out.push(share(unchecked(serverNorm[i]), raoEmission));
  for (let i = 0; i < n; i++) out.push(share(unchecked(validatorNorm[i]), raoEmission));
  out.vec(stake);
  out.vec(activeStake);
  out.vec(consensus);
  out.vec(incentive);
  out.vec(dividends);
  out.vec(validatorTrust);
  // stored bonds: rows of validators with a new permit, as u16; rows of those who lost it cleared
  const stored = new CsrBuilder(n, emaBonds.nnz());
  for (let i = 0; i < n; i++) {
    if (unchecked(newPermit[i])) for (let k = emaBonds.rowStart(i); k < emaBonds.rowEnd(i); k++) stored.push(emaBonds.col(k), <i64>fixedProportionToU16(emaBonds.val(k)));
    stored.endRow();
  }
  out.matrix(stored.finish());
  if (trace) {
    out.matrix(weights);
    out.matrix(clipped);
    out.matrix(weightsForBonds);
    out.matrix(bondsStage);
    out.matrix(emaBonds);
    out.vec(serverNorm);
    out.vec(validatorNorm);
    out.vec(combinedNorm);
  }
  return out.toBuffer();
}
