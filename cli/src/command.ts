/**
 * The shape of one `tao-subnet` subcommand. Each lives in `commands/<name>.ts` and is listed in
 * `commands/index.ts`; `main.ts` parses its options with `node:util` `parseArgs`, prints its help,
 * and turns a thrown `UsageError` (or any error with a `code` that the command marks as bad input)
 * into exit code 2.
 */
import type { ParseArgsConfig } from "node:util";

/** Where a command writes. Tests pass their own to capture output. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of stdin (for `-` arguments). */
  readStdin: () => Promise<string>;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) after `tao-subnet <name>`. */
  usage: string;
  /** Option help lines, e.g. `["--json   print JSON"]`. */
  help?: string[];
  options: NonNullable<ParseArgsConfig["options"]>;
  allowPositionals?: boolean;
  /** Runs the command; returns the exit code (0 on success). Throw `UsageError` for bad input. */
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}
