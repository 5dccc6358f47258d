/**
 * The reference miner: answers `StorageRequest`s from a `BlobStore`. Every request is checked
 * before anything is written (a bad root, a size outside 1 KiB..64 MiB, a chunk index out of
 * range, a part out of order → a `StorageError`, nothing stored); uploads are reserved against the
 * quota when they begin and acknowledged (`ack_root`) only once the store has made them durable.
 * Blobs belong to the validator hotkey that stored them; other callers cannot read them.
 */
import { StorageError, StorageErrorCode } from "./errors.js";
import { challengeAnswer, chunkCount, inclusionProof, leafHash, treeLevels } from "./merkle.js";
import {
  base64,
  blobId,
  hex32,
  MAX_BLOB_BYTES,
  MAX_PART_BYTES,
  type StorageRequest,
  type StorageResponse,
  validateChunkIndex,
  validateShape,
} from "./protocol.js";
import type { BlobMeta, BlobStore, Upload } from "./store/types.js";

export interface StorageMinerOptions {
  /** Largest blob accepted (default 64 MiB). */
  maxBlobBytes?: number;
  /** Largest retrieve answer, bytes (default 16 MiB); longer ranges are cut at a chunk boundary. */
  maxRetrieveBytes?: number;
  /** An upload with no part for this long is dropped (default 120 s). */
  uploadIdleMs?: number;
}

interface OpenUpload {
  upload: Upload;
  nextChunk: number;
  leaves: Buffer[];
  timer: NodeJS.Timeout;
}

export class StorageMiner {
  private readonly uploads = new Map<string, OpenUpload>();
  private readonly levelCache = new Map<string, Buffer[][]>();

  constructor(
    readonly store: BlobStore,
    private readonly options: StorageMinerOptions = {},
  ) {}

  /** Answers one request from `caller` (the validator's hotkey, signature-checked by the Axon). */
  async serve(req: StorageRequest, caller: string): Promise<StorageResponse> {
    const id = blobId(req.blob_id);
    if (req.op === "store") return this.storePart(req, id, caller);
    const meta = this.store.get(caller, id);
    if (!meta) throw new StorageError(StorageErrorCode.UNKNOWN_BLOB, "blob_id", `no blob ${JSON.stringify(id)} stored by ${caller}; store it first`);
    if (req.op === "prove") return this.prove(meta, req);
    return this.retrieve(meta, req);
  }

  private async storePart(req: StorageRequest, id: string, caller: string): Promise<StorageResponse> {
    const key = `${caller}/${id}`;
    const first = req.first_chunk ?? 0;
    // check everything before touching the store
    let shape: ReturnType<typeof validateShape>;
    let open = this.uploads.get(key);
    if (first === 0) shape = validateShape(req, this.options.maxBlobBytes ?? MAX_BLOB_BYTES);
    else {
      if (!open)
        throw new StorageError(
          StorageErrorCode.UPLOAD_ORDER,
          "first_chunk",
          `no upload of ${JSON.stringify(id)} in progress; send first_chunk 0 (with root, size, chunk_size, chunk_count) first`,
        );
      const m = open.upload.meta;
      shape = { root: Buffer.from(m.root, "hex"), size: m.size, chunkSize: m.chunkSize, chunks: m.chunks };
      if (first !== open.nextChunk)
        throw new StorageError(StorageErrorCode.UPLOAD_ORDER, "first_chunk", `the upload continues at chunk ${open.nextChunk}, got ${first}`);
      if (req.root != null && hex32(req.root, "root").compare(shape.root) !== 0)
        throw new StorageError(StorageErrorCode.ROOT_MISMATCH, "root", "differs from the root this upload began with");
    }
    const data = base64(req.upload, "upload");
    const offset = first * shape.chunkSize;
    const rest = shape.size - offset;
    const final = req.final === true;
    if (data.length > MAX_PART_BYTES)
      throw new StorageError(
        StorageErrorCode.DATA_LENGTH,
        "upload",
        `a part holds at most ${MAX_PART_BYTES} bytes, got ${data.length}; split the upload into more parts`,
      );
    if (final ? data.length !== rest : data.length === 0 || data.length % shape.chunkSize !== 0 || data.length >= rest) {
      throw new StorageError(
        StorageErrorCode.DATA_LENGTH,
        "upload",
        final
          ? `the final part must hold the remaining ${rest} bytes, got ${data.length}`
          : `a part that is not final holds whole chunks of ${shape.chunkSize} bytes and less than the remaining ${rest}, got ${data.length}`,
      );
    }
    if (first === 0) {
      if (open) await this.drop(key, open);
      const meta: BlobMeta = { id, owner: caller, root: shape.root.toString("hex"), size: shape.size, chunkSize: shape.chunkSize, chunks: shape.chunks };
      const upload = await this.store.begin(meta);
      open = { upload, nextChunk: 0, leaves: [], timer: this.idleTimer(key) };
      this.uploads.set(key, open);
    }
    const o = open!;
    try {
      for (let at = 0; at < data.length; at += shape.chunkSize) o.leaves.push(leafHash(data.subarray(at, at + shape.chunkSize)));
      await this.store.append(o.upload, data);
      o.nextChunk += chunkCount(data.length, shape.chunkSize);
      o.timer.refresh();
      if (!final) return { received_chunks: o.nextChunk, ack_root: null, upload: null };
      clearTimeout(o.timer);
      this.uploads.delete(key);
      const root = treeLevels(o.leaves).at(-1)![0]!;
      if (root.compare(shape.root) !== 0) {
        await this.store.abort(o.upload);
        throw new StorageError(
          StorageErrorCode.ROOT_MISMATCH,
          "root",
          `the uploaded data hashes to ${root.toString("hex")}, not the declared root; nothing was stored`,
        );
      }
      await this.store.commit(o.upload, o.leaves);
      this.levelCache.delete(key);
      return { ack_root: root.toString("hex"), received_chunks: o.nextChunk, upload: null };
    } catch (e) {
      if (this.uploads.get(key) === o) await this.drop(key, o);
      throw e;
    }
  }

