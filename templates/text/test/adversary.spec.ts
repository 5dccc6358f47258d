// Your adversary (src/adversary.ts) against your market: does your score pay it? (the same run as
// `npm run simulate -- --miners '{"honest":3,"parrot":2}'`, shorter)

import { simulate } from "@tao-subnet/sdk/sim";
import { describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

describe("the parrot (src/adversary.ts)", () => {
  it("earns less per uid than an honest miner", async () => {
    const r = await simulate(myKit(), { seed: "parrot", epochs: 6, miners: { honest: 3, parrot: 2 } });
    const perUid = (name: string) => r.profiles[name]!.share / r.profiles[name]!.uids.length;
    expect(r.profiles["miner:parrot"]!.description).toMatch(/prompt itself/);
    expect(perUid("miner:parrot")).toBeLessThan(perUid("miner:honest"));
  }, 60_000);
});
