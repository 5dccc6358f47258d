/**
 * The reference miner's durable store: plain files, fsync and one index, in a directory:
 *
 * ```
 * <dir>/index.json          {"version":1,"blobs":[{id, owner, root, size, chunkSize, chunks, file}]}
 * <dir>/blobs/<file>.blob   the blob's bytes
 * <dir>/blobs/<file>.leaves its chunk hashes (32 bytes each), for proofs without rereading the blob
 * <dir>/tmp/                uploads in progress
 * ```
 *
 * An upload is written to `tmp/`. Commit: fsync the data and leaves files, rename them into
 * `blobs/`, fsync `blobs/`; then write the index to a temp file, fsync it, rename it over
 * `index.json`, fsync `<dir>`; only then is the blob visible and acknowledged. A crash at any
 * point leaves either the old index (the new blob absent; its files are orphans) or the new one
 * (the blob complete on disk), never a half blob: `FileStore.open` deletes `tmp/` and every file
 * the index does not name, so a blob being written when the process died is cleanly absent.
 *
 * Why files and not SQLite: blobs are large, write-once and read by range, which files do with
 * no copy and no page overhead; the only structured data is a small index, made atomic by rename.
 * The price is an index rewrite per commit (O(blobs)), fine for the thousands of blobs a quota
 * of a few GiB holds; a store of millions would want an append-only log or SQLite instead.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { type FileHandle, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { StorageError, StorageErrorCode } from "../errors.js";
import { type BlobMeta, type BlobStore, blobKey, footprint, type Upload } from "./types.js";

interface IndexedMeta extends BlobMeta {
  /** File stem under blobs/. */
  file: string;
}

interface FileUpload extends Upload {
  meta: BlobMeta;
  received: number;
  fh: FileHandle;
  tmp: string;
  open: boolean;
}

/** What `FileStore.open` cleaned up after a crash. */
export interface Recovery {
  /** Uploads in progress that were discarded. */
  removedTemp: number;
  /** Files of blobs whose commit never reached the index. */
  removedOrphans: number;
  /** Index entries whose files were missing or of the wrong size (disk trouble), dropped. */
  dropped: string[];
}

