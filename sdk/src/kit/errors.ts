/** Errors of the kit contract and its driver. */
import { type ErrorKind, SdkError } from "../errors.js";

/**
 * A kit's hook threw; `kit` and `hook` say whose, `cause` holds the original error. Its kind is
 * the cause's when that is `unavailable` or `refused` (a missing tool, a refusing endpoint), else
 * `internal`: input the kit was handed is not the caller's input.
 */
export class KitHookError extends SdkError {
  readonly kind: ErrorKind;
  constructor(
    readonly kit: string,
    readonly hook: string,
    cause: unknown,
  ) {
    super("KIT_HOOK_FAILED", `${kit} hook ${hook} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    const inner = (cause as { kind?: unknown } | null)?.kind;
    this.kind = inner === "unavailable" || inner === "refused" ? inner : "internal";
  }
}

/** A synapse body does not match the kit's schema; `path` points at the first bad field. */
export class SynapseValidationError extends SdkError {
  readonly kind = "bad-input";
  constructor(
    readonly kit: string,
    readonly side: "request" | "response",
    readonly path: string,
    message: string,
  ) {
    super("SYNAPSE_INVALID", `${kit} ${side} ${path || "(body)"}: ${message}`);
  }
}
