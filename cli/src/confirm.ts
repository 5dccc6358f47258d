/**
 * The confirmation before a command signs something that moves funds: on a terminal it asks
 * (default no); `--yes` skips the question for scripts; without a terminal and without `--yes` it
 * refuses (exit 2, naming --yes) rather than sign unseen.
 */
import { createInterface } from "node:readline/promises";
import type { CommandIo } from "./command.js";
import { CliErrorCode, UsageError } from "./errors.js";

export const YES_HELP = "--yes          sign without asking (scripts); without a terminal, --yes is required";

/** Throws (exit 2, one line, naming --yes) when the command could not ask: no --yes and no terminal. Call before any output. */
export function requireConfirmable(io: CommandIo, values: Record<string, unknown>): void {
  if (values.yes === true || values["dry-run"] === true) return;
  if (!process.stdin.isTTY || !io.isTTY)
    throw new UsageError(
      CliErrorCode.MISSING_ARGUMENT,
      "--yes is required: there is no terminal to confirm on; see the plan with --dry-run, then pass --yes",
      "--yes",
    );
}

/** Resolves true to go ahead, false when the user declines; throws without a terminal and --yes. */
export async function confirm(io: CommandIo, values: Record<string, unknown>, question: string): Promise<boolean> {
  if (values.yes === true) return true;
  if (!process.stdin.isTTY || !io.isTTY)
    throw new UsageError(
      CliErrorCode.MISSING_ARGUMENT,
      "--yes is required: there is no terminal to confirm on; check the summary above, then pass --yes",
      "--yes",
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
