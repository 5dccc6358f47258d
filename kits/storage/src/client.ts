/**
 * Validator-side helpers for blobs larger than one request (up to 64 MiB): `uploadBlob` sends a
 * blob in parts of whole chunks and returns the record a validator keeps (root, size, chunking);
 * `retrieveBlob` reads it back in ranges and checks the whole against the root. Both take a
 * `send` function, so they work over a Dendrite, in process, or any other transport.
 */
import { StorageError, StorageErrorCode } from "./errors.js";
import type { BlobRecord } from "./ledger.js";
import { chunkCount, merkleRoot } from "./merkle.js";
import { base64, blobId, MAX_PART_BYTES, type StorageRequest, type StorageResponse, validateShape } from "./protocol.js";

/** Sends one request to the miner and returns its answer (throws when the miner refused). */
export type StorageSender = (request: StorageRequest) => Promise<StorageResponse>;

/** Uploads `data` as blob `id` in chunks of `chunkSize` (default 64 KiB), parts of at most 2 MiB. */
export async function uploadBlob(
  send: StorageSender,
  id: string,
  data: Uint8Array,
  options: { chunkSize?: number; partBytes?: number } = {},
): Promise<BlobRecord> {
  const chunkSize = options.chunkSize ?? 65536;
  const chunks = chunkCount(data.length, chunkSize);
  const root = merkleRoot(data, chunkSize).toString("hex");
  validateShape({ root, size: data.length, chunk_size: chunkSize, chunk_count: chunks });
  blobId(id);
  const perPart = Math.max(1, Math.floor(Math.min(options.partBytes ?? MAX_PART_BYTES, MAX_PART_BYTES) / chunkSize));
  for (let first = 0; first < chunks; first += perPart) {
    const last = Math.min(chunks, first + perPart);
    const final = last === chunks;
    const part = data.subarray(first * chunkSize, Math.min(data.length, last * chunkSize));
    const res = await send({
      op: "store",
      blob_id: id,
      root,
      size: data.length,
      chunk_size: chunkSize,
      chunk_count: chunks,
      first_chunk: first,
      upload: Buffer.from(part).toString("base64"),
      final,
    });
    if (final && res.ack_root !== root)
      throw new StorageError(StorageErrorCode.ROOT_MISMATCH, "ack_root", `the miner acknowledged ${JSON.stringify(res.ack_root)}, not the blob's root ${root}`);
  }
  return { id, root, size: data.length, chunkSize, chunks };
}

/** Reads a whole blob back, `chunksPerRequest` at a time, and checks it against the record's root. */
export async function retrieveBlob(send: StorageSender, blob: BlobRecord, options: { chunksPerRequest?: number } = {}): Promise<Buffer> {
  const per = options.chunksPerRequest ?? Math.max(1, Math.floor(MAX_PART_BYTES / blob.chunkSize));
  const parts: Buffer[] = [];
  let got = 0;
  for (let first = 0; first < blob.chunks; ) {
    const res = await send({ op: "retrieve", blob_id: blob.id, first_chunk: first, chunk_limit: Math.min(per, blob.chunks - first) });
    const part = base64(res.blob, "blob");
    const n = Math.ceil(part.length / blob.chunkSize);
    if (n === 0 || (part.length % blob.chunkSize !== 0 && first + n !== blob.chunks))
      throw new StorageError(StorageErrorCode.DATA_LENGTH, "blob", `expected whole chunks from chunk ${first}, got ${part.length} bytes`);
    parts.push(part);
    got += part.length;
    first += n;
  }
  const data = Buffer.concat(parts);
  if (got !== blob.size) throw new StorageError(StorageErrorCode.DATA_LENGTH, "blob", `expected ${blob.size} bytes, got ${got}`);
  if (merkleRoot(data, blob.chunkSize).toString("hex") !== blob.root)
    throw new StorageError(StorageErrorCode.ROOT_MISMATCH, "blob", `the data returned for ${blob.id} does not hash to its root`);
  return data;
}
