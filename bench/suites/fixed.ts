/**
 * Fixed-point throughput: I32F32 and I64F64 multiply and divide in the WASM core (a loop inside
 * WASM over 4,096 operand pairs in linear memory), against a BigInt implementation of the same
 * semantics and against plain JS float64 arithmetic (not exact; shown for scale). Baseline: BigInt.
 */
import { createCore } from "@tao-subnet/core";
import { type BenchSuite, machine, measure, table } from "../harness.js";

const N = 4096;
const ONE32 = 1n << 32n;
const ONE64 = 1n << 64n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const I128_MIN = -(1n << 127n);
const I128_MAX = (1n << 127n) - 1n;

/** Deterministic operands: values in ±2^20 with full fraction bits (xorshift64*). */
function operands(seed: bigint, frac: bigint): bigint[] {
  let s = seed;
  const out: bigint[] = [];
  for (let i = 0; i < N; i++) {
    s ^= s << 13n;
    s &= (1n << 64n) - 1n;
    s ^= s >> 7n;
    s ^= s << 17n;
    s &= (1n << 64n) - 1n;
    const v = (s % (1n << (20n + frac))) - (1n << (19n + frac));
    out.push(v === 0n ? 1n : v);
  }
  return out;
}

const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
const sat = (x: bigint, lo: bigint, hi: bigint) => (x > hi ? hi : x < lo ? lo : x);

const suite: BenchSuite = {
  name: "fixed",
  async run() {
    const core = createCore("release");
    const a32 = operands(0x9e3779b97f4a7c15n, 32n);
    const b32 = operands(0xbf58476d1ce4e5b9n, 32n);
    const a64 = operands(0x94d049bb133111ebn, 64n);
    const b64 = operands(0x2545f4914f6cdd1dn, 64n);
    const pack64 = (xs: bigint[]) => {
      const v = new BigInt64Array(xs.length);
      xs.forEach((x, i) => (v[i] = x));
      return new Uint8Array(v.buffer);
    };
    const pack128 = (xs: bigint[]) => {
      const v = new BigUint64Array(xs.length * 2);
      xs.forEach((x, i) => {
        v[2 * i] = BigInt.asUintN(64, x >> 64n);
        v[2 * i + 1] = BigInt.asUintN(64, x);
      });
      return new Uint8Array(v.buffer);
    };
    const pa32 = core.lowerBytes(pack64(a32)),
      pb32 = core.lowerBytes(pack64(b32));
    const pa64 = core.lowerBytes(pack128(a64)),
      pb64 = core.lowerBytes(pack128(b64));
    const fa32 = a32.map((x) => Number(x) / 2 ** 32),
      fb32 = b32.map((x) => Number(x) / 2 ** 32);
    const fa64 = a64.map((x) => Number(x) / 2 ** 64),
      fb64 = b64.map((x) => Number(x) / 2 ** 64);
    const opts = { opsPerCall: N, budgetMs: 300, samples: 5 };
    let sink = 0n;
    let fsink = 0;
    const rows = (
      label: string,
      wasm: string,
      pa: number,
      pb: number,
      big: (a: bigint, b: bigint) => bigint,
      A: bigint[],
      B: bigint[],
      fA: number[],
      fB: number[],
      f: (a: number, b: number) => number,
    ) => {
      const base = measure(
        `${label}: BigInt reference (baseline)`,
        () => {
          for (let i = 0; i < N; i++) sink ^= big(A[i]!, B[i]!);
        },
        opts,
      );
      const w = measure(`${label}: WASM core`, () => core.call(wasm, pa, pb, N), opts);
      const js = measure(
        `${label}: JS float64 (not exact)`,
        () => {
          for (let i = 0; i < N; i++) fsink += f(fA[i]!, fB[i]!);
        },
        opts,
      );
      return table([base, w, js]);
    };
    const sections = [
      rows(
        "I32F32 mul",
        "benchI32F32Mul",
        pa32,
        pb32,
        (a, b) => sat(floorDiv(a * b, ONE32), I64_MIN, I64_MAX),
        a32,
        b32,
        fa32,
        fb32,
        (a, b) => a * b,
      ),
      rows(
        "I32F32 div",
        "benchI32F32Div",
        pa32,
        pb32,
        (a, b) => sat((a * ONE32) / b, I64_MIN, I64_MAX),
        a32,
        b32,
        fa32,
        fb32,
        (a, b) => a / b,
      ),
      rows(
        "I64F64 mul",
        "benchI64F64Mul",
        pa64,
        pb64,
        (a, b) => sat(floorDiv(a * b, ONE64), I128_MIN, I128_MAX),
        a64,
        b64,
        fa64,
        fb64,
        (a, b) => a * b,
      ),
      rows(
        "I64F64 div",
        "benchI64F64Div",
        pa64,
        pb64,
        (a, b) => sat((a * ONE64) / b, I128_MIN, I128_MAX),
        a64,
        b64,
        fa64,
        fb64,
        (a, b) => a / b,
      ),
    ];
    void sink;
    void fsink;
    return [`Machine: ${machine()}. ${N} operand pairs per call; ops/s are single operations.`, ...sections].join("\n\n");
  },
};
export default suite;
