import { join, resolve } from "node:path";
import { ValidatorRuntime } from "@tao-subnet/sdk";
import { CHAIN_HELP, connectChain, DEFAULT_CHAIN } from "../chainOption.js";
import type { Command } from "../command.js";
import { invalidArgument, missingArgument } from "../errors.js";
import { hotkeyFrom, WALLET_HELP, WALLET_OPTIONS } from "../keys.js";
import { type AnyKit, kitHelp, loadKit } from "../kits.js";
import { OBSERVE_HELP, OBSERVE_OPTIONS, observeOptions, startObserver } from "../observe.js";

/**
 * `tao-subnet validator`: challenges miners, scores them with the kit's module, sets or commits
 * weights. `validatorCommand(kit)` is the same command for a kit given in code (a project's
 * `npm run validator`, with its own scoring module): no `--kit`.
 */
export const validator: Command = validatorCommand();

export function validatorCommand(given?: AnyKit): Command {
  return {
    name: "validator",
    summary: "run a validator: challenge, score, and set (or commit-reveal) weights",
    usage: (given ? (u: string) => u.replace("--kit <name> ", "") : (u: string) => u)(
      "--kit <name> --netuid N (--hotkey //uri | --wallet NAME) --secret-env NAME [--chain NAME] [--every BLOCKS] [--rounds N] [--sample-size N] [--state-dir DIR] [--scoring-sha256 HEX] [--log-level LEVEL] [--log-format json|pretty] [--metrics-port N] [--hash]",
    ),
    help: [
      ...(given ? [] : [kitHelp(20)]),
      "--netuid N          the subnet",
      "--hotkey //uri      the validator's hotkey (development URI), or --hotkey-env NAME for a mnemonic, or a wallet:",
      ...WALLET_HELP,
      CHAIN_HELP,
      "--secret-env NAME   environment variable holding the validator's challenge secret (keep it private)",
      "--every BLOCKS      blocks between rounds (default 10)",
      "--rounds N          stop after N rounds (default: run until SIGTERM)",
      "--sample-size N     miners queried per round, a fresh random sample each round (default 50, as the subnet template)",
      "--state-dir DIR     where scores and pending commits are kept (default .tao-subnet/validator)",
      "--hash              on a commit-reveal subnet, commit by hash and reveal it (default: timelocked to a drand",
      "                    round where the chain offers it, revealed by the chain)",
      "--scoring-sha256 HEX  score with this module only, even when the subnet owner publishes another (a warning at",
      "                    every epoch); by default the validator follows the owner's published module (subnet",
      "                    publish-scoring), fetching it into <state-dir>/scoring, and refuses to score without it",
      ...OBSERVE_HELP,
    ],
    options: {
      ...WALLET_OPTIONS,
      ...OBSERVE_OPTIONS,
      ...(given ? {} : { kit: { type: "string" } }),
      netuid: { type: "string" },
      hotkey: { type: "string" },
      "hotkey-env": { type: "string" },
      "secret-env": { type: "string" },
      chain: { type: "string" },
      every: { type: "string" },
      rounds: { type: "string" },
      "sample-size": { type: "string" },
      "state-dir": { type: "string" },
      hash: { type: "boolean" },
      "scoring-sha256": { type: "string" },
    },
    async run({ values }, io) {
      const kit = given ?? loadKit(values.kit);
      const netuid = Number(values.netuid);
      if (!Number.isInteger(netuid) || netuid < 1 || netuid > 65535) throw invalidArgument("--netuid", "an integer 1..65535", values.netuid);
      const every = values.every === undefined ? 10 : Number(values.every);
      if (!Number.isInteger(every) || every < 1) throw invalidArgument("--every", "a positive number of blocks", values.every);
      const rounds = values.rounds === undefined ? Infinity : Number(values.rounds);
      if (rounds !== Infinity && (!Number.isInteger(rounds) || rounds < 1)) throw invalidArgument("--rounds", "a positive integer", values.rounds);
      const sampleSize = values["sample-size"] === undefined ? undefined : Number(values["sample-size"]);
      if (sampleSize !== undefined && (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 65535))
        throw invalidArgument("--sample-size", "a whole number of miners 1..65535", values["sample-size"]);
      const secretEnv = values["secret-env"];
      if (typeof secretEnv !== "string") throw missingArgument("--secret-env", "name an environment variable holding the validator's secret");
      const secret = process.env[secretEnv];
      if (!secret) throw invalidArgument("--secret-env", `a variable that is set (${secretEnv} is empty)`, secretEnv);
      const pinned = values["scoring-sha256"];
      if (pinned !== undefined && !/^[0-9a-fA-F]{64}$/.test(String(pinned)))
        throw invalidArgument("--scoring-sha256", "64 hex digits (the module's sha256, as `tao-subnet score` or publish-scoring prints it)", pinned);
      const observe = observeOptions(values, io);
      const hotkey = await hotkeyFrom(values);
      const stateDir = resolve(String(values["state-dir"] ?? ".tao-subnet/validator"));
      // every way out (rounds done, a signal, an error) closes what was opened, in reverse order
      const observer = await startObserver(observe, io.stdout);
      try {
        // no transaction progress lines: each outcome is one logged event (a round, a refusal), not two
        const chain = observer.chain(await connectChain(values.chain));
        try {
          const runtime = await ValidatorRuntime.start({
            chain,
            netuid,
            hotkey,
            kit,
            secret,
            statePath: join(stateDir, `${netuid}-${hotkey.address}.json`),
            ...(sampleSize === undefined ? {} : { sampleSize }),
            commitReveal: values.hash === true ? "hash" : "timelocked",
            scoring: { ...(pinned === undefined ? {} : { sha256: String(pinned).toLowerCase() }), fetch: { cacheDir: join(stateDir, "scoring") } },
            // every event once, at its level, on stdout (JSON lines, or pretty on a terminal)
            log: (e) => observer.event(e),
            // the chain and wallet this validator runs with, so the stake command it may suggest runs as printed
            commandFlags: [
              "--chain",
              typeof values.chain === "string" ? values.chain : DEFAULT_CHAIN,
              ...(typeof values.wallet === "string" ? ["--wallet", values.wallet] : ["--wallet", "NAME"]),
              ...(typeof values["wallet-path"] === "string" ? ["--wallet-path", resolve(values["wallet-path"])] : []),
            ],
          });
          const ac = new AbortController();
          const stop = () => ac.abort();
          process.once("SIGTERM", stop);
          process.once("SIGINT", stop);
          try {
            let done = 0;
            let next = await chain.bestBlock();
            // one listener for the whole run (one per round would pile up on the signal over weeks)
            const aborted = new Promise<void>((r) => ac.signal.addEventListener("abort", () => r(), { once: true }));
            while (!ac.signal.aborted && done < rounds) {
              await Promise.race([chain.waitForBlock(next), aborted]);
              if (ac.signal.aborted) break;
              const report = await runtime.step();
              done++;
              next = report.block + every;
            }
          } finally {
            process.off("SIGTERM", stop);
            process.off("SIGINT", stop);
            await runtime.stop(); // closes the kit driver
          }
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