async function fsyncDir(path: string): Promise<void> {
  const d = await open(path, "r");
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

async function writeFileDurably(path: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(path, "w", 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class FileStore implements BlobStore {
  private reserved = 0;
  private committed = 0;
  private lock: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly dir: string,
    readonly quotaBytes: number,
    private readonly blobs: Map<string, IndexedMeta>,
    readonly recovery: Recovery,
  ) {
    for (const m of blobs.values()) this.committed += footprint(m);
  }

  /** Opens (or creates) a store in `dir` with a quota in bytes, recovering from a crash if needed. */
  static async open(dir: string, options: { quotaBytes: number }): Promise<FileStore> {
    if (!Number.isSafeInteger(options.quotaBytes) || options.quotaBytes <= 0)
      throw new StorageError(StorageErrorCode.STORE, "quotaBytes", `expected a positive number of bytes, got ${options.quotaBytes}`);
    for (const d of [dir, join(dir, "blobs"), join(dir, "tmp")]) mkdirSync(d, { recursive: true });
    const recovery: Recovery = { removedTemp: 0, removedOrphans: 0, dropped: [] };
    let entries: IndexedMeta[] = [];
    try {
      const idx = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as { version: number; blobs: IndexedMeta[] };
      if (idx.version !== 1 || !Array.isArray(idx.blobs)) throw new Error(`unknown index version ${idx.version}`);
      entries = idx.blobs;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT")
        throw new StorageError(
          StorageErrorCode.STORE,
          "index.json",
          `cannot read the store's index in ${dir} (${(e as Error).message}); it is only ever replaced atomically, so this is disk damage: move the directory aside and start a new store`,
          { cause: e },
        );
    }
    for (const f of await readdir(join(dir, "tmp"))) {
      await rm(join(dir, "tmp", f), { force: true });
      recovery.removedTemp++;
    }
    const blobs = new Map<string, IndexedMeta>();
    for (const m of entries) {
      const ok = await stat(join(dir, "blobs", `${m.file}.blob`)).then(
        (s) => s.size === m.size,
        () => false,
      );
      const lok = await stat(join(dir, "blobs", `${m.file}.leaves`)).then(
        (s) => s.size === 32 * m.chunks,
        () => false,
      );
      if (ok && lok) blobs.set(blobKey(m.owner, m.id), m);
      else recovery.dropped.push(m.id);
    }
    const known = new Set([...blobs.values()].flatMap((m) => [`${m.file}.blob`, `${m.file}.leaves`]));
    for (const f of await readdir(join(dir, "blobs"))) {
      if (known.has(f)) continue;
      await rm(join(dir, "blobs", f), { force: true });
      recovery.removedOrphans++;
    }
    const store = new FileStore(dir, options.quotaBytes, blobs, recovery);
    if (recovery.dropped.length > 0) await store.writeIndex();
    return store;
  }

  get usedBytes(): number {
    return this.committed + this.reserved;
  }

  async begin(meta: BlobMeta): Promise<Upload> {
    if (this.closed) throw new StorageError(StorageErrorCode.STORE, "store", "the store is closed");
    const need = footprint(meta);
    if (this.usedBytes + need > this.quotaBytes)
      throw new StorageError(
        StorageErrorCode.QUOTA,
        "size",
        `storing ${meta.size} bytes needs ${need} of quota, ${this.quotaBytes - this.usedBytes} left of ${this.quotaBytes}`,
      );
    this.reserved += need;
    const tmp = join(this.dir, "tmp", `${randomBytes(12).toString("hex")}.part`);
    try {
      const fh = await open(tmp, "wx", 0o600);
      const u: FileUpload = { meta, received: 0, fh, tmp, open: true };
      return u;
    } catch (e) {
      this.reserved -= need;
      throw e;
    }
  }

  async append(upload: Upload, bytes: Uint8Array): Promise<void> {
    const u = upload as FileUpload;
    await u.fh.write(bytes, 0, bytes.length, u.received);
    u.received += bytes.length;
  }

  async commit(upload: Upload, leaves: Buffer[]): Promise<BlobMeta> {
    const u = upload as FileUpload;
    const file = `${createHash("sha256").update(blobKey(u.meta.owner, u.meta.id)).digest("hex").slice(0, 32)}-${randomBytes(4).toString("hex")}`;
    const blobsDir = join(this.dir, "blobs");
    try {
      // 1. data and leaves durable under their final names (not yet referenced by the index)
      await u.fh.sync();
      await u.fh.close();
      const leavesTmp = `${u.tmp}.leaves`;
      await writeFileDurably(leavesTmp, Buffer.concat(leaves));
      await rename(leavesTmp, join(blobsDir, `${file}.leaves`));
      await rename(u.tmp, join(blobsDir, `${file}.blob`));
      await fsyncDir(blobsDir);
      await fsyncDir(join(this.dir, "tmp"));
      // 2. the index names them: from here the blob exists
      const meta: IndexedMeta = { ...u.meta, file };
      const key = blobKey(meta.owner, meta.id);
      const run = this.lock.then(async () => {
        const old = this.blobs.get(key);
        this.blobs.set(key, meta);
        try {
          await this.writeIndex();
        } catch (e) {
          if (old) this.blobs.set(key, old);
          else this.blobs.delete(key);
          throw e;
        }
        this.committed += footprint(meta) - (old ? footprint(old) : 0);
        if (old) for (const ext of ["blob", "leaves"]) await rm(join(blobsDir, `${old.file}.${ext}`), { force: true });
      });
      this.lock = run.catch(() => undefined);
      await run;
      return u.meta;
    } finally {
      this.release(u);
      await u.fh.close().catch(() => undefined);
      await rm(u.tmp, { force: true });
    }
  }

  async abort(upload: Upload): Promise<void> {
    const u = upload as FileUpload;
    this.release(u);
    await u.fh.close().catch(() => undefined);
    await rm(u.tmp, { force: true });
  }

  private release(u: FileUpload): void {
    if (!u.open) return;
    u.open = false;
    this.reserved -= footprint(u.meta);
  }

  private async writeIndex(): Promise<void> {
    const tmp = join(this.dir, `.index.${randomBytes(6).toString("hex")}.tmp`);
    await writeFileDurably(tmp, JSON.stringify({ version: 1, blobs: [...this.blobs.values()] }));
    await rename(tmp, join(this.dir, "index.json"));
    await fsyncDir(this.dir);
  }

  get(owner: string, id: string): BlobMeta | undefined {
    const m = this.blobs.get(blobKey(owner, id));
    if (!m) return undefined;
    const { file: _file, ...meta } = m;
    return meta;
  }

  private file(meta: BlobMeta, ext: "blob" | "leaves"): string {
    const m = this.blobs.get(blobKey(meta.owner, meta.id));
    if (!m) throw new StorageError(StorageErrorCode.UNKNOWN_BLOB, "blob_id", `no blob ${JSON.stringify(meta.id)} stored by this caller`);
    return join(this.dir, "blobs", `${m.file}.${ext}`);
  }

  async read(meta: BlobMeta, offset: number, count: number): Promise<Buffer> {
    const fh = await open(this.file(meta, "blob"), "r");
    try {
      const buf = Buffer.alloc(count);
      const { bytesRead } = await fh.read(buf, 0, count, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async leaves(meta: BlobMeta): Promise<Buffer[]> {
    const all = await readFile(this.file(meta, "leaves"));
    return Array.from({ length: all.length / 32 }, (_, i) => all.subarray(32 * i, 32 * i + 32));
  }

  list(): BlobMeta[] {
    return [...this.blobs.values()].map(({ file: _file, ...m }) => m);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.lock;
  }
}
