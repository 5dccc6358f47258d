/**
 * Moving an epoch across the WASM boundary, by the layout table of `epochLayout.ts`:
 * EpochInputArrays → little-endian u64 words, and the packed output → EpochOutputArrays (and,
 * with the trace flag, EpochTraceArrays). The only packer and unpacker: the JSON API converts to
 * and from these typed arrays (`epochJson.ts`).
 */
import {
  EPOCH_FLAGS,
  EPOCH_INPUT_HEADER,
  EPOCH_INPUT_MATRICES,
  EPOCH_INPUT_VECTORS,
  EPOCH_NO_COMMIT,
  EPOCH_NO_OWNER,
  EPOCH_OUTPUT_VECTORS,
  EPOCH_TRACE_MATRICES,
  type EPOCH_TRACE_VECTORS,
  epochInputWords,
  IN_VECTOR,
  OUT_VECTOR,
  TRACE_MATRIX,
  TRACE_VECTOR,
  u16MatrixWords,
  u16Run,
} from "./epochLayout.js";
import type { EpochFixedMatrix, EpochInputArrays, EpochOutputArrays, EpochTraceArrays } from "./epochTypes.js";

/** Each header word from the input (the mapped type makes the table and this list agree). */
const HEADER_WORD: { readonly [K in (typeof EPOCH_INPUT_HEADER)[number]]: (x: EpochInputArrays, trace: boolean) => bigint } = {
  n: (x) => BigInt(x.n),
  currentBlock: (x) => BigInt(x.currentBlock),
  tempo: (x) => BigInt(x.tempo),
  activityCutoff: (x) => BigInt(x.activityCutoff),
  kappa: (x) => BigInt(x.kappa),
  bondsPenalty: (x) => BigInt(x.bondsPenalty),
  bondsMovingAverage: (x) => BigInt(x.bondsMovingAverage),
  flags: (x, trace) =>
    BigInt(
      (x.yuma3 ? EPOCH_FLAGS.yuma3 : 0) |
        (x.liquidAlpha ? EPOCH_FLAGS.liquidAlpha : 0) |
        (trace ? EPOCH_FLAGS.trace : 0) |
        (x.commitRevealEnabled === true ? EPOCH_FLAGS.commitReveal : 0),
    ),
  alphaLow: (x) => BigInt(x.alphaLow ?? 0),
  alphaHigh: (x) => BigInt(x.alphaHigh ?? 0),
  alphaSigmoidSteepness: (x) => BigInt.asUintN(64, BigInt(x.alphaSigmoidSteepness ?? 0)),
  maxAllowedValidators: (x) => BigInt(x.maxAllowedValidators),
  raoEmission: (x) => BigInt(x.raoEmission),
  lastMechanismStepBlock: (x) => BigInt(x.lastMechanismStepBlock),
  ownerUid: (x) => (x.ownerUid === null ? EPOCH_NO_OWNER : BigInt(x.ownerUid)),
  stakeThreshold: (x) => BigInt(x.stakeThreshold),
};

/** Bytes of the packed input of `x`. */
export function epochInputBytes(x: EpochInputArrays): number {
  return 8 * epochInputWords(x.n, x.weights.rowPtr[x.n]!, x.bonds.rowPtr[x.n]!);
}

/**
 * Packs `x` (validated) into a new buffer, or into `into` (its `epochInputBytes(x)` bytes, 8-byte
 * aligned and zeroed: e.g. WASM memory, which saves a copy).
 */
export function packEpochInput(x: EpochInputArrays, trace: boolean, into?: Uint8Array): Uint8Array {
  const n = x.n;
  const count = epochInputBytes(x) / 8;
  const target = into ?? new Uint8Array(count * 8);
  const buf = target.buffer;
  const words = new BigUint64Array(buf, target.byteOffset, count);
  // small values (< 2^32) go through the low 32-bit half: no BigInt per word on the hot paths
  const halves = new Uint32Array(buf, target.byteOffset, count * 2);
  for (let i = 0; i < EPOCH_INPUT_HEADER.length; i++) words[i] = HEADER_WORD[EPOCH_INPUT_HEADER[i]!](x, trace);
  const vector = (name: (typeof EPOCH_INPUT_VECTORS)[number]) => EPOCH_INPUT_HEADER.length + IN_VECTOR[name] * n;
  words.set(x.stake, vector("stake"));
  for (const name of ["lastUpdate", "blockAtRegistration"] as const) {
    const v = x[name];
    const at = vector(name);
    for (let i = 0; i < n; i++) {
      const b = v[i]!;
      if (b < 2 ** 32) halves[2 * (at + i)] = b;
      else words[at + i] = BigInt(b);
    }
  }
  const permits = vector("validatorPermit");
  for (let i = 0; i < n; i++) halves[2 * (permits + i)] = x.validatorPermit[i]!;
  const commits = vector("commitBlock");
  if (x.commitBlock !== undefined) words.set(x.commitBlock, commits);
  else words.fill(EPOCH_NO_COMMIT, commits, commits + n);
  let at = EPOCH_INPUT_HEADER.length + EPOCH_INPUT_VECTORS.length * n;
  for (const name of EPOCH_INPUT_MATRICES) {
    const { rowPtr, cols, values } = x[name];
    for (let i = 0; i < n; i++) halves[2 * (at + i)] = rowPtr[i + 1]! - rowPtr[i]!;
    at += n;
    const nnz = rowPtr[n]!;
    // the two u16 runs are copies of cols and values (padding stays zero)
    const u16 = new Uint16Array(buf, target.byteOffset + at * 8, 2 * u16Run(nnz));
    u16.set(cols);
    u16.set(values, u16Run(nnz));
    at += u16MatrixWords(0, nnz);
  }
  return target;
}

