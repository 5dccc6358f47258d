import { type EpochInput, EpochInputError, runEpoch, traceEpoch } from "@tao-subnet/core";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { readJsonPositional } from "../jsonInput.js";

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
  ],
  options: { trace: { type: "boolean" } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const parsed = await readJsonPositional(positionals, io, "an EpochInput");
    const one = (x: unknown, at: string) => {
      try {
        return values.trace ? traceEpoch(x as EpochInput) : runEpoch(x as EpochInput);
      } catch (e) {
        if (e instanceof EpochInputError) throw new UsageError(e.code, `${at}${e.message}`, `${at}${e.path}`);
        throw e;
      }
    };
    const result = Array.isArray(parsed) ? parsed.map((x, i) => one(x, `[${i}].`)) : one(parsed, "");
    io.stdout(JSON.stringify(result) + "\n");
    return 0;
  },
};
