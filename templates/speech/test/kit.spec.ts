// Your subnet's own tests: the scoring module (built by `npm run build`) in the sandbox, through
// the kit; then, when espeak-ng and pocketsphinx are installed, one real clip end to end.

import { errorCounts, espeakAvailable, pocketsphinxAvailable, type SpeechExpected } from "@tao-subnet/kit-speech";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

const entry = (uid: number, reference: string, transcript: string) => ({
  uid,
  challenge: {
    request: { audio: "", language: "en" },
    expected: { reference, latencyBudgetMs: 5000, durationMs: 3000, source: { kind: "dataset", id: "t" } } as SpeechExpected,
  },
  response: { transcript },
  latencyMs: 500,
});

describe("my subnet's scoring", () => {
  it("gives a correct transcript 65535, one wrong word less, and an empty transcript 0", async () => {
    const driver = new KitDriver(myKit({ minerEndpoint: null }), { secret: "test" });
    const ref = "Anna bought 42 red boxes at the market on Monday.";
    const s = await driver.score([
      entry(1, ref, "anna bought forty two red boxes at the market on monday"),
      entry(2, ref, "anna bought forty two red boxes at the market on sunday"),
      entry(3, ref, ""),
    ]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)!).toBeLessThan(65535);
    expect(s.get(2)!).toBeGreaterThan(0);
    expect(s.get(3)).toBe(0);
    await driver.close();
  });
});

const tools = [espeakAvailable(), pocketsphinxAvailable()];
const missing = tools.find((t) => !t.ok) as { reason: string } | undefined;

describe.skipIf(missing)(`a real clip, end to end${missing ? ` (skipped: ${missing.reason})` : ""}`, () => {
  it("espeak-ng speaks a challenge, the pocketsphinx miner transcribes it, your module scores it", async () => {
    const driver = new KitDriver(myKit({ minerEndpoint: null }), { secret: "test" });
    const c = await driver.challenge({ blockHash: "0x01", validatorHotkey: "5V", round: 1 }, 0);
    const { transcript } = await driver.serve(c.request, { caller: "5V", timeoutMs: 30_000 });
    const { ew, nw } = errorCounts(c.expected.reference, transcript);
    console.log(`"${c.expected.reference}" → "${transcript}" (WER ${((100 * ew) / nw).toFixed(0)} %)`);
    expect(ew / nw).toBeLessThan(0.6);
    const s = await driver.score([{ uid: 0, challenge: c, response: { transcript }, latencyMs: 800 }]);
    expect(s.get(0)!).toBeGreaterThan(0);
    await driver.close();
  }, 60_000);
});
