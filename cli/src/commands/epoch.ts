import { type EpochInput, EpochInputError, runEpoch, traceEpoch } from "@tao-subnet/core";
import type { Command } from "../command.js";
import { readJsonPositional, runEachInput } from "../jsonInput.js";

/** `tao-subnet epoch <file|->`: runs one EpochInput (or an array of them) through the chain's Yuma. */
export const epoch: Command = {
  name: "epoch",
  summary: "run Yuma consensus on an EpochInput JSON (the chain's numbers, bit for bit)",
  usage: "<file|-> [--trace]",
  help: [
    "<file|->   an EpochInput JSON object, or an array of them (run in order); - reads stdin",
    "--trace    add every intermediate stage (S, W, C, W̄, B, …) under `stages`",
    "",
    "Prints one EpochOutput, or an array in the same order. Shapes: see @tao-subnet/core (EpochInput).",
    "With commitRevealEnabled and commitBlock[] (per uid, a block or null) the commit-reveal mask applies;",
    "serverShare and validatorShare are the emission shares (I32F32 bits) the chain pays raoEmission by.",
  ],
  options: { trace: { type: "boolean" } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const parsed = await readJsonPositional(positionals, io, "an EpochInput");
    const result = runEachInput(parsed, (x) => (values.trace ? traceEpoch(x as EpochInput) : runEpoch(x as EpochInput)), EpochInputError);
    io.stdout(JSON.stringify(result) + "\n");
    return 0;
  },
};
