/**
 * The storage synapse (`StorageRequest`) and the checks both ends run on it. One synapse carries
 * three operations, chosen by `op`:
 *
 * - `store`: an upload part. `first_chunk` 0 begins a blob (`blob_id`, `root`, `size`,
 *   `chunk_size`, `chunk_count` declared up front, so a miner refuses a blob it cannot hold before
 *   reading any data); further parts continue it in order; the part with `final: true` makes the
 *   miner check the whole blob against `root`, write it durably and only then answer `ack_root`.
 * - `prove`: a chunk challenge. The miner answers the chunk, its Merkle inclusion proof and
 *   `answer = H(chunk ‖ nonce)` for the validator's fresh nonce.
 * - `retrieve`: chunks `first_chunk..first_chunk+chunk_limit−1` (default: the rest of the blob).
 *
 * zod checks types and bounds; `validate*` below check meaning (hex, ranges, lengths) and throw
 * `StorageError`s naming the field and the fix. A miner's answer clears `upload` (`null`) so the
 * Python-style body, which echoes request fields, does not send the upload back.
 */
import { z } from "zod";
import { StorageError, StorageErrorCode } from "./errors.js";
import { chunkCount, proofLength } from "./merkle.js";

/** Smallest and largest blob (1 KiB, 64 MiB). */
export const MIN_BLOB_BYTES = 1024;
export const MAX_BLOB_BYTES = 64 * 1024 * 1024;
/** Largest upload part, decoded (2 MiB: a part's base64 body stays under the Axon's 4 MiB limit). */
export const MAX_PART_BYTES = 2 * 1024 * 1024;
/** Chunk sizes allowed: powers of two from 256 B to 1 MiB. */
export const MIN_CHUNK_BYTES = 256;
export const MAX_CHUNK_BYTES = 1024 * 1024;

const int = z.number().int().nonnegative();
/** The request fields of the `StorageRequest` synapse. */
export const storageRequestSchema = z.object({
  op: z.enum(["store", "prove", "retrieve"]),
  blob_id: z.string().max(256),
  // store
  root: z.string().max(256).nullable().optional(),
  size: int.nullable().optional(),
  chunk_size: int.nullable().optional(),
  chunk_count: int.nullable().optional(),
  first_chunk: int.nullable().optional(),
  upload: z
    .string()
    .max(4 * MAX_PART_BYTES)
    .nullable()
    .optional(),
  final: z.boolean().nullable().optional(),
  // prove
  chunk_index: int.nullable().optional(),
  nonce: z.string().max(256).nullable().optional(),
  // retrieve
  chunk_limit: int.nullable().optional(),
});
export type StorageRequest = z.infer<typeof storageRequestSchema>;

/** Every request field, in order: all of them are covered by the signed body hash. */
export const REQUEST_FIELDS = Object.keys(storageRequestSchema.shape) as ReadonlyArray<keyof StorageRequest>;

/** The response fields. */
export const storageResponseSchema = z.object({
  /** store: the root the miner computed over the whole blob (final part), null for earlier parts. */
  ack_root: z.string().max(256).nullable().optional(),
  /** store: chunks received so far for this upload. */
  received_chunks: int.nullable().optional(),
  /** prove: the chunk, base64. */
  chunk: z.string().nullable().optional(),
  /** prove: sibling hashes, leaf to root, hex. */
  proof: z.array(z.string().max(256)).max(64).nullable().optional(),
  /** prove: H(chunk ‖ nonce), hex. */
  answer: z.string().max(256).nullable().optional(),
  /** retrieve: the requested chunks, concatenated, base64. */
  blob: z.string().nullable().optional(),
  /** Always null in answers (the upload is not echoed). */
  upload: z.null().optional(),
});
export type StorageResponse = z.infer<typeof storageResponseSchema>;

const HEX32 = /^[0-9a-f]{64}$/;
const BLOB_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A 32-byte hash from 64 lowercase hex characters. */
export function hex32(value: string | null | undefined, field: string): Buffer {
  if (typeof value !== "string" || !HEX32.test(value)) {
    throw new StorageError(StorageErrorCode.NOT_HEX, field, `expected 64 lowercase hex characters (a SHA-256 hash), got ${describe(value)}`);
  }
  return Buffer.from(value, "hex");
}

/** Bytes from base64, strictly. */
export function base64(value: string | null | undefined, field: string): Buffer {
  if (typeof value !== "string" || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw new StorageError(StorageErrorCode.DATA_LENGTH, field, `expected standard base64 (length a multiple of 4), got ${describe(value)}`);
  }
  return Buffer.from(value, "base64");
}

