/**
 * Bad input, over real HTTP to the reference miner (FileStore) and in process: each case is a
 * typed StorageError naming the field (on the wire: the Axon's 500 with the code in its status
 * message), nothing is stored (index, blob files and temp directory unchanged), and the miner
 * goes on serving (a fresh proof of a stored blob still verifies after every case).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { Dendrite } from "@tao-subnet/sdk/net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BlobRecord,
  challengeAnswer,
  FileStore,
  inclusionProof,
  leafHash,
  leafHashes,
  merkleRoot,
  StorageError,
  type StorageKit,
  type StorageRequest,
  type StorageSender,
  storageKit,
  treeLevels,
  uploadBlob,
  validateProveAnswer,
  verifyInclusion,
} from "../src/index.js";
import { dendriteSender, keyring, type RunningAxon, serveKit } from "./harness.js";

let dir: string;
let store: FileStore;
let kit: StorageKit;
let miner: RunningAxon;
let send: StorageSender;
let blob: BlobRecord;
const dendrite = new Dendrite(keyring.addFromUri("//bad-input-validator"));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "storage-bad-"));
  store = await FileStore.open(dir, { quotaBytes: 8 << 20 });
  kit = storageKit({ store });
  miner = await serveKit(kit, "//bad-input-miner");
  send = dendriteSender(dendrite, miner.target, kit);
  blob = await uploadBlob(send, "kept", randomBytes(100_000), { chunkSize: 4096 });
});

afterAll(async () => {
  await miner.stop();
  dendrite.close();
  await kit.close();
  rmSync(dir, { recursive: true, force: true });
});

const snapshot = () => ({
  index: store
    .list()
    .map((b) => b.id)
    .sort(),
  files: readdirSync(join(dir, "blobs")).sort(),
  tmp: readdirSync(join(dir, "tmp")),
  used: store.usedBytes,
});

async function stillServing(): Promise<void> {
  const nonce = randomBytes(32);
  const r = await send({ op: "prove", blob_id: blob.id, chunk_index: 7, nonce: nonce.toString("hex") });
  const chunk = Buffer.from(r.chunk!, "base64");
  expect(
    verifyInclusion(
      Buffer.from(blob.root, "hex"),
      7,
      blob.chunks,
      leafHash(chunk),
      r.proof!.map((p) => Buffer.from(p, "hex")),
    ),
  ).toBe(true);
  expect(r.answer).toBe(challengeAnswer(chunk, nonce).toString("hex"));
}

const small = randomBytes(4096);
const smallRoot = merkleRoot(small, 1024).toString("hex");
const store1 = (over: Partial<StorageRequest>): StorageRequest => ({
  op: "store",
  blob_id: "new",
  root: smallRoot,
  size: 4096,
  chunk_size: 1024,
  chunk_count: 4,
  first_chunk: 0,
  upload: small.toString("base64"),
  final: true,
  ...over,
});

const cases: Array<[string, StorageRequest, string, string]> = [
  ["a non-hex root", store1({ root: "zz".repeat(32) }), "STORAGE_NOT_HEX", "root"],
  ["a root in upper-case hex", store1({ root: smallRoot.toUpperCase() }), "STORAGE_NOT_HEX", "root"],
  ["a 2 GiB upload declared", store1({ size: 2 ** 31, chunk_size: 65536, chunk_count: 32768 }), "STORAGE_BLOB_SIZE", "size"],
  ["a blob under 1 KiB", store1({ size: 1000, chunk_count: 1 }), "STORAGE_BLOB_SIZE", "size"],
  ["a chunk count that does not match the size", store1({ chunk_count: 5 }), "STORAGE_CHUNKING", "chunk_count"],
  ["a chunk size that is not a power of two", store1({ chunk_size: 1000, chunk_count: 5 }), "STORAGE_CHUNKING", "chunk_size"],
  ["a final part shorter than the blob", store1({ upload: small.subarray(0, 3000).toString("base64") }), "STORAGE_DATA_LENGTH", "upload"],
  ["data that does not hash to the root", store1({ upload: randomBytes(4096).toString("base64") }), "STORAGE_ROOT_MISMATCH", "root"],
  [
    "a part continuing an upload never begun",
    store1({ first_chunk: 2, upload: small.subarray(2048).toString("base64") }),
    "STORAGE_UPLOAD_ORDER",
    "first_chunk",
  ],
  [
    "a blob over the miner's quota",
    store1({ blob_id: "huge", size: 9 << 20, chunk_size: 65536, chunk_count: 144, final: false, upload: randomBytes(65536).toString("base64") }),
    "STORAGE_QUOTA",
    "size",
  ],
  ["a chunk index out of range", { op: "prove", blob_id: "kept", chunk_index: 25, nonce: "00".repeat(32) }, "STORAGE_CHUNK_INDEX", "chunk_index"],
  ["a non-hex nonce", { op: "prove", blob_id: "kept", chunk_index: 1, nonce: "nonce" }, "STORAGE_NOT_HEX", "nonce"],
  ["a blob id with a path in it", { op: "prove", blob_id: "../index", chunk_index: 0, nonce: "00".repeat(32) }, "STORAGE_BLOB_ID", "blob_id"],
  ["a blob this validator never stored", { op: "retrieve", blob_id: "nope" }, "STORAGE_UNKNOWN_BLOB", "blob_id"],
];

describe("bad input to the reference miner", () => {
  it.each(cases)("refuses %s over HTTP with a typed error, stores nothing and keeps serving", async (_what, req, code, field) => {
    const before = snapshot();
    const err = await send(req).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(err).toContain(code);
    expect(err).toContain(`${field}:`);
    expect(snapshot()).toEqual(before);
    await stillServing();
  });

  it.each(cases)("throws StorageError for %s in process (code and field)", async (_what, req, code, field) => {
    const before = snapshot();
    const e = await kit.miner.serve(req, keyring.addFromUri("//bad-input-validator").address).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ code, field });
    expect(snapshot()).toEqual(before);
  });

  it("refuses an HTTP body declared as 2 GiB with 413 before reading it, and keeps serving", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: miner.target.port,
          path: "/StorageRequest",
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(2 ** 31) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      req.write("{");
    });
    expect(status).toBe(413);
    await stillServing();
  });
});

describe("bad answers at the validator", () => {
  const data = randomBytes(20_000);
  const cs = 1024;
  const levels = treeLevels(leafHashes(data, cs));
  const shape = { size: data.length, chunkSize: cs, chunks: 20 };
  const nonce = randomBytes(32);
  const answer = (i: number, proof = inclusionProof(levels, i)) => ({
    chunk: data.subarray(i * cs, (i + 1) * cs).toString("base64"),
    proof: proof.map((p) => p.toString("hex")),
    answer: challengeAnswer(data.subarray(i * cs, (i + 1) * cs), nonce).toString("hex"),
  });

  it("throws STORAGE_PROOF_LENGTH for a proof one hash short or long, naming how many are needed", () => {
    for (const proof of [inclusionProof(levels, 5).slice(1), [...inclusionProof(levels, 5), levels.at(-1)![0]!]]) {
      const e = (() => {
        try {
          validateProveAnswer(answer(5, proof), 5, shape);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(StorageError);
      expect(e).toMatchObject({ code: "STORAGE_PROOF_LENGTH", field: "proof" });
      expect((e as Error).message).toMatch(/needs 5 sibling hashes/);
    }
    expect(() => validateProveAnswer(answer(5), 5, shape)).not.toThrow();
  });

  it("throws STORAGE_CHUNK_INDEX for an index outside the blob, and STORAGE_NOT_HEX for a non-hex proof hash", () => {
    expect(() => validateProveAnswer(answer(5), 20, shape)).toThrow(expect.objectContaining({ code: "STORAGE_CHUNK_INDEX", field: "chunk_index" }));
    const a = answer(5);
    a.proof[2] = "xyz";
    expect(() => validateProveAnswer(a, 5, shape)).toThrow(expect.objectContaining({ code: "STORAGE_NOT_HEX", field: "proof[2]" }));
  });

  it("vetoes a miner whose proof has the wrong length in a round, with the typed error as the reason, and records the failure", async () => {
    const vkit = storageKit({ blobsPerMiner: 1, retrieveEvery: 0 });
    const driver = new KitDriver(vkit, { secret: "s" });
    const mine = storageKit();
    const short = async (req: StorageRequest, caller: string) => {
      const r = await mine.miner.serve(req, caller);
      return req.op === "prove" ? { ...r, proof: r.proof!.slice(1) } : r;
    };
    const coords = (round: number) => ({ blockHash: `0x${round}`, validatorHotkey: "5Validator", round });
    const query = async (_uid: number, req: StorageRequest) => ({ body: await short(req, "5Validator"), latencyMs: 5 });
    const first = await driver.runRound(coords(1), [3], query); // store
    expect(first.verdict.vetoed).toEqual([]);
    const second = await driver.runRound(coords(2), [3], query); // prove, proof one short
    expect(second.entries[0]!.challenge.request.op).toBe("prove");
    expect(second.verdict.vetoed[0]!.reason).toMatch(/STORAGE_PROOF_LENGTH.*proof/);
    expect(second.scores.get(3)).toBe(0);
    expect(vkit.ledger.counts("5Validator/3")).toEqual({ trials: 2, successes: 1 });
    await driver.close();
    await vkit.close();
    await mine.close();
  });
});
