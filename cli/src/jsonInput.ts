/**
 * JSON from the user (files, stdin, flags), parsed only when it is within bounds: its size, and
 * the nesting depth of its arrays and objects, which is checked by a linear scan before
 * `JSON.parse` (deep input would overflow the stack of whatever walks it next, e.g. a
 * `JSON.stringify`). Every failure is a `UsageError` naming the argument; the input is never echoed.
 */
import { readFile } from "node:fs/promises";
import { jsonDepth as sdkJsonDepth } from "@tao-subnet/sdk/kit";
import { CliErrorCode, missingArgument, UsageError } from "./errors.js";

/** The deepest nesting any tao-subnet input needs is under 10; this leaves room for kits' own shapes. */
export const MAX_JSON_DEPTH = 64;
/** The largest JSON input read (an EpochInput with 4,096 uids and full weight rows is about 70 MB). */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/** The maximum nesting depth of `text`, stopping as soon as it passes `limit` (strings are skipped); the sdk's scan. */
export const jsonDepth = (text: string, limit = MAX_JSON_DEPTH): number => sdkJsonDepth(text, limit);

/** Parses `text` as JSON given for `argument` (described as `what`); throws a UsageError naming it. */
export function parseJsonInput(text: string, argument: string, what: string): unknown {
  if (text.length > MAX_JSON_BYTES)
    throw new UsageError(CliErrorCode.INVALID_INPUT, `${what} is ${text.length} characters; at most ${MAX_JSON_BYTES} are read`, argument);
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw new UsageError(
      CliErrorCode.INVALID_INPUT,
      `${what} nests arrays or objects more than ${MAX_JSON_DEPTH} deep; no tao-subnet input is that deep`,
      argument,
    );
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(CliErrorCode.INVALID_INPUT, `${what} is not JSON: ${(e as Error).message}`, argument);
  }
}

/**
 * The one positional `<file|->` of a command that reads JSON (`tao-subnet epoch`, `coinbase`):
 * the file's or stdin's text, parsed within bounds. `what` names the expected shape in errors.
 */
export async function readJsonPositional(positionals: string[], io: { readStdin: () => Promise<string> }, what: string): Promise<unknown> {
  const source = positionals[0];
  if (source === undefined) throw missingArgument("<file|->", `give a path to ${what} JSON file, or - to read stdin`);
  if (positionals.length > 1)
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `expected one input, got ${positionals.length}: ${positionals.join(" ")}`, "<file|->");
  let text: string;
  try {
    text = source === "-" ? await io.readStdin() : await readFile(source, "utf8");
  } catch (e) {
    throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read ${source}: ${(e as Error).message}`, "<file|->");
  }
  return parseJsonInput(text, "<file|->", source === "-" ? "stdin" : source);
}

/**
 * Runs `run` on one parsed input or on each of an array of them, in order. An error of `PathError`
 * (a core error naming the JSON path of a bad value) becomes a UsageError naming that path, prefixed
 * with the input's index in an array (`[1].weights[2][0][0]`).
 */
export function runEachInput<T>(parsed: unknown, run: (x: unknown) => T, PathError: new (...a: never[]) => Error & { code: string; path: string }): T | T[] {
  const one = (x: unknown, at: string) => {
    try {
      return run(x);
    } catch (e) {
      if (e instanceof PathError) throw new UsageError(e.code, `${at}${e.message}`, `${at}${e.path}`);
      throw e;
    }
  };
  return Array.isArray(parsed) ? parsed.map((x, i) => one(x, `[${i}].`)) : one(parsed, "");
}
