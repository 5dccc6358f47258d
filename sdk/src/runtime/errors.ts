/** Errors of the miner and validator runtimes. */
import { SdkError } from "../errors.js";

/** A runtime option is wrong; `field` names it (`sampleSize`) and the message says what it takes. */
export class RuntimeOptionsError extends SdkError {
  readonly kind = "bad-input";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super("RUNTIME_OPTIONS_INVALID", `${field}: ${message}`);
  }
}
