/**
 * A generated project's `npm run miner` and `npm run validator`: the CLI's `miner` and `validator`
 * commands for the project's own kit (its own scoring module), so a scaffolded subnet reads the
 * same flags as `tao-subnet miner|validator` (`--chain devnet|local|test|finney|ws://…`,
 * `--wallet`, `--wallet-hotkey`, `--netuid`, the log options) and goes to any chain:
 *   process.exitCode = await validatorCommandLine(myKit(), { netuid: config.netuid, chain: config.chain, hotkey: "//validator1" });
 * What the flags leave out comes from the project's defaults (its tao-subnet.config.json): the
 * netuid, the chain, and a development hotkey, used on a devnet only (any other chain needs a
 * wallet, `--hotkey-env` or `--hotkey`, and says so).
 */
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { isDevnetChain } from "./chainOption.js";
import type { Command, CommandIo } from "./command.js";
import { minerCommand } from "./commands/miner.js";
import { validatorCommand } from "./commands/validator.js";
import type { AnyKit } from "./kits.js";
import { defaultIo, runCommand } from "./run.js";

/** What a project's miner or validator starts from when a flag is not given. */
export interface NeuronDefaults {
  /** The subnet (tao-subnet.config.json's `netuid`). */
  netuid?: number;
  /** The chain (tao-subnet.config.json's `chain`): devnet, local, test, finney, or a URL. */
  chain?: string;
  /** A development URI (e.g. //validator1): the hotkey on a devnet when no key flag is given; never used elsewhere. */
  hotkey?: string;
  /** The validator's secret's environment variable when `--secret-env` is not given (e.g. VALIDATOR_SECRET). */
  secretEnv?: string;
}

const KEY_FLAGS = ["hotkey", "hotkey-env", "wallet", "wallet-hotkey"] as const;

/** `command` with `defaults` filling the flags it was not given. */
function withDefaults(command: Command, defaults: NeuronDefaults): Command {
  const given = [
    defaults.chain !== undefined && `--chain ${defaults.chain}`,
    defaults.netuid !== undefined && `--netuid ${defaults.netuid}`,
    defaults.secretEnv !== undefined && command.options["secret-env"] && `--secret-env ${defaults.secretEnv}`,
  ].filter(Boolean);
  return {
    ...command,
    help: [
      ...(command.help ?? []),
      "",
      ...(given.length > 0 ? [`Without flags: ${given.join(" ")} (tao-subnet.config.json).`] : []),
      ...(defaults.hotkey !== undefined
        ? [`On a devnet, with no key flag: --hotkey ${defaults.hotkey}. Any other chain needs --wallet (or --hotkey-env).`]
        : []),
    ],
    run: (args, io) => {
      const values = { ...args.values };
      if (values.netuid === undefined && defaults.netuid !== undefined) values.netuid = String(defaults.netuid);
      if (values.chain === undefined && defaults.chain !== undefined) values.chain = defaults.chain;
      if (defaults.hotkey !== undefined && KEY_FLAGS.every((k) => values[k] === undefined) && isDevnetChain(values.chain)) values.hotkey = defaults.hotkey;
      if (values["secret-env"] === undefined && defaults.secretEnv !== undefined && command.options["secret-env"]) values["secret-env"] = defaults.secretEnv;
      return command.run({ ...args, values }, io);
    },
  };
}

/** A project's `npm run miner`: `tao-subnet miner` for `kit`. Resolves to the exit code once the miner has stopped (SIGTERM, SIGINT). */
export function minerCommandLine<Req, Res, E>(
  kit: SubnetKit<Req, Res, E>,
  defaults: NeuronDefaults = {},
  argv: string[] = process.argv.slice(2),
  io: CommandIo = defaultIo(),
  name = "npm run miner --",
): Promise<number> {
  return runCommand(withDefaults(minerCommand(kit as unknown as AnyKit), defaults), argv, io, name);
}

/** A project's `npm run validator`: `tao-subnet validator` for `kit` and its scoring module. Resolves to the exit code once it has stopped. */
export function validatorCommandLine<Req, Res, E>(
  kit: SubnetKit<Req, Res, E>,
  defaults: NeuronDefaults = {},
  argv: string[] = process.argv.slice(2),
  io: CommandIo = defaultIo(),
  name = "npm run validator --",
): Promise<number> {
  return runCommand(withDefaults(validatorCommand(kit as unknown as AnyKit), defaults), argv, io, name);
}
