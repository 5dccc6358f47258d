// The list of subcommands, in the order `tao-subnet --help` shows them. Add one line per command.
import type { Command } from "../command.js";

export const commands: Command[] = [];
