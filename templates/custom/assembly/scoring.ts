// YOUR SCORING MODULE (the stub to fill in). It implements the tao-subnet scoring ABI: the host
// calls `score_batch` with (challenge, response) byte pairs and reads back one u16 score per pair
// (0 = worthless, 65535 = perfect). Here the challenge bytes are the expected answer's JSON and the
// response bytes the miner's answer JSON (see `encode` in src/kit.ts), and the stub gives full
// credit for an exact match and partial credit for an agreeing prefix. Replace `score` with your
// commodity's quality measure; keep it deterministic (no clock, no randomness: the host refuses
// modules that import anything). `npm run build` compiles it; `npm test` checks it.

/** ABI version this module implements. */
export function abi_version(): i32 {
  return 1;
}

/** Frees everything (the stub runtime's arena reset); the host calls it before each batch. */
export function reset(): void {
  __reset();
}

/** Allocates `size` bytes for the host to write into. */
export function alloc(size: i32): usize {
  return __alloc(<usize>size);
}

function score(c: usize, cLen: u32, r: usize, rLen: u32): u16 {
  if (cLen == 0) return rLen == 0 ? 65535 : 0;
  let same: u32 = 0;
  const n = min(cLen, rLen);
  while (same < n && load<u8>(c + same) == load<u8>(r + same)) same++;
  if (same == cLen && rLen == cLen) return 65535;
  // partial credit: agreeing prefix over the longer length, floored to u16
  return <u16>((<u64>same * 65535) / <u64>max(cLen, rLen));
}

/** Scores `count` (challenge, response) pairs laid out at `ptr`; writes u16 scores at `out`. */
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
    store<u16>(out + (<usize>i << 1), score(c, cLen, r, rLen));
  }
  return <i32>count;
}
