/**
 * The base error of @tao-subnet/sdk. Each area (kit, scoring, chain, net, runtime) defines its
 * error classes and SCREAMING_SNAKE codes in its own `errors.ts`, extending {@link SdkError};
 * messages say what was expected and how to fix it.
 */
export class SdkError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
