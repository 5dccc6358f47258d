/**
 * Your subnet's kit: the text kit's market (challenges from prompts with reference answers, the
 * reference miner, anti-cheat), scored by *your* module in assembly/scoring.ts. Change the options
 * here (your own dataset, latency budget, reward floor), or replace hooks entirely: see the kit API
 * in the tao-subnet docs (docs/kit-api.md).
 */
import { type TextExpected, type TextKitOptions, type TextRequest, type TextResponse, textKit } from "@tao-subnet/kit-text";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { scoringModuleAt } from "@tao-subnet/sdk/scoring";
import config from "../tao-subnet.config.json" with { type: "json" };
import { parrot } from "./adversary.js";

/** Your scoring module, where `npm run build` puts it (when it is missing, loading it says to run that). */
export const SCORING_MODULE = scoringModuleAt(new URL("../build/scoring.wasm", import.meta.url), { build: "npm run build" });

export function myKit(options: TextKitOptions = {}): SubnetKit<TextRequest, TextResponse, TextExpected> {
  const base = textKit({ minerModel: null, ...options });
  if (base.scorer.kind !== "wasm") throw new Error("the text kit scores with a WASM module");
  return {
    ...base,
    name: `kit:${config.name}`,
    // the kit's adversaries and yours, run by name in `npm run simulate`
    adversaries: { ...base.adversaries, parrot },
    scorer: { ...base.scorer, load: () => SCORING_MODULE.load() },
  };
}
