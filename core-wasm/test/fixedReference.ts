// A BigInt reference of substrate_fixed's I32F32 semantics, written from the crate's definition
// (not from our AssemblyScript), for the property tests.
export const I64_MIN = -(1n << 63n);
export const I64_MAX = (1n << 63n) - 1n;
export const ONE = 1n << 32n;

const fits = (x: bigint) => x >= I64_MIN && x <= I64_MAX;
const sat = (x: bigint) => (x > I64_MAX ? I64_MAX : x < I64_MIN ? I64_MIN : x);
/** Floor division (toward −∞) for BigInt, whose `/` truncates. */
const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

export const ref = {
  checkedAdd: (a: bigint, b: bigint) => (fits(a + b) ? a + b : null),
  checkedSub: (a: bigint, b: bigint) => (fits(a - b) ? a - b : null),
  checkedMul: (a: bigint, b: bigint) => {
    const p = floorDiv(a * b, ONE);
    return fits(p) ? p : null;
  },
  checkedDiv: (a: bigint, b: bigint) => {
    if (b === 0n) return null;
    const q = (a * ONE) / b; // BigInt division truncates toward zero, as Rust's i128 `/`
    return fits(q) ? q : null;
  },
  saturatingAdd: (a: bigint, b: bigint) => sat(a + b),
  saturatingSub: (a: bigint, b: bigint) => sat(a - b),
  saturatingMul: (a: bigint, b: bigint) => sat(floorDiv(a * b, ONE)),
  saturatingDiv: (a: bigint, b: bigint) => (b === 0n ? (a < 0n ? I64_MIN : I64_MAX) : sat((a * ONE) / b)),
  safeDiv: (a: bigint, b: bigint) => {
    if (b === 0n) return 0n;
    const q = (a * ONE) / b;
    return fits(q) ? q : 0n;
  },
  fromInt: (x: bigint) => sat(x * ONE),
  toIntFloor: (a: bigint) => floorDiv(a, ONE),
  round: (a: bigint) => {
    const floor = floorDiv(a, ONE) * ONE;
    const frac = a - floor;
    const half = ONE / 2n;
    let r: bigint;
    if (frac > half) r = floor + ONE;
    else if (frac < half) r = floor;
    else r = a >= 0n ? floor + ONE : floor; // ties away from zero
    return sat(r);
  },
  /** Exact rational value p/q → bits with round-to-nearest, ties to even, saturating. */
  fromRational: (p: bigint, q: bigint) => {
    const num = p * ONE;
    let t = num / q;
    const rem = num - t * q;
    const twice = 2n * (rem < 0n ? -rem : rem);
    const absq = q < 0n ? -q : q;
    if (twice > absq || (twice === absq && (t & 1n) !== 0n)) t += num < 0n !== q < 0n ? -1n : 1n;
    return sat(t);
  },
};

/** The exact value of a finite float's bits as p/q (q a power of two). */
export function floatToRational(x: number): [bigint, bigint] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const neg = bits >> 63n !== 0n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const m = e === 0 ? frac : frac | (1n << 52n);
  const exp = (e === 0 ? 1 : e) - 1075;
  const p = neg ? -m : m;
  return exp >= 0 ? [p << BigInt(exp), 1n] : [p, 1n << BigInt(-exp)];
}
