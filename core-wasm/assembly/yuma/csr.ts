// A sparse matrix in compressed-row form: the chain's `Vec<Vec<(u16, I32F32)>>`, with each row's
// entries kept in the chain's order (submission order for weights, ascending for computed rows).
export class Csr {
  /** True when every row's columns are known to be strictly ascending; false when unknown. */
  rowsAscending: bool = false;
  constructor(
    public n: i32,
    public rowPtr: StaticArray<i32>, // n + 1 offsets
    public cols: StaticArray<i32>,
    public vals: StaticArray<i64>, // I32F32 bits
  ) {}

  @inline rowStart(i: i32): i32 { return unchecked(this.rowPtr[i]); }
  @inline rowEnd(i: i32): i32 { return unchecked(this.rowPtr[i + 1]); }
  @inline col(k: i32): i32 { return unchecked(this.cols[k]); }
  @inline val(k: i32): i64 { return unchecked(this.vals[k]); }
  @inline nnz(): i32 { return unchecked(this.rowPtr[this.n]); }

  /** A copy (values may then be changed in place). */
  clone(): Csr {
    const c = new Csr(this.n, new StaticArray<i32>(this.n + 1), new StaticArray<i32>(this.nnz()), new StaticArray<i64>(this.nnz()));
    memory.copy(changetype<usize>(c.rowPtr), changetype<usize>(this.rowPtr), <usize>(this.n + 1) << 2);
    memory.copy(changetype<usize>(c.cols), changetype<usize>(this.cols), <usize>this.nnz() << 2);
    memory.copy(changetype<usize>(c.vals), changetype<usize>(this.vals), <usize>this.nnz() << 3);
    return c;
  }
}

/** A StaticArray<i64> whose contents are not zeroed (for arrays written before they are read). */
// @ts-ignore: decorator
@inline export function uninitI64(length: i32): StaticArray<i64> {
  return changetype<StaticArray<i64>>(__new(<usize>length << 3, idof<StaticArray<i64>>()));
}

/** A StaticArray<i32> whose contents are not zeroed (for arrays written before they are read). */
// @ts-ignore: decorator
@inline export function uninitI32(length: i32): StaticArray<i32> {
  return changetype<StaticArray<i32>>(__new(<usize>length << 2, idof<StaticArray<i32>>()));
}

/** Builds a Csr row by row; capacity grows as needed. */
export class CsrBuilder {
  rowPtr: StaticArray<i32>;
  cols: StaticArray<i32>;
  vals: StaticArray<i64>;
  len: i32 = 0;
  row: i32 = 0;

  constructor(public n: i32, capacity: i32) {
    // every slot up to `len` is written before it is read, so nothing needs zeroing
    const cap = capacity < 16 ? 16 : capacity;
    this.cols = uninitI32(cap);
    this.vals = uninitI64(cap);
    this.rowPtr = uninitI32(n + 1);
    unchecked((this.rowPtr[0] = 0));
  }

  @inline push(col: i32, val: i64): void {
    if (this.len == this.cols.length) this.grow();
    unchecked((this.cols[this.len] = col));
    unchecked((this.vals[this.len] = val));
    this.len++;
  }

  /** Makes room for `extra` more entries (so a caller may write cols/vals directly, then set len). */
  ensure(extra: i32): void {
    while (this.len + extra > this.cols.length) this.grow();
  }

  private grow(): void {
    {
      const cap = this.cols.length << 1;
      const cols = uninitI32(cap);
      const vals = uninitI64(cap);
      memory.copy(changetype<usize>(cols), changetype<usize>(this.cols), <usize>this.len << 2);
      memory.copy(changetype<usize>(vals), changetype<usize>(this.vals), <usize>this.len << 3);
      this.cols = cols;
      this.vals = vals;
    }
  }

  /** Closes the current row. */
  endRow(): void {
    this.row++;
    unchecked((this.rowPtr[this.row] = this.len));
  }

  finish(): Csr {
    while (this.row < this.n) this.endRow();
    // filled to capacity (the usual case when the capacity was exact): hand the arrays over
    if (this.len == this.cols.length) return new Csr(this.n, this.rowPtr, this.cols, this.vals);
    const cols = uninitI32(this.len);
    const vals = uninitI64(this.len);
    memory.copy(changetype<usize>(cols), changetype<usize>(this.cols), <usize>this.len << 2);
    memory.copy(changetype<usize>(vals), changetype<usize>(this.vals), <usize>this.len << 3);
    return new Csr(this.n, this.rowPtr, cols, vals);
  }
}

/** Sorts the first `len` entries of `idx` ascending (insertion sort for short runs, else heap sort). */
export function sortAscending(idx: StaticArray<i32>, len: i32): void {
  if (len < 32) {
    for (let i = 1; i < len; i++) {
      const v = unchecked(idx[i]);
      let j = i - 1;
      while (j >= 0 && unchecked(idx[j]) > v) {
        unchecked((idx[j + 1] = idx[j]));
        j--;
      }
      unchecked((idx[j + 1] = v));
    }
    return;
  }
  // heap sort: O(len log len), no allocation
  for (let start = (len >> 1) - 1; start >= 0; start--) siftDown(idx, start, len);
  for (let end = len - 1; end > 0; end--) {
    const t = unchecked(idx[0]);
    unchecked((idx[0] = idx[end]));
    unchecked((idx[end] = t));
    siftDown(idx, 0, end);
  }
}

function siftDown(a: StaticArray<i32>, start: i32, end: i32): void {
  let root = start;
  while (true) {
    let child = (root << 1) + 1;
    if (child >= end) return;
    if (child + 1 < end && unchecked(a[child]) < unchecked(a[child + 1])) child++;
    if (unchecked(a[root]) >= unchecked(a[child])) return;
    const t = unchecked(a[root]);
    unchecked((a[root] = a[child]));
    unchecked((a[child] = t));
    root = child;
  }
}
