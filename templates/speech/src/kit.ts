/**
 * Your subnet's kit: the speech kit's market (fresh clips spoken by espeak-ng with noise mixed in,
 * the reference miner, anti-cheat), scored by *your* module in assembly/scoring.ts. Change the
 * options here (a directory of your own clips, the SNR range, the latency budget, the reward
 * floor), or replace hooks entirely: see the kit API in the tao-subnet docs (docs/kit-api.md).
 */
import { type SpeechExpected, type SpeechKitOptions, type SpeechRequest, type SpeechResponse, speechKit } from "@tao-subnet/kit-speech";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { scoringModuleAt } from "@tao-subnet/sdk/scoring";
import config from "../tao-subnet.config.json" with { type: "json" };
import { stutter } from "./adversary.js";

/** Your scoring module, where `npm run build` puts it (when it is missing, loading it says to run that). */
export const SCORING_MODULE = scoringModuleAt(new URL("../build/scoring.wasm", import.meta.url), { build: "npm run build" });

export function myKit(options: SpeechKitOptions = {}): SubnetKit<SpeechRequest, SpeechResponse, SpeechExpected> {
  // The reference miner recognises offline with pocketsphinx unless TAO_SPEECH_OPENAI_URL points
  // it at an OpenAI-compatible transcription server (with TAO_SPEECH_OPENAI_MODEL / _KEY).
  const base = speechKit({ snrDb: [15, 30], ...options });
  if (base.scorer.kind !== "wasm") throw new Error("the speech kit scores with a WASM module");
  return {
    ...base,
    name: `kit:${config.name}`,
    // the kit's adversaries and yours, run by name in `npm run simulate`
    adversaries: { ...base.adversaries, stutter },
    // the kit's challenge, miner and anti-cheat, with your module doing the scoring
    scorer: { ...base.scorer, load: () => SCORING_MODULE.load() },
  };
}
