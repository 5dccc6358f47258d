import { KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { answerAs, simulate } from "@tao-subnet/sdk/sim";
import { afterAll, describe, expect, it } from "vitest";
import { type StorageExpected, type StorageKit, type StorageRequest, type StorageResponse, storageKit } from "./index.js";

type Entry = RoundEntry<StorageRequest, StorageResponse, StorageExpected>;
const kits: StorageKit[] = [];
const drivers: Array<KitDriver<StorageRequest, StorageResponse, StorageExpected>> = [];
afterAll(async () => {
  for (const d of drivers) await d.close();
  for (const k of kits) await k.close();
});

const CHEAT = 3;
const HONEST = 4;

/**
 * `rounds` real rounds of a storage kit's validator over two miners: uid 3 plays `profile` (with one
 * memory across the rounds, as one miner), uid 4 is the kit's reference miner. Each round: the kit's
 * challenge (a store first, then proves and retrieves), verify (the WASM module in check mode, the
 * ledger), score.
 */
async function play(profile: string, rounds: number) {
  const kit = storageKit({ blobsPerMiner: 1, blobBytes: { min: 8192, max: 8192 }, chunkSize: 1024, retrieveEvery: 4, forgetAfterFailures: 1000 });
  kits.push(kit);
  const driver = new KitDriver(kit, { secret: `storage ${profile}` });
  drivers.push(driver);
  const memory = new Map<string, unknown>();
  const out: Array<{ entry: Entry; vetoed: boolean; extraLatencyMs: number; honestAnswer: StorageResponse; scores: Map<number, number> }> = [];
  for (let round = 0; round < rounds; round++) {
    let extraLatencyMs = 0;
    let honestAnswer: StorageResponse | null = null;
    const r = await driver.runRound({ blockHash: "0x5707", validatorHotkey: "5V", round }, [CHEAT, HONEST], async (uid, request) => {
      const honest = () => driver.serve(request, { caller: "5V", timeoutMs: 5000 });
      if (uid === HONEST) return { body: await honest(), latencyMs: 100 };
      const a = await answerAs(kit.adversaries![profile]!, request, async () => (honestAnswer = await honest()), { seed: `${profile} ${round}`, memory, uid });
      extraLatencyMs = a.extraLatencyMs ?? 0;
      return { body: a.response, latencyMs: 100 + extraLatencyMs };
    });
    const entry = r.entries.find((e) => e.uid === CHEAT)!;
    out.push({ entry, vetoed: r.verdict.vetoed.some((v) => v.uid === CHEAT), extraLatencyMs, honestAnswer: honestAnswer!, scores: r.scores });
  }
  return out;
}

describe("the storage kit's adversaries, against the kit's own challenges, ledger and scoring module", () => {
  it("declares relay, halfChunks and rootOnly, each with a one-line description", () => {
    const kit = storageKit();
    kits.push(kit);
    expect(Object.keys(kit.adversaries!)).toEqual(["relay", "halfChunks", "rootOnly"]);
    for (const b of Object.values(kit.adversaries!)) expect(b.description).toMatch(/^[^\n]{10,120}$/);
  });

  it("relay: sends another miner's answers (which verify), one network leg later", async () => {
    const plays = await play("relay", 16);
    expect(new Set(plays.map((p) => p.entry.challenge.request.op))).toEqual(new Set(["store", "prove", "retrieve"]));
    for (const p of plays) {
      expect(p.vetoed).toBe(false);
      expect(p.entry.response).toEqual(p.honestAnswer);
      expect(p.extraLatencyMs).toBeGreaterThanOrEqual(100);
      expect(p.extraLatencyMs).toBeLessThan(500);
    }
    const last = plays.at(-1)!.scores;
    expect(last.get(CHEAT)!).toBeGreaterThan(0);
    expect(last.get(CHEAT)!).toBeLessThanOrEqual(last.get(HONEST)!);
  });

  it("halfChunks: its store is acknowledged; proves of even chunks verify, of odd chunks fail; it scores below the reference miner", async () => {
    const plays = await play("halfChunks", 40);
    expect(plays[0]!.entry.challenge.request.op).toBe("store");
    expect(plays[0]!.vetoed).toBe(false);
    const proves = plays.filter((p) => p.entry.challenge.request.op === "prove");
    expect(proves.some((p) => p.entry.challenge.request.chunk_index! % 2 === 0)).toBe(true);
    expect(proves.some((p) => p.entry.challenge.request.chunk_index! % 2 === 1)).toBe(true);
    for (const p of proves) expect(p.vetoed, `chunk ${p.entry.challenge.request.chunk_index}`).toBe(p.entry.challenge.request.chunk_index! % 2 === 1);
    // a retrieve of the whole blob holds the random odd chunks
    for (const p of plays.filter((x) => x.entry.challenge.request.op === "retrieve")) expect(p.vetoed).toBe(true);
    const last = plays.at(-1)!.scores;
    expect(last.get(CHEAT)!).toBeLessThan(last.get(HONEST)! / 2);
  });

  it("rootOnly: its store is acknowledged, and every prove and retrieve after it fails; it scores 0", async () => {
    const plays = await play("rootOnly", 20);
    expect(plays[0]!.vetoed).toBe(false);
    for (const p of plays.slice(1)) expect(p.vetoed).toBe(true);
    // the proof ends at the blob's root: the right shape, the wrong data
    const prove = plays.find((p) => p.entry.challenge.request.op === "prove")!;
    expect(prove.entry.response!.proof!.at(-1)).toBe(prove.entry.challenge.expected.blob.root);
    const last = plays.at(-1)!.scores;
    expect(last.get(CHEAT)).toBe(0);
    expect(last.get(HONEST)!).toBeGreaterThan(0);
  });

  it("on the devnet: once the blobs are stored, halfChunks and rootOnly earn nothing and a relay as much per uid as an honest miner", async () => {
    const kit = storageKit();
    kits.push(kit);
    const r = await simulate(kit, { seed: "adversaries", epochs: 30, miners: { honest: 3, relay: 2, halfChunks: 2, rootOnly: 2 } });
    // the last 8 epochs (the first ones are the stores, which every miner acknowledges)
    const earned = new Map<string, bigint>();
    for (const e of r.epochs.slice(-8))
      for (const [name, rao] of Object.entries(e.emission)) if (name.startsWith("miner:")) earned.set(name, (earned.get(name) ?? 0n) + BigInt(rao));
    const total = [...earned.values()].reduce((a, b) => a + b, 0n);
    const perUid = (name: string) => Number((earned.get(`miner:${name}`)! * 1_000_000n) / total) / 1_000_000 / r.profiles[`miner:${name}`]!.uids.length;
    expect(perUid("halfChunks") + perUid("rootOnly")).toBeLessThan(0.01);
    expect(perUid("relay")).toBeGreaterThan(perUid("honest") * 0.9);
    expect(perUid("relay")).toBeLessThan(perUid("honest") * 1.1);
  }, 120_000);
});
