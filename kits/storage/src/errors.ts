/** Errors of the storage kit: one class, SCREAMING_SNAKE codes, messages naming the field and the fix. */
import { type ErrorKind, SdkError } from "@tao-subnet/sdk/kit";

export const StorageErrorCode = {
  /** A root (or hash) is not 64 lowercase hex characters. */
  NOT_HEX: "STORAGE_NOT_HEX",
  /** A declared blob size is outside 1 KiB..64 MiB (or the configured maximum). */
  BLOB_SIZE: "STORAGE_BLOB_SIZE",
  /** A chunk size is not a power of two in 256 B..1 MiB, or the chunk count does not match size / chunk size. */
  CHUNKING: "STORAGE_CHUNKING",
  /** A chunk index is outside 0..chunkCount−1. */
  CHUNK_INDEX: "STORAGE_CHUNK_INDEX",
  /** A Merkle proof has the wrong number of sibling hashes for (index, chunk count). */
  PROOF_LENGTH: "STORAGE_PROOF_LENGTH",
  /** Data of the wrong length (a chunk, an upload part, a retrieved blob). */
  DATA_LENGTH: "STORAGE_DATA_LENGTH",
  /** Data that does not hash to the declared root. */
  ROOT_MISMATCH: "STORAGE_ROOT_MISMATCH",
  /** Storing would go over the miner's quota. */
  QUOTA: "STORAGE_QUOTA",
  /** No such blob (never stored, or stored by another validator). */
  UNKNOWN_BLOB: "STORAGE_UNKNOWN_BLOB",
  /** An upload part out of order, or for an upload that was never begun. */
  UPLOAD_ORDER: "STORAGE_UPLOAD_ORDER",
  /** A blob id that is not 1..64 characters of [A-Za-z0-9_-]. */
  BLOB_ID: "STORAGE_BLOB_ID",
  /** The miner's store is unusable (directory, index). */
  STORE: "STORAGE_STORE",
} as const;
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

/** A full quota is a refusal, an unusable store is `unavailable`; every other code is bad input. */
const KINDS: Record<StorageErrorCode, ErrorKind> = {
  STORAGE_NOT_HEX: "bad-input",
  STORAGE_BLOB_SIZE: "bad-input",
  STORAGE_CHUNKING: "bad-input",
  STORAGE_CHUNK_INDEX: "bad-input",
  STORAGE_PROOF_LENGTH: "bad-input",
  STORAGE_DATA_LENGTH: "bad-input",
  STORAGE_ROOT_MISMATCH: "bad-input",
  STORAGE_QUOTA: "refused",
  STORAGE_UNKNOWN_BLOB: "bad-input",
  STORAGE_UPLOAD_ORDER: "bad-input",
  STORAGE_BLOB_ID: "bad-input",
  STORAGE_STORE: "unavailable",
};

/** A storage request, response or store operation was refused; `field` names what was wrong. */
export class StorageError extends SdkError {
  readonly kind: ErrorKind;
  constructor(
    code: StorageErrorCode,
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, `[${code}] ${field}: ${message}`, options);
    this.kind = KINDS[code];
  }
}
