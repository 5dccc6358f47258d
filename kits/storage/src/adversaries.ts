/**
 * The cheaters of the storage market, as miner behaviours for `simulate` (`SubnetKit.adversaries`)
 * and as plain answer functions the anti-cheat tests serve over HTTP:
 * - `relay`: stores nothing; forwards every request to another miner and relays its answer, one
 *   more network leg later (in a simulation the other miner is the kit's reference miner);
 * - `halfChunks`: keeps every leaf hash (so its proofs are real) but only the even chunks, and fills
 *   the others with random bytes;
 * - `rootOnly`: keeps each blob's root and shape, nothing else: proofs of the right length ending at
 *   the root, over random chunks.
 * Each acknowledges a store with the root the validator declared, as a miner that stored it would.
 */
import type { MinerBehaviour, Random } from "@tao-subnet/sdk/kit";
import { challengeAnswer, chunkOf, inclusionProof, leafHashes, proofLength, treeLevels } from "./merkle.js";
import type { StorageRequest, StorageResponse } from "./protocol.js";

/** `n` bytes from some source of randomness (a seeded `Random` in simulations, `randomBytes` elsewhere). */
export type FillBytes = (n: number) => Uint8Array;

/** What a cheater remembers of a blob: its shape, and for `halfChunks` the tree and the kept chunks. */
interface KeptBlob {
  root: string;
  size: number;
  chunkSize: number;
  chunks: number;
  levels?: Buffer[][];
  data?: Map<number, Uint8Array>;
}

/** `n` bytes from a seeded `Random` (deterministic: simulations repeat byte for byte). */
export function bytesFrom(random: Random): FillBytes {
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const x = random.nextU32();
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (x >>> (8 * k)) & 0xff;
    }
    return out;
  };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const chunkLength = (k: KeptBlob, i: number) => Math.min(k.chunkSize, k.size - i * k.chunkSize);

/** Remembers a store's shape (and, with `keepEven`, its leaf tree and even chunks) and acknowledges the declared root. */
function acknowledge(req: StorageRequest, kept: Map<string, unknown>, keepEven: boolean): StorageResponse {
  const k: KeptBlob = { root: req.root ?? "", size: req.size ?? 0, chunkSize: req.chunk_size ?? 1, chunks: req.chunk_count ?? 0 };
  if (keepEven && req.upload) {
    const data = Buffer.from(req.upload, "base64");
    k.levels = treeLevels(leafHashes(data, k.chunkSize));
    k.data = new Map();
    for (let i = 0; i < k.chunks; i += 2) k.data.set(i, chunkOf(data, i, k.chunkSize).slice());
  }
  kept.set(req.blob_id, k);
  return { ack_root: req.root ?? null, upload: null };
}

/** Answers `req` from what the cheater kept: kept chunks where it has them, `fill` bytes elsewhere. */
function answerFromKept(req: StorageRequest, kept: Map<string, unknown>, fill: FillBytes): StorageResponse {
  const k = kept.get(req.blob_id) as KeptBlob | undefined;
  if (!k) return { upload: null };
  const chunk = (i: number) => k.data?.get(i) ?? fill(chunkLength(k, i));
  if (req.op === "retrieve") {
    const first = req.first_chunk ?? 0;
    const last = Math.min(k.chunks, first + (req.chunk_limit ?? k.chunks));
    return { blob: b64(Buffer.concat(Array.from({ length: Math.max(0, last - first) }, (_, j) => chunk(first + j)))), upload: null };
  }
  const i = req.chunk_index ?? 0;
  const data = chunk(i);
  const len = proofLength(i, k.chunks);
  // with the tree, the real siblings; without, the best it can do: random siblings ending at the root
  const proof = k.levels ? inclusionProof(k.levels, i).map(hex) : Array.from({ length: len }, (_, j) => (j === len - 1 ? k.root : hex(fill(32))));
  return { chunk: b64(data), proof, answer: hex(challengeAnswer(data, Buffer.from(req.nonce ?? "", "hex"))), upload: null };
}

/** A `rootOnly` miner's answer: `kept` is its memory across requests (blob id → shape). */
export function rootOnlyAnswer(req: StorageRequest, kept: Map<string, unknown>, fill: FillBytes): StorageResponse {
  return req.op === "store" ? acknowledge(req, kept, false) : answerFromKept(req, kept, fill);
}

/** A `halfChunks` miner's answer: `kept` is its memory across requests (blob id → tree and even chunks). */
export function halfChunksAnswer(req: StorageRequest, kept: Map<string, unknown>, fill: FillBytes): StorageResponse {
  return req.op === "store" ? acknowledge(req, kept, true) : answerFromKept(req, kept, fill);
}

/** The storage kit's adversaries. */
export function storageAdversaries(): Record<string, MinerBehaviour<StorageRequest, StorageResponse>> {
  return {
    relay: {
      description: "stores nothing: forwards each request to another miner and relays its answer (one more network leg)",
      answer: async ({ honest, random }) => ({ response: await honest(), extraLatencyMs: 100 + random.int(400) }),
    },
    halfChunks: {
      description: "keeps every leaf hash but only the even chunks; fills the rest with random bytes",
      answer: ({ request, memory, random }) => ({ response: halfChunksAnswer(request, memory, bytesFrom(random)) }),
    },
    rootOnly: {
      description: "keeps only each blob's root and shape; proves over random chunks",
      answer: ({ request, memory, random }) => ({ response: rootOnlyAnswer(request, memory, bytesFrom(random)) }),
    },
  };
}