export function blobId(value: string, field = "blob_id"): string {
  if (!BLOB_ID.test(value)) throw new StorageError(StorageErrorCode.BLOB_ID, field, `expected 1..64 characters of A-Z a-z 0-9 _ -, got ${describe(value)}`);
  return value;
}

const describe = (v: unknown) => (typeof v === "string" ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v) : String(v));

/** A blob's shape: what a validator keeps and a miner indexes. */
export interface BlobShape {
  root: Buffer;
  size: number;
  chunkSize: number;
  chunks: number;
}

/**
 * Checks a declared blob (store's first part, or a validator's own record) and returns its shape:
 * root hex, size within [MIN_BLOB_BYTES, maxBlobBytes], chunk size a power of two in 256 B..1 MiB,
 * chunk count = ceil(size / chunk size).
 */
export function validateShape(
  d: { root?: string | null; size?: number | null; chunk_size?: number | null; chunk_count?: number | null },
  maxBlobBytes = MAX_BLOB_BYTES,
): BlobShape {
  const root = hex32(d.root, "root");
  const size = d.size ?? -1;
  if (!Number.isSafeInteger(size) || size < MIN_BLOB_BYTES || size > maxBlobBytes) {
    throw new StorageError(
      StorageErrorCode.BLOB_SIZE,
      "size",
      `a blob holds ${MIN_BLOB_BYTES}..${maxBlobBytes} bytes, got ${size < 0 ? "none" : size}; split larger data into several blobs`,
    );
  }
  const cs = d.chunk_size ?? -1;
  if (!Number.isInteger(cs) || cs < MIN_CHUNK_BYTES || cs > MAX_CHUNK_BYTES || (cs & (cs - 1)) !== 0) {
    throw new StorageError(
      StorageErrorCode.CHUNKING,
      "chunk_size",
      `expected a power of two from ${MIN_CHUNK_BYTES} to ${MAX_CHUNK_BYTES}, got ${cs < 0 ? "none" : cs}`,
    );
  }
  const chunks = chunkCount(size, cs);
  if (d.chunk_count !== chunks) {
    throw new StorageError(StorageErrorCode.CHUNKING, "chunk_count", `${size} bytes in chunks of ${cs} make ${chunks} chunks, got ${d.chunk_count ?? "none"}`);
  }
  return { root, size, chunkSize: cs, chunks };
}

/** Checks a chunk index against a blob. */
export function validateChunkIndex(index: number | null | undefined, chunks: number, field = "chunk_index"): number {
  if (index === null || index === undefined || !Number.isInteger(index) || index < 0 || index >= chunks) {
    throw new StorageError(StorageErrorCode.CHUNK_INDEX, field, `the blob has chunks 0..${chunks - 1}, got ${index ?? "none"}`);
  }
  return index;
}

/** A prove answer, decoded and checked for shape (not yet for truth: that is the scoring module's job). */
export interface ProveAnswer {
  chunk: Buffer;
  proof: Buffer[];
  answer: Buffer;
}

/**
 * Decodes a miner's prove answer for chunk `index` of `shape` and checks its shape: the chunk's
 * length, the proof's length for (index, chunk count), every hash hex. Throws the first problem as a
 * StorageError (a validator's `verify` turns it into a veto with that reason).
 */
export function validateProveAnswer(res: StorageResponse, index: number, shape: Pick<BlobShape, "size" | "chunkSize" | "chunks">): ProveAnswer {
  validateChunkIndex(index, shape.chunks);
  const chunk = base64(res.chunk, "chunk");
  const want = Math.min(shape.chunkSize, shape.size - index * shape.chunkSize);
  if (chunk.length !== want)
    throw new StorageError(StorageErrorCode.DATA_LENGTH, "chunk", `chunk ${index} of a ${shape.size}-byte blob holds ${want} bytes, got ${chunk.length}`);
  const proof = res.proof ?? [];
  const len = proofLength(index, shape.chunks);
  if (proof.length !== len) {
    throw new StorageError(
      StorageErrorCode.PROOF_LENGTH,
      "proof",
      `chunk ${index} of ${shape.chunks} needs ${len} sibling hashes (leaf to root), got ${proof.length}`,
    );
  }
  return { chunk, proof: proof.map((p, i) => hex32(p, `proof[${i}]`)), answer: hex32(res.answer, "answer") };
}
