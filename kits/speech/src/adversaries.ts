/**
 * The cheaters of the speech market, as miner behaviours for `simulate` (`SubnetKit.adversaries`):
 * - `partial`: the first half of the honest transcript's words (stops listening halfway: half the
 *   recognition work, or a clip cut to save bandwidth).
 */
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";
import type { SpeechRequest, SpeechResponse } from "./synapse.js";

/** The first `share` (default half, rounded up) of the transcript's whitespace-separated words. */
export function partialTranscript(transcript: string, share = 0.5): string {
  const words = transcript.split(/\s+/).filter((w) => w !== "");
  return words.slice(0, Math.ceil(words.length * share)).join(" ");
}

/** The speech kit's adversaries. */
export function speechAdversaries(): Record<string, MinerBehaviour<SpeechRequest, SpeechResponse>> {
  return {
    partial: {
      description: "sends the first half of the honest transcript's words",
      answer: async ({ honest }) => ({ response: { transcript: partialTranscript((await honest()).transcript) } }),
    },
  };
}
