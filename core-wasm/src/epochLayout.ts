/**
 * The packed epoch's layout: the one table of what `runEpochPacked` reads and writes, in
 * little-endian u64 words. `epochPacking.ts` packs and unpacks by it, and
 * `core-wasm/scripts/epochLayout.ts` generates the AssemblyScript constants
 * (`assembly/yuma/epochLayout.ts`) from it; a test checks the committed file is that output.
 *
 * Input: the header (one word per field below), the per-uid vectors (n words each), then the
 * sparse u16 matrices, each as rowLen[n] words, the uids of all entries row by row as u16, then
 * their values as u16 (each run padded with zeros to whole words).
 * Output: the per-uid vectors (n words each), the stored bonds as a u16 matrix like the input's,
 * then, with the trace flag, the traced I32F32 matrices (rowLen[n] words, then a (uid, bits) word
 * pair per entry) and the traced vectors.
 * A change here is an ABI change: bump `coreAbiVersion()` (assembly/abi.ts).
 */

/**
 * Header words of the input, in order: the EpochInput fields of those names, `flags` from
 * EPOCH_FLAGS (`commitReveal` is `commitRevealEnabled`), `alphaSigmoidSteepness` (i16) in two's complement, `ownerUid` EPOCH_NO_OWNER for
 * none, `alphaLow`/`alphaHigh`/`alphaSigmoidSteepness` 0 when absent.
 */
export const EPOCH_INPUT_HEADER = [
  "n",
  "currentBlock",
  "tempo",
  "activityCutoff",
  "kappa",
  "bondsPenalty",
  "bondsMovingAverage",
  "flags",
  "alphaLow",
  "alphaHigh",
  "alphaSigmoidSteepness",
  "maxAllowedValidators",
  "raoEmission",
  "lastMechanismStepBlock",
  "ownerUid",
  "stakeThreshold",
] as const;

/** Bits of the `flags` header word. */
export const EPOCH_FLAGS = { yuma3: 1, liquidAlpha: 2, trace: 4, commitReveal: 8 } as const;

/** The `ownerUid` word of a subnet without an owner (2^64 − 1). */
export const EPOCH_NO_OWNER = (1n << 64n) - 1n;

/** The `commitBlock` word of a uid without a commit that has not expired (2^64 − 1, as the chain's own "none"). */
export const EPOCH_NO_COMMIT = (1n << 64n) - 1n;

/** Per-uid vectors of the input, n words each, after the header (`commitBlock`: EPOCH_NO_COMMIT for none). */
export const EPOCH_INPUT_VECTORS = ["stake", "lastUpdate", "blockAtRegistration", "validatorPermit", "commitBlock"] as const;

/** Sparse u16 matrices of the input, after the vectors. */
export const EPOCH_INPUT_MATRICES = ["weights", "bonds"] as const;

/**
 * Per-uid vectors of the output, n words each: booleans as 0/1, u16 values, rao (u64), and
 * I32F32 bits (`fixed*`, `serverShare`, `validatorShare`: i64).
 */
export const EPOCH_OUTPUT_VECTORS = [
  "active",
  "validatorPermit",
  "consensus",
  "incentive",
  "dividends",
  "validatorTrust",
  "stakeWeight",
  "emission",
  "serverEmission",
  "validatorEmission",
  "fixedStake",
  "fixedActiveStake",
  "fixedConsensus",
  "fixedIncentive",
  "fixedDividends",
  "fixedValidatorTrust",
  "serverShare",
  "validatorShare",
] as const;

/** Traced I32F32 matrices, after the stored bonds (trace flag only). */
export const EPOCH_TRACE_MATRICES = ["weights", "clippedWeights", "weightsForBonds", "bondsBefore", "bondsAfter"] as const;

/**
 * Traced I32F32 vectors, n words each, after the traced matrices (trace flag only); the normalised
 * server and validator emissions are the output's `serverShare` and `validatorShare`.
 */
export const EPOCH_TRACE_VECTORS = ["normalizedCombinedEmission"] as const;

/** Entries of a u16 run per word. */
export const U16_PER_WORD = 4;

/** Entries of a u16 run padded to whole 8-byte words. */
export const u16Run = (count: number) => (count + U16_PER_WORD - 1) & ~(U16_PER_WORD - 1);
/** Words of a packed u16 matrix: rowLen[n] words, then the padded uid and value runs. */
export const u16MatrixWords = (n: number, count: number) => n + (2 * u16Run(count)) / U16_PER_WORD;
/** Words of the packed input with `weights` and `bonds` entries. */
export const epochInputWords = (n: number, weights: number, bonds: number) =>
  EPOCH_INPUT_HEADER.length + EPOCH_INPUT_VECTORS.length * n + u16MatrixWords(n, weights) + u16MatrixWords(n, bonds);

/** Each name's index in a list: `{ n: 0, currentBlock: 1, … }` (the coinbase layout uses it too). */
export function indexOf<T extends string>(names: readonly T[]): { readonly [K in T]: number } {
  return Object.fromEntries(names.map((name, i) => [name, i])) as { [K in T]: number };
}

/** Word of each header field. */
export const HEADER = indexOf(EPOCH_INPUT_HEADER);
/** Index of each input vector (its words start at header + index · n). */
export const IN_VECTOR = indexOf(EPOCH_INPUT_VECTORS);
/** Index of each output vector (its words start at index · n). */
export const OUT_VECTOR = indexOf(EPOCH_OUTPUT_VECTORS);
/** Index of each input matrix, in their run. */
export const IN_MATRIX = indexOf(EPOCH_INPUT_MATRICES);
/** Index of each traced matrix and vector, in their runs. */
export const TRACE_MATRIX = indexOf(EPOCH_TRACE_MATRICES);
export const TRACE_VECTOR = indexOf(EPOCH_TRACE_VECTORS);
