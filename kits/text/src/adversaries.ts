/**
 * The cheaters of the text market, as miner behaviours for `simulate` (`SubnetKit.adversaries`):
 * - `padder`: the honest answer followed by the prompt and stock filler, several times its length
 *   (buys recall with length: what a score that rewards recall or length would pay);
 * - `truncator`: the first half of the honest answer's words (cheap, short answers: what a score
 *   that rewards brevity would pay);
 * - `lookup`: no model at all: the public dataset's reference when the prompt is in it (the kit's
 *   data/prompts.json, which every miner can read), otherwise a stock sentence. It earns as much
 *   as an honest miner while validators draw their prompts from that public file; private prompts
 *   or a reference model take its earnings away.
 */
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";
import { loadDataset } from "./dataset.js";
import type { TextRequest, TextResponse } from "./synapse.js";

/** Filler a padder appends: plausible, on no topic. */
const FILLER = [
  "This is a well known fact that is widely documented in many reliable sources.",
  "In summary, the answer above is correct and complete for most practical purposes.",
  "It is important to note that the details can be explained in several equivalent ways.",
  "Experts in the field generally agree on this point, and textbooks describe it the same way.",
];

/** The honest completion padded with the prompt and filler sentences drawn by `pick` (at least three), to 3× its length or more. */
export function padCompletion(completion: string, prompt: string, pick: (n: number) => number): string {
  const parts = [completion, prompt];
  for (let added = 0, length = completion.length + prompt.length; added < 3 || length < 3 * completion.length; added++) {
    const filler = FILLER[pick(FILLER.length)]!;
    parts.push(filler);
    length += filler.length + 1;
  }
  return parts.join(" ");
}

/** The first half (rounded up) of the completion's whitespace-separated words. */
export function truncateCompletion(completion: string): string {
  const words = completion.split(/\s+/).filter((w) => w !== "");
  return words.slice(0, Math.ceil(words.length / 2)).join(" ");
}

/** What a miner without a model answers to a prompt it cannot find. */
export const LOOKUP_MISS = "I do not know.";

/** The text kit's adversaries. `publicDatasetPath`: the file a lookup miner reads (default: the kit's own public prompts). */
export function textAdversaries(publicDatasetPath?: string): Record<string, MinerBehaviour<TextRequest, TextResponse>> {
  let byPrompt: Map<string, string> | null = null;
  const lookup = (prompt: string) => {
    byPrompt ??= new Map(loadDataset(publicDatasetPath).items.map((i) => [i.prompt, i.reference]));
    return byPrompt.get(prompt);
  };
  return {
    padder: {
      description: "pads the honest answer with the prompt and filler to several times its length",
      answer: async ({ honest, request, random }) => ({
        response: { completion: padCompletion((await honest()).completion, request.prompt, (n) => random.int(n)) },
      }),
    },
    truncator: {
      description: "sends the first half of the honest answer's words",
      answer: async ({ honest }) => ({ response: { completion: truncateCompletion((await honest()).completion) } }),
    },
    lookup: {
      description: "no model: the public dataset's reference when the prompt is in it, else a stock sentence",
      answer: ({ request }) => ({ response: { completion: lookup(request.prompt) ?? LOOKUP_MISS } }),
    },
  };
}
