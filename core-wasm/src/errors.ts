/**
 * Errors of @tao-subnet/core. Every error has a stable SCREAMING_SNAKE `code` and a `kind`;
 * messages say what was expected and how to fix it.
 */

/**
 * What kind of failure an error is, the same set in every package of tao-subnet (the sdk and the
 * kits re-export this type). The CLI picks its exit code from the kind alone.
 * - `bad-input`: the caller's input is wrong (an argument, a field, a file); the message names it
 *   and the fix. Exit code 2.
 * - `refused`: a well-formed request that the chain, a peer or the scoring sandbox refused or
 *   stopped. Exit code 1.
 * - `unavailable`: something the operation needs is absent or not answering (an endpoint, the
 *   devnet, a tool, a built module). Exit code 1.
 * - `internal`: a bug (a trap after validated input, a hook that threw). Exit code 1.
 */
export type ErrorKind = "bad-input" | "refused" | "unavailable" | "internal";

/** Error codes of this package. */
export const CoreErrorCode = {
  /** The WASM aborted or trapped. Inputs are validated first, so this is a bug in the core. */
  CORE_TRAP: "CORE_TRAP",
} as const;
export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode];

/** The longest error message, in characters: an input echoed into an error is cut to fit. */
export const MAX_ERROR_MESSAGE = 2000;

/** `message`, cut to MAX_ERROR_MESSAGE characters with a note of its length (a bad input can be megabytes). */
export function boundMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE)}… (${message.length} characters in all)`;
}

/** Base class of the package's errors; each subclass says its `kind`. Messages are bounded (`boundMessage`). */
export abstract class CoreError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(boundMessage(message), options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The WASM trapped (unreachable, out-of-bounds, an AssemblyScript abort). Report it: inputs are validated before they cross into WASM. */
export class CoreTrapError extends CoreError {
  readonly kind = "internal";
  constructor(message: string, options?: ErrorOptions) {
    super(CoreErrorCode.CORE_TRAP, `the WASM core trapped: ${message} (this is a bug in @tao-subnet/core; please report the input)`, options);
  }
}

/** A bad argument to the emission API (`field` names it). */
export class EmissionInputError extends CoreError {
  readonly kind = "bad-input";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("EMISSION_INPUT_INVALID", `${field}: ${message}`);
  }
}

/**
 * An epoch input that the core refuses, found before anything reaches the WASM. `path` is the JSON
 * path of the bad value (`weights[2][0][0]`), the message says what was expected.
 */
export class EpochInputError extends CoreError {
  readonly kind = "bad-input";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super("EPOCH_INPUT_INVALID", `${path}: ${message}`);
  }
}

/** A bad argument to weight processing (`field` names it). */
export class WeightsInputError extends CoreError {
  readonly kind = "bad-input";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("WEIGHTS_INPUT_INVALID", `${field}: ${message}`);
  }
}

/**
 * A coinbase input that the core refuses, found before anything reaches the WASM. `path` is the
 * JSON path of the bad value (`subnets[2].neurons[5].alphaStake`), the message says what was
 * expected and how to fix it.
 */
export class CoinbaseInputError extends CoreError {
  readonly kind = "bad-input";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super("COINBASE_INPUT_INVALID", `${path}: ${message}`);
  }
}

/** A bad argument to the swap pool API (`field` names it). */
export class SwapInputError extends CoreError {
  readonly kind = "bad-input";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("SWAP_INPUT_INVALID", `${field}: ${message}`);
  }
}
