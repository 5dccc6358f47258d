/**
 * A cheater for your market to be tested against, by name, in `npm run simulate` (it is declared on
 * your kit in src/kit.ts). This one, `halfSorter`, sorts only the first half of the list and
 * sends the rest as it came. Does your score pay it? Run
 *   npm run simulate -- --miners '{"honest":3,"halfSorter":2}'
 * and read its share. Write the cheater you fear the same way: `answer` gets the `request`, the
 * honest answer (`await honest()`), a seeded PRNG (`random`), last round's honest answers
 * (`previous`, by uid) and this miner's own `memory` between requests, and returns the `response`
 * (null: no answer) and any `extraLatencyMs`.
 */
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";
import type { Request, Response } from "./synapse.js";

export const halfSorter: MinerBehaviour<Request, Response> = {
  description: "sorts the first half of the list, sends the rest unsorted",
  answer: ({ request }) => {
    const half = Math.ceil(request.numbers.length / 2);
    return { response: { sorted: [...request.numbers.slice(0, half).sort((a, b) => a - b), ...request.numbers.slice(half)] } };
  },
};
