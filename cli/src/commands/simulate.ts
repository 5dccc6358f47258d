import type { Command } from "../command.js";
import { kitHelp, loadKit } from "../kits.js";
import { runSimulate, SIMULATE_HELP, SIMULATE_OPTIONS } from "../simulation.js";

/** `tao-subnet simulate`: a seeded market simulation of a kit on the devnet (the run itself, shared with projects' `npm run simulate`, is `simulation.ts`). */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "simulate a kit's market on the devnet: who earns what, per behaviour profile",
  usage: "--kit <name> [--epochs N] [--seed S] [--miners JSON] [--mechanisms N [--split A,B,…]] [--config file.json] [--json] [--report file.html]",
  help: [kitHelp(20), ...SIMULATE_HELP],
  options: { kit: { type: "string" }, ...SIMULATE_OPTIONS },
  run: ({ values }, io) => runSimulate(loadKit(values.kit ?? "text"), values, io),
};
