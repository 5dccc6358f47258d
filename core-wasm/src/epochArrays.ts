/**
 * The epoch on typed arrays: the same computation and bits as `runEpoch`, for callers that hold a
 * large subnet in memory already (a validator, a simulator) and should not pay for JSON-shaped
 * input (decimal strings, `[uid, value]` pairs) or output (millions of small arrays). Stake and
 * emissions are `BigUint64Array` (rao), sparse matrices are compressed rows (`rowPtr`, `cols`,
 * `values`), u16 vectors are `Uint16Array`, booleans `Uint8Array` (0 or 1), I32F32 bits
 * `BigInt64Array`. Input is validated in one pass over the typed arrays (EpochInputError, with
 * the path of the bad value, as for the JSON input).
 */
import { EpochInputError } from "./errors.js";
import type { EpochInput, EpochOutput, SparseRow } from "./epochTypes.js";
import { validateEpochHyperparameters } from "./epochValidate.js";
import { u16MatrixWords, u16Run } from "./epochPacking.js";
import { getCore } from "./wasm.js";
import type { EpochOptions } from "./epoch.js";

/** A sparse matrix in compressed rows: row i is `cols[rowPtr[i]..rowPtr[i+1]]` with its `values`. */
export interface EpochSparseMatrix {
  /** n + 1 offsets into `cols`/`values`, starting at 0, non-decreasing. */
  rowPtr: Uint32Array;
  /** uid of each entry (< n, at most once per row), in the row's order. */
  cols: Uint16Array;
  /** u16 value of each entry. */
  values: Uint16Array;
}

/** `EpochInput` with its per-uid vectors and matrices as typed arrays (hyperparameters unchanged). */
export interface EpochInputArrays extends Omit<EpochInput, "stake" | "lastUpdate" | "blockAtRegistration" | "validatorPermit" | "weights" | "bonds"> {
  /** Raw stake per uid (rao). */
  stake: BigUint64Array;
  /** Block numbers (integers ≤ 2^53 − 1). */
  lastUpdate: ArrayLike<number>;
  blockAtRegistration: ArrayLike<number>;
  /** Permits from the previous epoch: 0 or 1 per uid. */
  validatorPermit: Uint8Array;
  weights: EpochSparseMatrix;
  bonds: EpochSparseMatrix;
}

/** `EpochOutput` as typed arrays: the same values, entry for entry. */
export interface EpochOutputArrays {
  active: Uint8Array;
  validatorPermit: Uint8Array;
  consensus: Uint16Array;
  incentive: Uint16Array;
  dividends: Uint16Array;
  validatorTrust: Uint16Array;
  stakeWeight: Uint16Array;
  emission: BigUint64Array;
  serverEmission: BigUint64Array;
  validatorEmission: BigUint64Array;
  bonds: EpochSparseMatrix;
  /** I32F32 bits. */
  fixed: { stake: BigInt64Array; activeStake: BigInt64Array; consensus: BigInt64Array; incentive: BigInt64Array; dividends: BigInt64Array; validatorTrust: BigInt64Array };
}

const fail = (path: string, message: string): never => {
  throw new EpochInputError(path, message);
};

