/**
 * The Yuma epoch, bit for bit as the chain computes it (subtensor's sparse `epoch_mechanism`):
 * `runEpoch(input)` gives the stored outputs, `traceEpoch(input)` every intermediate stage too.
 * Input is validated here (EpochInputError) before it reaches the WASM.
 */
import { validateEpochInput } from "./epochValidate.js";
import { epochInputBytes, packEpochInput, unpackEpochOutput } from "./epochPacking.js";
import type { EpochInput, EpochOutput, EpochTrace } from "./epochTypes.js";
import { getCore, type CoreTarget } from "./wasm.js";
import { EPOCH_MEMORY_FACTOR } from "./epochArrays.js";

/** The chain source this core matches. */
export const CHAIN_SOURCE = {
  repository: "opentensor/subtensor",
  commit: "14bc6f9f964b9cc362e9635dd110a487fa5d15a0",
  specVersion: 425,
} as const;

export interface EpochOptions {
  /** Which build to run (default `release`). */
  target?: CoreTarget;
}

function run(input: unknown, trace: boolean, options: EpochOptions): EpochOutput | EpochTrace {
  const x = validateEpochInput(input);
  const core = getCore(options.target ?? "release");
  const size = epochInputBytes(x);
  // growing memory once up front to the epoch's peak avoids repeated grows (each can trigger a host GC)
  core.reserve(size * EPOCH_MEMORY_FACTOR + (1 << 22));
  // packed straight into WASM memory and unpacked straight from it (the arena is reset only after)
  return core.arena(() => unpackEpochOutput(core.viewBytes(core.call<number>("runEpochPacked", core.lowerWith(size, (view) => packEpochInput(x, trace, view)))), x.n, trace));
}

/** Runs one epoch. Throws EpochInputError (with the JSON path) on bad input. */
export function runEpoch(input: EpochInput, options: EpochOptions = {}): EpochOutput {
  return run(input, false, options);
}

/** Runs one epoch and returns every intermediate stage (S, W, C, W̄, B, …) besides the outputs. */
export function traceEpoch(input: EpochInput, options: EpochOptions = {}): EpochTrace {
  return run(input, true, options) as EpochTrace;
}
