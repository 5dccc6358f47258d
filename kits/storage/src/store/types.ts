/** What a miner's blob store does: uploads that become visible only when committed, reads, a quota. */

/** One stored blob, as the store indexes it. */
export interface BlobMeta {
  /** The validator's id for the blob (unique per owner). */
  id: string;
  /** The hotkey of the validator that stored it; only it can read it back. */
  owner: string;
  /** Merkle root, hex. */
  root: string;
  size: number;
  chunkSize: number;
  chunks: number;
}

/** An upload in progress (not visible to reads until `commit`). */
export interface Upload {
  readonly meta: BlobMeta;
  /** Bytes received so far. */
  readonly received: number;
}

export interface BlobStore {
  /** Bytes in use: committed blobs plus the reservations of open uploads (blob bytes + 32 per chunk). */
  readonly usedBytes: number;
  /** The most this store will hold. */
  readonly quotaBytes: number;
  /** Reserves room for a blob; throws STORAGE_QUOTA when it does not fit. */
  begin(meta: BlobMeta): Promise<Upload>;
  /** Appends bytes to an upload. */
  append(upload: Upload, bytes: Uint8Array): Promise<void>;
  /** Makes the upload durable and visible; `leaves` are the chunk hashes (kept for proofs). */
  commit(upload: Upload, leaves: Buffer[]): Promise<BlobMeta>;
  /** Drops an upload and its reservation. */
  abort(upload: Upload): Promise<void>;
  /** A committed blob, or undefined. */
  get(owner: string, id: string): BlobMeta | undefined;
  /** `count` bytes from `offset` of a committed blob. */
  read(meta: BlobMeta, offset: number, count: number): Promise<Buffer>;
  /** The leaf hashes of a committed blob. */
  leaves(meta: BlobMeta): Promise<Buffer[]>;
  /** Every committed blob. */
  list(): BlobMeta[];
  close(): Promise<void>;
}

/** Store-internal key of a blob. */
export const blobKey = (owner: string, id: string): string => `${owner}/${id}`;

/** Room a blob takes against the quota. */
export const footprint = (m: Pick<BlobMeta, "size" | "chunks">): number => m.size + 32 * m.chunks;
