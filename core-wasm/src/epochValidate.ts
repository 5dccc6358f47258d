/**
 * Validation of an epoch's input before it crosses into WASM, for both shapes (EpochInput and
 * EpochInputArrays): every bad value becomes an EpochInputError naming its path and what was
 * expected, so the core never sees (and never traps on) malformed input. The JSON input is
 * converted to typed arrays in the same pass (`toEpochInputArrays`).
 */

import { EPOCH_NO_COMMIT } from "./epochLayout.js";
import type { EpochInput, EpochInputArrays, EpochSparseMatrix } from "./epochTypes.js";
import { EpochInputError } from "./errors.js";
import { showValue } from "./showValue.js";

const U64_MAX = (1n << 64n) - 1n;
const fail = (path: string, message: string): never => {
  throw new EpochInputError(path, message);
};
const show = showValue;

function int(path: string, v: unknown, max: number, what: string): number {
  if (v === undefined) fail(path, `missing; expected ${what}`);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) fail(path, `expected ${what}, got ${show(v)}`);
  return v as number;
}
const u16 = (path: string, v: unknown) => int(path, v, 65535, "an integer 0..65535 (u16)");
const block = (path: string, v: unknown) => int(path, v, Number.MAX_SAFE_INTEGER, "a non-negative integer block number");

/** A u64 as a decimal string or a safe integer (and, in typed-array inputs, a bigint). */
function u64(path: string, v: unknown, bigints = false, what = "a non-negative integer as a decimal string (u64)"): bigint {
  if (v === undefined) fail(path, `missing; expected ${what}`);
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (bigints && typeof v === "bigint") {
    if (v < 0n || v > U64_MAX) fail(path, `expected 0 ≤ value ≤ 2^64−1 (u64), got ${v}n`);
    return v;
  }
  if (typeof v === "string" && v.length > 20)
    fail(path, `expected at most 2^64−1 (u64, at most 20 digits), got a string of ${v.length} characters: ${show(v)}`);
  if (typeof v !== "string" || !/^\d+$/.test(v)) fail(path, `expected ${what}, got ${show(v)}`);
  const b = BigInt(v as string);
  if (b > U64_MAX) fail(path, `expected at most 2^64−1 (u64), got ${v as string}`);
  return b;
}

function bool(path: string, v: unknown): boolean {
  if (typeof v !== "boolean") fail(path, `${v === undefined ? "missing; " : ""}expected true or false, got ${show(v)}`);
  return v as boolean;
}

function array(path: string, v: unknown, n: number): unknown[] {
  if (!Array.isArray(v)) fail(path, `${v === undefined ? "missing; " : ""}expected an array of length n = ${n}`);
  if ((v as unknown[]).length !== n) fail(path, `expected an array of length n = ${n}, got length ${(v as unknown[]).length}`);
  return v as unknown[];
}

/**
 * Checks a matrix of `[uid, u16]` rows; with `convert`, copies its entries into compressed rows in
 * the same pass.
 */