function checkMatrix(name: string, m: unknown, n: number): number {
  if (typeof m !== "object" || m === null) fail(name, "expected a sparse matrix { rowPtr: Uint32Array, cols: Uint16Array, values: Uint16Array }");
  const { rowPtr, cols, values } = m as EpochSparseMatrix;
  if (!(rowPtr instanceof Uint32Array) || rowPtr.length !== n + 1) fail(`${name}.rowPtr`, `expected a Uint32Array of length n + 1 = ${n + 1}`);
  if (!(cols instanceof Uint16Array)) fail(`${name}.cols`, "expected a Uint16Array of uids");
  if (!(values instanceof Uint16Array)) fail(`${name}.values`, "expected a Uint16Array of u16 values");
  if (rowPtr[0] !== 0) fail(`${name}.rowPtr[0]`, `expected 0, got ${rowPtr[0]}`);
  const nnz = rowPtr[n]!;
  if (cols.length !== nnz || values.length !== nnz) fail(`${name}.cols`, `expected cols and values of length rowPtr[n] = ${nnz}, got ${cols.length} and ${values.length}`);
  for (let i = 0; i < n; i++) if (rowPtr[i + 1]! < rowPtr[i]!) fail(`${name}.rowPtr[${i + 1}]`, `expected offsets that never decrease, got ${rowPtr[i + 1]} after ${rowPtr[i]}`);
  // seen[uid] === row + 1 marks a uid already used in this row
  const seen = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const start = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    for (let k = start; k < end; k++) {
      const uid = cols[k]!;
      if (uid >= n) fail(`${name}.cols[${k}]`, `expected a uid 0..${n - 1} (uid < n), got ${uid} (row ${i})`);
      if (seen[uid] === i + 1) fail(`${name}.cols[${k}]`, `duplicate uid ${uid} in row ${i}; each uid may appear once per row`);
      seen[uid] = i + 1;
    }
  }
  return nnz;
}

function checkVector(name: string, v: unknown, n: number, what: string): void {
  if (typeof v !== "object" || v === null || typeof (v as ArrayLike<unknown>).length !== "number") fail(name, `expected ${what} of length n = ${n}`);
  if ((v as ArrayLike<unknown>).length !== n) fail(name, `expected ${what} of length n = ${n}, got length ${(v as ArrayLike<unknown>).length}`);
}

/** Checks an EpochInputArrays; throws the first problem as an EpochInputError. */
export function validateEpochInputArrays(input: unknown): EpochInputArrays {
  if (typeof input !== "object" || input === null) fail("$", "expected an EpochInputArrays object");
  const x = input as EpochInputArrays;
  const n = x.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 65535) fail("n", `expected the number of uids, an integer 1..65535, got ${String(n)}`);
  if (!(x.stake instanceof BigUint64Array)) fail("stake", "expected a BigUint64Array of rao");
  checkVector("stake", x.stake, n, "a BigUint64Array");
  for (const k of ["lastUpdate", "blockAtRegistration"] as const) {
    checkVector(k, x[k], n, "an array of block numbers");
    const v = x[k];
    for (let i = 0; i < n; i++) {
      const b = v[i];
      if (typeof b !== "number" || !Number.isSafeInteger(b) || b < 0) fail(`${k}[${i}]`, `expected a non-negative integer block number, got ${String(b)}`);
    }
  }
  if (!(x.validatorPermit instanceof Uint8Array)) fail("validatorPermit", "expected a Uint8Array of 0 or 1");
  checkVector("validatorPermit", x.validatorPermit, n, "a Uint8Array");
  for (let i = 0; i < n; i++) if (x.validatorPermit[i]! > 1) fail(`validatorPermit[${i}]`, `expected 0 or 1, got ${x.validatorPermit[i]}`);
  checkMatrix("weights", x.weights, n);
  checkMatrix("bonds", x.bonds, n);
  validateEpochHyperparameters(x as unknown as Record<string, unknown>, n);
  return x;
}

