/**
 * The JSON shapes of an epoch (decimal strings, `[uid, value]` pairs) from the typed arrays the
 * one epoch path runs on: `runEpoch` and `traceEpoch` convert their output with these (the input
 * is converted as it is validated, `toEpochInputArrays` in epochValidate.ts), and callers that hold
 * typed arrays can use them to compare, export or serialise.
 */
import { EPOCH_NO_COMMIT } from "./epochLayout.js";
import type {
  EpochFixedMatrix,
  EpochInput,
  EpochInputArrays,
  EpochOutput,
  EpochOutputArrays,
  EpochSparseMatrix,
  EpochTrace,
  EpochTraceArrays,
  FixedRow,
  SparseRow,
} from "./epochTypes.js";

/** A sparse matrix of `[uid, value]` rows as compressed rows. */
export function toSparseMatrix(rows: SparseRow[]): EpochSparseMatrix {
  const n = rows.length;
  const rowPtr = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + rows[i]!.length;
  const cols = new Uint16Array(rowPtr[n]!);
  const values = new Uint16Array(rowPtr[n]!);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let j = 0; j < row.length; j++) {
      const pair = row[j]!;
      cols[k] = pair[0];
      values[k] = pair[1];
      k++;
    }
  }
  return { rowPtr, cols, values };
}

/**
 * Entries from which `fromSparseMatrix` builds its pairs at a second array literal. V8 decides once
 * per allocation site (an array literal) whether the objects it makes are allocated in the old
 * generation: pairs of small outputs, dropped before the next scavenge, teach a site "young", and a
 * large output built at that site afterwards has every pair copied by the scavenges, two or three
 * times the time of building them (measured at 4096 uids after the 256 and 1024 sizes, as in a
 * simulation; bench/RESULTS.md). The second site sees only outputs of 2^20 entries or more, whose
 * pairs outlive the scavenges during their build, so V8 allocates them in the old generation.
 */
const LARGE_MATRIX = 1 << 20;

/** Compressed rows back to `[uid, value]` rows. */
export function fromSparseMatrix(m: EpochSparseMatrix): SparseRow[] {
  const { rowPtr, cols, values } = m;
  const n = rowPtr.length - 1;
  const large = rowPtr[n]! >= LARGE_MATRIX;
  const out: SparseRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = rowPtr[i]!;
    const row: SparseRow = new Array(rowPtr[i + 1]! - start);
    // the same pair at two allocation sites (see LARGE_MATRIX)
    if (large) for (let j = 0; j < row.length; j++) row[j] = [cols[start + j]!, values[start + j]!];
    else for (let j = 0; j < row.length; j++) row[j] = [cols[start + j]!, values[start + j]!];
    out[i] = row;
  }
  return out;
}

const strings = (v: BigUint64Array | BigInt64Array): string[] => {
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = String(v[i]);
  return out;
};

/** Typed-array input in the JSON shape of EpochInput (e.g. to export an epoch for replay). */
export function fromEpochInputArrays(x: EpochInputArrays): EpochInput {
  const { commitBlock, ...rest } = x;
  return {
    ...rest,
    bondsMovingAverage: String(x.bondsMovingAverage),
    raoEmission: String(x.raoEmission),
    stakeThreshold: String(x.stakeThreshold),
    stake: strings(x.stake),
    lastUpdate: Array.from(x.lastUpdate),
    blockAtRegistration: Array.from(x.blockAtRegistration),
    validatorPermit: Array.from(x.validatorPermit, (b) => b === 1),
    weights: fromSparseMatrix(x.weights),
    bonds: fromSparseMatrix(x.bonds),
    ...(commitBlock !== undefined && { commitBlock: Array.from(commitBlock, (b) => (b === EPOCH_NO_COMMIT ? null : String(b))) }),
  };
}

/** Typed-array output in the JSON shape of `runEpoch`. */
export function fromEpochOutputArrays(o: EpochOutputArrays): EpochOutput {
  return {
    active: Array.from(o.active, (b) => b === 1),
    validatorPermit: Array.from(o.validatorPermit, (b) => b === 1),
    consensus: Array.from(o.consensus),
    incentive: Array.from(o.incentive),
    dividends: Array.from(o.dividends),
    validatorTrust: Array.from(o.validatorTrust),
    stakeWeight: Array.from(o.stakeWeight),
    emission: strings(o.emission),
    serverEmission: strings(o.serverEmission),
    validatorEmission: strings(o.validatorEmission),
    serverShare: strings(o.serverShare),
    validatorShare: strings(o.validatorShare),
    bonds: fromSparseMatrix(o.bonds),
    fixed: {
      stake: strings(o.fixed.stake),
      activeStake: strings(o.fixed.activeStake),
      consensus: strings(o.fixed.consensus),
      incentive: strings(o.fixed.incentive),
      dividends: strings(o.fixed.dividends),
      validatorTrust: strings(o.fixed.validatorTrust),
    },
  };
}

/** A traced I32F32 matrix as `[uid, bits]` rows (bits as decimal strings). */
function fromFixedMatrix(m: EpochFixedMatrix): FixedRow[] {
  const n = m.rowPtr.length - 1;
  const out: FixedRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = m.rowPtr[i]!;
    const row: FixedRow = new Array(m.rowPtr[i + 1]! - start);
    for (let j = 0; j < row.length; j++) row[j] = [m.cols[start + j]!, String(m.values[start + j])];
    out[i] = row;
  }
  return out;
}

/** Typed-array trace in the JSON shape of `traceEpoch`. */
export function fromEpochTraceArrays(t: EpochTraceArrays): EpochTrace {
  const out = fromEpochOutputArrays(t);
  const s = t.stages;
  return {
    ...out,
    stages: {
      stake: out.fixed.stake,
      activeStake: out.fixed.activeStake,
      weights: fromFixedMatrix(s.weights),
      consensus: out.fixed.consensus,
      clippedWeights: fromFixedMatrix(s.clippedWeights),
      validatorTrust: out.fixed.validatorTrust,
      incentive: out.fixed.incentive,
      weightsForBonds: fromFixedMatrix(s.weightsForBonds),
      bondsBefore: fromFixedMatrix(s.bondsBefore),
      bondsAfter: fromFixedMatrix(s.bondsAfter),
      dividends: out.fixed.dividends,
      normalizedServerEmission: out.serverShare,
      normalizedValidatorEmission: out.validatorShare,
      normalizedCombinedEmission: strings(s.normalizedCombinedEmission),
    },
  };
}
