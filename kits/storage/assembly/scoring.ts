// The storage kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md), built on the
// sdk's scoring library. It checks a miner's answer against what the validator kept (a blob's
// Merkle root, size, chunk size; layouts in ./decode, checks in ./verify) and scores it:
//   score = max(0, W · L − penalty · failures), 0 when the answer does not verify, where
//   W = Wilson lower bound of (successes + 1) / (trials + 1)   (this answer counted, ./wilson),
//   L = 1 up to the latency budget (base + perMiB · bytes / MiB), falling linearly to 1/2 at 3×,
//   failures = trials − successes.
// In check mode the module answers 65535 when the answer verifies, else 0.
// A generated storage project starts from the same rule, spelled out in its own module.
import { Bytes, latencyFactor, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
import { StorageChallenge, StorageResponse } from "./decode";
import { merkleRoot } from "./merkle";
import { sha256 } from "./sha256";
import { bytesMoved, verifies } from "./verify";
import { wilsonLowerU16 } from "./wilson";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

function score(challenge: Bytes, response: Bytes): u16 {
  const c = StorageChallenge.decode(challenge);
  if (c == null) return 0;
  const r = StorageResponse.decode(response);
  const ok = r != null && verifies(c, r);
  if (c.checkOnly || !ok) return ok ? 65535 : 0;
  const n = c.trials + 1;
  const s = min(c.successes, c.trials) + 1;
  const budget = <i64>c.latencyBaseMs + ((<i64>c.latencyPerMiBMs * <i64>bytesMoved(c, r!)) >> 20);
  const raw = (<i64>wilsonLowerU16(s, n) * latencyFactor(r!.latencyMs, budget)) >> 16;
  const penalty = <i64>c.penalty * <i64>(n - s);
  return raw > penalty ? <u16>(raw - penalty) : 0;
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
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
