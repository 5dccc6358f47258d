/**
 * Crash safety of the reference miner's FileStore, with a real process: a child miner takes
 * concurrent multi-part uploads over HTTP and is killed with SIGKILL in the middle of them, three
 * times. After each restart every blob acknowledged before any kill still reads back whole
 * (checked against its Merkle root) and proves a random chunk with a fresh nonce; every blob that
 * was in flight is absent, or (if its commit finished but the acknowledgement was lost) whole —
 * never present and corrupt; no temp or orphan file is left.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type AxonTarget, Dendrite } from "@tao-subnet/sdk/net";
import { afterAll, describe, expect, it } from "vitest";
import {
  type BlobRecord,
  challengeAnswer,
  leafHash,
  merkleRoot,
  retrieveBlob,
  type StorageSender,
  storageKit,
  uploadBlob,
  verifyInclusion,
} from "../src/index.js";
import { dendriteSender, keyring } from "./harness.js";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "storage-crash-"));
const kit = storageKit();
// One dendrite per concurrent stream (three writers and the staged upload): an axon refuses a
// nonce not newer than the last one it processed from the same dendrite, so concurrent requests
// from one dendrite can overtake each other and be refused as replays (the Python SDK's rule too).
const validatorKey = keyring.addFromUri("//crash-validator");
const dendrites = [0, 1, 2, 3].map(() => new Dendrite(validatorKey));
let child: ChildProcess | null = null;

afterAll(async () => {
  child?.kill("SIGKILL");
  for (const d of dendrites) d.close();
  await kit.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<{ target: AxonTarget; recovery: { removedTemp: number; removedOrphans: number; dropped: string[] }; blobs: number }> {
  const c = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "test/crashMiner.ts", dir], { cwd: pkg, stdio: ["ignore", "pipe", "inherit"] });
  child = c;
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: c.stdout! });
    rl.once("line", resolve);
    c.once("exit", (code) => reject(new Error(`miner exited with ${code} before it served`)));
  });
  const info = JSON.parse(line) as {
    port: number;
    hotkey: string;
    recovery: { removedTemp: number; removedOrphans: number; dropped: string[] };
    blobs: number;
  };
  return { target: { ip: "127.0.0.1", port: info.port, hotkey: info.hotkey }, recovery: info.recovery, blobs: info.blobs };
}

function kill9(): Promise<void> {
  const c = child!;
  return new Promise((resolve) => {
    c.once("exit", () => resolve());
    c.kill("SIGKILL");
  });
}

/** Reads a blob back whole (root-checked) and proves one random chunk with a fresh nonce. */
async function verifyStored(send: StorageSender, blob: BlobRecord): Promise<void> {
  await retrieveBlob(send, blob);
  const index = Math.floor(Math.random() * blob.chunks);
  const nonce = randomBytes(32);
  const r = await send({ op: "prove", blob_id: blob.id, chunk_index: index, nonce: nonce.toString("hex") });
  const chunk = Buffer.from(r.chunk!, "base64");
  expect(
    verifyInclusion(
      Buffer.from(blob.root, "hex"),
      index,
      blob.chunks,
      leafHash(chunk),
      r.proof!.map((p) => Buffer.from(p, "hex")),
    ),
    blob.id,
  ).toBe(true);
  expect(r.answer).toBe(challengeAnswer(chunk, nonce).toString("hex"));
}

