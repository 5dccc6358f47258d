/**
 * The Yuma epoch, bit for bit as the chain computes it (subtensor's sparse `epoch_mechanism`):
 * `runEpoch(input)` gives the stored outputs, `traceEpoch(input)` every intermediate stage too.
 * The JSON input is validated (EpochInputError, with the JSON path) and converted to typed arrays
 * in one pass, run on the one epoch path (`epochArrays.ts`), and its output converted back.
 */

import { type EpochOptions, epochOnArrays } from "./epochArrays.js";
import { fromEpochOutputArrays, fromEpochTraceArrays } from "./epochJson.js";
import { unpackEpochOutput } from "./epochPacking.js";
import type { EpochInput, EpochOutput, EpochTrace } from "./epochTypes.js";
import { toEpochInputArrays } from "./epochValidate.js";

/** The chain source this core matches. */
export const CHAIN_SOURCE = {
  repository: "opentensor/subtensor",
  commit: "14bc6f9f964b9cc362e9635dd110a487fa5d15a0",
  specVersion: 425,
} as const;

/** Runs one epoch. Throws EpochInputError (with the JSON path) on bad input. */
export function runEpoch(input: EpochInput, options: EpochOptions = {}): EpochOutput {
  const x = toEpochInputArrays(input);
  // converted from views of the output in WASM memory: no typed copies in between
  return epochOnArrays(x, false, options, (bytes) => fromEpochOutputArrays(unpackEpochOutput(bytes, x.n, false, true)));
}

/** Runs one epoch and returns every intermediate stage (S, W, C, W̄, B, …) besides the outputs. */
export function traceEpoch(input: EpochInput, options: EpochOptions = {}): EpochTrace {
  const x = toEpochInputArrays(input);
  return epochOnArrays(x, true, options, (bytes) => fromEpochTraceArrays(unpackEpochOutput(bytes, x.n, true, true)));
}
