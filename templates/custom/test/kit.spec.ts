// Your tests: the scoring module (built by `npm run build`) through the kit, in the sandbox.

import { KitDriver } from "@tao-subnet/sdk/kit";
import { describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

const entry = (uid: number, expected: number[], sorted: number[] | null) => ({
  uid,
  challenge: { request: { numbers: [...expected].reverse() }, expected },
  response: sorted === null ? null : { sorted },
  latencyMs: 50,
});

describe("my subnet's scoring", () => {
  it("gives a correct answer 65535, a partly wrong one less, no answer 0", async () => {
    const driver = new KitDriver(myKit(), { secret: "test" });
    const s = await driver.score([entry(1, [1, 2, 3, 4], [1, 2, 3, 4]), entry(2, [1, 2, 3, 4], [1, 2, 4, 3]), entry(3, [1, 2, 3, 4], null)]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)!).toBeLessThan(65535);
    expect(s.get(3)).toBe(0);
    await driver.close();
  });
});
