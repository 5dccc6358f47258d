/**
 * `tao-subnet`: parses the command line and dispatches to a subcommand (`run.ts` runs it and maps
 * its errors to exit codes).
 */
import { CHAIN_SOURCE } from "@tao-subnet/core";
import type { CommandIo } from "./command.js";
import { commands } from "./commands/index.js";
import { CliErrorCode } from "./errors.js";
import { defaultIo, reportBadInput, runCommand } from "./run.js";
import { cliVersion } from "./version.js";

/** Extra lines for `--version` (e.g. the chain source the core matches); filled by modules that know. */
export const versionLines: Array<() => string> = [
  () => `core matches ${CHAIN_SOURCE.repository} @ ${CHAIN_SOURCE.commit.slice(0, 9)} (runtime spec_version ${CHAIN_SOURCE.specVersion})`,
];

async function globalHelp(): Promise<string> {
  const all = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(8, ...all.map((c) => c.name.length));
  return [
    "tao-subnet: design, simulate, register and run Bittensor subnets",
    "",
    "Usage: tao-subnet <command> [options]",
    "",
    "Commands:",
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show help (also: tao-subnet <command> --help)",
    "  -v, --version  print the version",
    "",
  ].join("\n");
}

/** Runs `tao-subnet` with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    io.stdout(await globalHelp());
    return 0;
  }
  if (first === "-v" || first === "--version") {
    io.stdout([`tao-subnet ${cliVersion()}`, ...versionLines.map((f) => f())].join("\n") + "\n");
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    return reportBadInput(
      io,
      CliErrorCode.UNKNOWN_COMMAND,
      `unknown command ${JSON.stringify(first)}; run tao-subnet --help for the list: ${commands.map((c) => c.name).join(", ")}`,
      first,
    );
  }
  return runCommand(await entry.load(), rest, io);
}
