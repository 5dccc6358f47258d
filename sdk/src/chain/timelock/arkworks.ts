/**
 * The compressed serialisation of arkworks 0.4 (`ark-serialize` `CanonicalSerialize`, compress =
 * yes), for the types a timelocked commit is made of, so the runtime's `deserialize_compressed`
 * reads exactly these bytes:
 * - `Vec<u8>`: the length as a u64, little-endian, then the bytes;
 * - a BLS12-381 G2 point: 96 bytes, the zcash encoding of ark-bls12-381 0.4 (x as c1 ‖ c0,
 *   big-endian, flag bits in the first byte), which is @noble/curves' compressed encoding;
 * - an Fq12 element (the pairing's output): its twelve Fp coefficients in tower order
 *   (c0.c0.c0, c0.c0.c1, c0.c1.c0, … c1.c2.c1), each 48 bytes little-endian: 576 bytes.
 */
import type { Fp12 } from "@noble/curves/abstract/tower";
import { TimelockError, TimelockErrorCode } from "./errors.js";

export const u64le = (n: number | bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};

export const concatBytes = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** `Vec<u8>` as ark-serialize writes it. */
export const arkVec = (bytes: Uint8Array): Uint8Array => concatBytes(u64le(bytes.length), bytes);

const fpLE = (x: bigint): Uint8Array => {
  const b = new Uint8Array(48);
  for (let i = 0; i < 48; i++, x >>= 8n) b[i] = Number(x & 0xffn);
  return b;
};

/** An Fq12 element as ark-ff serialises it (see the file header). */
export function arkFq12(f: Fp12): Uint8Array {
  const out: Uint8Array[] = [];
  for (const c6 of [f.c0, f.c1]) for (const c2 of [c6.c0, c6.c1, c6.c2]) out.push(fpLE(c2.c0), fpLE(c2.c1));
  return concatBytes(...out);
}

/** Reads ark-serialize values from `bytes`; a short read is an INVALID_CIPHERTEXT naming `what`. */
export class ArkReader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get offset(): number {
    return this.at;
  }

  take(n: number, field: string): Uint8Array {
    if (this.at + n > this.bytes.length)
      throw new TimelockError(
        TimelockErrorCode.INVALID_CIPHERTEXT,
        `${this.what}: ${field} needs ${n} bytes at offset ${this.at}, only ${this.bytes.length - this.at} left; pass the whole commit as the chain stores it`,
      );
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  vec(field: string): Uint8Array {
    const b = this.take(8, `${field} length`);
    const len = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
    if (len > BigInt(this.bytes.length - this.at))
      throw new TimelockError(
        TimelockErrorCode.INVALID_CIPHERTEXT,
        `${this.what}: ${field} says ${len} bytes at offset ${this.at - 8}, only ${this.bytes.length - this.at} left; pass the whole commit as the chain stores it`,
      );
    return this.take(Number(len), field);
  }
}
