/**
 * Running one command: its help, its options (an unknown flag exits 2 with the closest known one),
 * and its errors mapped to exit codes by their `kind` alone (`ErrorKind`, shared by every
 * package): 0 success, 2 bad input (one JSON line on stderr:
 * `{"error":{"code":…,"argument":…,"message":…}}`), 1 any other failure. `main.ts` dispatches the
 * `tao-subnet` command line here; a generated project runs its `simulate` through it too.
 */
import { parseArgs } from "node:util";
import { boundMessage, closestName, type ErrorKind } from "@tao-subnet/core";
import type { Command, CommandIo } from "./command.js";
import { CliErrorCode, UsageError } from "./errors.js";

/** The exit code of each error kind; an error without a known kind is `internal`. */
export const EXIT_CODES: Record<ErrorKind, number> = { "bad-input": 2, refused: 1, unavailable: 1, internal: 1 };

const kindOf = (e: unknown): ErrorKind => {
  const kind = (e as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" && Object.hasOwn(EXIT_CODES, kind) ? (kind as ErrorKind) : "internal";
};

export const defaultIo = (): CommandIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  isTTY: process.stderr.isTTY === true,
});

function commandHelp(c: Command, program: string): string {
  return [`${program.replace(/ --$/, "")}: ${c.summary}`, "", `Usage: ${program} ${c.usage}`, "", ...(c.help ?? []).map((l) => `  ${l}`), ""].join("\n");
}

export function reportBadInput(io: CommandIo, code: string, message: string, argument?: string): number {
  // every error line is bounded, whatever threw it: a bad input can be megabytes
  const error = { code: boundMessage(code), ...(argument !== undefined && { argument: boundMessage(argument) }), message: boundMessage(message) };
  io.stderr(JSON.stringify({ error }) + "\n");
  return 2;
}

/**
 * Runs `command` with its arguments `rest`: `--help`, parsing (an unknown flag exits 2 with the
 * closest known one: `--epoch` → did you mean `--epochs`?), and errors by kind. `program` is how
 * help and messages name it (`tao-subnet simulate`; a project's `npm run simulate --`).
 */
export async function runCommand(command: Command, rest: string[], io: CommandIo, program = `tao-subnet ${command.name}`): Promise<number> {
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(commandHelp(command, program));
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const arg = /'([^']+)'/.exec(message)?.[1];
    const flags = Object.keys(command.options).map((o) => `--${o}`);
    const close = arg !== undefined && /^Unknown option/.test(message) ? closestName(arg, flags) : undefined;
    const hint = close === undefined ? "" : `: did you mean ${close}?`;
    return reportBadInput(io, CliErrorCode.INVALID_ARGUMENT, `${message.replace(/\s+/g, " ")}${hint} (see ${program} --help)`, arg);
  }
  try {
    return await command.run(parsed as Parameters<Command["run"]>[0], io);
  } catch (e) {
    return reportError(io, command.name, e, program);
  }
}

/** Reports an error a command threw and returns its exit code, chosen from its `kind` alone. */
export function reportError(io: CommandIo, commandName: string, e: unknown, program = `tao-subnet ${commandName}`): number {
  const kind = kindOf(e);
  if (kind === "bad-input") {
    const { code, argument, path, field } = e as { code?: unknown; argument?: unknown; path?: unknown; field?: unknown };
    const at = [argument, path, field].find((x): x is string => typeof x === "string");
    const message = e instanceof UsageError ? e.message : (e as Error).message.replace(/\s+/g, " ");
    return reportBadInput(io, typeof code === "string" ? code : CliErrorCode.INVALID_INPUT, message, at);
  }
  io.stderr(`${program}: ${boundMessage(String((e as Error)?.message ?? e))}\n`);
  return EXIT_CODES[kind];
}
