import { simulate } from "@tao-subnet/sdk/sim";
import { describe, expect, it } from "vitest";
import { imageKit } from "./index.js";

describe("the image market on the devnet", () => {
  it("pays the baseline miners, and nothing to miners who replay other images' answers or send empty ones", async () => {
    const result = await simulate(imageKit({ minerBackend: null }), { seed: "image", epochs: 4, miners: { honest: 3, noisy: 2, lazy: 1, copier: 1 } });
    const share = (p: string) => result.profiles[`miner:${p}`]!.share;
    const perUid = (p: string) => share(p) / result.profiles[`miner:${p}`]!.uids.length;
    // noisy miners answer half their challenges with another image's answer: vetoed, so they earn markedly less per uid
    expect(share("honest")).toBeGreaterThan(0.6);
    expect(perUid("noisy")).toBeLessThan(perUid("honest") * 0.6);
    expect(share("copier")).toBe(0);
    expect(share("lazy")).toBe(0);
  }, 120_000);
});