  private idleTimer(key: string): NodeJS.Timeout {
    const t = setTimeout(() => {
      const o = this.uploads.get(key);
      if (o) void this.drop(key, o);
    }, this.options.uploadIdleMs ?? 120_000);
    t.unref();
    return t;
  }

  private async drop(key: string, o: OpenUpload): Promise<void> {
    clearTimeout(o.timer);
    this.uploads.delete(key);
    await this.store.abort(o.upload);
  }

  private async levels(meta: BlobMeta): Promise<Buffer[][]> {
    const key = `${meta.owner}/${meta.id}`;
    let l = this.levelCache.get(key);
    if (!l) {
      l = treeLevels(await this.store.leaves(meta));
      if (this.levelCache.size >= 64) this.levelCache.delete(this.levelCache.keys().next().value!);
      this.levelCache.set(key, l);
    }
    return l;
  }

  private async prove(meta: BlobMeta, req: StorageRequest): Promise<StorageResponse> {
    const index = validateChunkIndex(req.chunk_index, meta.chunks);
    const nonce = hex32(req.nonce, "nonce");
    const chunk = await this.store.read(meta, index * meta.chunkSize, meta.chunkSize);
    const proof = inclusionProof(await this.levels(meta), index);
    return { chunk: chunk.toString("base64"), proof: proof.map((p) => p.toString("hex")), answer: challengeAnswer(chunk, nonce).toString("hex"), upload: null };
  }

  private async retrieve(meta: BlobMeta, req: StorageRequest): Promise<StorageResponse> {
    const first = validateChunkIndex(req.first_chunk ?? 0, meta.chunks, "first_chunk");
    const max = Math.max(1, Math.floor((this.options.maxRetrieveBytes ?? 16 << 20) / meta.chunkSize));
    const count = Math.min(req.chunk_limit ?? meta.chunks - first, meta.chunks - first, max);
    if (count <= 0) throw new StorageError(StorageErrorCode.CHUNK_INDEX, "chunk_limit", `expected at least 1, got ${req.chunk_limit}`);
    const data = await this.store.read(meta, first * meta.chunkSize, count * meta.chunkSize);
    return { blob: data.toString("base64"), upload: null };
  }

  /** Drops uploads in progress (their reservations) and closes the store. */
  async close(): Promise<void> {
    for (const [k, o] of [...this.uploads]) await this.drop(k, o);
    await this.store.close();
  }
}
