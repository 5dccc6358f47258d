/**
 * Moving an epoch across the WASM boundary: EpochInput → little-endian u64 words (layout in
 * `assembly/yuma/epoch.ts`), and the packed output → EpochOutput / EpochTrace.
 */
import type { EpochInput, EpochOutput, EpochTrace, FixedRow, SparseRow } from "./epochTypes.js";

const NO_OWNER = (1n << 64n) - 1n;

export function packEpochInput(x: EpochInput, trace: boolean): Uint8Array {
  const n = x.n;
  const nnz = (m: SparseRow[]) => m.reduce((a, r) => a + r.length, 0);
  const words = new BigUint64Array(16 + 4 * n + 2 * n + 2 * (nnz(x.weights) + nnz(x.bonds)));
  const flags = (x.yuma3 ? 1n : 0n) | (x.liquidAlpha ? 2n : 0n) | (trace ? 4n : 0n);
  const header = [
    BigInt(n), BigInt(x.currentBlock), BigInt(x.tempo), BigInt(x.activityCutoff), BigInt(x.kappa), BigInt(x.bondsPenalty),
    BigInt(x.bondsMovingAverage), flags, BigInt(x.alphaLow ?? 0), BigInt(x.alphaHigh ?? 0),
    BigInt.asUintN(64, BigInt(x.alphaSigmoidSteepness ?? 0)), BigInt(x.maxAllowedValidators), BigInt(x.raoEmission),
    BigInt(x.lastMechanismStepBlock), x.ownerUid === null ? NO_OWNER : BigInt(x.ownerUid), BigInt(x.stakeThreshold),
  ];
  let at = 0;
  for (const h of header) words[at++] = h;
  for (let i = 0; i < n; i++) words[at++] = BigInt(x.stake[i]!);
  for (let i = 0; i < n; i++) words[at++] = BigInt(x.lastUpdate[i]!);
  for (let i = 0; i < n; i++) words[at++] = BigInt(x.blockAtRegistration[i]!);
  for (let i = 0; i < n; i++) words[at++] = x.validatorPermit[i] ? 1n : 0n;
  for (const m of [x.weights, x.bonds]) {
    for (const row of m) words[at++] = BigInt(row.length);
    for (const row of m) for (const [uid, v] of row) { words[at++] = BigInt(uid); words[at++] = BigInt(v); }
  }
  return new Uint8Array(words.buffer);
}

class Reader {
  at = 0;
  constructor(private readonly w: BigUint64Array, private readonly n: number) {}
  vec(): bigint[] { const out = Array.from(this.w.subarray(this.at, this.at + this.n)); this.at += this.n; return out; }
  bools(): boolean[] { return this.vec().map((x) => x !== 0n); }
  nums(): number[] { return this.vec().map(Number); }
  strs(): string[] { return this.vec().map(String); }
  fixed(): string[] { return this.vec().map((x) => BigInt.asIntN(64, x).toString()); }
  matrix<T>(value: (x: bigint) => T): Array<Array<[number, T]>> {
    const lens = this.nums();
    return lens.map((len) => {
      const row: Array<[number, T]> = [];
      for (let k = 0; k < len; k++) { row.push([Number(this.w[this.at]!), value(this.w[this.at + 1]!)]); this.at += 2; }
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
  out.bonds = r.matrix((x) => Number(x)) as SparseRow[];
  if (!trace) return out;
  const fixedRows = (): FixedRow[] => r.matrix((x) => BigInt.asIntN(64, x).toString());
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
