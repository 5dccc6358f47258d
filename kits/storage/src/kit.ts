/**
 * `storageKit(options)`: a market for keeping data. A validator stores small random blobs on each
 * miner through the rounds (and, with `uploadBlob`, blobs up to 64 MiB), keeping only each blob's
 * Merkle root, size and chunking. Later rounds challenge a random chunk of a random blob with a
 * fresh nonce (the miner answers the chunk, its Merkle proof and H(chunk ‖ nonce)) or ask for a
 * whole blob back. Everything random comes from the round's seed, which the driver derives from
 * the validator's secret and the block hash, so a miner cannot know which chunk comes next.
 *
 * `verify` checks answers in the kit's WASM module (check mode, through `ctx.scoreBatch`: the one
 * module the driver loads, for `score` too) and records each outcome in the miner's window;
 * failures are vetoed with their reason. `score` (the same module, score mode) gives max(0, Wilson
 * lower bound of the window's success rate × latency factor − penalty per failure in the window). Its
 * adversaries (`adversaries.ts`: relay, halfChunks, rootOnly) run in `simulate` beside the generic profiles.
 */
import { createCipheriv, createHash } from "node:crypto";
import type { RoundEntry, SubnetKit, Verdict } from "@tao-subnet/sdk/kit";
import { type ScoringModuleBytes, scoringModuleAt, scoringModuleFrom } from "@tao-subnet/sdk/scoring";
import { storageAdversaries } from "./adversaries.js";
import {
  encodeChallenge,
  encodeResponse,
  failingResponse,
  MODE_CHECK,
  MODE_SCORE,
  proveResponse,
  type ScoringChallenge,
  type ScoringResponse,
  type StorageOp,
} from "./encode.js";
import { StorageError } from "./errors.js";
import { type BlobRecord, Ledger } from "./ledger.js";
import { chunkCount, merkleRoot } from "./merkle.js";
import { StorageMiner, type StorageMinerOptions } from "./miner.js";
import {
  base64,
  hex32,
  MAX_PART_BYTES,
  MIN_BLOB_BYTES,
  REQUEST_FIELDS,
  type StorageRequest,
  type StorageResponse,
  storageRequestSchema,
  storageResponseSchema,
  validateProveAnswer,
} from "./protocol.js";
import { MemoryStore } from "./store/memoryStore.js";
import type { BlobStore } from "./store/types.js";

/** What the validator keeps to check and score one answer. */
export interface StorageExpected {
  op: StorageOp;
  /** Ledger key: validator hotkey / uid. */
  key: string;
  blob: BlobRecord;
  /** prove: the chunk asked for. */
  index: number;
  /** prove: the fresh nonce, hex. */
  nonce: string;
  /** The window before this answer. */
  trials: number;
  successes: number;
}

export interface StorageKitOptions {
  /** Miner: where blobs live (default an in-memory store of 256 MiB; the reference miner passes a `FileStore`). */
  store?: BlobStore;
  /** Miner: limits (largest blob, largest retrieve answer, idle uploads). */
  miner?: StorageMinerOptions;
  /** Validator: blobs kept on each miner (default 4). */
  blobsPerMiner?: number;
  /** Validator: size range of the blobs stored through rounds (default 4 KiB..64 KiB; at most 2 MiB, one request). */
  blobBytes?: { min: number; max: number };
  /** Validator: chunk size of those blobs (default 1 KiB). */
  chunkSize?: number;
  /** Validator: one challenge in this many asks for a whole blob back instead of one chunk (default 8; 0 never). */
  retrieveEvery?: number;
  /**
   * Validator: only blobs up to this size are asked back whole in a round (default 64 KiB): a
   * round's answers go to the scoring module in one batch, which must fit its 32 MiB memory
   * (256 uids × 64 KiB = 16 MiB). Larger blobs are read back with `retrieveBlob`.
   */
  retrieveMaxBytes?: number;
  /** Validator: after this many failures in a row a miner's blobs are forgotten and new ones stored (default 10). */
  forgetAfterFailures?: number;
  /** Validator: outcomes in the Wilson window, this answer included (default 100, at most 256). */
  windowSize?: number;
  /** Latency budget: `latencyBaseMs + latencyPerMiBMs × MiB moved` (defaults 1,000 ms and 1,000 ms/MiB). */
  latencyBaseMs?: number;
  latencyPerMiBMs?: number;
  /** Subtracted from the score per failure in the window, as a fraction of a full score (default 0.03). */
  failurePenalty?: number;
  /** Validator: where the ledger (roots, windows) is written durably; default memory only. */
  statePath?: string;
  /** Path of the scoring module (default: the kit's build/scoring.wasm) and its pinned sha256; `verify` and `score` both run it, loaded once by the driver. */
  scoringModulePath?: string | URL;
  scoringModuleSha256?: string;
}

