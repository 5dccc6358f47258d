// Copied from @tao-subnet/kit-storage (assembly/merkle.ts): a verification primitive of your scoring module; keep it as it is.
// Merkle trees of RFC 9162 (Certificate Transparency v2) with SHA-256: leaves H(0x00 ‖ chunk),
// nodes H(0x01 ‖ left ‖ right), the left subtree of n leaves the largest power of two below n
// (equivalently: pair bottom-up, carry an odd last node up unchanged).
// see: RFC 9162 §2.1.1 (Merkle tree hash) and §2.1.3.2 (verifying an inclusion proof)
import { sha256, shaFinal, shaInit, shaUpdate } from "./sha256";

const PREFIX: usize = memory.data(1); // static, survives `reset`

/** H(0x00 ‖ chunk) at `out`. */
export function leafHash(p: usize, len: usize, out: usize): void {
  shaInit();
  store<u8>(PREFIX, 0x00);
  shaUpdate(PREFIX, 1);
  shaUpdate(p, len);
  shaFinal(out);
}

/** H(0x01 ‖ left ‖ right) at `out` (32-byte left and right; `out` may alias either). */
export function nodeHash(left: usize, right: usize, out: usize): void {
  shaInit();
  store<u8>(PREFIX, 0x01);
  shaUpdate(PREFIX, 1);
  shaUpdate(left, 32);
  shaUpdate(right, 32);
  shaFinal(out);
}

/**
 * Checks an inclusion proof: `leaf` (32 bytes) at `index` of a tree of `size` leaves, `count`
 * sibling hashes at `path` (leaf to root), against `root`. False on any mismatch, including a path
 * that is too short or too long for (index, size).
 */
export function verifyInclusion(root: usize, index: u32, size: u32, leaf: usize, path: usize, count: u32, scratch: usize): bool {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  memory.copy(scratch, leaf, 32);
  for (let i: u32 = 0; i < count; i++) {
    if (sn == 0) return false;
    const p = path + (<usize>i << 5);
    if ((fn & 1) == 1 || fn == sn) {
      nodeHash(p, scratch, scratch);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
      }
    } else {
      nodeHash(scratch, p, scratch);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && memory.compare(scratch, root, 32) == 0;
}

/** The number of sibling hashes an inclusion proof of `index` in a tree of `size` leaves has. */
export function proofLength(index: u32, size: u32): u32 {
  if (index >= size) return 0;
  let fn = index;
  let sn = size - 1;
  let n: u32 = 0;
  while (sn != 0) {
    n++;
    if ((fn & 1) == 0 && fn == sn) {
      while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
    }
    fn >>= 1;
    sn >>= 1;
  }
  return n;
}

/**
 * The Merkle root of `len` bytes cut into chunks of `chunkSize` (the last one shorter), at `out`.
 * `scratch` must hold 32 × ceil(len / chunkSize) bytes. `len` must be at least 1.
 */
export function merkleRoot(p: usize, len: usize, chunkSize: usize, out: usize, scratch: usize): void {
  let n = (len + chunkSize - 1) / chunkSize;
  for (let i: usize = 0; i < n; i++) {
    const at = i * chunkSize;
    leafHash(p + at, min(chunkSize, len - at), scratch + (i << 5));
  }
  while (n > 1) {
    const half = n >> 1;
    for (let i: usize = 0; i < half; i++) nodeHash(scratch + (i << 6), scratch + (i << 6) + 32, scratch + (i << 5));
    if ((n & 1) == 1) memory.copy(scratch + (half << 5), scratch + ((n - 1) << 5), 32);
    n = half + (n & 1);
  }
  memory.copy(out, scratch, 32);
}

export { sha256 };
