/**
 * Cheating miners for the anti-cheat tests, each a `serve` that answers the storage synapse:
 * `storesNothing` acknowledges every upload and invents answers; `rootOnly` keeps each blob's
 * root and shape and fakes chunks and proofs of the right lengths; `halfChunks` keeps every leaf
 * hash (so its proofs are real) but only the even chunks; `relay` stores nothing and forwards
 * every request to another miner under its own hotkey.
 */
import { randomBytes } from "node:crypto";
import { challengeAnswer, chunkOf, inclusionProof, leafHashes, proofLength, treeLevels, type StorageRequest, type StorageResponse, type StorageSender } from "../src/index.js";

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
    return { chunk: chunk.toString("base64"), proof: Array.from({ length: proofLength(req.chunk_index!, s.chunks) }, () => hex(32)), answer: hex(32), upload: null };
  };
}

/** Keeps only the roots: proofs end at the real root, but cannot start from real data. */
export function rootOnly(): Serve {
  const kept = new Map<string, { size: number; chunkSize: number; chunks: number; root: string }>();
  return async (req) => {
    if (req.op === "store") {
      kept.set(req.blob_id, { size: req.size!, chunkSize: req.chunk_size!, chunks: req.chunk_count!, root: req.root! });
      return { ack_root: req.root ?? null, upload: null };
    }
    const s = kept.get(req.blob_id)!;
    if (req.op === "retrieve") return { blob: randomBytes(s.size).toString("base64"), upload: null };
    const i = req.chunk_index!;
    const chunk = randomBytes(Math.min(s.chunkSize, s.size - i * s.chunkSize));
    const len = proofLength(i, s.chunks);
    // the best it can do: random siblings, the last one the root itself
    const proof = Array.from({ length: len }, (_, k) => (k === len - 1 ? s.root : hex(32)));
    return { chunk: chunk.toString("base64"), proof, answer: challengeAnswer(chunk, Buffer.from(req.nonce!, "hex")).toString("hex"), upload: null };
  };
}

/** Keeps every leaf hash and the even chunks only (half the data, all the proofs). */
export function halfChunks(): Serve {
  const kept = new Map<string, { levels: Buffer[][]; chunks: Map<number, Buffer>; size: number; chunkSize: number }>();
  return async (req) => {
    if (req.op === "store") {
      const data = Buffer.from(req.upload!, "base64");
      const cs = req.chunk_size!;
      const chunks = new Map<number, Buffer>();
      for (let i = 0; i < req.chunk_count!; i += 2) chunks.set(i, Buffer.from(chunkOf(data, i, cs)));
      kept.set(req.blob_id, { levels: treeLevels(leafHashes(data, cs)), chunks, size: req.size!, chunkSize: cs });
      return { ack_root: req.root ?? null, upload: null };
    }
    const k = kept.get(req.blob_id)!;
    const fill = (i: number) => k.chunks.get(i) ?? randomBytes(Math.min(k.chunkSize, k.size - i * k.chunkSize));
    if (req.op === "retrieve") return { blob: Buffer.concat(Array.from({ length: k.levels[0]!.length }, (_, i) => fill(i))).toString("base64"), upload: null };
    const i = req.chunk_index!;
    const chunk = fill(i);
    return { chunk: chunk.toString("base64"), proof: inclusionProof(k.levels, i).map((p) => p.toString("hex")), answer: challengeAnswer(chunk, Buffer.from(req.nonce!, "hex")).toString("hex"), upload: null };
  };
}

/** Stores nothing itself: forwards each request to another miner (which sees the relay as its validator). */
export function relay(upstream: () => StorageSender): Serve {
  return async (req) => upstream()(req);
}
