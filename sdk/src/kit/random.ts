/**
 * Deterministic randomness for challenges: seeds derived with HMAC-SHA256 from the validator's
 * secret, and a small PRNG (xoshiro128**) over 32-bit integers, the same on every machine.
 */
import { createHmac } from "node:crypto";

/**
 * The seed of one challenge: HMAC-SHA256(secret, "tao-subnet/challenge/v1" ‖ blockHash ‖
 * validatorHotkey ‖ uid ‖ round). Without the secret nobody (a miner) can compute it from the
 * public coordinates.
 */
export function deriveChallengeSeed(
  secret: Uint8Array | string,
  coords: { blockHash: string; validatorHotkey: string; uid: number; round: number },
): Uint8Array {
  return hmac(secret, `tao-subnet/challenge/v1\n${coords.blockHash}\n${coords.validatorHotkey}\n${coords.uid}\n${coords.round}`);
}

/**
 * The seed of a validator's sample of miners for one round: HMAC-SHA256(secret,
 * "tao-subnet/sample/v1" ‖ blockHash ‖ validatorHotkey ‖ round); secret, like the challenges.
 */
export function deriveSampleSeed(secret: Uint8Array | string, coords: { blockHash: string; validatorHotkey: string; round: number }): Uint8Array {
  return hmac(secret, `tao-subnet/sample/v1\n${coords.blockHash}\n${coords.validatorHotkey}\n${coords.round}`);
}

const hmac = (secret: Uint8Array | string, text: string): Uint8Array =>
  new Uint8Array(
    createHmac("sha256", typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret))
      .update(text)
      .digest(),
  );

/** xoshiro128** seeded from the first 16 bytes of a seed. */
export class Random {
  private s = new Uint32Array(4);

  constructor(seed: Uint8Array) {
    const v = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
    for (let i = 0; i < 4; i++) this.s[i] = seed.byteLength >= 4 * (i + 1) ? v.getUint32(4 * i, true) : 0x9e3779b9 * (i + 1);
    if (this.s.every((x) => x === 0)) this.s[0] = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform integer in [0, n) (rejection sampling, no modulo bias). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`Random.int: n must be an integer in 1..2^32, got ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** A float in [0, 1) with 32 random bits (for non-consensus uses: noise, jitter). */
  float(): number {
    return this.nextU32() / 2 ** 32;
  }

  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
