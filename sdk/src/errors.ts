/**
 * The base error of @tao-subnet/sdk. Each area (kit, scoring, chain, net, runtime) defines its
 * error classes and SCREAMING_SNAKE codes in its own `errors.ts`, extending {@link SdkError};
 * messages say what was expected and how to fix it. Every class says its `kind` (`ErrorKind`,
 * defined with the core's errors: bad-input, refused, unavailable, internal), from which the CLI
 * alone picks the exit code.
 */
import type { ErrorKind } from "@tao-subnet/core";

export type { ErrorKind };

export abstract class SdkError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    // an input echoed into a message is cut to 2,000 characters (the core's MAX_ERROR_MESSAGE; not imported, so /kit loads no core)
    super(message.length <= 2000 ? message : `${message.slice(0, 2000)}… (${message.length} characters in all)`, options);
    this.name = new.target.name;
    this.code = code;
  }
}
