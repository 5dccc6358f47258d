/**
 * The validator's side of the market: per (validator hotkey, uid), the blobs the miner has
 * acknowledged (only each blob's Merkle root, size and chunking: never its data) and the window of
 * recent outcomes that feeds the Wilson bound. Optionally written durably to a JSON file after
 * every round, so a restarted validator keeps challenging what it stored.
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { dirname, join } from "node:path";

/** What a validator keeps per stored blob. */
export interface BlobRecord {
  id: string;
  /** Merkle root, hex. */
  root: string;
  size: number;
  chunkSize: number;
  chunks: number;
}

export interface MinerRecord {
  blobs: BlobRecord[];
  /** Recent outcomes, oldest first (true = the answer verified). */
  window: boolean[];
  /** Failures in a row, up to now. */
  streak?: number;
}

export class Ledger {
  private readonly miners = new Map<string, MinerRecord>();
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly windowSize: number,
    readonly path?: string,
  ) {
    if (path) {
      try {
        const s = JSON.parse(readFileSync(path, "utf8")) as { version: number; miners: Record<string, MinerRecord> };
        if (s.version === 1) for (const [k, v] of Object.entries(s.miners)) this.miners.set(k, v);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  }

  static key(validatorHotkey: string, uid: number): string {
    return `${validatorHotkey}/${uid}`;
  }

  get(key: string): MinerRecord {
    let r = this.miners.get(key);
    if (!r) {
      r = { blobs: [], window: [] };
      this.miners.set(key, r);
    }
    return r;
  }

  /** Trials and successes in the window so far. */
  counts(key: string): { trials: number; successes: number } {
    const w = this.get(key).window;
    return { trials: w.length, successes: w.filter(Boolean).length };
  }

  /**
   * Records an outcome; the window keeps the last `windowSize − 1` (this round's answer is the last
   * slot). After `forgetAfter` failures in a row the miner's blobs are forgotten (a miner that lost
   * its disk, or a new hotkey in a recycled uid, gets new blobs to prove), its window is kept.
   */
  record(key: string, ok: boolean, forgetAfter = Infinity): void {
    const r = this.get(key);
    r.window.push(ok);
    while (r.window.length > this.windowSize - 1) r.window.shift();
    r.streak = ok ? 0 : (r.streak ?? 0) + 1;
    if (r.streak >= forgetAfter) {
      r.blobs = [];
      r.streak = 0;
    }
  }

  /** Forgets a miner entirely (blobs and window): call it when a uid changes hotkey. */
  forget(key: string): void {
    this.miners.delete(key);
  }

  addBlob(key: string, blob: BlobRecord): void {
    const r = this.get(key);
    r.blobs = r.blobs.filter((b) => b.id !== blob.id);
    r.blobs.push(blob);
  }

  /** Writes the ledger durably (temp file, fsync, rename, fsync dir), if it has a path. */
  async save(): Promise<void> {
    const path = this.path;
    if (!path) return;
    const run = this.writing.then(async () => {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.ledger.${randomBytes(6).toString("hex")}.tmp`);
      const fh = await open(tmp, "w", 0o600);
      try {
        await fh.writeFile(JSON.stringify({ version: 1, miners: Object.fromEntries(this.miners) }));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
      const d = await open(dirname(path), "r");
      await d.sync().finally(() => d.close());
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}
