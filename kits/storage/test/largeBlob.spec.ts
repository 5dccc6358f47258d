/**
 * The size limits end to end: a 64 MiB blob (the largest) is uploaded over HTTP in 2 MiB parts to
 * the reference miner, read back whole and checked against its root, and challenged through the
 * kit's rounds once the validator records it; one byte more is refused before any data is sent.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { Dendrite } from "@tao-subnet/sdk/net";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore, Ledger, MAX_BLOB_BYTES, retrieveBlob, storageKit, uploadBlob } from "../src/index.js";
import { dendriteSender, keyring, serveKit } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "storage-large-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a 64 MiB blob over loopback HTTP", () => {
  it("uploads in parts, reads back whole, answers challenges on it, and refuses 64 MiB + 1", async () => {
    const store = await FileStore.open(dir, { quotaBytes: 80 << 20 });
    const mkit = storageKit({ store });
    const miner = await serveKit(mkit, "//large-miner");
    const validator = keyring.addFromUri("//large-validator");
    const dendrite = new Dendrite(validator);
    const vkit = storageKit({ blobsPerMiner: 1, retrieveEvery: 0 });
    const send = dendriteSender(dendrite, miner.target, vkit, 60_000);
    try {
      const data = randomBytes(MAX_BLOB_BYTES);
      const record = await uploadBlob(send, "big", data, { chunkSize: 65536 });
      expect(record.chunks).toBe(1024);
      expect(store.get(validator.address, "big")?.size).toBe(MAX_BLOB_BYTES);
      expect((await retrieveBlob(send, record)).equals(data)).toBe(true);
      await expect(uploadBlob(send, "too-big", Buffer.alloc(MAX_BLOB_BYTES + 1))).rejects.toMatchObject({ code: "STORAGE_BLOB_SIZE", field: "size" });

      // the validator keeps its root; rounds challenge random chunks of it with fresh nonces
      vkit.ledger.addBlob(Ledger.key(validator.address, 0), record);
      const driver = new KitDriver(vkit, { secret: "large" });
      for (let round = 1; round <= 5; round++) {
        const r = await driver.runRound({ blockHash: `0x${round}`, validatorHotkey: validator.address, round }, [0], async (_uid, request) => {
          const res = await dendrite.call(miner.target, vkit.synapse.name, driver.requestBody(request), {
            requiredHashFields: vkit.synapse.requiredHashFields ?? [],
          });
          return { body: res.body, latencyMs: res.latencyMs };
        });
        expect(r.entries[0]!.challenge.request.op).toBe("prove");
        expect(r.verdict.vetoed).toEqual([]);
        expect(r.scores.get(0)).toBeGreaterThan(0);
      }
      await driver.close();
    } finally {
      await miner.stop();
      dendrite.close();
      await vkit.close();
      await mkit.close();
    }
  }, 180_000);
});
