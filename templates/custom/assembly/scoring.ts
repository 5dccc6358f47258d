// YOUR SCORING MODULE (the stub to fill in): the rule every validator of your subnet runs on every
// answer. `npm run build` compiles it to build/scoring.wasm; validators run that in a sandbox and
// pin it by sha256 (publish the hash with `npm run register`), so every validator computes the same
// score. The host calls `score_batch` with (challenge, response) byte pairs and reads back one u16
// per pair (0 = worthless, 65535 = perfect); the sdk's scoring library runs that loop and hands
// each pair to `score` below. Here the challenge bytes are the expected answer's JSON and the
// response bytes the miner's answer JSON (see `encode` in src/kit.ts). Replace `score` with your
// commodity's quality measure (the library reads JSON fields: `new JsonObject(bytes).int("key")`);
// keep it deterministic (no clock, no randomness: the host refuses modules that import anything).
// `npm run build` compiles it; `npm test` checks it.
import { Bytes, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";

export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";

/** One answer → 0 (worthless) … 65535 (perfect). */
function score(expected: Bytes, answer: Bytes): u16 {
  // full credit for the exact list; otherwise credit for how far it agrees from the start
  const agreeing = <u64>expected.commonPrefix(answer);
  const longer = <u64>max(expected.length, answer.length);
  return agreeing == longer ? 65535 : <u16>((agreeing * 65535) / longer);
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
