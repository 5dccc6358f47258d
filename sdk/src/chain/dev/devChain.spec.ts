import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { runEpoch } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { commitHash } from "../index.js";
import { DevChain } from "./index.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const key = (uri: string) => keyring.addFromUri(uri);
const owner = key("//Alice");
const TAO = 1_000_000_000n;

/** A subnet with the owner (uid 0), two validators and three miners, tempo 10; commit-reveal turned off (plain set_weights). */
async function market(chain = new DevChain({ hyperparameters: { tempo: 10, weightsRateLimit: 5, commitRevealWeightsEnabled: false } })) {
  chain.fund(owner.address, 10_000n * TAO);
  const r = await chain.registerNetwork(owner, key("//Alice/owner-hot").address);
  if (!r.ok) throw new Error(r.message);
  const netuid = r.value.netuid;
  const started = await chain.startCall(owner, netuid);
  expect(started.ok, started.ok ? "" : started.message).toBe(true);
  const validators = [key("//V1"), key("//V2")];
  const miners = [key("//M1"), key("//M2"), key("//M3")];
  for (const k of [...validators, ...miners]) {
    chain.fund(k.address, 1000n * TAO);
    const reg = await chain.burnedRegister(k, netuid, k.address);
    expect(reg.ok, reg.ok ? "" : reg.message).toBe(true);
  }
  await chain.addStake(validators[0]!, validators[0]!.address, netuid, 500n * TAO);
  await chain.addStake(validators[1]!, validators[1]!.address, netuid, 300n * TAO);
  return { chain, netuid, validators, miners };
}

