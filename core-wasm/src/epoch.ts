/**
 * The Yuma epoch, bit for bit as the chain computes it (subtensor's sparse `epoch_mechanism`):
 * `runEpoch(input)` gives the stored outputs, `traceEpoch(input)` every intermediate stage too.
 * The JSON input is validated here (EpochInputError, with the JSON path), converted to typed
 * arrays and run on the one epoch path (`epochArrays.ts`); its typed output is converted back.
 */
import { validateEpochInput } from "./epochValidate.js";
import { fromEpochOutputArrays, fromEpochTraceArrays, toEpochInputArrays } from "./epochJson.js";
import { epochOnArrays, type EpochOptions } from "./epochArrays.js";
import type { EpochInput, EpochOutput, EpochTrace } from "./epochTypes.js";

/** The chain source this core matches. */
export const CHAIN_SOURCE = {
  repository: "opentensor/subtensor",
  commit: "14bc6f9f964b9cc362e9635dd110a487fa5d15a0",
  specVersion: 425,
} as const;

/** Runs one epoch. Throws EpochInputError (with the JSON path) on bad input. */
export function runEpoch(input: EpochInput, options: EpochOptions = {}): EpochOutput {
  return fromEpochOutputArrays(epochOnArrays(toEpochInputArrays(validateEpochInput(input)), false, options));
}

/** Runs one epoch and returns every intermediate stage (S, W, C, W̄, B, …) besides the outputs. */
export function traceEpoch(input: EpochInput, options: EpochOptions = {}): EpochTrace {
  return fromEpochTraceArrays(epochOnArrays(toEpochInputArrays(validateEpochInput(input)), true, options));
}