/** The storage kit: a `SubnetKit` plus the validator's ledger, the reference miner and `close`. */
export type StorageKit = SubnetKit<StorageRequest, StorageResponse, StorageExpected> & {
  /** The validator's records (blob roots per miner, outcome windows). */
  ledger: Ledger;
  /** The reference miner behind `serve`. */
  miner: StorageMiner;
  /** Closes the miner's store (the driver calls it through the kit's `close` hook; calling it again does nothing). */
  close(): Promise<void>;
};

/** The kit's scoring module, built by `npm run build` (or the command in the error when it is missing). */
const scoringModule = scoringModuleFrom(import.meta.url, "../build/scoring.wasm", { build: "npm run build:wasm -w @tao-subnet/kit-storage" });
/** The kit's scoring module path. */
export const STORAGE_SCORING_MODULE = scoringModule.url;
/** Reads and hashes the kit's built scoring module: the sha256 a subnet owner publishes and validators pin. */
export const storageScoringModule = (): ScoringModuleBytes => scoringModule.read();

/** `n` pseudo-random bytes from a 32-byte seed (AES-256-CTR keystream). */
export function blobFromSeed(seed: Uint8Array, n: number): Buffer {
  const c = createCipheriv("aes-256-ctr", createHash("sha256").update(seed).update("tao-subnet/storage/blob").digest(), Buffer.alloc(16));
  return Buffer.concat([c.update(Buffer.alloc(n)), c.final()]);
}

