import { type CoinbaseInput, CoinbaseInputError, coinbaseStep } from "@tao-subnet/core";
import type { Command } from "../command.js";
import { readJsonPositional, runEachInput } from "../jsonInput.js";

/** `tao-subnet coinbase <file|->`: runs one block of the chain's emission on a CoinbaseInput (or an array of them). */
export const coinbase: Command = {
  name: "coinbase",
  summary: "run one block of the chain's emission (dynamic TAO) on a CoinbaseInput JSON, bit for bit",
  usage: "<file|->",
  help: [
    "<file|->   a CoinbaseInput JSON object, or an array of them (each run on its own, in order); - reads stdin",
    "",
    "Prints one CoinbaseOutput ({ state, computed }), or an array in the same order. The state is the",
    "network after the block, in the input's shape: give it back with blockNumber + 1 for the next block.",
    "Shapes: test/vectors/coinbase/FORMAT.md and docs/coinbase.md.",
  ],
  options: {},
  allowPositionals: true,
  async run({ positionals }, io) {
    const parsed = await readJsonPositional(positionals, io, "a CoinbaseInput");
    const result = runEachInput(parsed, (x) => coinbaseStep(x as CoinbaseInput), CoinbaseInputError);
    io.stdout(JSON.stringify(result) + "\n");
    return 0;
  },
};
