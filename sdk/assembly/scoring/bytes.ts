// Byte views for scoring modules: a challenge, a response or a field decoded from one, as
// (pointer, length) over linear memory, and a bounds-checked little-endian reader for packed
// binary layouts. A read past the end never traps: the reader reports it (`ok`), so a malformed
// answer scores 0 instead of aborting the batch.

/** `length` bytes of linear memory at `ptr`. */
export class Bytes {
  constructor(public readonly ptr: usize, public readonly length: i32) {}

  /** The byte at `i` (0 ≤ i < length). */
  @inline at(i: i32): u8 { return load<u8>(this.ptr + <usize>i); }

  /** The little-endian u32 at `offset`, or 0 when it does not fit. */
  u32At(offset: i32): u32 {
    return offset >= 0 && offset + 4 <= this.length ? load<u32>(this.ptr + <usize>offset) : 0;
  }

  /** Whether both hold the same bytes. */
  equals(other: Bytes): bool {
    return this.length == other.length && memory.compare(this.ptr, other.ptr, <usize>this.length) == 0;
  }

  /** How many leading bytes `this` and `other` share. */
  commonPrefix(other: Bytes): i32 {
    const n = min(this.length, other.length);
    let same = 0;
    while (same < n && this.at(same) == other.at(same)) same++;
    return same;
  }
}

/** Reads a packed little-endian layout front to back; every read is checked against the end. */
export class Reader {
  private offset: i32 = 0;
  /** False once a read went past the end (that read and every later one return 0 or empty bytes). */
  ok: bool = true;

  constructor(public readonly bytes: Bytes) {}

  /** True when every read fitted and nothing is left over: the layout had exactly this length. */
  get done(): bool { return this.ok && this.offset == this.bytes.length; }

  /** Bytes not read yet. */
  get remaining(): i32 { return this.bytes.length - this.offset; }

  /** Where the next `n` bytes start, or 0 (and `ok` false) when they do not fit. */
  private advance(n: i32): usize {
    if (!this.ok || n < 0 || n > this.bytes.length - this.offset) { this.ok = false; return 0; }
    const p = this.bytes.ptr + <usize>this.offset;
    this.offset += n;
    return p;
  }

  u8(): u8 { const p = this.advance(1); return p == 0 ? 0 : load<u8>(p); }
  u32(): u32 { const p = this.advance(4); return p == 0 ? 0 : load<u32>(p); }
  i32(): i32 { const p = this.advance(4); return p == 0 ? 0 : load<i32>(p); }
  skip(n: i32): void { this.advance(n); }

  /** The next `n` bytes as a view (empty when they do not fit). */
  bytesOf(n: i32): Bytes {
    const p = this.advance(n);
    return p == 0 ? new Bytes(0, 0) : new Bytes(p, n);
  }
}
