import { KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { answerAs, simulate } from "@tao-subnet/sdk/sim";
import { afterAll, describe, expect, it } from "vitest";
import { espeakAvailable, pocketsphinxAvailable, type SpeechExpected, type SpeechRequest, type SpeechResponse, speechKit } from "./index.js";

type Entry = RoundEntry<SpeechRequest, SpeechResponse, SpeechExpected>;
const missing = [espeakAvailable(), pocketsphinxAvailable()].find((a) => !a.ok) as { reason: string } | undefined;
const drivers: Array<KitDriver<SpeechRequest, SpeechResponse, SpeechExpected>> = [];
afterAll(async () => {
  for (const d of drivers) await d.close();
});

describe("the speech kit's adversaries", () => {
  it("declares partial, with a one-line description", () => {
    const kit = speechKit({ minerEndpoint: null });
    expect(Object.keys(kit.adversaries!)).toEqual(["partial"]);
    expect(kit.adversaries!.partial!.description).toMatch(/^[^\n]{10,120}$/);
  });

  it.skipIf(!!missing)(
    `partial: the first half of the recogniser's transcript of a real clip; it scores below the whole transcript${missing ? ` (skipped: ${missing.reason})` : ""}`,
    async () => {
      const kit = speechKit({ minerEndpoint: null });
      const driver = new KitDriver(kit, { secret: "speech partial" });
      drivers.push(driver);
      for (let round = 0; round < 3; round++) {
        const challenge = await driver.challenge({ blockHash: "0x5bee", validatorHotkey: "5V", round }, 1);
        const honestBody = await driver.serve(challenge.request, { caller: "5V", timeoutMs: 30_000 });
        const answer = await answerAs(kit.adversaries!.partial!, challenge.request, async () => honestBody);
        const words = honestBody.transcript.split(/\s+/).filter((w) => w !== "");
        expect(answer.response!.transcript).toBe(words.slice(0, Math.ceil(words.length / 2)).join(" "));
        const honest: Entry = { uid: 1, challenge, response: honestBody, latencyMs: 500 };
        const cheat: Entry = { uid: 2, challenge, response: answer.response, latencyMs: 500 };
        const scores = await driver.score([honest, cheat]);
        expect(scores.get(2)!).toBeLessThan(scores.get(1)!);
      }
    },
    60_000,
  );

  it.skipIf(!!missing)(
    `on the devnet: partial transcripts earn less per uid than whole ones${missing ? ` (skipped: ${missing.reason})` : ""}`,
    async () => {
      const r = await simulate(speechKit({ minerEndpoint: null }), { seed: "adversaries", epochs: 3, miners: { honest: 3, partial: 2 } });
      const perUid = (name: string) => r.profiles[`miner:${name}`]!.share / r.profiles[`miner:${name}`]!.uids.length;
      expect(perUid("partial")).toBeLessThan(perUid("honest") / 2);
    },
    120_000,
  );
});
