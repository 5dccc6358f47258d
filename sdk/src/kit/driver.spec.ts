import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { deriveChallengeSeed, KitDriver, KitHookError, Random, sha256Hex, SynapseValidationError, type SubnetKit } from "../index.js";

const wasm = new Uint8Array(readFileSync(fileURLToPath(new URL("../../build/exactMatch.wasm", import.meta.url))));
const enc = new TextEncoder();

/** A toy "echo a word" market scored by the real exact-match WASM module. */
function echoKit(overrides: Partial<SubnetKit<{ word: string }, { answer: string }, string>> = {}): SubnetKit<{ word: string }, { answer: string }, string> {
  const words = ["alpha", "bravo", "charlie", "delta", "echo"];
  return {
    name: "kit:echo",
    synapse: { name: "Echo", request: z.object({ word: z.string().max(32) }), response: z.object({ answer: z.string().max(64) }) },
    challenge: (ctx) => {
      const word = ctx.random.pick(words);
      return { request: { word }, expected: word };
    },
    serve: (req) => ({ answer: req.word }),
    verify: (round) => ({ vetoed: round.filter((e) => e.response?.answer === "copied").map((e) => ({ uid: e.uid, reason: "copy" })) }),
    scorer: { kind: "wasm", load: async () => wasm, sha256: sha256Hex(wasm), encode: (e) => ({ challenge: enc.encode(e.challenge.expected), response: enc.encode(e.response?.answer ?? "") }) },
    ...overrides,
  };
}
const coords = { blockHash: "0xabc", validatorHotkey: "5Validator", round: 7 };

describe("challenge seeds", () => {
  it("are deterministic in the secret and the coordinates, and change with either", () => {
    const a = deriveChallengeSeed("secret", { ...coords, uid: 1 });
    expect(deriveChallengeSeed("secret", { ...coords, uid: 1 })).toEqual(a);
    expect(deriveChallengeSeed("other", { ...coords, uid: 1 })).not.toEqual(a);
    expect(deriveChallengeSeed("secret", { ...coords, uid: 2 })).not.toEqual(a);
    expect(deriveChallengeSeed("secret", { ...coords, uid: 1, round: 8 })).not.toEqual(a);
  });

  it("drive a PRNG that gives the same sequence everywhere and unbiased ranges", () => {
    const r1 = new Random(deriveChallengeSeed("s", { ...coords, uid: 0 }));
    const r2 = new Random(deriveChallengeSeed("s", { ...coords, uid: 0 }));
    const xs = Array.from({ length: 50 }, () => r1.nextU32());
    expect(Array.from({ length: 50 }, () => r2.nextU32())).toEqual(xs);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r1.int(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(() => r1.int(0)).toThrow(RangeError);
  });
});

describe("KitDriver", () => {
  it("refuses to build challenges without a validator secret", async () => {
    await expect(new KitDriver(echoKit()).challenge(coords, 1)).rejects.toThrow(/no validator secret/);
  });

  it("runs a round: challenges, responses, a veto, WASM scores and rewards", async () => {
    const driver = new KitDriver(echoKit(), { secret: "s3cret" });
    const answers = new Map<number, unknown>([[1, "right"], [2, { answer: "wrong" }], [3, { answer: "copied" }], [4, null], [5, { answer: 42 }]]);
    const result = await driver.runRound(coords, [1, 2, 3, 4, 5], async (uid, req) => {
      const a = answers.get(uid);
      return { body: a === "right" ? { answer: req.word } : a, latencyMs: 10 };
    });
    expect(result.scores.get(1)).toBe(65535);
    expect(result.scores.get(2)).toBeLessThan(65535);
    expect(result.scores.get(3)).toBe(0); // vetoed
    expect(result.scores.get(4)).toBe(0); // no answer
    expect(result.scores.get(5)).toBe(0); // invalid body counts as no answer
    expect(result.verdict.vetoed).toEqual([{ uid: 3, reason: "copy" }]);
    expect(result.rewards.get(1)).toBe(1);
    await driver.close();
  });

  it("wraps a throwing hook with the kit's and the hook's names", async () => {
    const driver = new KitDriver(echoKit({ serve: () => { throw new Error("model offline"); } }), { secret: "s" });
    const err = await driver.serve({ word: "alpha" }, { caller: "5V", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitHookError);
    expect(err).toMatchObject({ kit: "kit:echo", hook: "serve", code: "KIT_HOOK_FAILED" });
    expect((err as Error).message).toContain("model offline");
  });

  it("validates synapse bodies at the boundary and names the bad field", async () => {
    const driver = new KitDriver(echoKit({ serve: () => ({ answer: "x".repeat(100) }) }), { secret: "s" });
    const bad = await driver.serve({ word: 5 }, { caller: "5V", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SynapseValidationError);
    expect(bad).toMatchObject({ side: "request", path: "word" });
    const tooLong = await driver.serve({ word: "alpha" }, { caller: "5V", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ side: "response", path: "answer" });
  });

  it("checks function scorers return u16 values", async () => {
    const driver = new KitDriver(echoKit({ scorer: { kind: "function", score: () => 70000 } }), { secret: "s" });
    const c = await driver.challenge(coords, 1);
    await expect(driver.score([{ uid: 1, challenge: c, response: { answer: "a" }, latencyMs: 1 }])).rejects.toThrow(/expected a u16/);
  });
});
