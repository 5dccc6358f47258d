// The list of subcommands, in the order `tao-subnet --help` shows them. Add one line per command.
import type { Command } from "../command.js";
import { dashboard } from "./dashboard.js";
import { devnet } from "./devnet.js";
import { emission } from "./emission.js";
import { epoch } from "./epoch.js";
import { localnet } from "./localnet.js";
import { metagraph } from "./metagraph.js";
import { miner } from "./miner.js";
import { register } from "./register.js";
import { score } from "./score.js";
import { simulateCommand } from "./simulate.js";
import { validator } from "./validator.js";
import { wallet } from "./wallet.js";
import { weights } from "./weights.js";

export const commands: Command[] = [
  simulateCommand,
  devnet,
  localnet,
  wallet,
  register,
  weights,
  metagraph,
  miner,
  validator,
  dashboard,
  epoch,
  emission,
  score,
];
