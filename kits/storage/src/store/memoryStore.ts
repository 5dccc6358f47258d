/** An in-memory BlobStore (simulations and tests): the same semantics as the file store, no durability. */
import { StorageError, StorageErrorCode } from "../errors.js";
import { type BlobMeta, type BlobStore, blobKey, footprint, type Upload } from "./types.js";

interface MemUpload extends Upload {
  parts: Buffer[];
  received: number;
  open: boolean;
}

export class MemoryStore implements BlobStore {
  private readonly blobs = new Map<string, { meta: BlobMeta; data: Buffer; leaves: Buffer[] }>();
  private reserved = 0;
  private committed = 0;

  constructor(readonly quotaBytes = 256 * 1024 * 1024) {}

  get usedBytes(): number {
    return this.committed + this.reserved;
  }

  async begin(meta: BlobMeta): Promise<Upload> {
    const need = footprint(meta);
    if (this.usedBytes + need > this.quotaBytes)
      throw new StorageError(
        StorageErrorCode.QUOTA,
        "size",
        `storing ${meta.size} bytes needs ${need} of quota, ${this.quotaBytes - this.usedBytes} left of ${this.quotaBytes}`,
      );
    this.reserved += need;
    const u: MemUpload = { meta, parts: [], received: 0, open: true };
    return u;
  }

  async append(upload: Upload, bytes: Uint8Array): Promise<void> {
    const u = upload as MemUpload;
    u.parts.push(Buffer.from(bytes));
    u.received += bytes.length;
  }

  async commit(upload: Upload, leaves: Buffer[]): Promise<BlobMeta> {
    const u = upload as MemUpload;
    const key = blobKey(u.meta.owner, u.meta.id);
    const old = this.blobs.get(key);
    if (old) this.committed -= footprint(old.meta);
    this.blobs.set(key, { meta: u.meta, data: Buffer.concat(u.parts), leaves });
    this.release(u);
    this.committed += footprint(u.meta);
    return u.meta;
  }

  async abort(upload: Upload): Promise<void> {
    this.release(upload as MemUpload);
  }

  private release(u: MemUpload): void {
    if (!u.open) return;
    u.open = false;
    this.reserved -= footprint(u.meta);
  }

  get(owner: string, id: string): BlobMeta | undefined {
    return this.blobs.get(blobKey(owner, id))?.meta;
  }

  async read(meta: BlobMeta, offset: number, count: number): Promise<Buffer> {
    return this.blobs.get(blobKey(meta.owner, meta.id))!.data.subarray(offset, offset + count);
  }

  async leaves(meta: BlobMeta): Promise<Buffer[]> {
    return this.blobs.get(blobKey(meta.owner, meta.id))!.leaves;
  }

  list(): BlobMeta[] {
    return [...this.blobs.values()].map((b) => b.meta);
  }

  async close(): Promise<void> {}
}
