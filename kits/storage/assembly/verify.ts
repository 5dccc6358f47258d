// Whether a storage answer proves possession: a store ack must name the blob's root; a proof must
// carry the asked chunk (right length), a valid RFC 9162 inclusion proof to the root, and
// H(chunk ‖ nonce); a retrieval must carry the whole blob, whose Merkle root is the root.
import { scratch } from "@tao-subnet/sdk/assembly/scoring";
import { StorageChallenge, StorageResponse, OP_PROVE, OP_RETRIEVE, OP_STORE } from "./decode";
import { leafHash, merkleRoot, verifyInclusion } from "./merkle";
import { shaFinal, shaInit, shaUpdate } from "./sha256";

/** Whether `r` answers `c` correctly. */
export function verifies(c: StorageChallenge, r: StorageResponse): bool {
  if (c.size == 0 || c.chunkSize == 0) return false;
  const chunks = c.chunks;
  const data = r.data;
  const tmp = scratch(64);
  if (c.op == OP_STORE) return r.answer.equals(c.root);
  if (c.op == OP_PROVE) {
    if (<u64>c.index >= chunks) return false;
    const start = <u64>c.index * c.chunkSize;
    const want = <u32>min(<u64>c.chunkSize, <u64>c.size - start);
    if (<u32>data.length != want) return false;
    leafHash(data.ptr, <usize>data.length, tmp);
    if (!verifyInclusion(c.root.ptr, c.index, <u32>chunks, tmp, r.proof.ptr, r.proofCount, tmp + 32)) return false;
    shaInit();
    shaUpdate(data.ptr, <usize>data.length);
    shaUpdate(c.nonce.ptr, 32);
    shaFinal(tmp);
    return memory.compare(tmp, r.answer.ptr, 32) == 0;
  }
  if (c.op == OP_RETRIEVE) {
    if (<u32>data.length != c.size || r.proofCount != 0) return false;
    merkleRoot(data.ptr, <usize>data.length, c.chunkSize, tmp, scratch(<usize>chunks << 5));
    return memory.compare(tmp, c.root.ptr, 32) == 0;
  }
  return false;
}

/** Bytes the answer moved, for the latency budget: the chunk for a proof, else the blob. */
export function bytesMoved(c: StorageChallenge, r: StorageResponse): u64 {
  return c.op == OP_PROVE ? <u64>r.data.length : <u64>c.size;
}
