/**
 * Errors of the command line. A `UsageError` is bad input: it exits with code 2 and prints one
 * JSON line on stderr naming the argument and the fix.
 */

export const CliErrorCode = {
  UNKNOWN_COMMAND: "UNKNOWN_COMMAND",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  MISSING_ARGUMENT: "MISSING_ARGUMENT",
  INVALID_INPUT: "INVALID_INPUT",
} as const;
export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

/** Bad input from the user: exit code 2 and one line on stderr. */
export class UsageError extends Error {
  readonly kind = "bad-input";
  readonly code: string;
  /** The argument or input path at fault (`--issuance`, `<file>`, `weights[2][0]`). */
  readonly argument: string | undefined;
  constructor(code: string, message: string, argument?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
    this.code = code;
    this.argument = argument;
  }
}

export const invalidArgument = (argument: string, expected: string, got: unknown): UsageError =>
  new UsageError(CliErrorCode.INVALID_ARGUMENT, `${argument}: expected ${expected}, got ${JSON.stringify(got)}`, argument);

export const missingArgument = (argument: string, fix: string): UsageError =>
  new UsageError(CliErrorCode.MISSING_ARGUMENT, `${argument} is required: ${fix}`, argument);
