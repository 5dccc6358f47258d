/**
 * Your subnet's kit: the text kit's market (challenges from prompts with reference answers, the
 * reference miner, anti-cheat), scored by *your* TypeScript function in src/scoring.ts. Change the
 * options here (your own dataset, latency budget, reward floor), or replace hooks entirely: see the
 * kit API in the tao-subnet docs (docs/kit-api.md).
 */

import { type TextExpected, type TextKitOptions, type TextRequest, type TextResponse, textKit } from "@tao-subnet/kit-text";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import config from "../tao-subnet.config.json" with { type: "json" };
import { parrot } from "./adversary.js";
import { score } from "./scoring.js";

/** Your scoring code: `npm run register` prints its sha256 for you to publish. */
export const SCORING_SOURCE = new URL("./scoring.ts", import.meta.url);

export function myKit(options: TextKitOptions = {}): SubnetKit<TextRequest, TextResponse, TextExpected> {
  const base = textKit({ minerModel: null, ...options });
  return {
    ...base,
    name: `kit:${config.name}`,
    // the kit's adversaries and yours, run by name in `npm run simulate`
    adversaries: { ...base.adversaries, parrot },
    scorer: { kind: "function", score },
  };
}
