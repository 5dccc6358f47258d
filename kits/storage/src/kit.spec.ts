import { KitDriver } from "@tao-subnet/sdk/kit";
import { ScoringHost, type ScoringModule } from "@tao-subnet/sdk/scoring";
import { simulate } from "@tao-subnet/sdk/sim";
import { describe, expect, it } from "vitest";
import { Ledger, storageKit, storageScoringModule } from "./index.js";

describe("storageKit", () => {
  it("stores first, then challenges unpredictable chunks: the same seed gives the same challenge, another secret another", async () => {
    const coords = { blockHash: "0xabc", validatorHotkey: "5V", round: 9 };
    const a = new KitDriver(storageKit(), { secret: "one" });
    const b = new KitDriver(storageKit(), { secret: "two" });
    const [x, y, z] = [await a.challenge(coords, 1), await a.challenge(coords, 1), await b.challenge(coords, 1)];
    expect(x.request.op).toBe("store");
    expect(x.request).toEqual(y.request);
    expect(z.request.root).not.toBe(x.request.root);
    // once blobs are recorded, prove challenges spread over chunks and nonces differ per round
    const kit = storageKit({ retrieveEvery: 0 });
    const blob = { id: "b", root: "00".repeat(32), size: 64 * 1024, chunkSize: 1024, chunks: 64 };
    for (const uid of [1]) for (let i = 0; i < 4; i++) kit.ledger.addBlob(Ledger.key("5V", uid), { ...blob, id: `b${i}` });
    const d = new KitDriver(kit, { secret: "one" });
    const seen = new Set<string>();
    const nonces = new Set<string>();
    for (let round = 0; round < 40; round++) {
      const c = await d.challenge({ ...coords, round }, 1);
      expect(c.request.op).toBe("prove");
      seen.add(`${c.request.blob_id}/${c.request.chunk_index}`);
      nonces.add(c.request.nonce!);
    }
    expect(seen.size).toBeGreaterThan(30);
    expect(nonces.size).toBe(40);
    for (const k of [kit]) await k.close();
  });

  it("checks answers (verify) and scores them in the one module the driver loads", async () => {
    // a real host that counts what goes through it
    const loads: ScoringModule[] = [];
    let batches = 0;
    const host = new (class extends ScoringHost {
      override async load(bytes: Uint8Array, sha256?: string): Promise<ScoringModule> {
        const m = await super.load(bytes, sha256);
        const run = m.scoreBatch.bind(m);
        m.scoreBatch = (items) => {
          batches++;
          return run(items);
        };
        loads.push(m);
        return m;
      }
    })();
    const kit = storageKit({ blobsPerMiner: 1 });
    const honest = storageKit();
    const d = new KitDriver(kit, { secret: "s", scoringHost: host });
    const r = await d.runRound({ blockHash: "0x1", validatorHotkey: "5V", round: 0 }, [1, 2], async (_u, req) => ({
      body: await honest.miner.serve(req, "5V"),
      latencyMs: 1,
    }));
    expect(r.verdict.vetoed).toEqual([]);
    expect([...r.scores.values()].every((s) => s > 0)).toBe(true);
    expect(loads).toHaveLength(1);
    expect(batches).toBe(2); // verify's check batch and score's batch
    expect(kit.ledger.get("5V/1").blobs).toHaveLength(1);
    await d.close(); // the last driver over the kit: runs its close hook
    await kit.close(); // a second close does nothing
    await honest.close();
  });

  it("pays the reference miner more than lazy, noisy and copying miners in a devnet simulation", async () => {
    const kit = storageKit({ blobsPerMiner: 2, scoringModuleSha256: storageScoringModule().sha256 });
    const r = await simulate(kit, { seed: "storage", epochs: 8, tempo: 10 });
    const share = (p: string) => r.profiles[`miner:${p}`]!.share / r.profiles[`miner:${p}`]!.uids.length;
    for (const p of ["lazy", "noisy", "copier"]) expect(share("honest"), p).toBeGreaterThan(2 * share(p));
    await kit.close();
  }, 120_000);
});

describe("the ledger", () => {
  it("forgets a miner's blobs after 10 failures in a row (lost disk, recycled uid) so new ones are stored, keeping its window", async () => {
    const kit = storageKit({ blobsPerMiner: 1, retrieveEvery: 0 });
    const d = new KitDriver(kit, { secret: "s" });
    const coords = (round: number) => ({ blockHash: "0x1", validatorHotkey: "5V", round });
    const honest = storageKit();
    await d.runRound(coords(0), [2], async (_u, req) => ({ body: await honest.miner.serve(req, "5V"), latencyMs: 1 }));
    expect(kit.ledger.get("5V/2").blobs.length).toBe(1);
    const ops: string[] = [];
    for (let round = 1; round <= 11; round++) {
      const r = await d.runRound(coords(round), [2], async () => ({ body: null, latencyMs: 1 }));
      ops.push(r.entries[0]!.challenge.request.op);
    }
    expect(ops).toEqual([...Array(10).fill("prove"), "store"]);
    expect(kit.ledger.counts("5V/2")).toEqual({ trials: 12, successes: 1 });
    await d.close();
    await kit.close();
    await honest.close();
  });
});
