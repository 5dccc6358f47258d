import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { runEpoch } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { commitHash } from "../index.js";
import { DevChain } from "./index.js";

// The devnet hands the epoch its commit-reveal state: CommitRevealWeightsEnabled and, per uid, the
// block of the hotkey's earliest commit that has not expired. The core's epoch then drops the
// weights a validator committed to before their target registered (run_epoch.rs, "Commit-reveal
// column mask").

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const key = (uri: string) => keyring.addFromUri(uri);
const owner = key("//Alice");
const TAO = 1_000_000_000n;

describe("DevChain with commit-reveal: the epoch's mask", () => {
  it("masks the weight to a miner that registered after the validator's live commit, and only while that commit lives", async () => {
    const chain = new DevChain({ hyperparameters: { tempo: 10, weightsRateLimit: 2, commitRevealWeightsEnabled: true, commitRevealPeriod: 1 } });
    chain.fund(owner.address, 10_000n * TAO);
    const r = await chain.registerNetwork(owner, key("//Alice/owner-hot").address);
    if (!r.ok) throw new Error(r.message);
    const netuid = r.value.netuid;
    expect((await chain.startCall(owner, netuid)).ok).toBe(true);
    const v = key("//V1");
    const [m1, m2, late] = [key("//M1"), key("//M2"), key("//Late")];
    for (const k of [v, m1, m2, late]) chain.fund(k.address, 1000n * TAO);
    for (const k of [v, m1, m2]) expect((await chain.burnedRegister(k, netuid, k.address)).ok).toBe(true);
    await chain.addStake(v, v.address, netuid, 500n * TAO);
    await chain.advance(10); // permits
    const commit = async (uids: number[], weights: number[], salt: number[]) => {
      const c = await chain.commitWeights(v, netuid, commitHash(v.address, netuid, uids, weights, salt, 0n));
      expect(c.ok, c.ok ? "" : c.message).toBe(true);
    };
    // epoch E: commit weights to uids 2, 3 and 4 (uid 4 is still free)
    const uids = [2, 3, 4];
    const weights = [65535, 65535, 65535];
    await commit(uids, weights, [1]);
    await chain.advance(10);
    // epoch E + 1: a second commit, the late miner registers (uid 4), a third commit (the chain sets
    // lastUpdate at each commit, so the weight to uid 4 is not outdated), then the first is revealed
    await commit([2], [65535], [2]);
    const committedAt = await chain.bestBlock();
    await chain.advance(1);
    const reg = await chain.burnedRegister(late, netuid, late.address);
    expect(reg).toMatchObject({ ok: true, value: { uid: 4 } });
    await chain.advance(2);
    await commit([3], [65535], [3]);
    const revealed = await chain.revealWeights(v, netuid, uids, weights, [1], 0n);
    expect(revealed.ok, revealed.ok ? "" : revealed.message).toBe(true);
    // epoch E + 2: the second and third commits (epoch E + 1) have not expired, and the earlier came before uid 4 registered
    await chain.advance(10);
    const e2 = chain.lastEpoch(netuid)!;
    const vUid = (await chain.uidOf(netuid, v.address))!;
    expect(e2.input.commitRevealEnabled).toBe(true);
    expect(e2.input.commitBlock![vUid]).toBe(String(committedAt));
    expect(e2.input.blockAtRegistration[4]).toBeGreaterThan(committedAt);
    expect(e2.input.lastUpdate[vUid]).toBeGreaterThan(e2.input.blockAtRegistration[4]!);
    expect(e2.input.weights[vUid]!.map(([j]) => j)).toEqual(uids);
    // replayable, and the mask is what keeps uid 4 from its weight
    expect(runEpoch(e2.input)).toEqual(e2.output);
    expect(e2.output.incentive[4]).toBe(0);
    expect(e2.output.incentive[2]).toBeGreaterThan(0);
    expect(runEpoch({ ...e2.input, commitRevealEnabled: false }).incentive[4]).toBeGreaterThan(0);
    // epoch E + 3: those commits have expired; the weight counts
    await chain.advance(10);
    const e3 = chain.lastEpoch(netuid)!;
    expect(e3.input.commitBlock![vUid]).toBeNull();
    expect(e3.output.incentive[4]).toBeGreaterThan(0);
  });

  it("is on by default, as the chain's CommitRevealWeightsEnabled; a subnet with it turned off gets no mask", async () => {
    expect((await new DevChain().registerNetwork(owner, owner.address)).ok).toBe(false); // unfunded: a plain devnet
    const plain = new DevChain();
    plain.fund(owner.address, 10_000n * TAO);
    const n = await plain.registerNetwork(owner, owner.address);
    if (!n.ok) throw new Error(n.message);
    expect((await plain.hyperparameters(n.value.netuid)).commitRevealWeightsEnabled).toBe(true);
    expect(plain.nextEpochInput(n.value.netuid).commitRevealEnabled).toBe(true);
    const chain = new DevChain({ hyperparameters: { tempo: 10, commitRevealWeightsEnabled: false } });
    chain.fund(owner.address, 10_000n * TAO);
    const r = await chain.registerNetwork(owner, key("//Alice/owner-hot").address);
    if (!r.ok) throw new Error(r.message);
    await chain.advance(10);
    const input = chain.nextEpochInput(r.value.netuid);
    expect(input.commitRevealEnabled).toBe(false);
    expect(input.commitBlock).toEqual(input.stake.map(() => null));
  });
});
