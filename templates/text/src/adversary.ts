/**
 * A cheater for your market to be tested against, by name, in `npm run simulate` (it is declared on
 * your kit in src/kit.ts). This one, `parrot`, has no model: it answers every prompt with the
 * prompt itself, which shares many words with the reference ("What is the capital of France?"
 * against "The capital of France is Paris."). Does your score pay it? Run
 *   npm run simulate -- --miners '{"honest":3,"parrot":2}'
 * and read its share. Write the cheater you fear the same way: `answer` gets the `request`, the
 * honest answer (`await honest()`), a seeded PRNG (`random`), last round's honest answers
 * (`previous`, by uid) and this miner's own `memory` between requests, and returns the `response`
 * (null: no answer) and any `extraLatencyMs`.
 */

import type { TextRequest, TextResponse } from "@tao-subnet/kit-text";
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";

export const parrot: MinerBehaviour<TextRequest, TextResponse> = {
  description: "no model: answers every prompt with the prompt itself",
  answer: ({ request }) => ({ response: { completion: request.prompt } }),
};
