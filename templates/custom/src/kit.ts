/**
 * Your commodity. This starter market is deliberately small so you can see every hook: validators
 * send a list of integers, miners return it sorted, and the scoring module in assembly/scoring.ts
 * compares the answer with the expected one. Replace the synapse, `challenge`, `serve` and the
 * scoring module with your own commodity (the request and answer types are in src/synapse.ts; the
 * kit API: tao-subnet's docs/kit-api.md).
 */
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { scoringModuleAt } from "@tao-subnet/sdk/scoring";
import { z } from "zod";
import config from "../tao-subnet.config.json" with { type: "json" };
import { halfSorter } from "./adversary.js";
import type { Request, Response } from "./synapse.js";

const enc = new TextEncoder();
/** Your scoring module, where `npm run build` puts it (when it is missing, loading it says to run that). */
export const SCORING_MODULE = scoringModuleAt(new URL("../build/scoring.wasm", import.meta.url), { build: "npm run build" });

export function myKit(): SubnetKit<Request, Response, number[]> {
  return {
    name: `kit:${config.name}`,
    synapse: {
      name: "SortNumbers",
      request: z.object({ numbers: z.array(z.number().int()).max(1000) }),
      response: z.object({ sorted: z.array(z.number().int()).max(1000) }),
      // the request fields the validator's signature covers (the body hash); a kit with none is warned about
      requiredHashFields: ["numbers"],
    },
    // deterministic in ctx.seed (derived from the validator's secret): miners cannot predict it
    challenge(ctx) {
      const numbers = Array.from({ length: 8 + ctx.random.int(8) }, () => ctx.random.int(1000));
      return { request: { numbers }, expected: [...numbers].sort((a, b) => a - b) };
    },
    // the reference miner
    serve: (req) => ({ sorted: [...req.numbers].sort((a, b) => a - b) }),
    scorer: {
      kind: "wasm",
      load: () => SCORING_MODULE.load(),
      encode: (e) => ({ challenge: enc.encode(JSON.stringify(e.challenge.expected)), response: enc.encode(JSON.stringify(e.response?.sorted ?? "")) }),
    },
    // cheaters to test your market against, run by name in `npm run simulate` (src/adversary.ts)
    adversaries: { halfSorter },
  };
}