describe("DevChain", () => {
  it("runs a market: permits after an epoch, weights, incentive for the better-weighted miner, dividends for validators", async () => {
    const { chain, netuid, validators } = await market();
    // before any epoch nobody has a permit
    const early = await chain.setWeights(validators[0]!, netuid, [3, 4], [65535, 30000], 0n);
    expect(early).toMatchObject({ ok: false, error: "NeuronNoValidatorPermit" });
    await chain.advance(10);
    const mg = await chain.metagraph(netuid);
    expect(mg.neurons.filter((n) => n.validatorPermit).map((n) => n.uid)).toEqual(expect.arrayContaining([1, 2]));
    for (const v of validators) {
      const r = await chain.setWeights(v, netuid, [3, 4, 5], [65535, 30000, 0], 0n);
      expect(r.ok, r.ok ? "" : r.message).toBe(true);
    }
    await chain.advance(10);
    const after = await chain.metagraph(netuid);
    const [m1, m2, m3] = [3, 4, 5].map((u) => after.neurons[u]!);
    expect(m1!.incentive).toBeGreaterThan(m2!.incentive);
    expect(m2!.incentive).toBeGreaterThan(0);
    expect(m3!.incentive).toBe(0);
    expect(after.neurons[1]!.dividends).toBeGreaterThan(0);
    expect(after.neurons[1]!.dividends).toBeGreaterThan(after.neurons[2]!.dividends); // more stake, more bonds
    // the epoch is replayable: its exported input gives its output
    const last = chain.lastEpoch(netuid)!;
    expect(runEpoch(last.input)).toEqual(last.output);
    expect(BigInt(last.input.raoEmission)).toBeGreaterThan(0n);
  });

  it("answers with the chain's error names", async () => {
    const { chain, netuid, validators, miners } = await market();
    await chain.advance(10);
    const v = validators[0]!;
    expect(await chain.setWeights(v, netuid, [3, 3], [1, 2], 0n)).toMatchObject({ ok: false, error: "DuplicateUids" });
    expect(await chain.setWeights(v, netuid, [3, 99], [1, 2], 0n)).toMatchObject({ ok: false, error: "UidVecContainInvalidOne" });
    expect(await chain.setWeights(v, netuid, [3], [1, 2], 0n)).toMatchObject({ ok: false, error: "WeightVecNotEqualSize" });
    expect((await chain.setWeights(v, netuid, [3], [1], 0n)).ok).toBe(true);
    expect(await chain.setWeights(v, netuid, [4], [1], 0n)).toMatchObject({ ok: false, error: "SettingWeightsTooFast" });
    expect(await chain.setWeights(key("//Nobody"), netuid, [3], [1], 0n)).toMatchObject({ ok: false, error: "HotKeyNotRegisteredInSubNet" });
    expect(await chain.burnedRegister(miners[0]!, netuid, miners[0]!.address)).toMatchObject({ ok: false, error: "HotKeyAlreadyRegisteredInSubNet" });
    expect(await chain.burnedRegister(key("//Poor"), netuid, key("//Poor").address)).toMatchObject({ ok: false, error: "NotEnoughBalanceToStake" });
    expect(await chain.setWeights(v, 77, [3], [1], 0n)).toMatchObject({ ok: false, error: "SubNetworkDoesNotExist" });
    expect(await chain.setHyperparameter(v, netuid, "weightsVersion", 20n)).toMatchObject({ ok: false, error: "BadOrigin" });
    await expect(chain.metagraph(77)).rejects.toMatchObject({ code: "SUBNET_NOT_FOUND" });
  });

  it("commit-reveal: a reveal only in the reveal epoch, with the committed hash", async () => {
    const { chain, netuid, validators } = await market();
    expect((await chain.setHyperparameter(owner, netuid, "commitRevealWeightsEnabled", true)).ok).toBe(true);
    await chain.advance(10);
    const v = validators[0]!;
    expect(await chain.setWeights(v, netuid, [3], [1], 0n)).toMatchObject({ ok: false, error: "CommitRevealEnabled" });
    const uids = [3, 4];
    const weights = [65535, 20000];
    const salt = [7, 8, 9];
    expect((await chain.commitWeights(v, netuid, commitHash(v.address, netuid, uids, weights, salt, 0n))).ok).toBe(true);
    expect(await chain.revealWeights(v, netuid, uids, weights, salt, 0n)).toMatchObject({ ok: false, error: "RevealTooEarly" });
    await chain.advance(10);
    expect(await chain.revealWeights(v, netuid, uids, weights, [1, 2, 3], 0n)).toMatchObject({ ok: false, error: "InvalidRevealCommitHashNotMatch" });
    expect((await chain.revealWeights(v, netuid, uids, weights, salt, 0n)).ok).toBe(true);
    expect((await chain.metagraph(netuid)).weights[1]).toEqual([
      [3, 65535],
      [4, 20000],
    ]);
  });

  it("prunes a non-immune uid before an immune one when the subnet is full, and never the owner's hotkey", async () => {
    const c2 = new DevChain({ hyperparameters: { tempo: 10, maxAllowedUids: 3, immunityPeriod: 5 } });
    c2.fund(owner.address, 10_000n * TAO);
    const n = (await c2.registerNetwork(owner, owner.address)) as { value: { netuid: number } };
    const netuid = n.value.netuid;
    // the chain keeps MinNonImmuneUids (10) non-immune uids before it prunes one; root lowers it
    expect((await c2.sudoSetHyperparameter(owner, netuid, "minNonImmuneUids", 0)).ok).toBe(true);
    const [a, b, c] = [key("//A"), key("//B"), key("//C")];
    for (const k of [a, b, c]) c2.fund(k.address, 100n * TAO);
    await c2.burnedRegister(a, netuid, a.address); // uid 1 at block 0
    await c2.advance(6); // a's immunity (5 blocks) is over
    await c2.burnedRegister(b, netuid, b.address); // uid 2, immune
    const r = await c2.burnedRegister(c, netuid, c.address);
    expect(r).toMatchObject({ ok: true, value: { uid: 1 } });
    expect(await c2.uidOf(netuid, a.address)).toBeNull();
    expect(await c2.uidOf(netuid, owner.address)).toBe(0);
  });

  it("saves and loads its whole state, and is deterministic", async () => {
    const run = async () => {
      const { chain, netuid, validators } = await market();
      await chain.advance(10);
      for (const v of validators) await chain.setWeights(v, netuid, [3, 4], [65535, 1000], 0n);
      await chain.advance(25);
      return { chain, netuid };
    };
    const a = await run();
    const b = await run();
    expect(await b.chain.metagraph(a.netuid)).toEqual(await a.chain.metagraph(a.netuid));
    const file = join(mkdtempSync(join(tmpdir(), "devnet-")), "state.json");
    await a.chain.save(file);
    const loaded = await DevChain.load(file);
    expect(await loaded.metagraph(a.netuid)).toEqual(await a.chain.metagraph(a.netuid));
    expect(await loaded.blockHash()).toBe(await a.chain.blockHash());
    await loaded.advance(10);
    await a.chain.advance(10);
    expect(await loaded.metagraph(a.netuid)).toEqual(await a.chain.metagraph(a.netuid));
  });

  it("mints from the issuance curve, stakes the owner cut to the owner's hotkey at the epoch, and notifies block subscribers", async () => {
    const { chain, netuid } = await market();
    const seen: number[] = [];
    const off = await chain.subscribeBlocks((b) => seen.push(b));
    const issuance = chain.emission().issuance;
    await chain.advance(3);
    off();
    expect(seen).toEqual([1, 2, 3]);
    // 1 TAO a block minted; what no pool took is recycled, so issuance grows by at most that
    expect(chain.emission().issuance - issuance).toBeGreaterThan(0n);
    expect(chain.emission().issuance - issuance).toBeLessThanOrEqual(3n * TAO);
    const wait = chain.waitForBlock(5);
    await chain.advance(2);
    await wait;
    expect(await chain.bestBlock()).toBe(5);
    const mg = await chain.metagraph(netuid);
    await chain.advance(mg.nextEpochBlock - 5);
    const eco = chain.economy().subnets[0]!;
    expect(eco.ownerCut).toBeGreaterThan(0n);
    const ownerHot = (await chain.metagraph(netuid)).neurons[0]!;
    expect(ownerHot.hotkey).toBe(key("//Alice/owner-hot").address);
    // the owner hotkey's stake is its cut (it sets no weights and has no permit: nothing else)
    expect(ownerHot.stake).toBe(eco.ownerCut);
  });
});

