/**
 * JSON from the user (files, stdin, flags), parsed only when it is within bounds: its size, and
 * the nesting depth of its arrays and objects, which is checked by a linear scan before
 * `JSON.parse` (deep input would overflow the stack of whatever walks it next, e.g. a
 * `JSON.stringify`). Every failure is a `UsageError` naming the argument; the input is never echoed.
 */
import { jsonDepth as sdkJsonDepth } from "@tao-subnet/sdk/kit";
import { CliErrorCode, UsageError } from "./errors.js";

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
