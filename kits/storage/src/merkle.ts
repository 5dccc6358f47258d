/**
 * Merkle trees over a blob's chunks, RFC 9162 style with SHA-256 (node:crypto): leaves
 * H(0x00 ‖ chunk), nodes H(0x01 ‖ left ‖ right), an odd last node carried up unchanged (the same
 * tree as RFC 9162's "largest power of two below n" split). Miners and uploaders use this side;
 * validators check proofs in the WASM scoring module (`assembly/merkle.ts`), which computes the
 * same roots bit for bit (tested).
 */
// see: RFC 9162 §2.1.1, §2.1.3 (inclusion proofs and their verification)
import { createHash } from "node:crypto";
import { StorageError, StorageErrorCode } from "./errors.js";

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** H(0x00 ‖ chunk). */
export function leafHash(chunk: Uint8Array): Buffer {
  return createHash("sha256").update(LEAF).update(chunk).digest();
}

/** H(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash("sha256").update(NODE).update(left).update(right).digest();
}

/** H(chunk ‖ nonce): the answer that binds a chunk to a challenge's fresh nonce. */
export function challengeAnswer(chunk: Uint8Array, nonce: Uint8Array): Buffer {
  return createHash("sha256").update(chunk).update(nonce).digest();
}

/** Number of chunks of a blob. */
export const chunkCount = (size: number, chunkSize: number): number => Math.ceil(size / chunkSize);

/** The chunk `index` of `data` (a view, not a copy). */
export function chunkOf(data: Uint8Array, index: number, chunkSize: number): Uint8Array {
  return data.subarray(index * chunkSize, Math.min(data.length, (index + 1) * chunkSize));
}

/** Leaf hashes of every chunk of `data`. */
export function leafHashes(data: Uint8Array, chunkSize: number): Buffer[] {
  const n = chunkCount(data.length, chunkSize);
  return Array.from({ length: n }, (_, i) => leafHash(chunkOf(data, i, chunkSize)));
}

/** Every level of the tree, leaves first, root last (`levels.at(-1)[0]`). */
export function treeLevels(leaves: Buffer[]): Buffer[][] {
  if (leaves.length === 0) throw new StorageError(StorageErrorCode.BLOB_SIZE, "data", "a Merkle tree needs at least one chunk");
  const levels = [leaves];
  let cur = leaves;
  while (cur.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < cur.length; i += 2) next.push(nodeHash(cur[i]!, cur[i + 1]!));
    if (cur.length % 2 === 1) next.push(cur[cur.length - 1]!);
    levels.push(next);
    cur = next;
  }
  return levels;
}

/** The Merkle root of `data` cut into `chunkSize` chunks. */
export function merkleRoot(data: Uint8Array, chunkSize: number): Buffer {
  return treeLevels(leafHashes(data, chunkSize)).at(-1)![0]!;
}

/** The inclusion proof (sibling hashes, leaf to root) of leaf `index`. */
export function inclusionProof(levels: Buffer[][], index: number): Buffer[] {
  const proof: Buffer[] = [];
  let i = index;
  for (let l = 0; l < levels.length - 1; l++) {
    const level = levels[l]!;
    const sib = i ^ 1;
    if (sib < level.length) proof.push(level[sib]!);
    i >>= 1;
  }
  return proof;
}

/** How many sibling hashes the proof of `index` in a tree of `size` leaves has (RFC 9162 §2.1.3.2). */
export function proofLength(index: number, size: number): number {
  let fn = index;
  let sn = size - 1;
  let n = 0;
  while (sn !== 0) {
    n++;
    if ((fn & 1) === 0 && fn === sn)
      while ((fn & 1) === 0 && fn !== 0) {
        fn >>>= 1;
        sn >>>= 1;
      }
    fn >>>= 1;
    sn >>>= 1;
  }
  return n;
}

/** RFC 9162 §2.1.3.2: does `leaf` at `index` of `size` leaves lead to `root` along `proof`? */
export function verifyInclusion(root: Uint8Array, index: number, size: number, leaf: Uint8Array, proof: Uint8Array[]): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1) === 0)
        while ((fn & 1) === 0 && fn !== 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
    } else r = nodeHash(r, p);
    fn >>>= 1;
    sn >>>= 1;
  }
  return sn === 0 && Buffer.compare(Buffer.from(r), Buffer.from(root)) === 0;
}
