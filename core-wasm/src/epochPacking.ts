/**
 * Moving an epoch across the WASM boundary: EpochInput → little-endian u64 words (layout in
 * `assembly/yuma/epoch.ts`), and the packed output → EpochOutput / EpochTrace.
 */
import type { EpochInput, EpochOutput, EpochTrace, FixedRow, SparseRow } from "./epochTypes.js";

const NO_OWNER = (1n << 64n) - 1n;

/** Entries of a u16 run padded to whole 8-byte words. */
export const u16Run = (count: number) => (count + 3) & ~3;
/** Words of a packed u16 matrix: rowLen[n] words, then the padded uid and value runs. */
export const u16MatrixWords = (n: number, count: number) => n + u16Run(count) / 2;

/** Bytes of the packed input of `x`. */
export function epochInputBytes(x: EpochInput): number {
  const nnz = (m: SparseRow[]) => m.reduce((a, r) => a + r.length, 0);
  return 8 * (16 + 4 * x.n + u16MatrixWords(x.n, nnz(x.weights)) + u16MatrixWords(x.n, nnz(x.bonds)));
}

/**
 * Packs `x` into a new buffer, or into `into` (its `epochInputBytes(x)` bytes, 8-byte aligned and
 * zeroed: e.g. WASM memory, which saves a copy).
 */
export function packEpochInput(x: EpochInput, trace: boolean, into?: Uint8Array): Uint8Array {
  const n = x.n;
  const nnz = (m: SparseRow[]) => m.reduce((a, r) => a + r.length, 0);
  // matrices: rowLen[n] words, then every entry's uid as u16, then every value as u16, each run
  // padded to whole words (4 entries)
  const wn = nnz(x.weights);
  const bn = nnz(x.bonds);
  const count = 16 + 4 * n + u16MatrixWords(n, wn) + u16MatrixWords(n, bn);
  const target = into ?? new Uint8Array(count * 8);
  const buf = target.buffer;
  const words = new BigUint64Array(buf, target.byteOffset, count);
  // small values (< 2^32) go through the low 32-bit half: no BigInt per word on the hot paths
  const halves = new Uint32Array(buf, target.byteOffset, count * 2);
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
  const u16 = new Uint16Array(buf, target.byteOffset, count * 4);
  for (const [m, count] of [[x.weights, wn], [x.bonds, bn]] as const) {
    for (const row of m) small(row.length);
    let uid = 4 * at;
    let value = uid + u16Run(count);
    for (const row of m) for (const pair of row) { u16[uid++] = pair[0]; u16[value++] = pair[1]; }
    at += u16MatrixWords(0, count);
  }
  return target;
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
  /** A sparse matrix with u16 values: rowLen[n], then a u16 run of uids and one of values. */
  u16Matrix(): SparseRow[] {
    const lens = this.nums();
    const count = lens.reduce((a, b) => a + b, 0);
    const u16 = new Uint16Array(this.w.buffer, this.w.byteOffset, this.w.length * 4);
    const out: SparseRow[] = new Array(lens.length);
    let uid = 4 * this.at;
    let value = uid + u16Run(count);
    for (let i = 0; i < lens.length; i++) {
      const len = lens[i]!;
      const row: SparseRow = new Array(len);
      for (let k = 0; k < len; k++) row[k] = [u16[uid++]!, u16[value++]!];
      out[i] = row;
    }
    this.at += u16MatrixWords(0, count);
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
