/**
 * Your subnet's kit: the image kit's market (scenes rendered from the challenge seed, the reference
 * miner, anti-cheat on boxes and image hashes), scored by *your* module in assembly/scoring.ts.
 * Change the options here (scene difficulty, your own labelled dataset, latency budget), or
 * replace hooks entirely: see the kit API in the tao-subnet docs (docs/kit-api.md).
 */
import { type ImageKitOptions, imageKit } from "@tao-subnet/kit-image";
import { scoringModuleAt } from "@tao-subnet/sdk/scoring";
import config from "../tao-subnet.config.json" with { type: "json" };
import { oneBox } from "./adversary.js";

/** Your scoring module, where `npm run build` puts it (when it is missing, loading it says to run that). */
export const SCORING_MODULE = scoringModuleAt(new URL("../build/scoring.wasm", import.meta.url), { build: "npm run build" });

export function myKit(options: ImageKitOptions = {}) {
  // the offline baseline answers unless a miner passes a model server (see src/miner.ts)
  const base = imageKit({ minerBackend: null, ...options });
  return {
    ...base,
    name: `kit:${config.name}` as const,
    // the kit's adversaries and yours, run by name in `npm run simulate`
    adversaries: { ...base.adversaries, oneBox },
    scorer: { ...base.scorer, load: () => SCORING_MODULE.load() },
  };
}
