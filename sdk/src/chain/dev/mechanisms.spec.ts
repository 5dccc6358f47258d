import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { echo } from "../../../test-fixtures/echoKit.js";
import { memoryStateStore } from "../../runtime/state.js";
import { ValidatorRuntime } from "../../runtime/validator.js";
import { commitHash } from "../commitHash.js";
import { mechanismStorageIndex, splitEmission } from "../mechanisms.js";
import { DevChain, RemoteDevChain, serveDevChain } from "./index.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const key = (uri: string) => keyring.addFromUri(uri);
const owner = key("//Alice");
const TAO = 1_000_000_000n;

/** A subnet with the owner (uid 0), two validators (1, 2) and three miners (3, 4, 5), tempo 10, two mechanisms. */
async function market(options: { split?: number[]; commitReveal?: boolean; beacon?: string } = {}) {
  const chain = new DevChain({
    ...(options.beacon && { beacon: options.beacon }),
    hyperparameters: { tempo: 10, weightsRateLimit: 5, commitRevealWeightsEnabled: options.commitReveal ?? false, commitRevealPeriod: 1 },
  });
  chain.fund(owner.address, 10_000n * TAO);
  const r = await chain.registerNetwork(owner, key("//Alice/owner-hot").address);
  if (!r.ok) throw new Error(r.message);
  const netuid = r.value.netuid;
  expect((await chain.startCall(owner, netuid)).ok).toBe(true);
  const validators = [key("//V1"), key("//V2")];
  const miners = [key("//M1"), key("//M2"), key("//M3")];
  for (const k of [...validators, ...miners]) {
    chain.fund(k.address, 1000n * TAO);
    expect((await chain.burnedRegister(k, netuid, k.address)).ok).toBe(true);
  }
  await chain.addStake(validators[0]!, validators[0]!.address, netuid, 500n * TAO);
  await chain.addStake(validators[1]!, validators[1]!.address, netuid, 300n * TAO);
  expect((await chain.setHyperparameter(owner, netuid, "maxAllowedUids", 128)).ok).toBe(true);
  const set = await chain.setMechanismCount(owner, netuid, 2);
  expect(set.ok, set.ok ? "" : set.message).toBe(true);
  if (options.split) expect((await chain.setMechanismEmissionSplit(owner, netuid, options.split)).ok).toBe(true);
  await chain.advance(10); // permits
  return { chain, netuid, validators, miners };
}

/** U64F64 weighted sum as mechanism.rs folds it, restated: Σ_m floor(x_m × floor(e_m × 2^64 / rao) / 2^64), capped. */
function weightedSum(xs: bigint[], parts: bigint[], rao: bigint, cap: bigint): bigint {
  let acc = 0n;
  xs.forEach((x, m) => {
    const w = rao === 0n ? (m === 0 ? 1n << 64n : 0n) : (parts[m]! << 64n) / rao;
    acc += (x * w) >> 64n;
    if (acc > cap) acc = cap;
  });
  return acc;
}

describe("split_emissions", () => {
  it("splits by u16 parts with floors, the rest to mechanism 0; evenly without a split; pads and trims", () => {
    // 1000 × 45875 / 65535 = 700.007… → 700; 1000 × 19660 / 65535 = 299.99… → 299; 1 left → mechanism 0
    expect(splitEmission(1000n, 2, [45875, 19660])).toEqual([701n, 299n]);
    // even: floor(1001 / 2) = 500 each, 1 left → mechanism 0
    expect(splitEmission(1001n, 2, null)).toEqual([501n, 500n]);
    // a split shorter than the count is padded with 0; a longer one trimmed (the rest still goes to 0)
    expect(splitEmission(7n, 3, [65535])).toEqual([7n, 0n, 0n]);
    expect(splitEmission(10n, 1, [32768, 32767])).toEqual([10n]);
    expect(splitEmission(0n, 2, null)).toEqual([0n, 0n]);
  });

  it("indexes a mechanism's storage as mecid × 4096 + netuid, saturating at u16::MAX", () => {
    expect(mechanismStorageIndex(3, 0)).toBe(3);
    expect(mechanismStorageIndex(3, 1)).toBe(4099);
    expect(mechanismStorageIndex(7, 15)).toBe(15 * 4096 + 7);
    expect(mechanismStorageIndex(4095, 16)).toBe(65535);
  });
});

