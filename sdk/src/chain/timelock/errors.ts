/** Errors of timelock encryption: input that is not a ciphertext, a signature or a payload the runtime would read. */
import { type ErrorKind, SdkError } from "../../errors.js";

export const TimelockErrorCode = {
  /** Bytes that do not parse as a compressed `TLECiphertext<TinyBLS381>`, or an argument out of range. */
  INVALID_CIPHERTEXT: "INVALID_CIPHERTEXT",
  /** A beacon public key or signature that is not a compressed point of its group. */
  INVALID_POINT: "INVALID_POINT",
  /** The signature is not the one for the ciphertext's round (the IBE check failed), or AES-GCM refused the body. */
  DECRYPTION_FAILED: "DECRYPTION_FAILED",
  /** Decrypted bytes that are not a weights payload. */
  INVALID_PAYLOAD: "INVALID_PAYLOAD",
  /** A round, weights or block number outside what the chain takes. */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
} as const;

export type TimelockErrorCode = (typeof TimelockErrorCode)[keyof typeof TimelockErrorCode];

const KINDS: Record<TimelockErrorCode, ErrorKind> = {
  INVALID_CIPHERTEXT: "bad-input",
  INVALID_POINT: "bad-input",
  DECRYPTION_FAILED: "refused",
  INVALID_PAYLOAD: "bad-input",
  INVALID_ARGUMENT: "bad-input",
};

export class TimelockError extends SdkError {
  readonly kind: ErrorKind;
  constructor(code: TimelockErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.kind = KINDS[code];
  }
}
