// A scoring module that exercises the sdk's AssemblyScript scoring library for its tests
// (sdk/src/scoring/library.spec.ts): its score is the size of a field read through the library,
// and a few exports call the library's readers directly.
import { Bytes, JsonObject, Reader, scoreBatch, scratch } from "../../assembly/scoring";

export { abi_version, alloc, reset } from "../../assembly/scoring";

/** The JSON string field "text" of the challenge, decoded into `out`; its byte length, or -1 when absent. */
export function json_text(p: usize, len: i32, out: usize): i32 {
  const s = new JsonObject(new Bytes(p, len)).string("text");
  if (s == null) return -1;
  memory.copy(out, s.ptr, <usize>s.length);
  return s.length;
}

/** The JSON integer field "n" (-1 when absent or not a non-negative integer). */
export function json_n(p: usize, len: i32): i64 {
  return new JsonObject(new Bytes(p, len)).int("n");
}

/**
 * Reads u8, u32, i32, 4 bytes, then u32 from `len` bytes; writes the five values at `out`
 * (u32 each; the 4 bytes as one u32) and returns ok | done << 1.
 */
export function read_layout(p: usize, len: i32, out: usize): i32 {
  const r = new Reader(new Bytes(p, len));
  store<u32>(out, r.u8());
  store<u32>(out + 4, r.u32());
  store<i32>(out + 8, r.i32());
  const b = r.bytesOf(4);
  store<u32>(out + 12, b.length == 4 ? load<u32>(b.ptr) : 0xffffffff);
  store<u32>(out + 16, r.u32());
  return (r.ok ? 1 : 0) | (r.done ? 2 : 0);
}

/** Each item: takes 1 MiB of scratch (memory that must be reused by the next item), fills it, and scores the response's length. */
function score(challenge: Bytes, response: Bytes): u16 {
  const p = scratch(1 << 20);
  memory.fill(p, 0xab, 1 << 20);
  return <u16>min(response.length, 65535);
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
