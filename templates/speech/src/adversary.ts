/**
 * A cheater for your market to be tested against, by name, in `npm run simulate` (it is declared on
 * your kit in src/kit.ts). This one, `stutter`, sends the honest transcript with every word twice:
 * all the right words, and as many wrong ones. Does your score (WER, CER) pay it? Run
 *   npm run simulate -- --miners '{"honest":3,"stutter":2}'
 * and read its share. Write the cheater you fear the same way: `answer` gets the `request`, the
 * honest answer (`await honest()`), a seeded PRNG (`random`), last round's honest answers
 * (`previous`, by uid) and this miner's own `memory` between requests, and returns the `response`
 * (null: no answer) and any `extraLatencyMs`.
 */

import type { SpeechRequest, SpeechResponse } from "@tao-subnet/kit-speech";
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";

export const stutter: MinerBehaviour<SpeechRequest, SpeechResponse> = {
  description: "sends the honest transcript with every word twice",
  answer: async ({ honest }) => {
    const words = (await honest()).transcript.split(/\s+/).filter((w) => w !== "");
    return { response: { transcript: words.flatMap((w) => [w, w]).join(" ") } };
  },
};
