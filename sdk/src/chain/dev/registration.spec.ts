import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { DevChain } from "./index.js";
import { bumpedBurn, decayedBurn, decayFactorQ32, neuronToPrune, type PruneCandidate, powQ32 } from "./registration.js";

// The registration price and pruning as subtensor 14bc6f9 (spec 425) has them: every block the
// burn is multiplied by f with f^BurnHalfLife = 1/2 (Q32, by bisection), each registration
// multiplies it by BurnIncreaseMult (U64F64, default 1.26), both held in [MinBurn, MaxBurn]; a full
// subnet replaces the non-immortal uid with the lowest emission, then the earlier registration,
// then the lower uid, preferring non-immune uids while more than MinNonImmuneUids of them remain.

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const key = (uri: string) => keyring.addFromUri(uri);
const TAO = 1_000_000_000n;
const Q32 = 2 ** 32;
const ONE = 1n << 64n;

describe("the registration burn (update_registration_prices_for_networks, bump_registration_price_after_registration)", () => {
  it("decays by the largest Q32 factor whose half-life-th power is at most 1/2", () => {
    for (const halfLife of [1, 2, 360, 7200, 36_100]) {
      const f = decayFactorQ32(halfLife);
      // the bisection's invariant: f^h ≤ 1/2 < (f + 1)^h in the chain's Q32 arithmetic
      expect(powQ32(f, halfLife)).toBeLessThanOrEqual(1n << 31n);
      expect(powQ32(f + 1n, halfLife)).toBeGreaterThan(1n << 31n);
      // and f is 2^(−1/h) to within the Q32 products' rounding (each floors; h of them)
      expect(Math.abs(Number(f) / Q32 - 2 ** (-1 / halfLife))).toBeLessThan((4 * Math.log2(halfLife + 1) + 2) / Q32 + 1e-9);
    }
    expect(decayFactorQ32(1)).toBe(1n << 31n);
    expect(decayFactorQ32(0)).toBe(1n << 32n);
  });

  it("halves in a half-life of blocks, never below MinBurn, and not at blocks 0 and 1", () => {
    let burn = 64n * TAO;
    for (let b = 2; b < 2 + 360; b++) burn = decayedBurn(burn, 360, 0n, 100n * TAO, b);
    // 360 floored products: within a few rao per block of exactly half
    expect(burn).toBeLessThanOrEqual(32n * TAO);
    expect(burn).toBeGreaterThan(32n * TAO - 2000n);
    expect(decayedBurn(5n * TAO, 360, 0n, 100n * TAO, 1)).toBe(5n * TAO);
    expect(decayedBurn(TAO, 360, TAO, 100n * TAO, 10)).toBe(TAO);
    expect(decayedBurn(200n * TAO, 0, 0n, 100n * TAO, 10)).toBe(100n * TAO); // the range holds without decay too
  });

  it("rises by BurnIncreaseMult after a registration (floored), at least ×1, at most MaxBurn", () => {
    const m126 = BigInt(1.26 * 2 ** 52) << 12n; // U64F64::from_num(1.26): exact from the f64
    expect(bumpedBurn(TAO, m126, 0n, 100n * TAO)).toBe(1_260_000_000n);
    expect(bumpedBurn(3n, m126, 0n, 100n * TAO)).toBe(3n); // 3.78 floored
    expect(bumpedBurn(TAO, ONE / 2n, 0n, 100n * TAO)).toBe(TAO); // a multiplier below 1 counts as 1
    expect(bumpedBurn(90n * TAO, 2n * ONE, 0n, 100n * TAO)).toBe(100n * TAO);
  });

  it("on the devnet: each registration raises the next one's burn, and it decays back block by block to MinBurn", async () => {
    const chain = new DevChain({ hyperparameters: { tempo: 1000, burn: 2n * TAO, minBurn: TAO / 2n, burnHalfLife: 100 } });
    const owner = key("//Reg/owner");
    chain.fund(owner.address, 1000n * TAO);
    const netuid = ((await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } }).value.netuid;
    const h0 = await chain.hyperparameters(netuid);
    expect(h0).toMatchObject({ burn: 2n * TAO, burnHalfLife: 100, immuneOwnerUidsLimit: 1, minNonImmuneUids: 10 });
    const [a, b] = [key("//Reg/a"), key("//Reg/b")];
    for (const k of [a, b]) chain.fund(k.address, 100n * TAO);
    const before = await chain.balance(a.address);
    expect((await chain.burnedRegister(a, netuid, a.address)).ok).toBe(true);
    expect(await chain.balance(a.address)).toBe(before - 2n * TAO);
    const raised = (2n * TAO * h0.burnIncreaseMult!) >> 64n;
    expect((await chain.hyperparameters(netuid)).burn).toBe(raised);
    // blocks 1..3: no decay at block 1, then one factor a block
    await chain.advance(3);
    const f = decayFactorQ32(100);
    const expected = (((raised * f) >> 32n) * f) >> 32n;
    expect((await chain.hyperparameters(netuid)).burn).toBe(expected);
    const b0 = await chain.balance(b.address);
    expect((await chain.burnedRegister(b, netuid, b.address)).ok).toBe(true);
    expect(await chain.balance(b.address)).toBe(b0 - expected);
    // long after: MinBurn
    await chain.advance(2000);
    expect((await chain.hyperparameters(netuid)).burn).toBe(TAO / 2n);
    // the owner tunes the rule (spec 425's owner calls)
    expect((await chain.setHyperparameter(owner, netuid, "burnHalfLife", 720)).ok).toBe(true);
    expect((await chain.setHyperparameter(owner, netuid, "burnIncreaseMult", 2n * ONE)).ok).toBe(true);
  });

  it("swaps the burn into the pool and burns the alpha it buys: SubnetTAO rises by the burn less the fee, SubnetAlphaOut does not move", async () => {
    const chain = new DevChain({ network: { others: [] } });
    const owner = key("//Reg/owner");
    chain.fund(owner.address, 1000n * TAO);
    const netuid = ((await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } }).value.netuid;
    const m = key("//Reg/m");
    chain.fund(m.address, 10n * TAO);
    const burn = (await chain.hyperparameters(netuid)).burn;
    const [p0] = chain.economy().subnets;
    expect((await chain.burnedRegister(m, netuid, m.address)).ok).toBe(true);
    const [p1] = chain.economy().subnets;
    const taoIn = p1!.subnetTao - p0!.subnetTao;
    expect(taoIn).toBeLessThanOrEqual(burn);
    expect(taoIn).toBeGreaterThan(burn - burn / 1000n); // the pool's fee (0.05 %) is burned with no block author
    expect(p1!.alphaIn).toBeLessThan(p0!.alphaIn);
    expect(p1!.alphaOut).toBe(p0!.alphaOut);
    expect(p1!.price).toBeGreaterThan(p0!.price);
    expect(p1!.registrationTao - p0!.registrationTao).toBe(burn);
  });
});

