/**
 * The validator's sample of miners per round: the helper (uniform, without replacement, sorted,
 * repeatable from its seed) and a `ValidatorRuntime` on the devnet querying `sampleSize` of its
 * served miners each round through the in-process transport.
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { devnetSubnet } from "../../test-fixtures/devnetSubnet.js";
import { echo } from "../../test-fixtures/echoKit.js";
import { DevChain } from "../chain/dev/devChain.js";
import { deriveSampleSeed } from "../kit/random.js";
import { RuntimeOptionsError } from "./errors.js";
import { checkSampleSize, DEFAULT_SAMPLE_SIZE, sampleUids } from "./sample.js";
import { memoryStateStore } from "./state.js";
import { inProcessTransport } from "./transport.js";
import { ValidatorRuntime } from "./validator.js";

const seed = (round: number) => deriveSampleSeed("secret", { blockHash: "0x01", validatorHotkey: "5V", round });
const uids = Array.from({ length: 40 }, (_, i) => 2 * i + 1);

describe("sampleUids", () => {
  it("asks every miner, in order and without drawing, when there are no more than k", () => {
    expect(sampleUids(uids, 40, seed(1))).toEqual(uids);
    expect(sampleUids(uids, 50, seed(1))).toEqual(uids);
  });

  it("draws k distinct served uids in ascending order, the same for the same seed and another for another", () => {
    const a = sampleUids(uids, 10, seed(1));
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(a.every((u) => uids.includes(u))).toBe(true);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(sampleUids(uids, 10, seed(1))).toEqual(a);
    expect(sampleUids(uids, 10, seed(2))).not.toEqual(a);
  });

  it("is uniform: over 4,000 rounds each of 40 uids is drawn a quarter of the time (within 10 %)", () => {
    const counts = new Map<number, number>();
    for (let r = 0; r < 4000; r++) for (const u of sampleUids(uids, 10, seed(r))) counts.set(u, (counts.get(u) ?? 0) + 1);
    for (const u of uids) expect(Math.abs(counts.get(u)! - 1000)).toBeLessThan(100);
  });

  it("checks sampleSize: a whole number 1..65535, 50 by default, naming the field", () => {
    expect(checkSampleSize(undefined)).toBe(DEFAULT_SAMPLE_SIZE);
    expect(checkSampleSize(7)).toBe(7);
    for (const bad of [0, 2.5, -1, "50", 70_000]) {
      expect(() => checkSampleSize(bad)).toThrow(RuntimeOptionsError);
      expect(() => checkSampleSize(bad)).toThrow(/^sampleSize: /);
    }
  });
});

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });

/** Echo: the miner returns the word; scored by a function. */

describe("ValidatorRuntime with sampleSize (devnet, in-process miners)", () => {
  it("queries sampleSize of its 8 served miners each round, other ones in other rounds, and weights every miner it has scored", async () => {
    const { chain, netuid, validator } = await devnetSubnet(
      "sample",
      { tempo: 5, weightsRateLimit: 1, commitRevealWeightsEnabled: false },
      { miners: 8, serve: true },
    );
    const asked: number[][] = [];
    let round: number[] = [];
    const runtime = await ValidatorRuntime.start({
      chain,
      netuid,
      hotkey: validator,
      kit: echo,
      secret: "sampling",
      stateStore: memoryStateStore(),
      sampleSize: 3,
      transport: inProcessTransport(async (uid, request) => {
        round.push(uid);
        return { body: { answer: request.word }, latencyMs: 1 };
      }),
    });
    try {
      for (let r = 0; r < 6; r++) {
        round = [];
        const report = await runtime.step();
        expect(report).toMatchObject({ queried: 3, answered: 3, weights: "set" });
        asked.push(round.sort((a, b) => a - b));
        await chain.advance(5);
      }
    } finally {
      await runtime.stop();
    }
    const miners = [2, 3, 4, 5, 6, 7, 8, 9];
    for (const a of asked) expect(new Set(a).size === 3 && a.every((u) => miners.includes(u))).toBe(true);
    expect(new Set(asked.map((a) => a.join())).size).toBeGreaterThan(1);
    const everAsked = new Set(asked.flat());
    const row = (await chain.metagraph(netuid)).weights[1]!;
    expect(row.map(([u]) => u).sort((a, b) => a - b)).toEqual([...everAsked].sort((a, b) => a - b));
  });

  it("refuses a sampleSize of 0 before loading anything, naming the field", async () => {
    const e = await ValidatorRuntime.start({
      chain: new DevChain(),
      netuid: 1,
      hotkey: keyring.addFromUri("//sample/x"),
      kit: echo,
      secret: "s",
      stateStore: memoryStateStore(),
      sampleSize: 0,
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(RuntimeOptionsError);
    expect(e).toMatchObject({ field: "sampleSize", kind: "bad-input" });
  });
});
