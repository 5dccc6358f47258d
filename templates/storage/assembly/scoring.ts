// Copied from @tao-subnet/kit-storage (assembly/scoring.ts): YOUR scoring module, the one your
// validators pin by sha256. `verifies` is what keeps the market honest (a chunk, its Merkle proof
// and H(chunk ‖ nonce) checked against the root the validator kept): keep it. `scoreOne` is your
// policy: how the success rate (a Wilson bound over the window), latency and failures combine.
// Change it, run `npm run build && npm test`, then `npm run simulate` to see who gets paid.
//
// The storage kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md). It checks a
// miner's answer against what the validator kept (a blob's Merkle root, size, chunk size) and
// scores it. All integers little-endian; the layouts are mirrored by kits/storage/src/encode.ts.
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
//
// score = max(0, W · L − penalty · failures), 0 when the answer does not verify, where
//   W = Wilson lower bound of (successes + 1) / (trials + 1)   (this answer counted),
//   L = 1 up to the latency budget (base + perMiB · bytes / MiB), falling linearly to 1/2 at 3×,
//   failures = trials − successes.
import { leafHash, merkleRoot, verifyInclusion } from "./merkle";
import { sha256, shaFinal, shaInit, shaUpdate } from "./sha256";
import { wilsonLowerU16 } from "./wilson";

const CHALLENGE_BYTES: u32 = 100;
const OP_STORE: u8 = 0;
const OP_PROVE: u8 = 1;
const OP_RETRIEVE: u8 = 2;

export function abi_version(): i32 { return 1; }
export function reset(): void { __reset(); }
export function alloc(size: i32): usize { return __alloc(<usize>size); }

/** Whether the response verifies against the challenge; `rLen` bounds every read. */
function verifies(c: usize, r: usize, rLen: u32): bool {
  if (rLen < 44) return false;
  const op = load<u8>(c + 1);
  const root = c + 4;
  const size = load<u32>(c + 36);
  const chunkSize = load<u32>(c + 40);
  if (size == 0 || chunkSize == 0) return false;
  const chunks = (<u64>size + chunkSize - 1) / chunkSize;
  const answer = r + 4;
  const proofCount = load<u32>(r + 36);
  if (<u64>proofCount > 64 || 40 + (<u64>proofCount << 5) + 4 > <u64>rLen) return false;
  const proof = r + 40;
  const dl = proof + (<usize>proofCount << 5);
  const dataLen = load<u32>(dl);
  if (<u64>40 + (<u64>proofCount << 5) + 4 + <u64>dataLen != <u64>rLen) return false;
  const data = dl + 4;
  const tmp = __alloc(64);
  if (op == OP_STORE) return memory.compare(answer, root, 32) == 0;
  if (op == OP_PROVE) {
    const index = load<u32>(c + 44);
    if (<u64>index >= chunks) return false;
    const start = <u64>index * chunkSize;
    const want = <u32>min(<u64>chunkSize, <u64>size - start);
    if (dataLen != want) return false;
    leafHash(data, dataLen, tmp);
    if (!verifyInclusion(root, index, <u32>chunks, tmp, proof, proofCount, tmp + 32)) return false;
    shaInit();
    shaUpdate(data, dataLen);
    shaUpdate(c + 48, 32);
    shaFinal(tmp);
    return memory.compare(tmp, answer, 32) == 0;
  }
  if (op == OP_RETRIEVE) {
    if (dataLen != size || proofCount != 0) return false;
    const scratch = __alloc(<usize>chunks << 5);
    merkleRoot(data, dataLen, chunkSize, tmp, scratch);
    return memory.compare(tmp, root, 32) == 0;
  }
  return false;
}

/** Latency factor in 1/65536: 1 up to the budget, linear to 1/2 at three times it. */
function latencyFactor(latencyMs: u32, bytes: u64, baseMs: u32, perMiBMs: u32): u64 {
  const budget: u64 = <u64>baseMs + ((<u64>perMiBMs * bytes) >> 20);
  if (budget == 0) return 65536;
  const l = <u64>latencyMs;
  if (l <= budget) return 65536;
  const over = min(l - budget, 2 * budget);
  return 65536 - (over * 32768) / (2 * budget);
}

function scoreOne(c: usize, cLen: u32, r: usize, rLen: u32): u16 {
  if (cLen != CHALLENGE_BYTES) return 0;
  const ok = verifies(c, r, rLen);
  if (load<u8>(c) == 0) return ok ? 65535 : 0;
  if (!ok) return 0;
  const trials = load<u32>(c + 80);
  const successes = min(load<u32>(c + 84), trials);
  const n = trials + 1;
  const s = successes + 1;
  const w = <u64>wilsonLowerU16(s, n);
  const op = load<u8>(c + 1);
  const bytes: u64 = op == OP_PROVE ? <u64>load<u32>(r + 40 + (<usize>load<u32>(r + 36) << 5)) : <u64>load<u32>(c + 36);
  const f = latencyFactor(load<u32>(r), bytes, load<u32>(c + 88), load<u32>(c + 92));
  const raw: u64 = (w * f) >> 16;
  const penalty: u64 = <u64>load<u32>(c + 96) * <u64>(n - s);
  return raw > penalty ? <u16>(raw - penalty) : 0;
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  const end = ptr + <usize>len;
  if (len < 4) return -1;
  const count = load<u32>(ptr);
  let at = ptr + 4;
  for (let i: u32 = 0; i < count; i++) {
    if (at + 4 > end) return -1;
    const cLen = load<u32>(at);
    const c = at + 4;
    at = c + cLen;
    if (at + 4 > end) return -1;
    const rLen = load<u32>(at);
    const r = at + 4;
    at = r + rLen;
    if (at > end) return -1;
    store<u16>(out + (<usize>i << 1), scoreOne(c, cLen, r, rLen));
  }
  return <i32>count;
}

// ---- helpers outside the scoring ABI (tests and benchmarks call them directly) ----

/** SHA-256 of `len` bytes at `p`, written at `out`. */
export function sha256_bytes(p: usize, len: i32, out: usize): void { sha256(p, <usize>len, out); }

/** The Merkle root of `len` bytes in chunks of `chunkSize`, written at `out`. */
export function merkle_root(p: usize, len: i32, chunkSize: i32, out: usize): void {
  const chunks = (<usize>len + <usize>chunkSize - 1) / <usize>chunkSize;
  merkleRoot(p, <usize>len, <usize>chunkSize, out, __alloc(chunks << 5));
}

/** The Wilson lower bound of s in n as a u16 (tests). */
export function wilson_u16(s: i32, n: i32): i32 { return <i32>wilsonLowerU16(<u32>s, <u32>n); }
