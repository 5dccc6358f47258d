// Your subnet's own tests: your scoring module (built by `npm run build`), through the kit, in
// process. The reference miner keeps its data and is paid; a miner that keeps nothing is not.
import { randomBytes } from "node:crypto";
import { proofLength, type StorageRequest, type StorageResponse } from "@tao-subnet/kit-storage";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

/** Runs `rounds` rounds of one validator against one miner answering with `answer`. */
async function market(rounds: number, answer: (req: StorageRequest) => Promise<StorageResponse>) {
  const kit = myKit({ blobsPerMiner: 2 });
  const driver = new KitDriver(kit, { secret: "my validator secret" });
  let last = 0;
  for (let round = 1; round <= rounds; round++) {
    const r = await driver.runRound({ blockHash: `0x${round.toString(16)}`, validatorHotkey: "5MyValidator", round }, [1], async (_uid, req) => ({
      body: await answer(req),
      latencyMs: 20,
    }));
    last = r.scores.get(1)! / 65535;
  }
  await driver.close();
  await kit.close();
  return last;
}

describe("my storage subnet", () => {
  it("pays the reference miner after 30 challenges", async () => {
    const miner = myKit();
    const score = await market(30, (req) => miner.miner.serve(req, "5MyValidator"));
    expect(score).toBeGreaterThan(0.8);
    await miner.close();
  });

  it("pays nothing to a miner that acknowledges uploads and keeps nothing", async () => {
    const shapes = new Map<string, { size: number; chunkSize: number; chunks: number }>();
    const score = await market(30, async (req) => {
      if (req.op === "store") {
        shapes.set(req.blob_id, { size: req.size!, chunkSize: req.chunk_size!, chunks: req.chunk_count! });
        return { ack_root: req.root };
      }
      const s = shapes.get(req.blob_id)!;
      if (req.op === "retrieve") return { blob: randomBytes(s.size).toString("base64") };
      const i = req.chunk_index!;
      return {
        chunk: randomBytes(Math.min(s.chunkSize, s.size - i * s.chunkSize)).toString("base64"),
        proof: Array.from({ length: proofLength(i, s.chunks) }, () => randomBytes(32).toString("hex")),
        answer: randomBytes(32).toString("hex"),
      };
    });
    expect(score).toBe(0);
  });
});
