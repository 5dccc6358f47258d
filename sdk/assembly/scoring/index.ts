// @tao-subnet/sdk's AssemblyScript scoring library: what every scoring module needs besides its
// policy. A module imports it as "@tao-subnet/sdk/assembly/scoring" (asc resolves the package in
// node_modules), re-exports `abi_version`, `reset` and `alloc`, and writes
//   export function score_batch(ptr: usize, len: i32, out: usize): i32 { return scoreBatch(ptr, len, out, score); }
// with its own `score(challenge: Bytes, response: Bytes): u16`. See docs/scoring-abi.md.
export { abi_version, alloc, reset, Batch, scoreBatch, ScoreFn } from "./batch";
export { Bytes, Reader } from "./bytes";
export { JsonObject } from "./json";
export { applyFactor, FACTOR_ONE, latencyFactor } from "./latency";
export { reserveScratch, rewindScratch, scratch } from "./scratch";
