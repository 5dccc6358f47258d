import { KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { answerAs, simulate } from "@tao-subnet/sdk/sim";
import { afterAll, describe, expect, it } from "vitest";
import { type ImageExpected, type ImageRequest, type ImageResponse, imageKit } from "./index.js";

type Entry = RoundEntry<ImageRequest, ImageResponse, ImageExpected>;
const drivers: Array<KitDriver<ImageRequest, ImageResponse, ImageExpected>> = [];
afterAll(async () => {
  for (const d of drivers) await d.close();
});

/**
 * `rounds` real challenges of the image kit (rendered scenes): the baseline detector's answer and
 * `profile`'s answer to the same image (one memory across rounds, as one miner), each verified
 * and scored by the kit's WASM module.
 */
async function versusHonest(profile: string, rounds: number) {
  const kit = imageKit({ minerBackend: null });
  const driver = new KitDriver(kit, { secret: `image ${profile}` });
  drivers.push(driver);
  const memory = new Map<string, unknown>();
  const out: Array<{ honest: Entry; cheat: Entry; vetoed: boolean; scores: [number, number] }> = [];
  for (let round = 0; round < rounds; round++) {
    const challenge = await driver.challenge({ blockHash: "0x1a6e", validatorHotkey: "5V", round }, 1);
    const honestBody = await driver.serve(challenge.request, { caller: "5V", timeoutMs: 5000 });
    const answer = await answerAs(kit.adversaries![profile]!, challenge.request, async () => honestBody, { seed: `${profile} ${round}`, memory });
    const honest: Entry = { uid: 1, challenge, response: honestBody, latencyMs: 300 };
    const cheat: Entry = { uid: 2, challenge, response: answer.response, latencyMs: 300 };
    const verdict = await driver.verify([cheat]);
    const scores = await driver.score([honest, cheat], verdict);
    out.push({ honest, cheat, vetoed: verdict.vetoed.length > 0, scores: [scores.get(1)!, scores.get(2)!] });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("the image kit's adversaries, against the kit's rendered challenges, verify and scoring module", () => {
  it("declares replayer and jitter, each with a one-line description", () => {
    const kit = imageKit({ minerBackend: null });
    expect(Object.keys(kit.adversaries!)).toEqual(["replayer", "jitter"]);
    for (const b of Object.values(kit.adversaries!)) expect(b.description).toMatch(/^[^\n]{10,120}$/);
  });

  it("replayer: after its first answer, sends those boxes for every new image under the new image's hash; verify passes it, the score does not", async () => {
    const plays = await versusHonest("replayer", 8);
    const first = plays[0]!.cheat.response!;
    expect(first).toEqual(plays[0]!.honest.response);
    for (const p of plays.slice(1)) {
      expect(p.cheat.response!.detections).toEqual(first.detections);
      expect(p.cheat.response!.image_hash).toBe(p.cheat.challenge.expected.imageHash);
      expect(p.vetoed).toBe(false);
    }
    const later = plays.slice(1);
    expect(mean(later.map((p) => p.scores[1]))).toBeLessThan(mean(later.map((p) => p.scores[0])) / 2);
  });

  it("jitter: the baseline's labels with every box moved within the image; it scores below the baseline", async () => {
    const plays = await versusHonest("jitter", 8);
    for (const p of plays) {
      const h = p.honest.response!.detections;
      const j = p.cheat.response!.detections;
      expect(j.map((d) => d.label)).toEqual(h.map((d) => d.label));
      expect(j.some((d, i) => d.box.some((v, k) => v !== h[i]!.box[k]))).toBe(h.length > 0);
      const { width, height } = p.cheat.challenge.request;
      for (const d of j) expect(d.box[0] >= 0 && d.box[1] >= 0 && d.box[0] + d.box[2] <= width && d.box[1] + d.box[3] <= height).toBe(true);
      expect(p.vetoed).toBe(false);
    }
    expect(mean(plays.map((p) => p.scores[1]))).toBeLessThan(mean(plays.map((p) => p.scores[0])) * 0.8);
  });

  // The replayer's first answer is honest, and the validator that asks it first scores it so; its
  // score moving average (alpha 0.1) then keeps some of that for several epochs. On the devnet in
  // dynamic TAO the validators' stakes are alpha bought one after another through the subnet's
  // 1,000-TAO pool, so the first validator (1,000 of 2,000 TAO) holds about 75 % of the alpha and
  // alone sets Yuma's consensus (kappa 0.5): that decaying first score is paid (about 11 % of the
  // miners' emission over the first 6 epochs). When stake was TAO it held exactly 50 %, the
  // consensus needed the second validator, which only ever saw replays, and the first answer was
  // clipped too. What the test is about is the replays: the replayer's pay never rises after its
  // first epoch, and once the first answer has decayed (the last 4 of 12 epochs) it earns nothing.
  it("on the devnet: the replayer is paid only its honest first answer, decaying, then nothing; jitter less per uid than the baseline", async () => {
    const r = await simulate(imageKit({ minerBackend: null }), { seed: "adversaries", epochs: 12, miners: { honest: 3, replayer: 2, jitter: 2 } });
    const perUid = (name: string) => r.profiles[`miner:${name}`]!.share / r.profiles[`miner:${name}`]!.uids.length;
    const paid = (name: string, e: { emission: Record<string, string> }) => BigInt(e.emission[`miner:${name}`] ?? "0");
    const replayer = r.epochs.map((e) => paid("replayer", e));
    for (let i = 1; i < replayer.length; i++) expect(replayer[i]).toBeLessThanOrEqual(replayer[i - 1]!);
    const last = r.epochs.slice(-4);
    const minersLast = last.reduce((a, e) => a + paid("honest", e) + paid("replayer", e) + paid("jitter", e), 0n);
    const replayerLast = last.reduce((a, e) => a + paid("replayer", e), 0n);
    expect(minersLast).toBeGreaterThan(0n);
    expect(Number(replayerLast) / 2 / Number(minersLast)).toBeLessThan(0.01);
    expect(perUid("jitter")).toBeGreaterThan(0);
    expect(perUid("jitter")).toBeLessThan(perUid("honest") * 0.75);
  }, 240_000);
});
