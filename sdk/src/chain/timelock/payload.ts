/**
 * The SCALE payload inside a timelocked commit (subtensor `coinbase/reveal_commits.rs`
 * `WeightsTlockPayload`):
 * - `legacy` (spec 300's `commit_crv3_weights`): `{ uids: Vec<u16>, values: Vec<u16>, version_key: u64 }`;
 * - `hotkey` (commit-reveal version 4, spec 425's `commit_timelocked_weights` and
 *   `commit_timelocked_mechanism_weights`): the committing hotkey's 32 public-key bytes as a
 *   `Vec<u8>` first, then the same fields. The runtime reveals it only for that hotkey.
 */
import { compactFromU8a, compactToU8a } from "@polkadot/util";
import { concatBytes } from "./arkworks.js";
import { TimelockError, TimelockErrorCode } from "./errors.js";

export type PayloadFormat = "legacy" | "hotkey";

export interface WeightsPayload {
  uids: number[];
  values: number[];
  versionKey: bigint;
  /** The hotkey's 32-byte public key (the `hotkey` format only). */
  hotkey?: Uint8Array;
}

const bad = (message: string) => new TimelockError(TimelockErrorCode.INVALID_PAYLOAD, message);

const vecU16 = (name: string, xs: readonly number[]): Uint8Array => {
  const out = new Uint8Array(xs.length * 2);
  xs.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x > 65535) throw bad(`${name}[${i}]: expected a u16 0..65535, got ${x}`);
    out[2 * i] = x & 0xff;
    out[2 * i + 1] = x >> 8;
  });
  return concatBytes(compactToU8a(xs.length), out);
};

/** SCALE-encodes the payload in `format` (`hotkey` needs `p.hotkey`, 32 bytes). */
export function encodeWeightsPayload(p: WeightsPayload, format: PayloadFormat): Uint8Array {
  if (p.uids.length !== p.values.length) throw bad(`values: expected ${p.uids.length} values, one per uid, got ${p.values.length}`);
  if (p.versionKey < 0n || p.versionKey >= 1n << 64n) throw bad(`versionKey: expected a u64, got ${p.versionKey}`);
  const version = new Uint8Array(8);
  new DataView(version.buffer).setBigUint64(0, p.versionKey, true);
  const body = concatBytes(vecU16("uids", p.uids), vecU16("values", p.values), version);
  if (format === "legacy") return body;
  const hotkey = p.hotkey;
  if (hotkey?.length !== 32) throw bad(`hotkey: the version-4 payload needs the hotkey's 32-byte public key, got ${hotkey?.length ?? "none"}`);
  return concatBytes(compactToU8a(32), hotkey, body);
}

class Scale {
  at = 0;
  constructor(readonly b: Uint8Array) {}
  compact(): number {
    if (this.at >= this.b.length) throw bad("payload ends early");
    const [len, n] = compactFromU8a(this.b.subarray(this.at));
    this.at += len;
    if (n.gtn(this.b.length)) throw bad(`payload: a length of ${n.toString()} is longer than the payload`);
    return n.toNumber();
  }
  bytes(n: number): Uint8Array {
    if (this.at + n > this.b.length) throw bad("payload ends early");
    this.at += n;
    return this.b.subarray(this.at - n, this.at);
  }
  vecU16(): number[] {
    const n = this.compact();
    const raw = this.bytes(2 * n);
    return Array.from({ length: n }, (_, i) => raw[2 * i]! | (raw[2 * i + 1]! << 8));
  }
  u64(): bigint {
    const b = this.bytes(8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }
}

const decodeAs = (bytes: Uint8Array, format: PayloadFormat): WeightsPayload => {
  const s = new Scale(bytes);
  const hotkey = format === "hotkey" ? s.bytes(s.compact()) : undefined;
  const uids = s.vecU16();
  const values = s.vecU16();
  return { ...(hotkey ? { hotkey: hotkey.slice() } : {}), uids, values, versionKey: s.u64() };
};

/**
 * Decodes a revealed payload as the spec-425 runtime does: the `hotkey` format first, whose
 * hotkey must be 32 bytes (an AccountId), else the `legacy` format. Like SCALE's `decode`, bytes
 * after the payload are ignored. INVALID_PAYLOAD when neither reads.
 */
export function decodeWeightsPayload(bytes: Uint8Array): WeightsPayload {
  try {
    const p = decodeAs(bytes, "hotkey");
    if (p.hotkey && p.hotkey.length >= 32) return { ...p, hotkey: p.hotkey.subarray(0, 32) };
  } catch {
    // not the hotkey format: try the legacy one
  }
  return decodeAs(bytes, "legacy");
}
