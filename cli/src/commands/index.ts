// The list of subcommands, in the order `tao-subnet --help` shows them. Add one line per command.
// Each module is loaded only when its command runs (or for --help): a command's module loads what
// it needs (the devnet, @polkadot/api, the kits), so `tao-subnet simulate` does not load the chain
// client, and start-up is most of what a short command costs.
import type { Command } from "../command.js";

export interface CommandEntry {
  /** The command's name, as its module's `Command` has it (main.spec checks they agree). */
  name: string;
  load: () => Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: "simulate", load: async () => (await import("./simulate.js")).simulateCommand },
  { name: "sweep", load: async () => (await import("./sweep.js")).sweep },
  { name: "devnet", load: async () => (await import("./devnet.js")).devnet },
  { name: "localnet", load: async () => (await import("./localnet.js")).localnet },
  { name: "wallet", load: async () => (await import("./wallet.js")).wallet },
  { name: "register", load: async () => (await import("./register.js")).register },
  { name: "stake", load: async () => (await import("./stake.js")).stake },
  { name: "subnet", load: async () => (await import("./subnet.js")).subnet },
  { name: "commitment", load: async () => (await import("./commitment.js")).commitment },
  { name: "weights", load: async () => (await import("./weights.js")).weights },
  { name: "metagraph", load: async () => (await import("./metagraph.js")).metagraph },
  { name: "miner", load: async () => (await import("./miner.js")).miner },
  { name: "validator", load: async () => (await import("./validator.js")).validator },
  { name: "dashboard", load: async () => (await import("./dashboard.js")).dashboard },
  { name: "epoch", load: async () => (await import("./epoch.js")).epoch },
  { name: "coinbase", load: async () => (await import("./coinbase.js")).coinbase },
  { name: "emission", load: async () => (await import("./emission.js")).emission },
  { name: "score", load: async () => (await import("./score.js")).score },
];
