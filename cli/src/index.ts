/** tao-subnet (the CLI) as a library: run it in-process, e.g. from tests or other tools. */

export type { Command, CommandIo, ParsedArgs } from "./command.js";
export { CliErrorCode, UsageError } from "./errors.js";
export { EXIT_CODES, main, reportError, versionLines } from "./main.js";
