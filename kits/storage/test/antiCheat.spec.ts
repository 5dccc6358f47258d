/**
 * The market over real loopback HTTP: one validator (the kit's rounds through a signed Dendrite)
 * and five miners behind Axons — the reference miner on a FileStore, and four cheaters — for 100
 * challenges each. Scores are the kit's WASM scores of the round; "after 100" is the last round's.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { Dendrite } from "@tao-subnet/sdk/net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore, type StorageKit, storageKit } from "../src/index.js";
import { halfChunks, relay, rootOnly, storesNothing } from "./cheaters.js";
import { dendriteSender, keyring, type RunningAxon, serveKit } from "./harness.js";

const ROUNDS = 100;
const names = ["honest", "storesNothing", "rootOnly", "halfChunks", "relay"] as const;
type Name = (typeof names)[number];

let dir: string;
const axons: RunningAxon[] = [];
const kits: StorageKit[] = [];
const dendrites: Dendrite[] = [];
const scores = new Map<Name, number[]>(names.map((n) => [n, []]));
const latency = new Map<Name, number[]>(names.map((n) => [n, []]));
const vetoes = new Map<Name, string[]>(names.map((n) => [n, []]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "storage-anticheat-"));
  const kit = (o: Parameters<typeof storageKit>[0] = {}) => {
    const k = storageKit(o);
    kits.push(k);
    return k;
  };
  const honest = await serveKit(kit({ store: await FileStore.open(join(dir, "honest"), { quotaBytes: 64 << 20 }) }), "//honest");
  // the relay's upstream: an honest miner the validator does not know about
  const hidden = await serveKit(kit({ store: await FileStore.open(join(dir, "hidden"), { quotaBytes: 64 << 20 }) }), "//hidden");
  const relayKey = keyring.addFromUri("//relay");
  const relayDendrite = new Dendrite(relayKey);
  dendrites.push(relayDendrite);
  const plain = kit();
  const upstream = dendriteSender(relayDendrite, hidden.target, plain);
  const cheat = (serve: (r: never, caller: string) => unknown, uri: string) =>
    serveKit({ ...plain, serve: (req, ctx) => serve(req as never, ctx.caller) as never }, uri);
  axons.push(
    honest,
    await cheat(storesNothing(), "//nothing"),
    await cheat(rootOnly(), "//rootonly"),
    await cheat(halfChunks(), "//half"),
    await cheat(
      relay(() => upstream),
      "//relay",
    ),
    hidden,
  );
}, 60_000);

afterAll(async () => {
  for (const a of axons) await a.stop();
  for (const d of dendrites) d.close();
  for (const k of kits) await k.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`${ROUNDS} challenges per miner over loopback HTTP`, () => {
  it("runs the rounds", async () => {
    const validator = keyring.addFromUri("//validator");
    const vkit = storageKit();
    kits.push(vkit);
    const driver = new KitDriver(vkit, { secret: "validator secret, never sent" });
    const dendrite = new Dendrite(validator);
    dendrites.push(dendrite);
    const uids = names.map((_, i) => i);
    for (let round = 1; round <= ROUNDS; round++) {
      const blockHash = `0x${createHash("sha256").update(`block ${round}`).digest("hex")}`;
      const r = await driver.runRound({ blockHash, validatorHotkey: validator.address, round }, uids, async (uid, request) => {
        const res = await dendrite.call(axons[uid]!.target, vkit.synapse.name, driver.requestBody(request), {
          timeoutMs: 10_000,
          requiredHashFields: vkit.synapse.requiredHashFields ?? [],
        });
        return { body: res.status === 200 ? res.body : null, latencyMs: res.latencyMs };
      });
      for (const e of r.entries) {
        scores.get(names[e.uid]!)!.push(r.scores.get(e.uid)! / 65535);
        latency.get(names[e.uid]!)!.push(e.latencyMs);
      }
      for (const v of r.verdict.vetoed) vetoes.get(names[v.uid]!)!.push(v.reason);
    }
    await driver.close();
    dendrite.close();
    expect(scores.get("honest")!.length).toBe(ROUNDS);
  }, 240_000);

  const final = (n: Name) => scores.get(n)!.at(-1)!;
  const lateMax = (n: Name) => Math.max(...scores.get(n)!.slice(ROUNDS / 2));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  it("scores the reference miner (FileStore) at least 0.95 after 100 challenges, with nothing vetoed", () => {
    expect(vetoes.get("honest")).toEqual([]);
    expect(final("honest")).toBeGreaterThanOrEqual(0.95);
  });

  it.each(["storesNothing", "rootOnly", "halfChunks"] as const)("scores %s at most 0.1 (after 100 challenges and in every round of the second half)", (n) => {
    expect(final(n)).toBeLessThanOrEqual(0.1);
    expect(lateMax(n)).toBeLessThanOrEqual(0.1);
    expect(vetoes.get(n)!.length).toBeGreaterThan(n === "halfChunks" ? 30 : 60); // cheaters that fail 10 in a row get new blobs (acknowledged, then failed again);
  });

  it("does not detect the relay: its answers are correct, and on loopback its extra hop is within the noise", () => {
    // Proofs show that someone holding the data answered in time, not where the data lives. A
    // relay pays its upstream's costs (the upstream miner stores the relay's blobs), and its only
    // trace is one more hop of latency: here a few ms, far inside the latency budget.
    expect(vetoes.get("relay")).toEqual([]);
    expect(final("relay")).toBeGreaterThanOrEqual(0.9);
    const extra = median(latency.get("relay")!) - median(latency.get("honest")!);
    expect(extra).toBeLessThan(250);
    console.info(
      `relay: score ${final("relay").toFixed(3)} vs honest ${final("honest").toFixed(3)}; median latency ${median(latency.get("relay")!).toFixed(1)} ms vs ${median(latency.get("honest")!).toFixed(1)} ms — not detected`,
    );
    for (const n of names) console.info(`${n}: final ${final(n).toFixed(3)}, second-half max ${lateMax(n).toFixed(3)}, vetoes ${vetoes.get(n)!.length}`);
  });
});