function rows(path: string, v: unknown, n: number, convert: boolean): EpochSparseMatrix | null {
  const out = array(path, v, n);
  let m: EpochSparseMatrix | null = null;
  if (convert) {
    let nnz = 0;
    let fits = true;
    for (let i = 0; i < n; i++) {
      const row = out[i];
      if (Array.isArray(row)) nnz += row.length;
      // a row longer than n repeats a uid or holds a bad one: the checks below throw, allocate nothing
      if (Array.isArray(row) && row.length > n) fits = false;
    }
    if (fits) m = { rowPtr: new Uint32Array(n + 1), cols: new Uint16Array(nnz), values: new Uint16Array(nnz) };
  }
  // seen[uid] === row + 1 marks a uid already used in this row (no per-row Set allocation)
  const seen = new Int32Array(n);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const row = out[i];
    if (!Array.isArray(row)) fail(`${path}[${i}]`, `expected a row: an array of [uid, u16] pairs, got ${show(row)}`);
    const r = row as unknown[];
    // the hot loop of validation (one pass per entry): the JSON path is built only on failure
    for (let k = 0; k < r.length; k++) {
      const pair = r[k];
      if (!Array.isArray(pair) || pair.length !== 2) fail(`${path}[${i}][${k}]`, `expected a pair [uid, u16], got ${show(pair)}`);
      const uid = (pair as unknown[])[0];
      const value = (pair as unknown[])[1];
      // (x >>> 0) === x: an integer 0..2^32−1 (so also not NaN, not fractional, not a string)
      if (typeof uid !== "number" || uid >>> 0 !== uid || uid >= n) fail(`${path}[${i}][${k}][0]`, `expected a uid 0..${n - 1} (uid < n), got ${show(uid)}`);
      if (seen[uid as number] === i + 1) fail(`${path}[${i}][${k}][0]`, `duplicate uid ${uid as number} in row ${i}; each uid may appear once per row`);
      seen[uid as number] = i + 1;
      if (typeof value !== "number" || value >>> 0 !== value || value > 65535) u16(`${path}[${i}][${k}][1]`, value);
      if (m !== null) {
        m.cols[q] = uid as number;
        m.values[q] = value as number;
        q++;
      }
    }
    if (m !== null) m.rowPtr[i + 1] = q;
  }
  return m;
}

/** The checks of `validateEpochInput`; with `convert`, the typed arrays built in the same pass. */
function checkEpochInput(input: unknown, convert: boolean): EpochInputArrays | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) fail("$", `expected an EpochInput object, got ${show(input)}`);
  const x = input as Record<string, unknown>;
  if (x.n === undefined) fail("n", "missing; expected the number of uids, 1..65535");
  const n = int("n", x.n, 65535, "the number of uids, an integer 1..65535");
  if (n === 0) fail("n", "expected the number of uids, an integer 1..65535, got 0");
  // without `convert` these are empty, and the stores below do nothing
  const stake = new BigUint64Array(convert ? n : 0);
  const lastUpdate = new Float64Array(convert ? n : 0);
  const blockAtRegistration = new Float64Array(convert ? n : 0);
  const validatorPermit = new Uint8Array(convert ? n : 0);
  // indexed loops, not forEach: a hole is a missing value, not a skipped one
  const vs = array("stake", x.stake, n);
  for (let i = 0; i < n; i++) stake[i] = u64(`stake[${i}]`, vs[i]);
  const lu = array("lastUpdate", x.lastUpdate, n);
  for (let i = 0; i < n; i++) lastUpdate[i] = block(`lastUpdate[${i}]`, lu[i]);
  const br = array("blockAtRegistration", x.blockAtRegistration, n);
  for (let i = 0; i < n; i++) blockAtRegistration[i] = block(`blockAtRegistration[${i}]`, br[i]);
  const vp = array("validatorPermit", x.validatorPermit, n);
  for (let i = 0; i < n; i++) validatorPermit[i] = bool(`validatorPermit[${i}]`, vp[i]) ? 1 : 0;
  const weights = rows("weights", x.weights, n, convert);
  const bonds = rows("bonds", x.bonds, n, convert);
  let commitBlock: BigUint64Array | undefined;
  if (x.commitBlock !== undefined) {
    const cb = array("commitBlock", x.commitBlock, n);
    commitBlock = new BigUint64Array(convert ? n : 0);
    for (let i = 0; i < n; i++) {
      const v = cb[i];
      // null: no commit that has not expired (a hole is a missing value, not a null)
      const b = v === null ? EPOCH_NO_COMMIT : u64(`commitBlock[${i}]`, v, false, "a block number as a decimal string (u64), or null for no commit");
      if (convert) commitBlock[i] = b;
    }
  }
  validateEpochHyperparameters(x, n);
  if (!convert) return null;
  const { commitBlock: _json, ...rest } = x as unknown as EpochInput;
  return {
    ...rest,
    stake,
    lastUpdate,
    blockAtRegistration,
    validatorPermit,
    weights: weights!,
    bonds: bonds!,
    ...(commitBlock !== undefined && { commitBlock }),
  };
}

