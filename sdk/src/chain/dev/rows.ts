/**
 * The devnet's weight and bond rows as typed arrays: one row per uid, its uids and u16 values in
 * the order they were stored. An epoch concatenates the rows into compressed rows (the core's
 * `EpochSparseMatrix`), and the epoch's bonds come back as compressed rows whose rows become views
 * of them (no copy). `[uid, value]` pairs only at the edges: the state file and the full metagraph.
 */
import type { EpochSparseMatrix, SparseRow } from "@tao-subnet/core";

/** One uid's row: `cols[k]` is a uid, `values[k]` its u16 value. Never changed in place (replaced whole). */
export interface Row {
  cols: Uint16Array;
  values: Uint16Array;
}

/** The empty row (shared: rows are never changed in place). */
export const EMPTY_ROW: Row = Object.freeze({ cols: new Uint16Array(0), values: new Uint16Array(0) });

/** The rows as one compressed matrix (copies: the core may keep it after the rows change). */
export function rowsToMatrix(rows: readonly Row[]): EpochSparseMatrix {
  const n = rows.length;
  const rowPtr = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + rows[i]!.cols.length;
  const cols = new Uint16Array(rowPtr[n]!);
  const values = new Uint16Array(rowPtr[n]!);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.cols.length === 0) continue;
    cols.set(r.cols, rowPtr[i]!);
    values.set(r.values, rowPtr[i]!);
  }
  return { rowPtr, cols, values };
}

/** A compressed matrix as rows: views of its arrays, which the rows then share. */
export function matrixToRows(m: EpochSparseMatrix): Row[] {
  const n = m.rowPtr.length - 1;
  const rows = new Array<Row>(n);
  for (let i = 0; i < n; i++) {
    const a = m.rowPtr[i]!;
    const b = m.rowPtr[i + 1]!;
    rows[i] = a === b ? EMPTY_ROW : { cols: m.cols.subarray(a, b), values: m.values.subarray(a, b) };
  }
  return rows;
}

/** A row as `[uid, value]` pairs (the JSON shape). */
export function rowToPairs(r: Row): SparseRow {
  const out: SparseRow = new Array(r.cols.length);
  for (let k = 0; k < out.length; k++) out[k] = [r.cols[k]!, r.values[k]!];
  return out;
}

/** `[uid, value]` pairs as a row. */
export function rowFromPairs(pairs: SparseRow): Row {
  if (pairs.length === 0) return EMPTY_ROW;
  return { cols: Uint16Array.from(pairs, (p) => p[0]), values: Uint16Array.from(pairs, (p) => p[1]) };
}
