/**
 * Errors of the image kit. Every bad input (an oversized or truncated PNG, a dataset file that
 * does not parse, a malformed detection) becomes an `ImageInputError` whose `field` names what was
 * wrong and whose message says how to fix it; nothing reaches a decoder or the WASM unchecked.
 */
import { type ErrorKind, SdkError } from "@tao-subnet/sdk/kit";

/** Error codes of the image kit. */
export const ImageErrorCode = {
  /** Bytes or pixels above the configured limit. */
  TOO_LARGE: "IMAGE_TOO_LARGE",
  /** The PNG ends before its data does (missing chunks, short IDAT, no IEND). */
  TRUNCATED: "IMAGE_TRUNCATED",
  /** Not a PNG, a bad CRC, corrupt compressed data. */
  INVALID: "IMAGE_INVALID",
  /** A valid PNG in a form the kit does not read (16-bit, palette, interlaced). */
  UNSUPPORTED: "IMAGE_UNSUPPORTED",
  /** A detection the market cannot score (bad box, unknown label, confidence out of range). */
  BAD_DETECTION: "IMAGE_BAD_DETECTION",
  /** A dataset directory or label file that cannot be used. */
  BAD_DATASET: "IMAGE_BAD_DATASET",
  /** The miner's model server failed or answered something else than detections. */
  BACKEND_FAILED: "IMAGE_BACKEND_FAILED",
} as const;
export type ImageErrorCode = (typeof ImageErrorCode)[keyof typeof ImageErrorCode];

/** Every code is bad input except a failing model server (`unavailable`). */
const KINDS: Record<ImageErrorCode, ErrorKind> = {
  IMAGE_TOO_LARGE: "bad-input",
  IMAGE_TRUNCATED: "bad-input",
  IMAGE_INVALID: "bad-input",
  IMAGE_UNSUPPORTED: "bad-input",
  IMAGE_BAD_DETECTION: "bad-input",
  IMAGE_BAD_DATASET: "bad-input",
  IMAGE_BACKEND_FAILED: "unavailable",
};

/** Bad image-kit input: `field` says which (e.g. `image_png`, `detections[2].box`), the message how to fix it. */
export class ImageInputError extends SdkError {
  readonly kind: ErrorKind;
  constructor(
    code: ImageErrorCode,
    readonly field: string,
    problem: string,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(code, `${field}: ${problem}; ${fix}`, options);
    this.kind = KINDS[code];
  }
}

export const tooLarge = (field: string, problem: string, fix: string) => new ImageInputError(ImageErrorCode.TOO_LARGE, field, problem, fix);
export const truncated = (field: string, problem: string) =>
  new ImageInputError(ImageErrorCode.TRUNCATED, field, problem, "send the whole file (the PNG must end with its IEND chunk)");
export const invalidImage = (field: string, problem: string, options?: ErrorOptions) =>
  new ImageInputError(ImageErrorCode.INVALID, field, problem, "send a valid PNG file (8-bit grey, RGB or RGBA)", options);
export const unsupported = (field: string, problem: string) =>
  new ImageInputError(ImageErrorCode.UNSUPPORTED, field, problem, "re-encode it as an 8-bit, non-interlaced grey, RGB or RGBA PNG");
export const badDetection = (field: string, problem: string, fix: string) => new ImageInputError(ImageErrorCode.BAD_DETECTION, field, problem, fix);
export const badDataset = (field: string, problem: string, fix: string, options?: ErrorOptions) =>
  new ImageInputError(ImageErrorCode.BAD_DATASET, field, problem, fix, options);
