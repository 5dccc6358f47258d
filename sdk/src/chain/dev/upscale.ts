/**
 * Weight checks and storage rules of `set_weights`, in exact I32F32 arithmetic (BigInt), as the
 * chain applies them: max-upscaling to u16 and the max-weight limit.
 */
const ONE = 1n << 32n;
const fromInt = (x: number) => BigInt(x) * ONE;
const mul = (a: bigint, b: bigint) => {
  const p = a * b;
  const q = p / ONE;
  return p % ONE !== 0n && p < 0n ? q - 1n : q;
};
const div = (a: bigint, b: bigint) => (b === 0n ? 0n : (a * ONE) / b);
const round = (a: bigint) => {
  const f = a % ONE;
  const floor = a - f;
  return f >= ONE / 2n ? floor + ONE : floor;
};
const toU16 = (a: bigint) => {
  const v = a / ONE;
  return Number(v < 0n ? 0n : v > 65535n ? 65535n : v);
};

/** `vec_u16_max_upscale_to_u16`: the stored form of submitted weights. */
// see: subtensor pallets/subtensor/src/epoch/math.rs vec_max_upscale_to_u16 @ 14bc6f9
export function maxUpscaleToU16(values: number[]): number[] {
  const u16Max = fromInt(65535);
  const vec = values.map(fromInt);
  if (vec.length === 0) return [];
  const max = vec.reduce((a, b) => (b > a ? b : a));
  if (max === 0n) return vec.map((e) => toU16(mul(e, u16Max)));
  if (max > fromInt(32768)) return vec.map((e) => toU16(round(mul(e, div(u16Max, max)))));
  return vec.map((e) => toU16(round(div(mul(e, u16Max), max))));
}

/** `check_vec_max_limited`: no normalised weight above limit / 65535. */
// see: subtensor pallets/subtensor/src/epoch/math.rs check_vec_max_limited @ 14bc6f9
export function maxWeightLimited(values: number[], limit: number): boolean {
  const lim = div(fromInt(limit), fromInt(65535));
  const vec = values.map(fromInt);
  const sum = vec.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return true;
  return vec.every((e) => div(e, sum) <= lim);
}
