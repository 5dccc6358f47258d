/**
 * One block of the chain's emission over the whole network (subtensor's `block_step` mint,
 * `run_coinbase`, the moving prices and root proportions), bit for bit: `coinbaseStep(input)` on
 * the JSON shapes of FORMAT.md, `coinbaseStepArrays(input)` on the packed typed arrays. Both
 * validate first (CoinbaseInputError, with the JSON path), then run `coinbaseStepPacked` in WASM.
 */

import { fromCoinbaseArrays, fromCoinbaseComputedArrays } from "./coinbaseJson.js";
import { CB_HEADER, COINBASE_HEADER, COINBASE_OUT_HEADER, COINBASE_OUT_NEURON, COINBASE_OUT_SUBNET } from "./coinbaseLayout.js";
import type { CoinbaseArrays, CoinbaseComputedArrays, CoinbaseInput, CoinbaseOutput, CoinbaseOutputArrays } from "./coinbaseTypes.js";
import { toCoinbaseArrays, validateCoinbaseNeurons, validateCoinbaseRecords } from "./coinbaseValidate.js";
import { CoinbaseInputError } from "./errors.js";
import { type CoreTarget, getCore } from "./wasm.js";

export interface CoinbaseOptions {
  /** Which build to run (default `release`). */
  target?: CoreTarget;
}

/** Options of the typed form, for a caller that steps block after block (a devnet). */
export interface CoinbaseArraysOptions extends CoinbaseOptions {
  /** Write the state after the block back into the input's arrays (returned as `state`) instead of new ones. */
  inPlace?: boolean;
  /** Arrays to write what the block computed into (their lengths must fit this input), instead of new ones. */
  computed?: CoinbaseComputedArrays;
}

/** The packed words at `bytes` (a view of WASM memory) copied into `into` (new arrays of `lengths` when absent). */
function copyOut(bytes: Uint8Array, lengths: number[], into?: BigUint64Array[]): BigUint64Array[] {
  const words = new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3);
  let at = 0;
  return lengths.map((n, k) => {
    const target = into?.[k] ?? new BigUint64Array(n);
    target.set(words.subarray(at, at + n));
    at += n;
    return target;
  });
}

/** Zeroes a reused output array (a block without an epoch computes nothing per neuron). */
function zeroed(words: BigUint64Array): BigUint64Array {
  new Uint8Array(words.buffer, words.byteOffset, words.byteLength).fill(0);
  return words;
}

/**
 * Runs one step on validated arrays (`validateCoinbaseRecords`; `checkNeurons` checks the neurons'
 * fields when the step reads them). A block in which no epoch runs reads no neuron: the header and
 * subnet records alone cross into WASM (`coinbaseStepNoEpoch`), and the neurons stay where they
 * are; when an epoch would run, the core says so before changing anything and the whole state
 * crosses (`coinbaseStepPacked`).
 */
function stepOnArrays(x: CoinbaseArrays, options: CoinbaseArraysOptions, checkNeurons: (x: CoinbaseArrays) => void): CoinbaseOutputArrays {
  const core = getCore(options.target ?? "release");
  const count = Number(x.header[CB_HEADER.subnetCount]);
  const neurons = Number(x.header[CB_HEADER.neuronCount]);
  const inLengths = [COINBASE_HEADER.length, x.subnets.length, x.neurons.length];
  const outLengths = [COINBASE_OUT_HEADER.length, count * COINBASE_OUT_SUBNET.length, neurons * COINBASE_OUT_NEURON.length];
  const c = options.computed;
  if (c !== undefined) {
    const given = [c.header, c.subnets, c.neurons];
    ["header", "subnets", "neurons"].forEach((name, k) => {
      if (!(given[k] instanceof BigUint64Array) || given[k].length !== outLengths[k])
        throw new CoinbaseInputError(`options.computed.${name}`, `expected a BigUint64Array of ${outLengths[k]} words for this input, or no computed option`);
    });
  }
  const recordBytes = 8 * (inLengths[0]! + inLengths[1]!);
  const inBytes = recordBytes + 8 * inLengths[2]!;
  const outBytes = 8 * (outLengths[0]! + outLengths[1]! + outLengths[2]!);
  const lowerRecords = (words: BigUint64Array) => {
    words.set(x.header, 0);
    words.set(x.subnets, inLengths[0]!);
  };
  core.reserve(recordBytes + outBytes + 8 * count * 16 + (1 << 20));
  const noEpoch = core.arena(() => {
    const ptr = core.lowerWith(recordBytes, (view) => lowerRecords(new BigUint64Array(view.buffer, view.byteOffset, recordBytes >> 3)));
    const out = core.call<number>("coinbaseStepNoEpoch", ptr);
    if (out === 0) return null;
    const [header, subnets] = copyOut(core.viewBytes(ptr), inLengths.slice(0, 2), options.inPlace ? [x.header, x.subnets] : undefined);
    const [oh, os] = copyOut(core.viewBytes(out), outLengths.slice(0, 2), c === undefined ? undefined : [c.header, c.subnets]);
    const state = { header: header!, subnets: subnets!, neurons: options.inPlace ? x.neurons : x.neurons.slice() };
    return { state, computed: { header: oh!, subnets: os!, neurons: c === undefined ? new BigUint64Array(outLengths[2]!) : zeroed(c.neurons) } };
  });
  if (noEpoch !== null) return noEpoch;
  checkNeurons(x);
  core.reserve(inBytes + outBytes + 8 * count * 16 + (1 << 20));
  return core.arena(() => {
    const ptr = core.lowerWith(inBytes, (view) => {
      const words = new BigUint64Array(view.buffer, view.byteOffset, inBytes >> 3);
      lowerRecords(words);
      words.set(x.neurons, inLengths[0]! + inLengths[1]!);
    });
    const out = core.call<number>("coinbaseStepPacked", ptr);
    const [header, subnets, neuronWords] = copyOut(core.viewBytes(ptr), inLengths, options.inPlace ? [x.header, x.subnets, x.neurons] : undefined);
    const [oh, os, on] = copyOut(core.viewBytes(out), outLengths, c === undefined ? undefined : [c.header, c.subnets, c.neurons]);
    return { state: { header: header!, subnets: subnets!, neurons: neuronWords! }, computed: { header: oh!, subnets: os!, neurons: on! } };
  });
}

/**
 * One coinbase step on the packed typed arrays (`coinbaseLayout.ts`): the state after the block
 * (new arrays and the input unchanged, or with `inPlace` the input's own arrays) and what the block
 * computed (new arrays, or `computed`'s). Throws CoinbaseInputError on bad input; the neurons' own
 * fields (take, flags) are checked in the blocks that read them, those in which an epoch runs.
 */
export function coinbaseStepArrays(input: CoinbaseArrays, options: CoinbaseArraysOptions = {}): CoinbaseOutputArrays {
  return stepOnArrays(validateCoinbaseRecords(input), options, validateCoinbaseNeurons);
}

/** One coinbase step on FORMAT.md's JSON shapes. Throws CoinbaseInputError (with the JSON path) on bad input. */
export function coinbaseStep(input: CoinbaseInput, options: CoinbaseOptions = {}): CoinbaseOutput {
  const x = toCoinbaseArrays(input);
  const out = stepOnArrays(x, options, () => {}); // toCoinbaseArrays checked every field
  return { state: fromCoinbaseArrays(out.state), computed: fromCoinbaseComputedArrays(out.computed, out.state) };
}
