import { RuntimeOptionsError, runMiner } from "@tao-subnet/sdk";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { hotkeyFrom, WALLET_HELP, WALLET_OPTIONS } from "../keys.js";
import { type AnyKit, kitHelp, loadKit } from "../kits.js";
import { OBSERVE_HELP, OBSERVE_OPTIONS, observeOptions, startObserver } from "../observe.js";

/**
 * `tao-subnet miner`: serves a kit's reference miner behind an Axon and announces it on chain.
 * `minerCommand(kit)` is the same command for a kit given in code (a project's `npm run miner`):
 * no `--kit`.
 */
export const miner: Command = minerCommand();

export function minerCommand(given?: AnyKit): Command {
  return {
    name: "miner",
    summary: "run a kit's reference miner behind an Axon (announced on chain)",
    usage: (given ? (u: string) => u.replace("--kit <name> ", "") : (u: string) => u)(
      "--kit <name> --netuid N (--hotkey //uri | --wallet NAME) [--chain NAME] [--host 127.0.0.1] [--port 8091] [--log-level LEVEL] [--log-format json|pretty] [--metrics-port N]",
    ),
    help: [
      ...(given ? [] : [kitHelp(18)]),
      "--netuid N        the subnet (the hotkey must be registered on it)",
      "--hotkey //uri    the miner's hotkey (development URI), or --hotkey-env NAME for a mnemonic, or a wallet:",
      ...WALLET_HELP,
      CHAIN_HELP,
      "--host, --port    where the Axon listens (default 127.0.0.1:8091)",
      "--external-ip IP  the address announced on chain (a real chain refuses 127.0.0.1; default --host)",
      ...OBSERVE_HELP,
      "",
      "Runs until SIGTERM or SIGINT, then stops the Axon and closes the kit cleanly.",
    ],
    options: {
      ...WALLET_OPTIONS,
      ...OBSERVE_OPTIONS,
      ...(given ? {} : { kit: { type: "string" } }),
      netuid: { type: "string" },
      hotkey: { type: "string" },
      "hotkey-env": { type: "string" },
      chain: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      "external-ip": { type: "string" },
    },
    async run({ values }, io) {
      const kit = given ?? loadKit(values.kit);
      const netuid = Number(values.netuid);
      if (!Number.isInteger(netuid) || netuid < 1 || netuid > 65535) throw invalidArgument("--netuid", "an integer 1..65535", values.netuid);
      const port = values.port === undefined ? 8091 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidArgument("--port", "a port 0..65535", values.port);
      const observe = observeOptions(values, io);
      const hotkey = await hotkeyFrom(values);
      const externalIp = typeof values["external-ip"] === "string" ? values["external-ip"] : undefined;
      // every way out closes what was opened, in reverse order
      const observer = await startObserver(observe, io.stderr);
      try {
        // no transaction progress lines: each outcome is one logged event (a round, a refusal), not two
        const chain = observer.chain(await connectChain(values.chain));
        try {
          const running = await runMiner({
            chain,
            netuid,
            hotkey,
            kit,
            host: String(values.host ?? "127.0.0.1"),
            port,
            ...(externalIp && { externalIp }),
            log: (e) => observer.axon(e),
          }).catch((e: unknown) => {
            // the chain refused the announced address: name the flag that changes it
            if (e instanceof RuntimeOptionsError && e.field === "externalIp")
              throw new UsageError(CliErrorCode.INVALID_ARGUMENT, e.message.replace(/^externalIp: /, "--external-ip: "), "--external-ip");
            throw e;
          });
          io.stdout(JSON.stringify({ event: "listening", host: running.host, port: running.port, hotkey: hotkey.address, netuid }) + "\n");
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once("SIGTERM", stop);
            process.once("SIGINT", stop);
          });
          await running.stop(); // stops the Axon and closes the kit's driver
        } finally {
          await chain.close();
        }
      } finally {
        await observer.close();
      }
      return 0;
    },
  };
}