/** Packs an EpochInputArrays into the core's words (the layout of `packEpochInput`). */
export function packEpochInputArrays(x: EpochInputArrays, into?: Uint8Array): Uint8Array {
  const n = x.n;
  const wn = x.weights.rowPtr[n]!;
  const bn = x.bonds.rowPtr[n]!;
  const count = 16 + 4 * n + u16MatrixWords(n, wn) + u16MatrixWords(n, bn);
  const target = into ?? new Uint8Array(count * 8);
  const buf = target.buffer;
  const words = new BigUint64Array(buf, target.byteOffset, count);
  const halves = new Uint32Array(buf, target.byteOffset, count * 2);
  const flags = (x.yuma3 ? 1n : 0n) | (x.liquidAlpha ? 2n : 0n);
  const header = [
    BigInt(n), BigInt(x.currentBlock), BigInt(x.tempo), BigInt(x.activityCutoff), BigInt(x.kappa), BigInt(x.bondsPenalty),
    BigInt(x.bondsMovingAverage), flags, BigInt(x.alphaLow ?? 0), BigInt(x.alphaHigh ?? 0),
    BigInt.asUintN(64, BigInt(x.alphaSigmoidSteepness ?? 0)), BigInt(x.maxAllowedValidators), BigInt(x.raoEmission),
    BigInt(x.lastMechanismStepBlock), x.ownerUid === null ? (1n << 64n) - 1n : BigInt(x.ownerUid), BigInt(x.stakeThreshold),
  ];
  for (let i = 0; i < 16; i++) words[i] = header[i]!;
  words.set(x.stake, 16);
  let at = 16 + n;
  const small = (v: number) => {
    if (v < 2 ** 32) halves[2 * at] = v;
    else words[at] = BigInt(v);
    at++;
  };
  for (let i = 0; i < n; i++) small(x.lastUpdate[i]!);
  for (let i = 0; i < n; i++) small(x.blockAtRegistration[i]!);
  for (let i = 0; i < n; i++) halves[2 * at++] = x.validatorPermit[i]!;
  for (const m of [x.weights, x.bonds]) {
    const { rowPtr, cols, values } = m;
    for (let i = 0; i < n; i++) halves[2 * at++] = rowPtr[i + 1]! - rowPtr[i]!;
    const nnz = rowPtr[n]!;
    // the two u16 runs are copies of cols and values (padding stays zero)
    const u16 = new Uint16Array(buf, target.byteOffset + at * 8, u16Run(nnz) * 2);
    u16.set(cols);
    u16.set(values, u16Run(nnz));
    at += u16MatrixWords(0, nnz);
  }
  return target;
}

/** Bytes of the packed input of `x`. */
export function epochInputArraysBytes(x: EpochInputArrays): number {
  return 8 * (16 + 4 * x.n + u16MatrixWords(x.n, x.weights.rowPtr[x.n]!) + u16MatrixWords(x.n, x.bonds.rowPtr[x.n]!));
}

/** Reads the core's packed output (no trace) into typed arrays. */
export function unpackEpochOutputArrays(bytes: Uint8Array, n: number): EpochOutputArrays {
  const words = new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const halves = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let at = 0;
  const small = <T extends Uint8Array | Uint16Array>(out: T): T => {
    for (let i = 0; i < n; i++) out[i] = halves[2 * (at + i)]!;
    at += n;
    return out;
  };
  const u64 = () => { const v = words.slice(at, at + n); at += n; return v; };
  const i64 = () => { const v = new BigInt64Array(words.buffer.slice(words.byteOffset + at * 8, words.byteOffset + (at + n) * 8)); at += n; return v; };
  const active = small(new Uint8Array(n));
  const validatorPermit = small(new Uint8Array(n));
  const consensus = small(new Uint16Array(n));
  const incentive = small(new Uint16Array(n));
  const dividends = small(new Uint16Array(n));
  const validatorTrust = small(new Uint16Array(n));
  const stakeWeight = small(new Uint16Array(n));
  const emission = u64();
  const serverEmission = u64();
  const validatorEmission = u64();
  const fixed = { stake: i64(), activeStake: i64(), consensus: i64(), incentive: i64(), dividends: i64(), validatorTrust: i64() };
  const rowPtr = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + halves[2 * (at + i)]!;
  at += n;
  const nnz = rowPtr[n]!;
  const u16 = new Uint16Array(bytes.buffer, bytes.byteOffset + at * 8, u16Run(nnz) * 2);
  const cols = u16.slice(0, nnz);
  const values = u16.slice(u16Run(nnz), u16Run(nnz) + nnz);
  return { active, validatorPermit, consensus, incentive, dividends, validatorTrust, stakeWeight, emission, serverEmission, validatorEmission, bonds: { rowPtr, cols, values }, fixed };
}

