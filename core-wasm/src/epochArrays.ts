/**
 * The one epoch path: typed arrays in (EpochInputArrays, validated), packed straight into WASM
 * memory, `runEpochPacked`, and the packed output read straight out into typed arrays. The JSON
 * API (`epoch.ts`) converts to and from these; validators and simulators that hold a large subnet
 * call it directly and pay for no decimal strings or `[uid, value]` pairs.
 */

import { epochInputBytes, packEpochInput, unpackEpochOutput } from "./epochPacking.js";
import type { EpochInputArrays, EpochOutputArrays, EpochTraceArrays } from "./epochTypes.js";
import { validateEpochInputArrays } from "./epochValidate.js";
import { type CoreTarget, getCore } from "./wasm.js";

export interface EpochOptions {
  /** Which build to run (default `release`). */
  target?: CoreTarget;
}

/**
 * Memory to have free for one epoch, as a multiple of its packed input (4 bytes per matrix entry):
 * the input copy plus the epoch's heap, measured with `coreHeapTop` at about 10.5× the input for
 * full rows (n = 256…4096) and up to 15× for sparse ones. Memory is grown once to this up front
 * (each grow can trigger a host GC); the allocator grows it further if an input needs more.
 */
export const EPOCH_MEMORY_FACTOR = 16;

/**
 * Runs one epoch on a validated input (the path every epoch API takes) and returns what `read`
 * makes of the packed output, called while the output is still in WASM memory (`bytes` is a view
 * of it: read it with `unpackEpochOutput`).
 */
export function epochOnArrays<T>(x: EpochInputArrays, trace: boolean, options: EpochOptions, read: (bytes: Uint8Array) => T): T {
  const core = getCore(options.target ?? "release");
  const size = epochInputBytes(x);
  core.reserve(size * EPOCH_MEMORY_FACTOR + (1 << 22));
  // packed straight into WASM memory and unpacked straight from it (the arena is reset only after)
  return core.arena(() =>
    read(
      core.viewBytes(
        core.call<number>(
          "runEpochPacked",
          core.lowerWith(size, (view) => packEpochInput(x, trace, view)),
        ),
      ),
    ),
  );
}

/**
 * Runs one epoch on typed arrays: the same bits as `runEpoch` on the equivalent EpochInput.
 * Throws EpochInputError (with the path) on bad input.
 */
export function runEpochArrays(input: EpochInputArrays, options: EpochOptions = {}): EpochOutputArrays {
  const x = validateEpochInputArrays(input);
  return epochOnArrays(x, false, options, (bytes) => unpackEpochOutput(bytes, x.n, false));
}

/** Runs one epoch on typed arrays and returns every intermediate stage too (as `traceEpoch`). */
export function traceEpochArrays(input: EpochInputArrays, options: EpochOptions = {}): EpochTraceArrays {
  const x = validateEpochInputArrays(input);
  return epochOnArrays(x, true, options, (bytes) => unpackEpochOutput(bytes, x.n, true));
}
