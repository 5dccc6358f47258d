import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { answerAs } from "@tao-subnet/sdk/sim";
import { afterAll, describe, expect, it } from "vitest";
import { LOOKUP_MISS, type TextExpected, type TextKitOptions, type TextRequest, type TextResponse, textKit } from "./index.js";

type Entry = RoundEntry<TextRequest, TextResponse, TextExpected>;
const coords = (round: number) => ({ blockHash: "0x0adf", validatorHotkey: "5V", round });
const drivers: Array<KitDriver<TextRequest, TextResponse, TextExpected>> = [];
afterAll(async () => {
  for (const d of drivers) await d.close();
});

/**
 * For `rounds` real challenges of a text kit: the reference miner's answer and `profile`'s answer
 * to the same request, each verified, scored by the kit's WASM module and rewarded.
 */
async function versusHonest(profile: string, rounds: number, options: TextKitOptions = {}) {
  const kit = textKit({ minerModel: null, ...options });
  const driver = new KitDriver(kit, { secret: "adversary tests" });
  drivers.push(driver);
  const out: Array<{ request: TextRequest; honest: Entry; cheat: Entry; scores: [number, number]; rewards: [number, number] }> = [];
  for (let round = 0; round < rounds; round++) {
    const challenge = await driver.challenge(coords(round), 1);
    const honestBody = await driver.serve(challenge.request, { caller: "5V", timeoutMs: 1000 });
    const answer = await answerAs(kit.adversaries![profile]!, challenge.request, async () => honestBody, { seed: `${profile} ${round}` });
    const honest: Entry = { uid: 1, challenge, response: honestBody, latencyMs: 200 };
    const cheat: Entry = { uid: 2, challenge, response: answer.response, latencyMs: 200 + (answer.extraLatencyMs ?? 0) };
    // each verified in a round of its own (in a market every miner gets its own challenge, so two
    // equal answers to one request would be a copy)
    const scores = new Map([...(await driver.score([honest], await driver.verify([honest]))), ...(await driver.score([cheat], await driver.verify([cheat])))]);
    const rewards = await driver.aggregate(scores);
    out.push({ request: challenge.request, honest, cheat, scores: [scores.get(1)!, scores.get(2)!], rewards: [rewards.get(1)!, rewards.get(2)!] });
  }
  return out;
}

describe("the text kit's adversaries, against the kit's own challenges, verify and scoring module", () => {
  it("declares padder, truncator and lookup, each with a one-line description", () => {
    const kit = textKit({ minerModel: null });
    expect(Object.keys(kit.adversaries!)).toEqual(["padder", "truncator", "lookup"]);
    for (const b of Object.values(kit.adversaries!)) expect(b.description).toMatch(/^[^\n]{10,120}$/);
  });

  it("padder: the honest answer plus the prompt and filler, 3× longer or more; it scores below the honest answer and earns nothing", async () => {
    for (const r of await versusHonest("padder", 12)) {
      const padded = r.cheat.response!.completion;
      expect(padded.startsWith(r.honest.response!.completion)).toBe(true);
      expect(padded).toContain(r.request.prompt);
      expect(padded.length).toBeGreaterThanOrEqual(3 * r.honest.response!.completion.length);
      expect(r.scores[1]).toBeLessThan(r.scores[0]);
      expect(r.rewards).toEqual([1, 0]);
    }
  });

  it("truncator: the first half of the honest answer's words; it scores below the honest answer and earns under a quarter of its reward", async () => {
    for (const r of await versusHonest("truncator", 12)) {
      const honestWords = r.honest.response!.completion.split(" ");
      const words = r.cheat.response!.completion.split(" ");
      expect(words).toEqual(honestWords.slice(0, Math.ceil(honestWords.length / 2)));
      expect(r.scores[1]).toBeLessThan(r.scores[0]);
      expect(r.rewards[1]).toBeLessThan(r.rewards[0] / 4);
    }
  });

  it("lookup: returns the public dataset's reference, so it is paid in full while validators use the public prompts, and nothing on private prompts", async () => {
    for (const r of await versusHonest("lookup", 8)) {
      expect(r.cheat.response!.completion).toBe(r.cheat.challenge.expected.reference);
      expect(r.rewards).toEqual([1, 1]);
    }
    // a validator's private prompts (the offline reference miner stands in for a real model that knows them)
    const dir = mkdtempSync(join(tmpdir(), "text-private-"));
    const items = ["Copper", "Silver", "Gold", "Tin"].map((m, i) => ({
      prompt: `Name the private metal number ${i}.`,
      reference: `The private metal number ${i} is ${m}.`,
    }));
    writeFileSync(join(dir, "prompts.json"), JSON.stringify({ name: "private", licence: "CC0-1.0", source: "test", items }));
    for (const r of await versusHonest("lookup", 6, { datasetPath: join(dir, "prompts.json") })) {
      expect(r.cheat.response!.completion).toBe(LOOKUP_MISS);
      expect(r.rewards).toEqual([1, 0]);
    }
  });
});
