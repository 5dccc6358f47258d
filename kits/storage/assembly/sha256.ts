// SHA-256 (FIPS 180-4) over linear memory, for the storage kit's scoring module. One streaming
// context at a time (the module is single-threaded): `shaInit`, `shaUpdate`, `shaFinal`.
// see: FIPS 180-4 §6.2 (SHA-256 hash computation)

// static data segments (not the heap: `reset` rewinds the heap between batches)
const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// context: 8 state words, the schedule W[64], a 64-byte block buffer
const H: usize = memory.data(32);
const W: usize = memory.data(256);
const BUF: usize = memory.data(64);
let bufLen: i32 = 0;
let totalLen: u64 = 0;

export function shaInit(): void {
  store<u32>(H + 0 * 4, 0x6a09e667);
  store<u32>(H + 1 * 4, 0xbb67ae85);
  store<u32>(H + 2 * 4, 0x3c6ef372);
  store<u32>(H + 3 * 4, 0xa54ff53a);
  store<u32>(H + 4 * 4, 0x510e527f);
  store<u32>(H + 5 * 4, 0x9b05688c);
  store<u32>(H + 6 * 4, 0x1f83d9ab);
  store<u32>(H + 7 * 4, 0x5be0cd19);
  bufLen = 0;
  totalLen = 0;
}

/** Compresses one 64-byte block at `p`. */
function block(p: usize): void {
  for (let t = 0; t < 16; t++) store<u32>(W + (<usize>t << 2), bswap<u32>(load<u32>(p + (<usize>t << 2))));
  for (let t = 16; t < 64; t++) {
    const w15 = load<u32>(W + (<usize>(t - 15) << 2));
    const w2 = load<u32>(W + (<usize>(t - 2) << 2));
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(W + (<usize>t << 2), load<u32>(W + (<usize>(t - 16) << 2)) + s0 + load<u32>(W + (<usize>(t - 7) << 2)) + s1);
  }
  let a = load<u32>(H + 0 * 4), b = load<u32>(H + 1 * 4), c = load<u32>(H + 2 * 4), d = load<u32>(H + 3 * 4);
  let e = load<u32>(H + 4 * 4), f = load<u32>(H + 5 * 4), g = load<u32>(H + 6 * 4), h = load<u32>(H + 7 * 4);
  for (let t = 0; t < 64; t++) {
    const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + S1 + ch + load<u32>(K + (<usize>t << 2)) + load<u32>(W + (<usize>t << 2));
    const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = S0 + maj;
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  store<u32>(H + 0 * 4, load<u32>(H + 0 * 4) + a);
  store<u32>(H + 1 * 4, load<u32>(H + 1 * 4) + b);
  store<u32>(H + 2 * 4, load<u32>(H + 2 * 4) + c);
  store<u32>(H + 3 * 4, load<u32>(H + 3 * 4) + d);
  store<u32>(H + 4 * 4, load<u32>(H + 4 * 4) + e);
  store<u32>(H + 5 * 4, load<u32>(H + 5 * 4) + f);
  store<u32>(H + 6 * 4, load<u32>(H + 6 * 4) + g);
  store<u32>(H + 7 * 4, load<u32>(H + 7 * 4) + h);
}

export function shaUpdate(p: usize, len: usize): void {
  totalLen += <u64>len;
  const buf = BUF;
  let i: usize = 0;
  if (bufLen > 0) {
    const take = min(<usize>(64 - bufLen), len);
    memory.copy(buf + <usize>bufLen, p, take);
    bufLen += <i32>take;
    i = take;
    if (bufLen < 64) return;
    block(buf);
    bufLen = 0;
  }
  while (i + 64 <= len) {
    block(p + i);
    i += 64;
  }
  if (i < len) {
    memory.copy(buf, p + i, len - i);
    bufLen = <i32>(len - i);
  }
}

/** Pads, compresses the last block(s) and writes the 32-byte digest at `out`. */
export function shaFinal(out: usize): void {
  const buf = BUF;
  const bits = totalLen << 3;
  store<u8>(buf + <usize>bufLen, 0x80);
  bufLen++;
  if (bufLen > 56) {
    memory.fill(buf + <usize>bufLen, 0, <usize>(64 - bufLen));
    block(buf);
    bufLen = 0;
  }
  memory.fill(buf + <usize>bufLen, 0, <usize>(56 - bufLen));
  store<u64>(buf + 56, bswap<u64>(bits));
  block(buf);
  for (let i = 0; i < 8; i++) store<u32>(out + (<usize>i << 2), bswap<u32>(load<u32>(H + (<usize>i << 2))));
}

/** SHA-256 of `len` bytes at `p`, written at `out`. */
export function sha256(p: usize, len: usize, out: usize): void {
  shaInit();
  shaUpdate(p, len);
  shaFinal(out);
}