/** Checks an EpochInput; throws the first problem as an EpochInputError. */
export function validateEpochInput(input: unknown): EpochInput {
  checkEpochInput(input, false);
  return input as EpochInput;
}

/**
 * An EpochInput as typed arrays, checked and converted in one pass (the JSON API's first step);
 * throws the first problem as an EpochInputError, as `validateEpochInput` does.
 */
export function toEpochInputArrays(input: EpochInput): EpochInputArrays {
  return checkEpochInput(input, true)!;
}

/** Checks the scalar fields of an epoch input (shared by the JSON and, with `typed`, the typed-array inputs). */
export function validateEpochHyperparameters(x: Record<string, unknown>, n: number, typed = false): void {
  for (const k of ["currentBlock", "tempo", "activityCutoff", "lastMechanismStepBlock"]) block(k, x[k]);
  for (const k of ["kappa", "bondsPenalty", "maxAllowedValidators"]) u16(k, x[k]);
  for (const k of ["bondsMovingAverage", "raoEmission", "stakeThreshold"]) u64(k, x[k], typed);
  bool("yuma3", x.yuma3);
  if (bool("liquidAlpha", x.liquidAlpha) || x.alphaLow !== undefined || x.alphaHigh !== undefined) {
    const lo = u16("alphaLow", x.alphaLow);
    const hi = u16("alphaHigh", x.alphaHigh);
    if (lo > hi) fail("alphaLow", `expected alphaLow ≤ alphaHigh, got ${lo} > ${hi}`);
    const st = x.alphaSigmoidSteepness;
    if (typeof st !== "number" || !Number.isInteger(st) || st < -32768 || st > 32767)
      fail("alphaSigmoidSteepness", `${st === undefined ? "missing; " : ""}expected an integer −32768..32767 (i16), got ${show(st)}`);
  }
  if (!("ownerUid" in x)) fail("ownerUid", "missing; expected the subnet owner's uid or null");
  if (x.ownerUid !== null) int("ownerUid", x.ownerUid, n - 1, `a uid 0..${n - 1} or null`);
  if (x.commitRevealEnabled !== undefined) bool("commitRevealEnabled", x.commitRevealEnabled);
}

function checkMatrix(name: string, m: unknown, n: number): number {
  if (typeof m !== "object" || m === null) fail(name, "expected a sparse matrix { rowPtr: Uint32Array, cols: Uint16Array, values: Uint16Array }");
  const { rowPtr, cols, values } = m as EpochSparseMatrix;
  if (!(rowPtr instanceof Uint32Array) || rowPtr.length !== n + 1) fail(`${name}.rowPtr`, `expected a Uint32Array of length n + 1 = ${n + 1}`);
  if (!(cols instanceof Uint16Array)) fail(`${name}.cols`, "expected a Uint16Array of uids");
  if (!(values instanceof Uint16Array)) fail(`${name}.values`, "expected a Uint16Array of u16 values");
  if (rowPtr[0] !== 0) fail(`${name}.rowPtr[0]`, `expected 0, got ${rowPtr[0]}`);
  const nnz = rowPtr[n]!;
  if (cols.length !== nnz || values.length !== nnz)
    fail(`${name}.cols`, `expected cols and values of length rowPtr[n] = ${nnz}, got ${cols.length} and ${values.length}`);
  for (let i = 0; i < n; i++)
    if (rowPtr[i + 1]! < rowPtr[i]!) fail(`${name}.rowPtr[${i + 1}]`, `expected offsets that never decrease, got ${rowPtr[i + 1]} after ${rowPtr[i]}`);
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
  if (x.commitBlock !== undefined) {
    if (!(x.commitBlock instanceof BigUint64Array)) fail("commitBlock", "expected a BigUint64Array of block numbers (2^64 − 1 for no commit)");
    checkVector("commitBlock", x.commitBlock, n, "a BigUint64Array");
  }
  validateEpochHyperparameters(x as unknown as Record<string, unknown>, n, true);
  return x;
}
