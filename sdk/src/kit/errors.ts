/** Errors of the kit contract and its driver. */
import { SdkError } from "../errors.js";

/** A kit's hook threw; `kit` and `hook` say whose, `cause` holds the original error. */
export class KitHookError extends SdkError {
  constructor(
    readonly kit: string,
    readonly hook: string,
    cause: unknown,
  ) {
    super("KIT_HOOK_FAILED", `${kit} hook ${hook} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A synapse body does not match the kit's schema; `path` points at the first bad field. */
export class SynapseValidationError extends SdkError {
  constructor(
    readonly kit: string,
    readonly side: "request" | "response",
    readonly path: string,
    message: string,
  ) {
    super("SYNAPSE_INVALID", `${kit} ${side} ${path || "(body)"}: ${message}`);
  }
}
