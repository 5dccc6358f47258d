/**
 * A cheater for your market to be tested against, by name, in `npm run simulate` (it is declared on
 * your kit in src/kit.ts). This one, `oneBox`, runs the detector but sends only its most
 * confident box: right where it answers, silent about everything else. Does your score (mAP, F1)
 * pay it? Run
 *   npm run simulate -- --miners '{"honest":3,"oneBox":2}'
 * and read its share. Write the cheater you fear the same way: `answer` gets the `request`, the
 * honest answer (`await honest()`), a seeded PRNG (`random`), last round's honest answers
 * (`previous`, by uid) and this miner's own `memory` between requests, and returns the `response`
 * (null: no answer) and any `extraLatencyMs`.
 */

import type { ImageRequest, ImageResponse } from "@tao-subnet/kit-image";
import type { MinerBehaviour } from "@tao-subnet/sdk/kit";

export const oneBox: MinerBehaviour<ImageRequest, ImageResponse> = {
  description: "sends only the detector's most confident box",
  answer: async ({ honest }) => {
    const answer = await honest();
    const best = [...answer.detections].sort((a, b) => b.confidence - a.confidence).slice(0, 1);
    return { response: { ...answer, detections: best } };
  },
};
