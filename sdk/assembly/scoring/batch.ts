// The scoring ABI's side of a module (docs/scoring-abi.md): the exports the host calls besides
// `score_batch`, the batch layout read into (challenge, response) views, and the loop that writes
// one u16 per item. A module re-exports `abi_version`, `reset` and `alloc` and writes
// `score_batch` as one call to `scoreBatch` with its own scoring function.
import { Bytes } from "./bytes";
import { forgetScratch, rewindScratch } from "./scratch";

/** The module's scoring function: one (challenge, response) pair → 0 (worthless) … 65535 (perfect). */
export type ScoreFn = (challenge: Bytes, response: Bytes) => u16;

/** The ABI version the library implements. */
export function abi_version(): i32 { return 1; }

/** Frees everything (the stub runtime's arena reset); the host calls it before each batch. */
export function reset(): void { __reset(); forgetScratch(); }

/** Allocates `size` bytes for the host to write into. */
export function alloc(size: i32): usize { return __alloc(<usize>size); }

/**
 * A batch in the ABI's layout: u32 count, then per item u32 length + challenge bytes and u32 length
 * + response bytes, little-endian, no padding. `read` returns null when the framing does not fit `len`.
 */
export class Batch {
  private items: Bytes[] = [];

  get count(): i32 { return this.items.length >> 1; }
  challenge(i: i32): Bytes { return this.items[i << 1]; }
  response(i: i32): Bytes { return this.items[(i << 1) + 1]; }

  static read(ptr: usize, len: i32): Batch | null {
    if (len < 4) return null;
    const end = ptr + <usize>len;
    const count = load<u32>(ptr);
    const batch = new Batch();
    let at = ptr + 4;
    for (let i: u32 = 0; i < count; i++) {
      for (let side = 0; side < 2; side++) {
        if (at + 4 > end) return null;
        const n = load<u32>(at);
        if (<u64>at + 4 + <u64>n > <u64>end) return null;
        batch.items.push(new Bytes(at + 4, <i32>n));
        at += 4 + <usize>n;
      }
    }
    return batch;
  }

  /** Scores every item in order (scratch memory rewound before each), u16 at `out`; returns the count. */
  scoreInto(out: usize, score: ScoreFn): i32 {
    const n = this.count;
    for (let i = 0; i < n; i++) {
      rewindScratch();
      store<u16>(out + (<usize>i << 1), score(this.challenge(i), this.response(i)));
    }
    return n;
  }
}

/** The whole of `score_batch`: reads the batch at `ptr`, scores it into `out`; -1 for a malformed batch. */
export function scoreBatch(ptr: usize, len: i32, out: usize, score: ScoreFn): i32 {
  const batch = Batch.read(ptr, len);
  return batch == null ? -1 : batch.scoreInto(out, score);
}
