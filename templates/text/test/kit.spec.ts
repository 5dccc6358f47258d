// Your subnet's own tests: the scoring module (built by `npm run build`) in the sandbox, through the kit.

import { KitDriver } from "@tao-subnet/sdk/kit";
import { describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

const entry = (uid: number, reference: string, completion: string) => ({
  uid,
  challenge: { request: { prompt: "p", max_tokens: 64 }, expected: { reference, latencyBudgetMs: 2000 } },
  response: { completion },
  latencyMs: 100,
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
});