/**
 * Runs one epoch on typed arrays: the same bits as `runEpoch` on the equivalent EpochInput.
 * Throws EpochInputError (with the path) on bad input.
 */
export function runEpochArrays(input: EpochInputArrays, options: EpochOptions = {}): EpochOutputArrays {
  const x = validateEpochInputArrays(input);
  const core = getCore(options.target ?? "release");
  const size = epochInputArraysBytes(x);
  core.reserve(size * EPOCH_MEMORY_FACTOR + (1 << 22));
  // packed straight into WASM memory and unpacked straight from it (the arena is reset only after)
  return core.arena(() => unpackEpochOutputArrays(core.viewBytes(core.call<number>("runEpochPacked", core.lowerWith(size, (view) => packEpochInputArrays(x, view)))), x.n));
}

/**
 * Memory to have free for one epoch, as a multiple of its packed input (4 bytes per matrix entry):
 * the input copy plus the epoch's heap, measured with `coreHeapTop` at about 10.5× the input for
 * full rows (n = 256…4096) and up to 15× for sparse ones. Memory is grown once to this up front
 * (each grow can trigger a host GC); the allocator grows it further if an input needs more.
 */
export const EPOCH_MEMORY_FACTOR = 16;

/** A sparse matrix of `[uid, value]` rows as compressed rows. */
export function toSparseMatrix(rows: SparseRow[]): EpochSparseMatrix {
  const rowPtr = new Uint32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) rowPtr[i + 1] = rowPtr[i]! + rows[i]!.length;
  const nnz = rowPtr[rows.length]!;
  const cols = new Uint16Array(nnz);
  const values = new Uint16Array(nnz);
  let k = 0;
  for (const row of rows) for (const [uid, v] of row) { cols[k] = uid; values[k] = v; k++; }
  return { rowPtr, cols, values };
}

/** Compressed rows back to `[uid, value]` rows. */
export function fromSparseMatrix(m: EpochSparseMatrix): SparseRow[] {
  const n = m.rowPtr.length - 1;
  const out: SparseRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: SparseRow = [];
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) row.push([m.cols[k]!, m.values[k]!]);
    out[i] = row;
  }
  return out;
}

/** An EpochInput as typed arrays (validate the EpochInput first if it comes from outside). */
export function toEpochInputArrays(x: EpochInput): EpochInputArrays {
  return {
    ...x,
    stake: BigUint64Array.from(x.stake, (s) => BigInt(s)),
    lastUpdate: Float64Array.from(x.lastUpdate),
    blockAtRegistration: Float64Array.from(x.blockAtRegistration),
    validatorPermit: Uint8Array.from(x.validatorPermit, (b) => (b ? 1 : 0)),
    weights: toSparseMatrix(x.weights),
    bonds: toSparseMatrix(x.bonds),
  };
}

/** Typed-array output in the JSON shape of `runEpoch` (for comparisons and serialisation). */
export function fromEpochOutputArrays(o: EpochOutputArrays): EpochOutput {
  const strs = (v: BigUint64Array | BigInt64Array) => Array.from(v, String);
  return {
    active: Array.from(o.active, (b) => b === 1),
    validatorPermit: Array.from(o.validatorPermit, (b) => b === 1),
    consensus: Array.from(o.consensus),
    incentive: Array.from(o.incentive),
    dividends: Array.from(o.dividends),
    validatorTrust: Array.from(o.validatorTrust),
    stakeWeight: Array.from(o.stakeWeight),
    emission: strs(o.emission),
    serverEmission: strs(o.serverEmission),
    validatorEmission: strs(o.validatorEmission),
    bonds: fromSparseMatrix(o.bonds),
    fixed: {
      stake: strs(o.fixed.stake),
      activeStake: strs(o.fixed.activeStake),
      consensus: strs(o.fixed.consensus),
      incentive: strs(o.fixed.incentive),
      dividends: strs(o.fixed.dividends),
      validatorTrust: strs(o.fixed.validatorTrust),
    },
  };
}
