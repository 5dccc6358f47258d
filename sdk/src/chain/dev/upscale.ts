/**
 * Weight checks and storage rules of `set_weights`, as the chain applies them in I32F32:
 * max-upscaling to u16 (in exact integer arithmetic on numbers, it runs for every row set) and the
 * max-weight limit (in BigInt).
 */
const ONE = 1n << 32n;
const fromInt = (x: number) => BigInt(x) * ONE;
const div = (a: bigint, b: bigint) => (b === 0n ? 0n : (a * ONE) / b);

const TWO32 = 2 ** 32;

/**
 * `vec_u16_max_upscale_to_u16`: the stored form of submitted weights (u16 values in, u16 out,
 * into `out` when given).
 * The chain computes it in I32F32; every product here stays below 2^53, so plain numbers give the
 * same bits (the test compares it with a BigInt port of the chain's arithmetic):
 * - max > 32768: d = ⌊65535·2^32 / max⌋ (the bits of 65535/max), each value ⌊(e·d + 2^31) / 2^32⌋;
 * - otherwise: e·65535 = q·max + r, each value q, plus 1 when the fraction r/max is at least ½.
 */
// see: subtensor pallets/subtensor/src/epoch/math.rs vec_max_upscale_to_u16 @ 14bc6f9
export function maxUpscaleToU16(values: ArrayLike<number>, out = new Uint16Array(values.length)): Uint16Array {
  const n = values.length;
  out.fill(0, 0, n);
  let max = 0;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  if (max === 0) return out;
  if (max > 32768) {
    const num = 65535 * TWO32;
    let d = Math.floor(num / max);
    if (d * max > num) d--;
    else if ((d + 1) * max <= num) d++;
    for (let i = 0; i < n; i++) {
      const r = Math.floor((values[i]! * d + 2 ** 31) / TWO32);
      out[i] = r > 65535 ? 65535 : r;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const p = values[i]! * 65535;
    let q = Math.floor(p / max);
    let r = p - q * max;
    if (r < 0) {
      q--;
      r += max;
    } else if (r >= max) {
      q++;
      r -= max;
    }
    const v = q + (2 * r >= max ? 1 : 0);
    out[i] = v > 65535 ? 65535 : v;
  }
  return out;
}

/** `check_vec_max_limited`: no normalised weight above limit / 65535. */
// see: subtensor pallets/subtensor/src/epoch/math.rs check_vec_max_limited @ 14bc6f9
export function maxWeightLimited(values: ArrayLike<number>, limit: number): boolean {
  const lim = div(fromInt(limit), fromInt(65535));
  const vec = Array.from(values, fromInt);
  const sum = vec.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return true;
  return vec.every((e) => div(e, sum) <= lim);
}
