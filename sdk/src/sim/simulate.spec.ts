import { describe, expect, it } from "vitest";
import { z } from "zod";
import { KitHookError, type SubnetKit, simulate } from "../index.js";

/** A toy market scored by a function: echo the word back. `failAt` makes `challenge` throw from that epoch on. */
function echoKit(closes: { n: number }, failAt = Infinity): SubnetKit<{ word: string; round: number }, { answer: string }, string> {
  return {
    name: "kit:echo",
    synapse: { name: "Echo", request: z.object({ word: z.string(), round: z.number() }), response: z.object({ answer: z.string() }) },
    challenge: (ctx) => {
      if (ctx.round >= failAt) throw new Error(`no challenge in round ${ctx.round}`);
      return { request: { word: ctx.random.pick(["a", "b"]), round: ctx.round }, expected: "" };
    },
    serve: (req) => ({ answer: req.word }),
    scorer: { kind: "function", score: (e) => (e.response?.answer === e.challenge.request.word ? 65535 : 0) },
    close: () => void closes.n++,
  };
}

describe("simulate closes the kit through its drivers", () => {
  const config = {
    seed: "close",
    epochs: 2,
    tempo: 5,
    miners: { honest: 2, lazy: 1 },
    validators: [
      { profile: "honest" as const, stake: 1000 },
      { profile: "honest" as const, stake: 500 },
    ],
  };

  it("once, at the end of a run", async () => {
    const closes = { n: 0 };
    const r = await simulate(echoKit(closes), config);
    expect(r.profiles["miner:honest"]!.share).toBeGreaterThan(r.profiles["miner:lazy"]!.share);
    expect(closes.n).toBe(1);
  }, 60_000);

  it("once, when a hook fails mid-run, and the run rejects with the hook's error", async () => {
    const closes = { n: 0 };
    await expect(simulate(echoKit(closes, 1), config)).rejects.toBeInstanceOf(KitHookError);
    expect(closes.n).toBe(1);
  }, 60_000);
});

describe("simulate is deterministic when the miners' answers finish in any order", () => {
  /** Echo whose miner answers after a real, random delay; its `late` cheater draws from its PRNG after waiting for the honest answer. */
  const slowEcho: SubnetKit<{ word: string }, { answer: string }, string> = {
    name: "kit:slow-echo",
    synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ answer: z.string() }) },
    challenge: (ctx) => ({ request: { word: ctx.random.pick(["a", "b", "c", "d"]) }, expected: "" }),
    serve: async (req) => {
      await new Promise((r) => setTimeout(r, Math.random() * 4));
      return { answer: req.word };
    },
    scorer: { kind: "function", score: (e) => (e.response?.answer === e.challenge.request.word ? 65535 : 30000) },
    adversaries: {
      late: {
        description: "answers honestly, or with a random wrong word, after waiting for the honest answer",
        answer: async ({ honest, random }) => {
          const h = await honest();
          return { response: random.int(2) === 0 ? h : { answer: "x" }, extraLatencyMs: random.int(900) };
        },
      },
    },
  };

  it("gives the same bytes over runs whose answers complete in different orders (per-answer randomness, honest answers kept by validator)", async () => {
    const config = {
      seed: "order",
      epochs: 3,
      tempo: 5,
      miners: { honest: 4, late: 4, copier: 2, noisy: 2 },
      validators: [
        { profile: "honest" as const, stake: 1000 },
        { profile: "honest" as const, stake: 700 },
        { profile: "honest" as const, stake: 500 },
      ],
    };
    const a = JSON.stringify(await simulate(slowEcho, config));
    const b = JSON.stringify(await simulate(slowEcho, config));
    expect(b).toBe(a);
  }, 60_000);

  it("refuses more validators and miners than a subnet's 256 uids hold, naming miners", async () => {
    const e = await simulate(slowEcho, {
      seed: "full",
      epochs: 1,
      miners: { honest: 192 },
      validators: Array.from({ length: 64 }, () => ({ profile: "honest" as const, stake: 1 })),
    }).catch((err: unknown) => err);
    expect(e).toMatchObject({ path: "miners", kind: "bad-input" });
    expect((e as Error).message).toMatch(/take 257/);
  });
});

describe("simulate with several mechanisms", () => {
  it("splits the alpha 70/30 on chain, runs a validator runtime per mechanism, and reports each mechanism's part and who earned it", async () => {
    const config = {
      seed: "mech",
      epochs: 3,
      tempo: 5,
      miners: { honest: 2, lazy: 1 },
      validators: [{ profile: "honest" as const, stake: 1000 }],
      mechanisms: 2,
      split: [70, 30],
    };
    const r = await simulate(echoKit({ n: 0 }), config);
    expect(r.config).toMatchObject({ mechanisms: 2, split: [70, 30] });
    // one runtime per mechanism, each setting weights every epoch
    expect(r.validators.map((v) => v.mecid)).toEqual([0, 1]);
    for (const v of r.validators) expect(v.set).toBe(3);
    const [m0, m1] = r.mechanisms!;
    expect([m0!.part, m1!.part]).toEqual([45875, 19660]);
    for (const e of r.epochs) {
      // each epoch's alpha split as split_emissions does: floor(alpha × part / 65535), the rest to mechanism 0
      const [a, b] = e.mechanisms!.map(BigInt);
      const total = a! + b!;
      expect(b).toBe((total * 19660n) / 65535n);
      expect(a).toBe(total - b!);
    }
    expect(BigInt(m0!.emission)).toBe(r.epochs.reduce((s, e) => s + BigInt(e.mechanisms![0]!), 0n));
    // honest miners earn from both mechanisms; miner alpha from mechanism 0 is about 70/30 of mechanism 1's
    const fromM0 = Number(BigInt(m0!.profiles["miner:honest"]!));
    const fromM1 = Number(BigInt(m1!.profiles["miner:honest"]!));
    expect(fromM1).toBeGreaterThan(0);
    expect(fromM0 / fromM1).toBeGreaterThan(2);
    expect(fromM0 / fromM1).toBeLessThan(2.7);
    // same config, same bytes
    expect(JSON.stringify(await simulate(echoKit({ n: 0 }), config))).toBe(JSON.stringify(r));
  }, 120_000);
});
