import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { coinbaseStep } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { DEV_DEFAULT_NETWORK, DevChain } from "./index.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const key = (uri: string) => keyring.addFromUri(uri);
const TAO = 1_000_000_000n;
const owner = key("//Eco/owner");
const ownerHot = key("//Eco/owner-hot");
const people = [key("//Eco/v1"), key("//Eco/v2"), key("//Eco/m1"), key("//Eco/m2")];

async function network(options: ConstructorParameters<typeof DevChain>[0] = {}) {
  // commit-reveal off: these tests set weights directly
  const chain = new DevChain({ hyperparameters: { tempo: 10, weightsRateLimit: 1, commitRevealWeightsEnabled: false }, ...options });
  for (const k of [owner, ...people]) chain.fund(k.address, 10_000n * TAO);
  const r = await chain.registerNetwork(owner, ownerHot.address);
  if (!r.ok) throw new Error(r.message);
  const netuid = r.value.netuid;
  for (const k of people) expect((await chain.burnedRegister(k, netuid, k.address)).ok).toBe(true);
  return { chain, netuid };
}

/** issuance + endowed − (balances + every pool's TAO + root TAO): constant if no TAO appears or vanishes. */
async function unaccounted(chain: DevChain): Promise<bigint> {
  const e = chain.emission();
  const cb = chain.coinbaseState();
  let held = BigInt(cb.rootSubnetTao);
  for (const s of cb.subnets) held += BigInt(s.subnetTao);
  for (const k of [owner, ownerHot, ...people]) held += await chain.balance(k.address);
  return e.issuance + e.endowed - held;
}

