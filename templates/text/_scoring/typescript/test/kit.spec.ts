// Your subnet's own tests: your TypeScript score (src/scoring.ts), through the kit.

import { textKit } from "@tao-subnet/kit-text";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

const entry = (uid: number, reference: string, completion: string, latencyMs = 100) => ({
  uid,
  challenge: { request: { prompt: "p", max_tokens: 64 }, expected: { reference, latencyBudgetMs: 2000 } },
  response: { completion },
  latencyMs,
});

describe("my subnet's scoring", () => {
  it("gives a perfect answer 65535, ranks a paraphrase above unrelated text, and an empty answer 0", async () => {
    const driver = new KitDriver(myKit(), { secret: "test" });
    const ref = "The capital of France is Paris.";
    const s = await driver.score([
      entry(1, ref, ref),
      entry(2, ref, "Paris is the capital of France."),
      entry(3, ref, "Bananas are yellow."),
      entry(4, ref, ""),
    ]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)!).toBeGreaterThan(s.get(3)!);
    expect(s.get(4)).toBe(0);
    await driver.close();
  });

  it("halves a perfect answer's score at three times the latency budget", async () => {
    const driver = new KitDriver(myKit(), { secret: "test" });
    const ref = "The capital of France is Paris.";
    const s = await driver.score([entry(1, ref, ref, 2000), entry(2, ref, ref, 4000), entry(3, ref, ref, 6000), entry(4, ref, ref, 60_000)]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)!).toBeLessThan(65535);
    expect(s.get(2)!).toBeGreaterThan(s.get(3)!);
    expect(s.get(3)).toBe(32767);
    expect(s.get(4)).toBe(32767);
    await driver.close();
  });

  // While src/scoring.ts is the kit's rule, it scores exactly as the kit's sandboxed WASM module.
  // Once you change the rule, change or delete this test.
  it("agrees with the text kit's WASM scoring module on the same answers", async () => {
    const ref = "Photosynthesis turns light, water and CO2 into glucose and oxygen; it happens in chloroplasts.";
    const answers = [
      ref,
      "Plants make glucose and oxygen from light, water and carbon dioxide.",
      "light light light water",
      "Über die Photosynthese: Licht → Zucker ☀️",
      "42",
      "",
      ref.toUpperCase(),
      ref.split(" ").reverse().join(" "),
    ];
    const entries = answers.flatMap((a, i) => [entry(2 * i, ref, a, 50 + i * 900), entry(2 * i + 1, ref, a, 100)]);
    const mine = new KitDriver(myKit(), { secret: "test" });
    const kits = new KitDriver(textKit({ minerModel: null }), { secret: "test" });
    expect(await mine.score(entries)).toEqual(await kits.score(entries));
    await mine.close();
    await kits.close();
  });
});