const cand = (uid: number, emission: bigint, blockAtRegistration: number, coldkey = `c${uid}`): PruneCandidate => ({
  uid,
  hotkey: `h${uid}`,
  coldkey,
  emission,
  blockAtRegistration,
});

describe("pruning (get_neuron_to_prune)", () => {
  const rule = { ownerColdkey: "owner", ownerHotkey: "h0", immuneOwnerUidsLimit: 1, minNonImmuneUids: 0, immune: () => false };

  it("takes the lowest emission, then the earlier registration, then the lower uid", () => {
    const n = [cand(0, 0n, 0, "owner"), cand(1, 5n, 1), cand(2, 3n, 4), cand(3, 3n, 2), cand(4, 3n, 2)];
    expect(neuronToPrune(n, rule)).toBe(3); // emission 3 (uids 2, 3, 4), registered at 2 (3, 4), uid 3
    expect(neuronToPrune([cand(0, 0n, 0, "owner"), cand(1, 1n, 9), cand(2, 1n, 9)], rule)).toBe(1);
  });

  it("skips the owner's first ImmuneOwnerUidsLimit hotkeys (its hotkey first, then by registration and uid)", () => {
    const n = [cand(0, 0n, 0, "owner"), cand(1, 0n, 3, "owner"), cand(2, 0n, 1, "owner"), cand(3, 9n, 0)];
    expect(neuronToPrune(n, rule)).toBe(2); // limit 1: only the owner's hotkey (uid 0) is immortal; uid 2 registered before uid 1
    expect(neuronToPrune(n, { ...rule, immuneOwnerUidsLimit: 2 })).toBe(1); // uids 0 and 2 (the earliest) immortal
    expect(neuronToPrune(n, { ...rule, immuneOwnerUidsLimit: 3 })).toBe(3);
    expect(neuronToPrune(n.slice(0, 3), { ...rule, immuneOwnerUidsLimit: 3 })).toBeNull(); // only immortal uids
  });

  it("takes an immune uid only when no more than MinNonImmuneUids non-immune ones remain", () => {
    const n = [cand(0, 0n, 0, "owner"), cand(1, 9n, 0), cand(2, 9n, 0), cand(3, 1n, 100)];
    const immune = (x: PruneCandidate) => x.blockAtRegistration >= 100;
    expect(neuronToPrune(n, { ...rule, immune })).toBe(1); // two non-immune, floor 0: the non-immune one, though uid 3 earns less
    expect(neuronToPrune(n, { ...rule, immune, minNonImmuneUids: 1 })).toBe(1);
    expect(neuronToPrune(n, { ...rule, immune, minNonImmuneUids: 2 })).toBe(3); // the floor: the immune uid goes
    expect(neuronToPrune([cand(0, 0n, 0, "owner"), cand(1, 0n, 0)], { ...rule, minNonImmuneUids: 10 })).toBeNull(); // none immune, floor not passed
  });

  it("on the devnet with max_allowed_uids 4: a registration replaces the uid the rule picks, by emission, and is refused when only the owner's remain", async () => {
    const chain = new DevChain({
      hyperparameters: { tempo: 10, maxAllowedUids: 4, immunityPeriod: 20, weightsRateLimit: 1, commitRevealWeightsEnabled: false },
    });
    const owner = key("//Prune/owner");
    chain.fund(owner.address, 10_000n * TAO);
    const netuid = ((await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } }).value.netuid;
    expect((await chain.startCall(owner, netuid)).ok).toBe(true);
    expect((await chain.sudoSetHyperparameter(key("//Alice"), netuid, "minNonImmuneUids", 0)).ok).toBe(true);
    const [v, m1, m2, late] = [key("//Prune/v"), key("//Prune/m1"), key("//Prune/m2"), key("//Prune/late")];
    for (const k of [v, m1, m2, late]) chain.fund(k.address, 1000n * TAO);
    for (const k of [v, m1, m2]) expect((await chain.burnedRegister(k, netuid, k.address)).ok).toBe(true);
    expect((await chain.addStake(v, v.address, netuid, 100n * TAO)).ok).toBe(true);
    await chain.advance(10); // permits
    // the validator weights m2 (uid 3) over m1 (uid 2): m1 earns less
    expect((await chain.setWeights(v, netuid, [2, 3], [1000, 65535], 0n)).ok).toBe(true);
    await chain.advance(20); // two epochs; everyone's immunity (20 blocks) is over
    const mg = await chain.metagraph(netuid);
    const emissions = mg.neurons.map((n) => n.emission);
    // the rule: the lowest emission among uids 1..3 (uid 0 is the owner's hotkey), ties to the earlier registration, then the lower uid
    const expected = [1, 2, 3].sort((a, b) => (emissions[a]! < emissions[b]! ? -1 : emissions[a]! > emissions[b]! ? 1 : a - b))[0]!;
    expect(emissions[2]).toBeLessThan(emissions[3]!);
    const r = await chain.burnedRegister(late, netuid, late.address);
    expect(r).toMatchObject({ ok: true, value: { uid: expected } });
    expect(await chain.uidOf(netuid, owner.address)).toBe(0);
    // a subnet of one uid, the owner's: nothing may be pruned
    const solo = new DevChain({ hyperparameters: { maxAllowedUids: 1 } });
    solo.fund(owner.address, 10_000n * TAO);
    solo.fund(late.address, 10n * TAO);
    const s = ((await solo.registerNetwork(owner, owner.address)) as { value: { netuid: number } }).value.netuid;
    const before = await solo.balance(late.address);
    expect(await solo.burnedRegister(late, s, late.address)).toMatchObject({ ok: false, error: "NoNeuronIdAvailable" });
    expect(await solo.balance(late.address)).toBe(before); // refused before the burn is taken
  });
});
