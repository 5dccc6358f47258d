/**
 * One block of the chain's emission over the whole network (subtensor's `block_step` mint,
 * `run_coinbase`, the moving prices and root proportions), bit for bit: `coinbaseStep(input)` on
 * the JSON shapes of FORMAT.md, `coinbaseStepArrays(input)` on the packed typed arrays. Both
 * validate first (CoinbaseInputError, with the JSON path), then run `coinbaseStepPacked` in WASM.
 */

import { fromCoinbaseArrays, fromCoinbaseComputedArrays } from "./coinbaseJson.js";
import { CB_HEADER, COINBASE_HEADER, COINBASE_OUT_HEADER, COINBASE_OUT_NEURON, COINBASE_OUT_SUBNET } from "./coinbaseLayout.js";
import type { CoinbaseArrays, CoinbaseInput, CoinbaseOutput, CoinbaseOutputArrays } from "./coinbaseTypes.js";
import { toCoinbaseArrays, validateCoinbaseArrays } from "./coinbaseValidate.js";
import { type CoreTarget, getCore } from "./wasm.js";

export interface CoinbaseOptions {
  /** Which build to run (default `release`). */
  target?: CoreTarget;
}

/** Copies of the packed words at `bytes` (a view of WASM memory), split by the given lengths. */
function split(bytes: Uint8Array, lengths: number[]): BigUint64Array[] {
  const out: BigUint64Array[] = [];
  let at = 0;
  for (const n of lengths) {
    // copied as bytes (a memcpy; BigUint64Array.prototype.slice is several times slower)
    out.push(new BigUint64Array(bytes.slice(at, at + 8 * n).buffer));
    at += 8 * n;
  }
  return out;
}

/** Runs one step on validated arrays. */
function stepOnArrays(x: CoinbaseArrays, options: CoinbaseOptions): CoinbaseOutputArrays {
  const core = getCore(options.target ?? "release");
  const count = Number(x.header[CB_HEADER.subnetCount]);
  const neurons = Number(x.header[CB_HEADER.neuronCount]);
  const inLengths = [COINBASE_HEADER.length, x.subnets.length, x.neurons.length];
  const outLengths = [COINBASE_OUT_HEADER.length, count * COINBASE_OUT_SUBNET.length, neurons * COINBASE_OUT_NEURON.length];
  const inBytes = 8 * (inLengths[0]! + inLengths[1]! + inLengths[2]!);
  const outBytes = 8 * (outLengths[0]! + outLengths[1]! + outLengths[2]!);
  core.reserve(inBytes + outBytes + 8 * count * 16 + (1 << 20));
  return core.arena(() => {
    const ptr = core.lowerWith(inBytes, (view) => {
      const words = new BigUint64Array(view.buffer, view.byteOffset, inBytes >> 3);
      words.set(x.header, 0);
      words.set(x.subnets, inLengths[0]!);
      words.set(x.neurons, inLengths[0]! + inLengths[1]!);
    });
    const out = core.call<number>("coinbaseStepPacked", ptr);
    const [header, subnets, neuronWords] = split(core.viewBytes(ptr), inLengths);
    const [oh, os, on] = split(core.viewBytes(out), outLengths);
    return { state: { header: header!, subnets: subnets!, neurons: neuronWords! }, computed: { header: oh!, subnets: os!, neurons: on! } };
  });
}

/**
 * One coinbase step on the packed typed arrays (`coinbaseLayout.ts`): the state after the block
 * (new arrays, the input is not changed) and what the block computed. Throws CoinbaseInputError on
 * bad input.
 */
export function coinbaseStepArrays(input: CoinbaseArrays, options: CoinbaseOptions = {}): CoinbaseOutputArrays {
  return stepOnArrays(validateCoinbaseArrays(input), options);
}

/** One coinbase step on FORMAT.md's JSON shapes. Throws CoinbaseInputError (with the JSON path) on bad input. */
export function coinbaseStep(input: CoinbaseInput, options: CoinbaseOptions = {}): CoinbaseOutput {
  const x = toCoinbaseArrays(input);
  const out = stepOnArrays(x, options);
  return { state: fromCoinbaseArrays(out.state), computed: fromCoinbaseComputedArrays(out.computed, out.state) };
}
