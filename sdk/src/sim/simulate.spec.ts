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
