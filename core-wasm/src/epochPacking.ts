/**
 * Moving an epoch across the WASM boundary: EpochInput → little-endian u64 words (layout in
 * `assembly/yuma/epoch.ts`), and the packed output → EpochOutput / EpochTrace.
 */
import type { EpochInput, EpochOutput, EpochTrace, FixedRow, SparseRow } from "./epochTypes.js";

const NO_OWNER = (1n << 64n) - 1n;

export function packEpochInput(x: EpochInput, trace: boolean): Uint8Array {
  const n = x.n;
  const nnz = (m: SparseRow[]) => m.reduce((a, r) => a + r.length, 0);
  // matrices: rowLen[n] words, then one u32 per entry (uid | value << 16), padded to a word
  const wn = nnz(x.weights);
  const bn = nnz(x.bonds);
  const count = 16 + 4 * n + 2 * n + ((wn + 1) >> 1) + ((bn + 1) >> 1);
  const buf = new ArrayBuffer(count * 8);
  const words = new BigUint64Array(buf);
  // small values (< 2^32) go through the low 32-bit half: no BigInt per word on the hot paths
  const halves = new Uint32Array(buf);
  const flags = (x.yuma3 ? 1n : 0n) | (x.liquidAlpha ? 2n : 0n) | (trace ? 4n : 0n);
  const header = [
    BigInt(n), BigInt(x.currentBlock), BigInt(x.tempo), BigInt(x.activityCutoff), BigInt(x.kappa), BigInt(x.bondsPenalty),
    BigInt(x.bondsMovingAverage), flags, BigInt(x.alphaLow ?? 0), BigInt(x.alphaHigh ?? 0),
    BigInt.asUintN(64, BigInt(x.alphaSigmoidSteepness ?? 0)), BigInt(x.maxAllowedValidators), BigInt(x.raoEmission),
    BigInt(x.lastMechanismStepBlock), x.ownerUid === null ? NO_OWNER : BigInt(x.ownerUid), BigInt(x.stakeThreshold),
  ];
  let at = 0;
  for (const h of header) words[at++] = h;
  const small = (v: number) => {
    if (v < 2 ** 32) halves[2 * at] = v;
    else words[at] = BigInt(v);
    at++;
  };
  for (let i = 0; i < n; i++) words[at++] = BigInt(x.stake[i]!);
  for (let i = 0; i < n; i++) small(x.lastUpdate[i]!);
  for (let i = 0; i < n; i++) small(x.blockAtRegistration[i]!);
  for (let i = 0; i < n; i++) small(x.validatorPermit[i] ? 1 : 0);
  for (const m of [x.weights, x.bonds]) {
    for (const row of m) small(row.length);
    let h = 2 * at;
    for (const row of m) for (const pair of row) halves[h++] = pair[0] | (pair[1] << 16);
    at = (h + 1) >> 1;
  }
  return new Uint8Array(buf);
}

class Reader {
  at = 0;
  private readonly halves: Uint32Array;
  constructor(private readonly w: BigUint64Array, private readonly n: number) {
    this.halves = new Uint32Array(w.buffer, w.byteOffset, w.length * 2);
  }
  vec(): bigint[] { const out = Array.from(this.w.subarray(this.at, this.at + this.n)); this.at += this.n; return out; }
  /** Values known to fit in 32 bits (booleans, u16, lengths): read the low half, no BigInt. */
  nums(): number[] { const out = new Array<number>(this.n); for (let i = 0; i < this.n; i++) out[i] = this.halves[2 * (this.at + i)]!; this.at += this.n; return out; }
  bools(): boolean[] { return this.nums().map((x) => x !== 0); }
  strs(): string[] { return this.vec().map(String); }
  fixed(): string[] { return this.vec().map((x) => BigInt.asIntN(64, x).toString()); }
  /** A sparse matrix with u16 values: rowLen[n], then u32 entries (uid | value << 16). */
  u16Matrix(): SparseRow[] {
    const lens = this.nums();
    const h = this.halves;
    const out: SparseRow[] = new Array(lens.length);
    let at = 2 * this.at;
    for (let i = 0; i < lens.length; i++) {
      const len = lens[i]!;
      const row: SparseRow = new Array(len);
      for (let k = 0; k < len; k++, at++) { const e = h[at]!; row[k] = [e & 0xffff, e >>> 16]; }
      out[i] = row;
    }
    this.at = (at + 1) >> 1;
    return out;
  }
  /** A sparse matrix with I32F32 values (decimal strings of the bits). */
  fixedMatrix(): FixedRow[] {
    const lens = this.nums();
    return lens.map((len) => {
      const row: FixedRow = new Array(len);
      for (let k = 0; k < len; k++) { row[k] = [this.halves[2 * this.at]!, BigInt.asIntN(64, this.w[this.at + 1]!).toString()]; this.at += 2; }
      return row;
    });
  }
}

export function unpackEpochOutput(bytes: Uint8Array, n: number, trace: boolean): EpochOutput | EpochTrace {
  const w = new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const r = new Reader(w, n);
  const out: EpochOutput = {
    active: r.bools(),
    validatorPermit: r.bools(),
    consensus: r.nums(),
    incentive: r.nums(),
    dividends: r.nums(),
    validatorTrust: r.nums(),
    stakeWeight: r.nums(),
    emission: r.strs(),
    serverEmission: r.strs(),
    validatorEmission: r.strs(),
    bonds: [],
    fixed: { stake: r.fixed(), activeStake: r.fixed(), consensus: r.fixed(), incentive: r.fixed(), dividends: r.fixed(), validatorTrust: r.fixed() },
  };
  out.bonds = r.u16Matrix();
  if (!trace) return out;
  const fixedRows = (): FixedRow[] => r.fixedMatrix();
  const weights = fixedRows();
  const clippedWeights = fixedRows();
  const weightsForBonds = fixedRows();
  const bondsBefore = fixedRows();
  const bondsAfter = fixedRows();
  return {
    ...out,
    stages: {
      stake: out.fixed.stake,
      activeStake: out.fixed.activeStake,
      weights,
      consensus: out.fixed.consensus,
      clippedWeights,
      validatorTrust: out.fixed.validatorTrust,
      incentive: out.fixed.incentive,
      weightsForBonds,
      bondsBefore,
      bondsAfter,
      dividends: out.fixed.dividends,
      normalizedServerEmission: r.fixed(),
      normalizedValidatorEmission: r.fixed(),
      normalizedCombinedEmission: r.fixed(),
    },
  };
}
