/** Market simulations on the devnet with the real text kit (challenges, serve, verify, the WASM scoring module). */
import { describe, expect, it } from "vitest";
import { simulate, SimulationConfigError } from "@tao-subnet/sdk";
import { textKit } from "@tao-subnet/kit-text";

const kit = textKit({ minerModel: null });
const share = (r: Awaited<ReturnType<typeof simulate>>, name: string) => r.profiles[name]?.share ?? 0;
const perUid = (r: Awaited<ReturnType<typeof simulate>>, name: string) => Number(BigInt(r.profiles[name]!.emission) / BigInt(r.profiles[name]!.uids.length));

describe("market simulation (text kit on the devnet)", () => {
  it("over 50 epochs pays honest miners more than noisy ones, and lazy and copier miners under 5 % each", async () => {
    const r = await simulate(kit, { seed: "fifty", epochs: 50 });
    expect(perUid(r, "miner:honest")).toBeGreaterThan(perUid(r, "miner:noisy"));
    expect(share(r, "miner:lazy")).toBeLessThan(0.05);
    expect(share(r, "miner:copier")).toBeLessThan(0.05);
    const minerShares = Object.values(r.profiles).filter((p) => p.role === "miner").reduce((a, p) => a + p.share, 0);
    expect(minerShares).toBeCloseTo(1, 5);
  }, 120_000);

  it("gives byte-identical results for the same seed, different ones for another", async () => {
    const a = JSON.stringify(await simulate(kit, { seed: "same", epochs: 8 }));
    const b = JSON.stringify(await simulate(kit, { seed: "same", epochs: 8 }));
    const c = JSON.stringify(await simulate(kit, { seed: "other", epochs: 8 }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  }, 120_000);

  it("with commit-reveal on, every validator runtime commits each epoch and reveals the commit an epoch later (counted in the results)", async () => {
    const epochs = 6;
    const config = { seed: "reveal", epochs, miners: { honest: 2, lazy: 2 }, validators: [{ profile: "honest" as const, stake: 1000 }, { profile: "weightCopier" as const, stake: 400 }, { profile: "offline" as const, stake: 300 }] };
    const r = await simulate(kit, { ...config, commitReveal: true });
    expect(r.config.commitReveal).toBe(true);
    const byProfile = new Map(r.validators.map((v) => [v.profile, v]));
    expect([...byProfile.keys()]).toEqual(["honest", "weightCopier"]); // offline: no runtime
    expect(byProfile.get("honest")).toMatchObject({ set: 0, committed: epochs, revealed: epochs - 1, refused: 0 }); // the last commit is still waiting
    const copier = byProfile.get("weightCopier")!;
    expect(copier.committed).toBeGreaterThan(0); // from the first epoch with revealed weights, hence consensus
    expect(copier).toMatchObject({ set: 0, revealed: copier.committed - 1, refused: 0 });
    expect(share(r, "miner:honest")).toBeGreaterThan(0.9); // revealed weights reach the epoch
    const direct = await simulate(kit, config);
    expect(direct.validators.find((v) => v.profile === "honest")).toMatchObject({ set: epochs, committed: 0, revealed: 0 });
    expect(JSON.stringify(await simulate(kit, { ...config, commitReveal: true }))).toBe(JSON.stringify(r));
  }, 120_000);

  it("refuses an unknown validator profile and a commitReveal that is not a boolean, naming the field", async () => {
    const bad = (config: object) => simulate(kit, { seed: "bad", epochs: 1, ...config } as never).then(() => null, (e: unknown) => e);
    const profile = await bad({ validators: [{ profile: "honset", stake: 1 }] });
    expect(profile).toBeInstanceOf(SimulationConfigError);
    expect(profile).toMatchObject({ path: "validators[0].profile" });
    expect(await bad({ commitReveal: "yes" })).toMatchObject({ path: "commitReveal", code: "SIMULATION_CONFIG_INVALID" });
  });

  it("under Yuma 3, a weight-copying validator earns less than an honest one of equal stake when better miners join midway", async () => {
    const r = await simulate(kit, {
      seed: "copier",
      epochs: 40,
      alpha: 0.6,
      miners: { noisy: 3 },
      joins: [{ profile: "honest", count: 2, epoch: 10 }, { profile: "honest", count: 2, epoch: 25 }],
      validators: [
        { profile: "honest", stake: 500 },
        { profile: "weightCopier", stake: 500 },
        { profile: "honest", stake: 1000 },
      ],
    });
    const honest = r.uids.find((u) => u.role === "validator" && u.profile === "honest")!; // the 500-stake one (first in uid order)
    const copier = r.uids.find((u) => u.profile === "weightCopier")!;
    expect(BigInt(copier.emission)).toBeLessThan(BigInt(honest.emission));
  }, 120_000);

  it("a cabal with less than half the stake cannot pay its own miners above consensus", async () => {
    const config = (cabal: "cabal" | "honest") => ({
      seed: "cabal",
      epochs: 30,
      miners: { honest: 3, sybil: 3 },
      validators: [{ profile: "honest" as const, stake: 1100 }, { profile: cabal, stake: 900 }],
    });
    const withCabal = await simulate(kit, config("cabal"));
    const without = await simulate(kit, config("honest"));
    const sybils = withCabal.profiles["miner:sybil"]!.uids;
    // the cabal puts all its weight on its sybils; consensus (set by the honest majority) clips it, so
    // the sybils' consensus is what honest validators give them, not what the cabal wanted
    for (const uid of sybils) expect(withCabal.lastEpoch.consensus[uid]!).toBeLessThanOrEqual(Math.ceil(without.lastEpoch.consensus[uid]! * 1.05));
    const wanted = 65535 / sybils.length; // the cabal's own normalised weight per sybil
    for (const uid of sybils) expect(withCabal.lastEpoch.consensus[uid]!).toBeLessThan(wanted * 0.75);
  }, 120_000);
});