describe("DevChain issuance: the faucet is an endowment outside the emission schedule", () => {
  const ONE_TAO_PER_BLOCK = 1_000_000_000n;

  it("at 256 uids, each funded with 1M TAO (256M TAO, past the 21M cap), still emits 1 TAO a block and pays the epoch", async () => {
    // the devnet's subnet alone (no rest of the network): the endowment is the faucet's
    // the burn held at 1 TAO (multiplier 1.0): 255 registrations in one block would raise it to MaxBurn
    const chain = new DevChain({
      hyperparameters: { tempo: 10, maxAllowedValidators: 64, immunityPeriod: 1_000_000, burnIncreaseMult: 1n << 64n },
      network: { others: [], rootTao: 0n },
    });
    chain.fund(owner.address, 1_000_000n * TAO);
    const netuid = ((await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } }).value.netuid;
    expect((await chain.startCall(owner, netuid)).ok).toBe(true);
    const keys = Array.from({ length: 255 }, (_, i) => key(`//Uid${i}`));
    for (const k of keys) {
      chain.fund(k.address, 1_000_000n * TAO);
      const r = await chain.burnedRegister(k, netuid, k.address);
      expect(r.ok, r.ok ? "" : r.message).toBe(true);
    }
    expect((await chain.metagraph(netuid, { lite: true })).n).toBe(256);
    // 255 registrations swapped 1 TAO each into the pool; their fees, burned with the schedule still at 0, came out of the endowment
    expect(chain.emission()).toMatchObject({ issuance: 0n, blockEmission: ONE_TAO_PER_BLOCK });
    expect(chain.emission().endowed).toBeLessThan(256n * 1_000_000n * TAO);
    expect(chain.emission().endowed).toBeGreaterThan(256n * 1_000_000n * TAO - TAO);
    for (const k of keys.slice(0, 64)) expect((await chain.addStake(k, k.address, netuid, 1000n * TAO)).ok).toBe(true);
    await chain.advance(10);
    expect(chain.emission().blockEmission).toBe(ONE_TAO_PER_BLOCK);
    expect(chain.emission().issuance).toBeLessThanOrEqual(10n * ONE_TAO_PER_BLOCK);
    const mg = await chain.metagraph(netuid, { lite: true });
    // the epoch drained 10 blocks of the subnet's alpha (1 alpha a block) less the owner's cut, and paid it to the uids (each floored)
    const epochEmission = BigInt(chain.lastEpoch(netuid)!.input.raoEmission);
    expect(epochEmission).toBeGreaterThan(7n * TAO);
    expect(epochEmission).toBeLessThan(10n * TAO);
    const paid = mg.neurons.reduce((a, n) => a + n.emission, 0n);
    expect(paid).toBeLessThanOrEqual(epochEmission);
    expect(paid).toBeGreaterThan(epochEmission - 256n);
  }, 60_000);

  it("counts genesis balances as endowed, not as issuance", () => {
    const chain = new DevChain({ balances: { [owner.address]: 30_000_000n * TAO }, network: { others: [], rootTao: 0n } });
    expect(chain.emission()).toEqual({ issuance: 0n, endowed: 30_000_000n * TAO, blockEmission: ONE_TAO_PER_BLOCK });
  });

  it("at a genesis issuance at the 21M TAO cap mints (next to) no TAO; the subnet's alpha still follows its own curve", async () => {
    const cap = 21_000_000n * TAO;
    const { chain } = await market(new DevChain({ issuance: cap, hyperparameters: { tempo: 10, burn: 0n } }));
    const before = chain.emission().issuance; // the stakes' swap fees were burned
    expect(before).toBeLessThan(cap);
    await chain.advance(20);
    // the halving curve this close to the cap mints a few rao at most
    expect(chain.emission().blockEmission).toBeLessThan(1000n);
    expect(chain.emission().issuance).toBeLessThanOrEqual(cap);
    expect(chain.emission().issuance - before).toBeLessThan(1000n);
    const eco = chain.economy().subnets[0]!;
    expect(eco.taoInjected).toBeLessThan(1000n);
    expect(eco.alphaEmitted).toBeGreaterThan(0n);
  });

  it("refuses a genesis issuance that is not a u64 bigint, naming the field", () => {
    for (const issuance of [-1n, 1n << 64n, 5 as unknown as bigint])
      expect(() => new DevChain({ issuance })).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT", kind: "bad-input", message: expect.stringMatching(/^issuance: /) }),
      );
  });

  it("saves the endowment with the state, and loads a state file written before it was counted apart", async () => {
    const { chain } = await market();
    await chain.advance(3);
    const file = join(mkdtempSync(join(tmpdir(), "devnet-")), "state.json");
    await chain.save(file);
    expect((await DevChain.load(file)).emission()).toEqual(chain.emission());
    const old = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    delete old.endowed;
    writeFileSync(file, JSON.stringify(old));
    expect((await DevChain.load(file)).emission()).toEqual({ ...chain.emission(), endowed: 0n });
  });
});
