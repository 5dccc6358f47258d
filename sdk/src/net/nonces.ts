/**
 * The Axon's bounded per-caller tables: the last nonce per (hotkey, uuid), and the rate-limit
 * window per hotkey. Both are Maps in insertion order, so the oldest entry is the first; both are
 * capped, the nonce table by entries and by an estimate of its bytes (a key is a hotkey and a uuid,
 * each bounded by the header parser), and the windows are pruned once expired, so no stream of
 * requests, signed by as many keys as a client cares to make, grows either without bound.
 */

/** Estimated bytes of one nonce entry: the key's UTF-16 characters, a bigint, and a Map slot. */
const entryBytes = (key: string) => 2 * key.length + 96;

export class NonceTable {
  private readonly last = new Map<string, bigint>();
  private bytes = 0;

  constructor(
    readonly maxEntries = 100_000,
    readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.last.size;
  }
  /** Estimated bytes held. */
  get heldBytes(): number {
    return this.bytes;
  }

  get(key: string): bigint | undefined {
    return this.last.get(key);
  }

  /** Records `nonce` as the last for `key` (it becomes the newest entry); evicts the oldest past either cap. */
  record(key: string, nonce: bigint): void {
    if (this.last.delete(key)) this.bytes -= entryBytes(key);
    this.last.set(key, nonce);
    this.bytes += entryBytes(key);
    while (this.last.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.last.keys().next().value!;
      this.last.delete(oldest);
      this.bytes -= entryBytes(oldest);
    }
  }
}

/** Requests per hotkey per window, with expired windows pruned and the table capped. */
export class RateWindows {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly requests: number,
    readonly windowMs: number,
    readonly maxEntries = 100_000,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  /** Counts a request by `caller` at `now` (ms); false when it is over the limit. */
  admit(caller: string, now: number): boolean {
    this.sweep(now);
    const w = this.windows.get(caller);
    if (!w || now - w.start >= this.windowMs) {
      // a fresh window is the newest entry, so the oldest windows come first in the map
      this.windows.delete(caller);
      this.windows.set(caller, { start: now, count: 1 });
      while (this.windows.size > this.maxEntries) this.windows.delete(this.windows.keys().next().value!);
      return true;
    }
    return ++w.count <= this.requests;
  }

  /** Drops expired windows (oldest first, stopping at the first live one), at most once per tenth of a window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs / 10) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) {
      if (now - w.start < this.windowMs) break;
      this.windows.delete(k);
    }
  }
}