describe("devnet mechanisms", () => {
  it("keeps weights, last update and the rate limit per mechanism, and refuses a mechanism the subnet lacks", async () => {
    const { chain, netuid, validators } = await market();
    const v = validators[0]!;
    expect((await chain.setWeights(v, netuid, [3], [65535], 0n)).ok).toBe(true);
    // mechanism 1 has its own last update: not rate limited by mechanism 0's
    const m1 = await chain.setWeights(v, netuid, [4], [65535], 0n, { mecid: 1 });
    expect(m1).toMatchObject({ ok: true, events: [{ method: "WeightsSet", data: [mechanismStorageIndex(netuid, 1), 1] }] });
    expect(await chain.setWeights(v, netuid, [5], [65535], 0n, { mecid: 1 })).toMatchObject({ ok: false, error: "SettingWeightsTooFast" });
    expect(await chain.setWeights(v, netuid, [5], [65535], 0n, { mecid: 2 })).toMatchObject({ ok: false, error: "MechanismDoesNotExist" });
    const block = await chain.bestBlock();
    const [g0, g1] = await Promise.all([chain.metagraph(netuid), chain.metagraph(netuid, { mecid: 1 })]);
    expect(g0).toMatchObject({ mecid: 0, mechanismCount: 2 });
    expect(g0.weights[1]).toEqual([[3, 65535]]);
    expect(g1.weights[1]).toEqual([[4, 65535]]);
    expect(g0.neurons[1]!.lastUpdate).toBe(block);
    expect(g1.neurons[1]!.lastUpdate).toBe(block);
    expect(g1.neurons[2]!.lastUpdate).toBe(0); // a new mechanism starts with no last update
    await expect(chain.metagraph(netuid, { mecid: 2 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await chain.mechanisms(netuid)).toEqual({ count: 2, emissionSplit: null, maxCount: 2 });
  });

  it("runs one epoch per mechanism on split_emissions' parts, pays the sum, and aggregates the terms as mechanism.rs", async () => {
    const split = [45875, 19660]; // 70 % / 30 %
    const { chain, netuid, validators } = await market({ split });
    // mechanism 0 rewards miner uid 3, mechanism 1 miner uid 4
    for (const v of validators) {
      expect((await chain.setWeights(v, netuid, [3], [65535], 0n)).ok).toBe(true);
      expect((await chain.setWeights(v, netuid, [4], [65535], 0n, { mecid: 1 })).ok).toBe(true);
    }
    const before = await chain.metagraph(netuid, { lite: true });
    await chain.advance(10);
    const last = chain.lastMechanismEpochs(netuid)!;
    expect(last.mechanisms.map((m) => m.mecid)).toEqual([0, 1]);
    const parts = last.mechanisms.map((m) => m.emission);
    const rao = parts[0]! + parts[1]!;
    expect(rao).toBeGreaterThan(0n);
    expect(parts).toEqual(splitEmission(rao, 2, split));
    // each mechanism's epoch ran on its own part and rewarded its own miner
    const [e0, e1] = last.mechanisms;
    expect(e0!.input.raoEmission).toBe(parts[0]);
    expect(e1!.input.raoEmission).toBe(parts[1]);
    expect(e0!.output.serverEmission[3]).toBeGreaterThan(0n);
    expect(e0!.output.serverEmission[4]).toBe(0n);
    expect(e1!.output.serverEmission[4]).toBeGreaterThan(0n);
    expect(e1!.output.serverEmission[3]).toBe(0n);
    // miners' stake grew by exactly their summed server alpha (the coinbase paid the amounts)
    const after = await chain.metagraph(netuid, { lite: true });
    for (const uid of [3, 4, 5]) {
      const paid = e0!.output.serverEmission[uid]! + e1!.output.serverEmission[uid]!;
      expect(after.neurons[uid]!.stake - before.neurons[uid]!.stake).toBe(paid);
    }
    // 70 / 30: miner 3 gets about 7/3 of miner 4's
    const ratio = Number(e0!.output.serverEmission[3]!) / Number(e1!.output.serverEmission[4]!);
    expect(ratio).toBeCloseTo(45875 / 19660, 2);
    // incentive is per mechanism; dividends, consensus, validator trust and emission are the weighted sums
    const g1 = await chain.metagraph(netuid, { mecid: 1, lite: true });
    expect(after.neurons[3]!.incentive).toBe(e0!.output.incentive[3]);
    expect(g1.neurons[4]!.incentive).toBe(e1!.output.incentive[4]);
    for (let uid = 0; uid < after.n; uid++) {
      const x = after.neurons[uid]!;
      const u16 = (f: "dividends" | "consensus" | "validatorTrust") =>
        Number(
          weightedSum(
            last.mechanisms.map((m) => BigInt(m.output[f][uid]!)),
            parts,
            rao,
            65535n,
          ),
        );
      expect(x.dividends).toBe(u16("dividends"));
      expect(x.consensus).toBe(u16("consensus"));
      expect(x.validatorTrust).toBe(u16("validatorTrust"));
      // the chain stores the weighted sum of each mechanism's emission (not the alpha paid)
      expect(x.emission).toBe(
        weightedSum(
          last.mechanisms.map((m) => m.output.emission[uid]!),
          parts,
          rao,
          (1n << 64n) - 1n,
        ),
      );
    }
    expect(after.neurons[1]!.dividends).toBeGreaterThan(0);
    // bonds are per mechanism: validator 1 bonds to miner 3 on mechanism 0, to miner 4 on mechanism 1
    const [b0, b1] = await Promise.all([chain.metagraph(netuid), chain.metagraph(netuid, { mecid: 1 })]);
    expect(b0.bonds[1]!.map(([u]) => u)).toContain(3);
    expect(b1.bonds[1]!.map(([u]) => u)).toContain(4);
    expect(b1.bonds[1]!.map(([u]) => u)).not.toContain(3);
  });

  it("checks the owner's count and split as the pallet does", async () => {
    const { chain, netuid, validators } = await market();
    expect(await chain.setMechanismCount(owner, netuid, 3)).toMatchObject({ ok: false, error: "InvalidValue" }); // above MaxMechanismCount 2
    expect(await chain.setMechanismCount(owner, netuid, 0)).toMatchObject({ ok: false, error: "InvalidValue" });
    expect(await chain.setMechanismCount(validators[0]!, netuid, 1)).toMatchObject({ ok: false, error: "BadOrigin" });
    expect(await chain.setMechanismCount(owner, 99, 1)).toMatchObject({ ok: false, error: "MechanismDoesNotExist" });
    expect(await chain.setHyperparameter(owner, netuid, "maxAllowedUids", 129)).toMatchObject({ ok: false, error: "TooManyUIDsPerMechanism" });
    expect(await chain.setMechanismEmissionSplit(owner, netuid, [30000, 30000])).toMatchObject({ ok: false, error: "InvalidValue" });
    expect(await chain.setMechanismEmissionSplit(owner, netuid, [1, 1, 65533])).toMatchObject({ ok: false, error: "InvalidValue" });
    expect(await chain.setMechanismEmissionSplit(owner, netuid, [])).toMatchObject({ ok: false, error: "InvalidValue" });
    expect((await chain.setMechanismEmissionSplit(owner, netuid, [65535])).ok).toBe(true);
    expect((await chain.mechanisms(netuid)).emissionSplit).toEqual([65535]);
    // a count change resets the split to even and drops the removed mechanism's state
    expect((await chain.setWeights(validators[0]!, netuid, [4], [65535], 0n, { mecid: 1 })).ok).toBe(true);
    expect((await chain.setMechanismCount(owner, netuid, 1)).ok).toBe(true);
    expect(await chain.mechanisms(netuid)).toEqual({ count: 1, emissionSplit: null, maxCount: 2 });
    expect(await chain.setWeights(validators[0]!, netuid, [4], [65535], 0n, { mecid: 1 })).toMatchObject({ ok: false, error: "MechanismDoesNotExist" });
    // the chain's global maximum, raised (MaxMechanismCount by root) on a devnet option
    const wide = new DevChain({ maxMechanismCount: 4, hyperparameters: { maxAllowedUids: 64 } });
    wide.fund(owner.address, 10_000n * TAO);
    const r = await wide.registerNetwork(owner, key("//Alice/owner-hot").address);
    expect(r.ok && (await wide.setMechanismCount(owner, r.value.netuid, 4)).ok).toBe(true);
    expect(r.ok && (await wide.setMechanismCount(owner, r.value.netuid, 5))).toMatchObject({ ok: false, error: "InvalidValue" });
  });

  it("hash commit-reveal per mechanism: the hash is over the mechanism's storage index", async () => {
    const { chain, netuid, validators } = await market({ commitReveal: true });
    const v = validators[0]!;
    const salt = [1, 2, 3];
    const wrong = commitHash(v.address, netuid, [4], [65535], salt, 0n);
    const right = commitHash(v.address, mechanismStorageIndex(netuid, 1), [4], [65535], salt, 0n);
    expect((await chain.commitWeights(v, netuid, wrong, { mecid: 1 })).ok).toBe(true);
    await chain.advance(6);
    expect((await chain.commitWeights(v, netuid, right, { mecid: 1 })).ok).toBe(true);
    // mechanism 0 has no commit of this hotkey
    expect(await chain.revealWeights(v, netuid, [4], [65535], salt, 0n)).toMatchObject({ ok: false, error: "NoWeightsCommitFound" });
    await chain.advance(10); // the reveal period (1 tempo)
    expect((await chain.revealWeights(v, netuid, [4], [65535], salt, 0n, { mecid: 1 })).ok).toBe(true);
    expect((await chain.metagraph(netuid, { mecid: 1 })).weights[1]).toEqual([[4, 65535]]);
    expect((await chain.metagraph(netuid)).weights[1]).toEqual([]);
  });

  it("the same over the devnet's RPC (RemoteDevChain): mecid in setWeights, the metagraph per mechanism, count and split", async () => {
    const { chain, netuid, validators } = await market();
    const server = await serveDevChain(chain, { port: 0 });
    const remote = await RemoteDevChain.connect(server.url);
    try {
      expect(await remote.mechanisms(netuid)).toEqual({ count: 2, emissionSplit: null, maxCount: 2 });
      expect((await remote.setWeights(validators[0]!, netuid, [4], [65535], 0n, { mecid: 1 })).ok).toBe(true);
      expect((await remote.metagraph(netuid, { mecid: 1 })).weights[1]).toEqual([[4, 65535]]);
      expect(await remote.setWeights(validators[0]!, netuid, [4], [65535], 0n, { mecid: 2 })).toMatchObject({ ok: false, error: "MechanismDoesNotExist" });
      await expect(remote.setWeights(validators[0]!, netuid, [4], [65535], 0n, { mecid: -1 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      await expect(remote.metagraph(netuid, { mecid: 5 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      expect((await remote.setMechanismEmissionSplit(owner, netuid, [50000, 15535])).ok).toBe(true);
      expect((await chain.mechanisms(netuid)).emissionSplit).toEqual([50000, 15535]);
      expect(await remote.setMechanismCount(owner, netuid, 9)).toMatchObject({ ok: false, error: "InvalidValue" });
    } finally {
      await remote.close();
      await server.close();
    }
  });

  it("a ValidatorRuntime on mechanism 1 commits timelocked there, and the devnet reveals it on that mechanism only", async () => {
    const { chain, netuid, validators } = await market({ commitReveal: true, beacon: "mech" });
    const runtime = await ValidatorRuntime.start({
      chain,
      netuid,
      mecid: 1,
      hotkey: validators[0]!,
      kit: echo,
      secret: "mech",
      stateStore: memoryStateStore(),
      weightsSource: () => ({ uids: [4, 5], weights: [65535, 20000] }),
    });
    try {
      expect((await runtime.step()).weights).toBe("committed");
      expect(runtime.pendingCommits).toEqual([]); // timelocked: nothing to reveal
      await chain.advance(25); // past the round in the reveal epoch
      expect((await chain.metagraph(netuid, { mecid: 1 })).weights[1]).toEqual([
        [4, 65535],
        [5, 20000],
      ]);
      expect((await chain.metagraph(netuid)).weights[1]).toEqual([]);
      await expect(
        ValidatorRuntime.start({ chain, netuid, mecid: 256, hotkey: validators[0]!, kit: echo, secret: "x", stateStore: memoryStateStore() }),
      ).rejects.toMatchObject({
        kind: "bad-input",
        field: "mecid",
      });
    } finally {
      await runtime.stop();
    }
  }, 60_000);

  it("saves and loads the mechanisms", async () => {
    const { chain, netuid, validators } = await market({ split: [40000, 25535] });
    expect((await chain.setWeights(validators[0]!, netuid, [4], [65535], 0n, { mecid: 1 })).ok).toBe(true);
    const path = join(mkdtempSync(join(tmpdir(), "mech-")), "state.json");
    await chain.save(path);
    const loaded = await DevChain.load(path);
    expect(await loaded.mechanisms(netuid)).toEqual({ count: 2, emissionSplit: [40000, 25535], maxCount: 2 });
    expect(await loaded.metagraph(netuid, { mecid: 1 })).toEqual(await chain.metagraph(netuid, { mecid: 1 }));
    await Promise.all([chain.close(), loaded.close()]);
  });
});