export function storageKit(options: StorageKitOptions = {}): StorageKit {
  const windowSize = options.windowSize ?? 100;
  if (!Number.isInteger(windowSize) || windowSize < 2 || windowSize > 256)
    throw new RangeError(`storageKit: windowSize must be an integer in 2..256, got ${windowSize}`);
  const blobBytes = options.blobBytes ?? { min: 4096, max: 65536 };
  if (blobBytes.min < MIN_BLOB_BYTES || blobBytes.max > MAX_PART_BYTES || blobBytes.min > blobBytes.max)
    throw new RangeError(`storageKit: blobBytes must lie within ${MIN_BLOB_BYTES}..${MAX_PART_BYTES} with min ≤ max, got ${blobBytes.min}..${blobBytes.max}`);
  const chunkSize = options.chunkSize ?? 1024;
  const perMiner = options.blobsPerMiner ?? 4;
  const retrieveEvery = options.retrieveEvery ?? 8;
  const retrieveMax = Math.min(options.retrieveMaxBytes ?? 65536, MAX_PART_BYTES);
  const forgetAfter = options.forgetAfterFailures ?? 10;
  const penalty = Math.round((options.failurePenalty ?? 0.03) * 65535);
  const ledger = new Ledger(windowSize, options.statePath);
  const miner = new StorageMiner(options.store ?? new MemoryStore(), options.miner);
  const { load } = options.scoringModulePath ? scoringModuleAt(options.scoringModulePath) : scoringModule;
  let closing: Promise<void> | null = null;
  const params = { latencyBaseMs: options.latencyBaseMs ?? 1000, latencyPerMiBMs: options.latencyPerMiBMs ?? 1000, penalty };

  const toScoring = (e: StorageExpected): ScoringChallenge => ({
    op: e.op,
    root: Buffer.from(e.blob.root, "hex"),
    size: e.blob.size,
    chunkSize: e.blob.chunkSize,
    index: e.index,
    nonce: Buffer.from(e.nonce, "hex"),
    trials: e.trials,
    successes: e.successes,
    ...params,
  });

  /** The answer as the scoring module reads it; throws a StorageError when it cannot be decoded. */
  const decode = (e: RoundEntry<StorageRequest, StorageResponse, StorageExpected>): ScoringResponse => {
    const x = e.challenge.expected;
    const r = e.response!;
    if (x.op === "store") return { latencyMs: e.latencyMs, answer: hex32(r.ack_root, "ack_root"), proof: [], data: new Uint8Array(0) };
    if (x.op === "prove") return proveResponse(validateProveAnswer(r, x.index, x.blob), e.latencyMs);
    return { latencyMs: e.latencyMs, answer: new Uint8Array(32), proof: [], data: base64(r.blob, "blob") };
  };

  return {
    name: "kit:storage",
    ledger,
    miner,
    synapse: { name: "StorageRequest", request: storageRequestSchema, response: storageResponseSchema, requiredHashFields: REQUEST_FIELDS },

    challenge(ctx) {
      const key = Ledger.key(ctx.validatorHotkey, ctx.uid);
      const rec = ledger.get(key);
      const { trials, successes } = ledger.counts(key);
      const nonce = createHash("sha256").update(ctx.seed).update("tao-subnet/storage/nonce").digest();
      const base = { key, trials, successes, index: 0, nonce: nonce.toString("hex") };
      if (rec.blobs.length < perMiner) {
        const size = blobBytes.min + ctx.random.int(blobBytes.max - blobBytes.min + 1);
        const data = blobFromSeed(ctx.seed, size);
        const blob: BlobRecord = {
          id: `r${ctx.round}-${Buffer.from(ctx.seed).toString("hex").slice(0, 24)}`,
          root: merkleRoot(data, chunkSize).toString("hex"),
          size,
          chunkSize,
          chunks: chunkCount(size, chunkSize),
        };
        return {
          request: {
            op: "store",
            blob_id: blob.id,
            root: blob.root,
            size,
            chunk_size: chunkSize,
            chunk_count: blob.chunks,
            first_chunk: 0,
            upload: data.toString("base64"),
            final: true,
          },
          expected: { ...base, op: "store", blob },
        };
      }
      const blob = ctx.random.pick(rec.blobs);
      if (retrieveEvery > 0 && blob.size <= retrieveMax && ctx.random.int(retrieveEvery) === 0) {
        return { request: { op: "retrieve", blob_id: blob.id, first_chunk: 0, chunk_limit: blob.chunks }, expected: { ...base, op: "retrieve", blob } };
      }
      const index = ctx.random.int(blob.chunks);
      return { request: { op: "prove", blob_id: blob.id, chunk_index: index, nonce: base.nonce }, expected: { ...base, op: "prove", blob, index } };
    },

    serve: (request, ctx) => miner.serve(request, ctx.caller),

    async verify(round, ctx): Promise<Verdict> {
      const vetoed: Verdict["vetoed"] = [];
      const toCheck: Array<{ entry: (typeof round)[number]; response: ScoringResponse }> = [];
      for (const e of round) {
        if (e.response === null) {
          ledger.record(e.challenge.expected.key, false, forgetAfter);
          continue;
        }
        try {
          toCheck.push({ entry: e, response: decode(e) });
        } catch (err) {
          if (!(err instanceof StorageError)) throw err;
          ledger.record(e.challenge.expected.key, false, forgetAfter);
          vetoed.push({ uid: e.uid, reason: err.message });
        }
      }
      const verdicts = await ctx.scoreBatch(
        toCheck.map((c) => ({ challenge: encodeChallenge(toScoring(c.entry.challenge.expected), MODE_CHECK), response: encodeResponse(c.response) })),
      );
      toCheck.forEach(({ entry }, i) => {
        const x = entry.challenge.expected;
        const ok = verdicts[i] === 65535;
        ledger.record(x.key, ok, forgetAfter);
        if (ok && x.op === "store") ledger.addBlob(x.key, x.blob);
        if (!ok)
          vetoed.push({
            uid: entry.uid,
            reason:
              x.op === "store"
                ? "the acknowledged root is not the blob's root"
                : x.op === "prove"
                  ? `chunk ${x.index} of blob ${x.blob.id}: the proof or H(chunk ‖ nonce) does not verify against the root`
                  : `blob ${x.blob.id}: the data returned does not hash to its root`,
          });
      });
      await ledger.save();
      return { vetoed };
    },

    scorer: {
      kind: "wasm",
      load,
      ...(options.scoringModuleSha256 ? { sha256: options.scoringModuleSha256 } : {}),
      encode: (e) => {
        let response: ScoringResponse;
        try {
          response = e.response ? decode(e) : failingResponse(e.latencyMs);
        } catch {
          response = failingResponse(e.latencyMs);
        }
        return { challenge: encodeChallenge(toScoring(e.challenge.expected), MODE_SCORE), response: encodeResponse(response) };
      },
    },

    adversaries: storageAdversaries(),

    close: () => (closing ??= miner.close()),
  };
}