describe("DevChain in dynamic TAO (issue #17 part 3)", () => {
  it("seeds the pool with the lock at the median price, stakes nothing to the owner, and waits for start_call", async () => {
    const { chain, netuid } = await network();
    const [eco] = chain.economy().subnets;
    const median = DEV_DEFAULT_NETWORK.others[0]!.price;
    // lock 100 TAO (the devnet's default) plus four registration burns swapped in, less the swaps' fees
    // (burned: no block author); all in block 0, so no decay: 1 TAO, then ×1.26 (BurnIncreaseMult) after each
    const burns = [TAO, 1_260_000_000n, 1_587_600_000n, 2_000_376_000n];
    const paid = 100n * TAO + burns.reduce((a, b) => a + b);
    expect(eco!.registrationTao).toBe(paid);
    expect(eco!.subnetTao).toBeLessThan(paid);
    expect(eco!.subnetTao).toBeGreaterThan(paid - (6n * TAO) / 1000n);
    expect(eco!.alphaOut).toBe(0n); // the burns' alpha is burned
    expect(Number(eco!.alphaIn)).toBeLessThan(Number(100n * TAO) / median);
    // the burns bought alpha out of the pool, at no better than the median price, within twice their TAO
    expect(Number(eco!.alphaIn)).toBeGreaterThan(Number(100n * TAO - 2n * (paid - 100n * TAO)) / median);
    expect(eco!.firstEmissionBlock).toBeNull();
    expect((await chain.metagraph(netuid)).neurons[0]).toMatchObject({ hotkey: ownerHot.address, stake: 0n });
    // no emission and no staking before start_call (epochs still run)
    expect(await chain.addStake(people[0]!, people[0]!.address, netuid, TAO)).toMatchObject({ ok: false, error: "SubtokenDisabled" });
    await chain.advance(25);
    const idle = chain.economy().subnets[0]!;
    expect([idle.alphaEmitted, idle.taoInjected, idle.ownerCut]).toEqual([0n, 0n, 0n]);
    expect(await chain.startCall(people[0]!, netuid)).toMatchObject({ ok: false, error: "NotSubnetOwner" });
    expect((await chain.startCall(owner, netuid)).ok).toBe(true);
    expect(await chain.startCall(owner, netuid)).toMatchObject({ ok: false, error: "FirstEmissionBlockNumberAlreadySet" });
    await chain.advance(1); // FirstEmissionBlockNumber = block + 1
    await chain.advance(1);
    const live = chain.economy().subnets[0]!;
    expect(live.firstEmissionBlock).toBe(26);
    expect(live.alphaEmitted).toBeGreaterThan(0n);
    // the moving price of a young subnet starts at 0 and follows the spot price by EMAPriceHalvingBlocks (201,600): still 0 here
    expect(live.movingPrice).toBe(0);
  });

  it("stakes through the pool: the price moves, the fee is charged, a price limit refuses, and unstaking swaps back", async () => {
    const { chain, netuid } = await network();
    await chain.startCall(owner, netuid);
    const [v] = people;
    const p0 = chain.economy().subnets[0]!.price;
    const balance0 = await chain.balance(v!.address);
    const r = await chain.addStake(v!, v!.address, netuid, 100n * TAO);
    expect(r.ok).toBe(true);
    const [, , tao, alpha, , fee] = (r as { events: Array<{ data: unknown[] }> }).events[0]!.data as string[];
    expect(BigInt(tao!)).toBe(100n * TAO);
    expect(BigInt(fee!)).toBeGreaterThan(0n);
    expect(await chain.balance(v!.address)).toBe(balance0 - 100n * TAO);
    const p1 = chain.economy().subnets[0]!.price;
    expect(p1).toBeGreaterThan(p0);
    // a buy pays more than the starting price for each alpha (slippage and fee)
    expect(Number(alpha) * p0).toBeLessThan(Number(100n * TAO));
    const stake = (await chain.metagraph(netuid)).neurons[1]!.stake;
    expect(stake).toBe(BigInt(alpha!));
    // limit below the price: refused, nothing moves
    const limit = BigInt(Math.floor(p1 * 0.9 * 1e9));
    expect(await chain.addStake(v!, v!.address, netuid, 10n * TAO, { limitPrice: limit })).toMatchObject({ ok: false, error: "SlippageTooHigh" });
    expect(await chain.balance(v!.address)).toBe(balance0 - 100n * TAO);
    // a generous limit fills
    expect((await chain.addStake(v!, v!.address, netuid, 10n * TAO, { limitPrice: BigInt(Math.ceil(p1 * 2 * 1e9)) })).ok).toBe(true);
    // unstaking: only what the coldkey holds; back through the pool for less TAO than it cost
    expect(await chain.removeStake(people[1]!, v!.address, netuid, 1n)).toMatchObject({ ok: false, error: "NotEnoughStakeToWithdraw" });
    const held = (await chain.metagraph(netuid)).neurons[1]!.stake;
    const before = await chain.balance(v!.address);
    expect((await chain.removeStake(v!, v!.address, netuid, held)).ok).toBe(true);
    const back = (await chain.balance(v!.address)) - before;
    expect(back).toBeGreaterThan(100n * TAO);
    expect(back).toBeLessThan(110n * TAO);
    expect((await chain.metagraph(netuid)).neurons[1]!.stake).toBe(0n);
    expect(chain.economy().subnets[0]!.price).toBeLessThan(p1);
  });

  it("conserves TAO across blocks, epochs, registrations and stake operations", async () => {
    const { chain, netuid } = await network();
    const start = await unaccounted(chain);
    await chain.startCall(owner, netuid);
    const [v1, v2, m1, m2] = people;
    await chain.addStake(v1!, v1!.address, netuid, 500n * TAO);
    await chain.addStake(v2!, v2!.address, netuid, 300n * TAO);
    expect(await unaccounted(chain)).toBe(start);
    await chain.advance(11);
    for (const v of [v1!, v2!]) await chain.setWeights(v, netuid, [3, 4], [65535, 20000], 0n);
    for (let i = 0; i < 4; i++) {
      await chain.advance(7);
      expect(await unaccounted(chain)).toBe(start);
    }
    const held = (await chain.metagraph(netuid)).neurons[3]!.stake;
    expect(held).toBeGreaterThan(0n); // the miner earned alpha
    expect((await chain.removeStake(m1!, m1!.address, netuid, held)).ok).toBe(true);
    expect(await chain.balance(m1!.address)).toBeGreaterThan(10_000n * TAO - 1n * TAO);
    expect((await chain.burnedRegister(m2!, netuid, key("//Eco/m3").address)).ok).toBe(true);
    await chain.advance(30);
    expect(await unaccounted(chain)).toBe(start);
  });

  it("burns the incentive to the owner's own hotkeys and records it as MinerBurned", async () => {
    const { chain, netuid } = await network();
    await chain.startCall(owner, netuid);
    const [v1] = people;
    // a second hotkey of the owner's coldkey mines on its own subnet
    const ownMiner = key("//Eco/owner-miner");
    const reg = await chain.burnedRegister(owner, netuid, ownMiner.address);
    if (!reg.ok) throw new Error(reg.message);
    const { uid } = reg.value;
    await chain.addStake(v1!, v1!.address, netuid, 500n * TAO);
    await chain.advance(11);
    const set = await chain.setWeights(v1!, netuid, [uid, 3], [65535, 65535], 0n);
    expect(set.ok, set.ok ? "" : set.message).toBe(true);
    await chain.advance(21);
    const eco = chain.economy().subnets[0]!;
    expect(eco.incentiveWithheld).toBeGreaterThan(0n);
    const mg = await chain.metagraph(netuid);
    expect(mg.neurons[uid]!.incentive).toBeGreaterThan(0); // the epoch scores it…
    expect(mg.neurons[uid]!.stake).toBe(0n); // …but it is paid nothing
    expect(mg.neurons[3]!.stake).toBeGreaterThan(0n);
    expect(BigInt(chain.coinbaseState().subnets.find((s) => s.netuid === netuid)!.minerBurned)).toBeGreaterThan(0n);
  });

  it("steps the network exactly as a direct coinbaseStep on the same state", async () => {
    const { chain, netuid } = await network();
    await chain.startCall(owner, netuid);
    await chain.addStake(people[0]!, people[0]!.address, netuid, 500n * TAO);
    await chain.advance(12);
    // a block in which no devnet epoch runs (the other groups have no uids)
    let block = await chain.bestBlock();
    while ((await chain.metagraph(netuid, { lite: true })).nextEpochBlock <= block + 1) block = await chain.advance(1);
    const before = chain.coinbaseState();
    const direct = coinbaseStep({ ...before, blockNumber: String(block + 1) });
    await chain.advance(1);
    const after = chain.coinbaseState();
    const injected = direct.computed.subnets.reduce((a, s) => a + BigInt(s.taoIn) + BigInt(s.excessTao), 0n);
    // the devnet adds the injected TAO to TotalStake (the chain's inject_and_maybe_swap does; the step leaves it)
    expect({ ...after, totalStake: String(BigInt(after.totalStake) - injected) }).toEqual(direct.state);
    expect(BigInt(direct.computed.blockEmission)).toBeGreaterThan(0n);
  });

  it("takes the rest of the network as configuration: my share of the emission follows how many others there are", async () => {
    const run = async (count: number) => {
      // a fast moving price (halving 1 block) so the share shows within a test
      const { chain, netuid } = await network({ network: { others: [{ count, price: 0.01 }], emaPriceHalvingBlocks: 1n } });
      await chain.startCall(owner, netuid);
      await chain.advance(300);
      return chain.economy();
    };
    const few = await run(15);
    const many = await run(63);
    expect(few.others).toEqual([{ netuid: 4096, movingPrice: expect.any(Number) }]);
    const share = (e: typeof few) => Number(e.subnets[0]!.taoInjected) / (300 * 1e9);
    expect(share(few)).toBeGreaterThan(0);
    expect(share(few)).toBeLessThan(1 / 16);
    expect(share(many)).toBeLessThan(share(few) / 2);
  });
});