/**
 * Reads the packed output into typed arrays. `bytes` is a view of WASM memory: by default every
 * array is a copy; with `views` the u64/i64 vectors and the bonds' `cols`/`values` are views of
 * `bytes` (valid only until the core's next call; for converting at once, e.g. to JSON).
 */
export function unpackEpochOutput(bytes: Uint8Array, n: number, trace: false, views?: boolean): EpochOutputArrays;
export function unpackEpochOutput(bytes: Uint8Array, n: number, trace: true, views?: boolean): EpochTraceArrays;
export function unpackEpochOutput(bytes: Uint8Array, n: number, trace: boolean, views = false): EpochOutputArrays | EpochTraceArrays {
  const words = new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const signed = new BigInt64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const halves = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const small = <T extends Uint8Array | Uint16Array>(name: (typeof EPOCH_OUTPUT_VECTORS)[number], out: T): T => {
    const at = OUT_VECTOR[name] * n;
    for (let i = 0; i < n; i++) out[i] = halves[2 * (at + i)]!;
    return out;
  };
  const u64 = (at: number) => (views ? words.subarray(at, at + n) : words.slice(at, at + n));
  const i64 = (at: number) => (views ? signed.subarray(at, at + n) : signed.slice(at, at + n));
  const vec = (name: (typeof EPOCH_OUTPUT_VECTORS)[number]) => OUT_VECTOR[name] * n;
  let at = EPOCH_OUTPUT_VECTORS.length * n;
  const rowPtr = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + halves[2 * (at + i)]!;
  at += n;
  const nnz = rowPtr[n]!;
  const u16 = new Uint16Array(bytes.buffer, bytes.byteOffset + at * 8, 2 * u16Run(nnz));
  at += u16MatrixWords(0, nnz);
  const out: EpochOutputArrays = {
    active: small("active", new Uint8Array(n)),
    validatorPermit: small("validatorPermit", new Uint8Array(n)),
    consensus: small("consensus", new Uint16Array(n)),
    incentive: small("incentive", new Uint16Array(n)),
    dividends: small("dividends", new Uint16Array(n)),
    validatorTrust: small("validatorTrust", new Uint16Array(n)),
    stakeWeight: small("stakeWeight", new Uint16Array(n)),
    emission: u64(vec("emission")),
    serverEmission: u64(vec("serverEmission")),
    validatorEmission: u64(vec("validatorEmission")),
    serverShare: i64(vec("serverShare")),
    validatorShare: i64(vec("validatorShare")),
    bonds: views
      ? { rowPtr, cols: u16.subarray(0, nnz), values: u16.subarray(u16Run(nnz), u16Run(nnz) + nnz) }
      : { rowPtr, cols: u16.slice(0, nnz), values: u16.slice(u16Run(nnz), u16Run(nnz) + nnz) },
    fixed: {
      stake: i64(vec("fixedStake")),
      activeStake: i64(vec("fixedActiveStake")),
      consensus: i64(vec("fixedConsensus")),
      incentive: i64(vec("fixedIncentive")),
      dividends: i64(vec("fixedDividends")),
      validatorTrust: i64(vec("fixedValidatorTrust")),
    },
  };
  if (!trace) return out;
  // traced matrices: rowLen[n] words, then a (uid, I32F32 bits) word pair per entry
  const matrices: EpochFixedMatrix[] = [];
  for (let m = 0; m < EPOCH_TRACE_MATRICES.length; m++) {
    const rowPtr = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + halves[2 * (at + i)]!;
    at += n;
    const nnz = rowPtr[n]!;
    const cols = new Uint16Array(nnz);
    const values = new BigInt64Array(nnz);
    for (let k = 0; k < nnz; k++) {
      cols[k] = halves[2 * (at + 2 * k)]!;
      values[k] = signed[at + 2 * k + 1]!;
    }
    at += 2 * nnz;
    matrices.push({ rowPtr, cols, values });
  }
  const traced = (name: (typeof EPOCH_TRACE_VECTORS)[number]) => i64(at + TRACE_VECTOR[name] * n);
  const m = (name: (typeof EPOCH_TRACE_MATRICES)[number]) => matrices[TRACE_MATRIX[name]]!;
  return {
    ...out,
    stages: {
      weights: m("weights"),
      clippedWeights: m("clippedWeights"),
      weightsForBonds: m("weightsForBonds"),
      bondsBefore: m("bondsBefore"),
      bondsAfter: m("bondsAfter"),
      normalizedServerEmission: out.serverShare,
      normalizedValidatorEmission: out.validatorShare,
      normalizedCombinedEmission: traced("normalizedCombinedEmission"),
    },
  };
}