describe("the reference miner killed with SIGKILL during writes", () => {
  it("keeps every acknowledged blob and leaves in-flight ones cleanly absent, over three crashes", async () => {
    const acked: BlobRecord[] = [];
    const inFlight: BlobRecord[] = [];
    let presentUnacked = 0;
    let removedTemp = 0;
    let m = await start();
    for (let crash = 1; crash <= 3; crash++) {
      const sends = dendrites.map((d) => dendriteSender(d, m.target, kit, 20_000));
      // a blob whose upload is certainly unfinished at the kill: two parts of three sent
      const staged = randomBytes(3 * 1024 * 1024);
      const stagedId = `staged-${crash}`;
      const stagedRecord = { id: stagedId, size: staged.length, chunkSize: 4096, chunks: 768, root: merkleRoot(staged, 4096).toString("hex") };
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const id = `c${crash}-w${w}-${i}`;
          const data = randomBytes(1024 + Math.floor(Math.random() * 3 * 1024 * 1024));
          const rec: BlobRecord = {
            id,
            root: merkleRoot(data, 4096).toString("hex"),
            size: data.length,
            chunkSize: 4096,
            chunks: Math.ceil(data.length / 4096),
          };
          try {
            acked.push(await uploadBlob(sends[w]!, id, data, { chunkSize: 4096, partBytes: 512 * 1024 }));
          } catch {
            inFlight.push(rec);
            return;
          }
        }
      };
      const writers = [0, 1, 2].map(writer);
      // resolves when the miner has acknowledged the staged blob's first part (so its temp file exists)
      let stagedOpen!: () => void;
      const stagedStarted = new Promise<void>((r) => {
        stagedOpen = r;
      });
      const partial = uploadBlob(
        async (req) => {
          if (req.first_chunk === 512) {
            stagedOpen();
            await new Promise<void>(() => undefined); // never sends the last part
          }
          return sends[3]!(req);
        },
        stagedId,
        staged,
        { chunkSize: 4096, partBytes: 2 << 20 },
      ).then(
        () => "it completed",
        (e: Error) => e.message,
      );
      // let some uploads be acknowledged, then kill in the middle of the others
      const before = acked.length;
      let writing = writers.length;
      for (const w of writers) void w.then(() => writing--);
      while (acked.length < before + 3) {
        if (writing === 0)
          throw new Error(
            `every writer stopped before 3 more blobs were acknowledged (${acked.length - before}): ${JSON.stringify(inFlight.slice(-3).map((b) => b.id))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      await Promise.race([
        stagedStarted,
        partial.then((why) => {
          throw new Error(`the staged upload ended before its last part was due: ${why}`);
        }),
      ]);
      await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 200)));
      await kill9();
      stop = true;
      await Promise.all(writers);
      inFlight.push(stagedRecord);

      m = await start();
      expect(existsSync(join(dir, "tmp")) && readdirSync(join(dir, "tmp"))).toEqual([]);
      expect(m.recovery.dropped).toEqual([]);
      expect(m.recovery.removedTemp).toBeGreaterThanOrEqual(1); // the kill hit writes in progress
      removedTemp += m.recovery.removedTemp;
      expect(m.blobs).toBeGreaterThanOrEqual(acked.length);
      const check = dendriteSender(dendrites[0]!, m.target, kit, 20_000);
      for (const b of acked) await verifyStored(check, b);
      for (const b of inFlight) {
        const r = await check({ op: "retrieve", blob_id: b.id, first_chunk: 0, chunk_limit: 1 }).then(
          () => "present",
          (e: Error) => e.message,
        );
        if (r === "present") {
          // committed before the kill, acknowledgement lost: then it must be whole
          await verifyStored(check, b);
          presentUnacked++;
        } else expect(r, b.id).toMatch(/STORAGE_UNKNOWN_BLOB/);
      }
      expect(await check({ op: "retrieve", blob_id: stagedId, first_chunk: 0 }).catch((e: Error) => e.message)).toMatch(/STORAGE_UNKNOWN_BLOB/);
      // the blob files on disk are exactly the index's
      expect(readdirSync(join(dir, "blobs")).length).toBe(2 * m.blobs);
    }
    expect(acked.length).toBeGreaterThanOrEqual(9);
    console.info(
      `crash test: ${acked.length} acknowledged blobs all verified after 3 × SIGKILL; ${inFlight.length} in flight (${presentUnacked} committed with the ack lost, the rest absent); ${removedTemp} temp files discarded`,
    );
  }, 240_000);
});
