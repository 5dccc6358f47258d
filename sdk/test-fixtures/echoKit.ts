/** The smallest kit for runtime tests: a miner echoes one of three words; an echo scores 65535, anything else 0. */
import { z } from "zod";
import type { SubnetKit } from "../src/kit/contract.js";

export const echo: SubnetKit<{ word: string }, { answer: string }, string> = {
  name: "kit:echo",
  synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ answer: z.string() }) },
  challenge: (ctx) => ({ request: { word: ctx.random.pick(["a", "b", "c"]) }, expected: "" }),
  serve: (req) => ({ answer: req.word }),
  scorer: { kind: "function", score: (e) => (e.response?.answer === e.challenge.request.word ? 65535 : 0) },
};
