/** Market simulations on the devnet with the real text kit (challenges, serve, verify, the WASM scoring module). */

import { type TextExpected, type TextRequest, type TextResponse, textKit } from "@tao-subnet/kit-text";
import { type RoundEntry, SimulationConfigError, type SubnetKit, simulate } from "@tao-subnet/sdk";
import { describe, expect, it } from "vitest";

const kit = textKit({ minerModel: null });
const share = (r: Awaited<ReturnType<typeof simulate>>, name: string) => r.profiles[name]?.share ?? 0;
const perUid = (r: Awaited<ReturnType<typeof simulate>>, name: string) => Number(BigInt(r.profiles[name]!.emission) / BigInt(r.profiles[name]!.uids.length));

describe("market simulation (text kit on the devnet)", () => {
  it("over 50 epochs pays honest miners more than noisy ones, and lazy and copier miners under 5 % each", async () => {
    const r = await simulate(kit, { seed: "fifty", epochs: 50 });
    expect(perUid(r, "miner:honest")).toBeGreaterThan(perUid(r, "miner:noisy"));
    expect(share(r, "miner:lazy")).toBeLessThan(0.05);
    expect(share(r, "miner:copier")).toBeLessThan(0.05);
    const minerShares = Object.values(r.profiles)
      .filter((p) => p.role === "miner")
      .reduce((a, p) => a + p.share, 0);
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
    const config = {
      seed: "reveal",
      epochs,
      miners: { honest: 2, lazy: 2 },
      validators: [
        { profile: "honest" as const, stake: 1000 },
        { profile: "weightCopier" as const, stake: 400 },
        { profile: "offline" as const, stake: 300 },
      ],
    };
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

  it("gives the same bytes whatever the number of scoring workers, with each validator querying sampleSize miners a round", async () => {
    // 60 miners and a sample of 16: the runtimes draw their samples; 8 validators' batches spread over the workers
    const config = {
      seed: "workers",
      epochs: 4,
      tempo: 10,
      sampleSize: 16,
      miners: { honest: 40, noisy: 10, lazy: 5, copier: 5 },
      validators: Array.from({ length: 8 }, (_, i) => ({ profile: "honest" as const, stake: 1000 + 100 * i })),
    };
    const one = await simulate(kit, { ...config, workers: 1 });
    const bytes = JSON.stringify(one);
    for (const workers of [2, 3]) expect(JSON.stringify(await simulate(kit, { ...config, workers }))).toBe(bytes);
    expect(one.config).not.toHaveProperty("workers");
    expect(one.config.sampleSize).toBe(16);
    for (const v of one.validators) {
      expect(v.queried).toBe(16 * config.epochs);
      expect(v.answered).toBeGreaterThan(0);
    }
    // the default sample (50) asks all of a small market's miners
    const small = await simulate(kit, { seed: "workers", epochs: 2, miners: { honest: 3, lazy: 2 } });
    expect(small.config.sampleSize).toBe(50);
    for (const v of small.validators.filter((x) => x.profile === "honest")) expect(v.queried).toBe(5 * 2);
  }, 120_000);

  it("refuses a sampleSize and a worker count out of range, naming the field", async () => {
    for (const [field, value] of [
      ["sampleSize", 0],
      ["sampleSize", 2.5],
      ["workers", 0],
      ["workers", "2"],
    ] as const) {
      const e = await simulate(kit, { seed: "bad", epochs: 1, [field]: value } as never).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(SimulationConfigError);
      expect(e).toMatchObject({ path: field, kind: "bad-input" });
    }
  });

  it("refuses an unknown validator profile and a commitReveal that is not a boolean, naming the field", async () => {
    const bad = (config: object) =>
      simulate(kit, { seed: "bad", epochs: 1, ...config } as never).then(
        () => null,
        (e: unknown) => e,
      );
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
      joins: [
        { profile: "honest", count: 2, epoch: 10 },
        { profile: "honest", count: 2, epoch: 25 },
      ],
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
      validators: [
        { profile: "honest" as const, stake: 1100 },
        { profile: cabal, stake: 900 },
      ],
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

  it("runs the kit's own adversaries by name: padders and truncators earn far less per uid than honest miners, with the same bytes for the same seed", async () => {
    const config = { seed: "cheats", epochs: 12, miners: { honest: 3, padder: 2, truncator: 2 } };
    const r = await simulate(kit, config);
    expect(perUid(r, "miner:padder")).toBeLessThan(perUid(r, "miner:honest") / 10);
    expect(perUid(r, "miner:truncator")).toBeLessThan(perUid(r, "miner:honest") / 2);
    expect(r.profiles["miner:padder"]!.description).toBe(kit.adversaries!.padder!.description);
    expect(r.profiles["validator:honest"]!.description).toMatch(/sets weights/);
    expect(JSON.stringify(await simulate(kit, config))).toBe(JSON.stringify(r));
  }, 120_000);

  it("shows an author whose score rewards short answers that the truncator is then paid like an honest miner", async () => {
    // the author's change: a score that counts only how much of the answer is in the reference (precision),
    // so answering less never costs anything
    const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const precision = (e: RoundEntry<TextRequest, TextResponse, TextExpected>) => {
      const ref = new Set(words(e.challenge.expected.reference));
      const got = words(e.response?.completion ?? "");
      return got.length === 0 ? 0 : Math.floor((65535 * got.filter((w) => ref.has(w)).length) / got.length);
    };
    const shortFriendly: SubnetKit<TextRequest, TextResponse, TextExpected> = { ...kit, scorer: { kind: "function", score: precision } };
    const config = { seed: "short", epochs: 12, miners: { honest: 3, truncator: 3 } };
    const before = await simulate(kit, config);
    const after = await simulate(shortFriendly, config);
    expect(perUid(before, "miner:truncator")).toBeLessThan(perUid(before, "miner:honest") / 2);
    expect(perUid(after, "miner:truncator")).toBeGreaterThan(perUid(after, "miner:honest") * 0.9);
  }, 120_000);

  it("refuses an unknown miner profile before running, naming it and listing the generic profiles and the kit's adversaries", async () => {
    const err = await simulate(kit, { seed: "x", epochs: 1, miners: { honest: 1, padderr: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulationConfigError);
    expect((err as SimulationConfigError).path).toBe("miners.padderr");
    expect((err as Error).message).toMatch(/"padderr".*honest, noisy, lazy, copier, sybil, padder, truncator, lookup/);
    const count = await simulate(kit, { seed: "x", epochs: 1, miners: { honest: 1.5 } }).catch((e: unknown) => e);
    expect((count as SimulationConfigError).path).toBe("miners.honest");
  });
});
