// The storage kit's challenge and response as its scoring module reads them. All integers
// little-endian; the layouts are mirrored by src/encode.ts.
//
// challenge (100 bytes)
//   0 u8 mode       0 = check (65535 when the answer verifies, else 0), 1 = score
//   1 u8 op         0 = store (ack), 1 = prove (one chunk), 2 = retrieve (the whole blob)
//   4 [32] root     36 u32 size      40 u32 chunkSize   44 u32 index (prove)
//  48 [32] nonce   80 u32 trials    84 u32 successes   (the window before this answer)
//  88 u32 latencyBaseMs   92 u32 latencyPerMiBMs   96 u32 penalty (u16 units per failure in the window)
// response
//   0 u32 latencyMs   4 [32] answer (store: the root the miner computed; prove: H(chunk ‖ nonce))
//  36 u32 proofCount  40 [32 × proofCount] proof (leaf to root)   then u32 dataLength, data
import { Bytes, Reader } from "@tao-subnet/sdk/assembly/scoring";

export const OP_STORE: u8 = 0;
export const OP_PROVE: u8 = 1;
export const OP_RETRIEVE: u8 = 2;
/** The most sibling hashes a proof may carry (a tree of 2^64 leaves). */
export const MAX_PROOF: u32 = 64;

export class StorageChallenge {
  /** Check mode: the module only says whether the answer verifies (65535 or 0). */
  checkOnly: bool = false;
  op: u8 = 0;
  root: Bytes = new Bytes(0, 0);
  size: u32 = 0;
  chunkSize: u32 = 0;
  index: u32 = 0;
  nonce: Bytes = new Bytes(0, 0);
  /** The outcome window before this answer. */
  trials: u32 = 0;
  successes: u32 = 0;
  latencyBaseMs: u32 = 0;
  latencyPerMiBMs: u32 = 0;
  /** u16 units taken off per failure in the window. */
  penalty: u32 = 0;

  /** Null unless exactly 100 bytes. */
  static decode(bytes: Bytes): StorageChallenge | null {
    const r = new Reader(bytes);
    const c = new StorageChallenge();
    c.checkOnly = r.u8() == 0;
    c.op = r.u8();
    r.skip(2);
    c.root = r.bytesOf(32);
    c.size = r.u32();
    c.chunkSize = r.u32();
    c.index = r.u32();
    c.nonce = r.bytesOf(32);
    c.trials = r.u32();
    c.successes = r.u32();
    c.latencyBaseMs = r.u32();
    c.latencyPerMiBMs = r.u32();
    c.penalty = r.u32();
    return r.done ? c : null;
  }

  /** The number of chunks of the blob. */
  get chunks(): u64 { return (<u64>this.size + this.chunkSize - 1) / this.chunkSize; }
}

export class StorageResponse {
  latencyMs: u32 = 0;
  answer: Bytes = new Bytes(0, 0);
  proofCount: u32 = 0;
  /** `proofCount` sibling hashes of 32 bytes, leaf to root. */
  proof: Bytes = new Bytes(0, 0);
  data: Bytes = new Bytes(0, 0);

  /** Null for a length that does not match its counts, or a proof longer than 64 hashes. */
  static decode(bytes: Bytes): StorageResponse | null {
    const r = new Reader(bytes);
    const a = new StorageResponse();
    a.latencyMs = r.u32();
    a.answer = r.bytesOf(32);
    a.proofCount = r.u32();
    if (a.proofCount > MAX_PROOF) return null;
    a.proof = r.bytesOf(<i32>a.proofCount << 5);
    const dataLength = r.u32();
    if (<i64>dataLength > <i64>r.remaining) return null;
    a.data = r.bytesOf(<i32>dataLength);
    return r.done ? a : null;
  }
}
