/**
 * A cheater for your market to be tested against, by name, in `npm run simulate` (it is declared on
 * your kit in src/kit.ts). This one, `slowpoke`, keeps the data honestly but on a slow, far-away
 * disk: every answer arrives 1.5 s later than an honest miner's. Does your latency factor pay it
 * less, and by how much? Run
 *   npm run simulate -- --miners '{"honest":3,"slowpoke":2}'
 * and read its share. Write the cheater you fear the same way: `answer` gets the `request`, the
 * honest answer (`await honest()`), a seeded PRNG (`random`), last round's honest answers
 * (`previous`, by uid) and this miner's own `memory` between requests, and returns the `response`
 * (null: no answer) and any `extraLatencyMs`.
 */

import type { StorageRequest, StorageResponse } from "@tao-subnet/kit-storage";
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";

export const slowpoke: MinerBehaviour<StorageRequest, StorageResponse> = {
  description: "keeps the data, answers 1.5 s late",
  answer: async ({ honest }) => ({ response: await honest(), extraLatencyMs: 1500 }),
};
