/**
 * Cheating miners for the anti-cheat tests, each a `serve` that answers the storage synapse:
 * `storesNothing` acknowledges every upload and invents answers; `rootOnly` and `halfChunks` are
 * the kit's adversaries (src/adversaries.ts) with their own memory and `randomBytes`; `relay`
 * stores nothing and forwards every request to another miner under its own hotkey.
 */
import { randomBytes } from "node:crypto";
import { halfChunksAnswer, proofLength, rootOnlyAnswer, type StorageRequest, type StorageResponse, type StorageSender } from "../src/index.js";

type Serve = (req: StorageRequest, caller: string) => Promise<StorageResponse>;
const hex = (n: number) => randomBytes(n).toString("hex");

/** Acknowledges every store (echoing the declared root) and answers challenges with random bytes. */
export function storesNothing(): Serve {
  const seen = new Map<string, { size: number; chunkSize: number; chunks: number }>();
  return async (req) => {
    if (req.op === "store") {
      seen.set(req.blob_id, { size: req.size!, chunkSize: req.chunk_size!, chunks: req.chunk_count! });
      return { ack_root: req.root ?? null, upload: null };
    }
    const s = seen.get(req.blob_id) ?? { size: 4096, chunkSize: 1024, chunks: 4 };
    if (req.op === "retrieve") return { blob: randomBytes(s.size).toString("base64"), upload: null };
    const chunk = randomBytes(Math.min(s.chunkSize, s.size - req.chunk_index! * s.chunkSize));
    return {
      chunk: chunk.toString("base64"),
      proof: Array.from({ length: proofLength(req.chunk_index!, s.chunks) }, () => hex(32)),
      answer: hex(32),
      upload: null,
    };
  };
}

/** Keeps only the roots: proofs end at the real root, but cannot start from real data. */
export function rootOnly(): Serve {
  const kept = new Map<string, unknown>();
  return async (req) => rootOnlyAnswer(req, kept, (n) => randomBytes(n));
}

/** Keeps every leaf hash and the even chunks only (half the data, all the proofs). */
export function halfChunks(): Serve {
  const kept = new Map<string, unknown>();
  return async (req) => halfChunksAnswer(req, kept, (n) => randomBytes(n));
}

/** Stores nothing itself: forwards each request to another miner (which sees the relay as its validator). */
export function relay(upstream: () => StorageSender): Serve {
  return async (req) => upstream()(req);
}
