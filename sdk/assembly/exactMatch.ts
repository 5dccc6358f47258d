// A minimal scoring module implementing the tao-subnet scoring ABI (docs/scoring-abi.md): the
// challenge carries the expected answer, and a response scores 65535 when it matches exactly,
// otherwise by the fraction of leading bytes that agree. Used by the host's tests and as the
// template for kits' modules. Build: `asc sdk/assembly/exactMatch.ts --runtime stub --maximumMemory 256`.

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
