import { readFile } from "node:fs/promises";
import { type EpochInput, EpochInputError, runEpoch, traceEpoch } from "@tao-subnet/core";
import type { Command } from "../command.js";
import { CliErrorCode, missingArgument, UsageError } from "../errors.js";
import { parseJsonInput } from "../jsonInput.js";

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
    const source = positionals[0];
    if (source === undefined) throw missingArgument("<file|->", "give a path to an EpochInput JSON file, or - to read stdin");
    if (positionals.length > 1)
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `expected one input, got ${positionals.length}: ${positionals.join(" ")}`, "<file|->");
    let text: string;
    try {
      text = source === "-" ? await io.readStdin() : await readFile(source, "utf8");
    } catch (e) {
      throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read ${source}: ${(e as Error).message}`, "<file|->");
    }
    const parsed = parseJsonInput(text, "<file|->", source === "-" ? "stdin" : source);
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
