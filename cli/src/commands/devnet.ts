import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DEVNET_DEFAULT_PORT, DevChain, type DevnetServer, RemoteDevChain, serveDevChain } from "@tao-subnet/sdk";
import { connectChain } from "../chainOption.js";
import type { Command } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";

/** The well-known development accounts, funded at genesis like a local subtensor node's. */
export const DEV_ACCOUNTS = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"] as const;
const TAO = 1_000_000_000n;

export interface DevnetOptions {
  port?: number;
  /** Milliseconds per block; 0 produces blocks only on `dev_advance` (default 1000). */
  blockTimeMs?: number;
  /** State file: loaded when it exists, written on stop and every `saveEveryBlocks`. */
  statePath?: string;
  saveEveryBlocks?: number;
  seed?: string;
  /** Tempo of new subnets (default the devnet's 100). */
  tempo?: number;
  /** Register subnet 1 owned by //Alice at start (default false). */
  subnet?: boolean;
}

export interface RunningDevnet {
  chain: DevChain;
  server: DevnetServer;
  stop(): Promise<void>;
}

/** Starts a devnet (a DevChain served on 127.0.0.1) as `tao-subnet devnet` does; `stop` saves and closes. */
export async function startDevnet(o: DevnetOptions = {}): Promise<RunningDevnet> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const options = { seed: o.seed ?? "tao-subnet devnet", ...(o.tempo !== undefined && { hyperparameters: { tempo: o.tempo } }) };
  const fresh = !(o.statePath && existsSync(o.statePath));
  const chain = fresh ? new DevChain(options) : await DevChain.load(o.statePath!, options);
  if (fresh) {
    for (const name of DEV_ACCOUNTS) chain.fund(keyring.addFromUri(`//${name}`).address, 1_000_000n * TAO);
    if (o.subnet) {
      const alice = keyring.addFromUri("//Alice");
      const net = await chain.registerNetwork(alice, alice.address);
      if (net.ok) await chain.startCall(alice, net.value.netuid);
    }
  }
  const server = await serveDevChain(chain, { port: o.port ?? DEVNET_DEFAULT_PORT });
  let saving = Promise.resolve();
  const save = () => {
    if (o.statePath) saving = saving.then(() => chain.save(o.statePath!)).catch(() => undefined);
    return saving;
  };
  const every = o.saveEveryBlocks ?? 100;
  const off = await chain.subscribeBlocks((b) => {
    if (o.statePath && b % every === 0) void save();
  });
  if ((o.blockTimeMs ?? 1000) > 0) chain.start(o.blockTimeMs ?? 1000);
  return {
    chain,
    server,
    stop: async () => {
      chain.stop();
      off();
      await server.close();
      await save();
      await chain.close();
    },
  };
}

const intOption = (name: string, raw: unknown, min: number, max: number, fallback?: number): number | undefined => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || n < min || n > max) throw invalidArgument(name, `an integer ${min}..${max}`, raw);
  return n;
};

/** `tao-subnet devnet`: serves one DevChain to miners, validators and dashboards on 127.0.0.1. */
export const devnet: Command = {
  name: "devnet",
  summary: "run a local devnet (an in-process chain with Yuma epochs) for other processes on 127.0.0.1",
  usage:
    "[--port 9946] [--block-time ms] [--state file.json] [--tempo N] [--subnet] [--seed S]\n       tao-subnet devnet --export-epoch <index|last> [--netuid N] [--chain devnet|<url>]",
  help: [
    `--port N           port on 127.0.0.1 (default ${DEVNET_DEFAULT_PORT}; 0 picks a free one)`,
    "--block-time ms    one block every ms milliseconds (default 1000; 0: only when a client calls advance)",
    "--state file.json  load the devnet from this file when it exists; save to it every 100 blocks and on exit",
    "--tempo N          tempo of new subnets in blocks (default 100)",
    "--subnet           register subnet 1, owned by //Alice, at start",
    '--seed S           seed of the block hashes (default "tao-subnet devnet")',
    "",
    "Accounts //Alice, //Bob, //Charlie, //Dave, //Eve, //Ferdie start with 1,000,000 TAO.",
    'Prints one JSON line {"url", "port", "block", "subnets"} once listening; stops on Ctrl-C (SIGINT) or SIGTERM.',
    "Connect with `--chain devnet` (or a URL) in other commands, or `new RemoteDevChain(url)` from @tao-subnet/sdk.",
    "",
    "--export-epoch <index|last>  print the EpochInput a running devnet's subnet ran at that epoch (the last 100 are kept),",
    "                             as JSON for `tao-subnet epoch -`; with --netuid (default the first subnet) and --chain",
  ],
  options: {
    port: { type: "string" },
    "block-time": { type: "string" },
    state: { type: "string" },
    tempo: { type: "string" },
    subnet: { type: "boolean" },
    seed: { type: "string" },
    "export-epoch": { type: "string" },
    netuid: { type: "string" },
    chain: { type: "string" },
  },
  async run({ values }, io) {
    if (values["export-epoch"] !== undefined) return exportEpoch(values, io.stdout);
    const running = await startDevnet({
      port: intOption("--port", values.port, 0, 65535, DEVNET_DEFAULT_PORT)!,
      blockTimeMs: intOption("--block-time", values["block-time"], 0, 3_600_000, 1000)!,
      ...(typeof values.state === "string" && { statePath: resolve(values.state) }),
      ...(values.tempo !== undefined && { tempo: intOption("--tempo", values.tempo, 1, 65535)! }),
      subnet: values.subnet === true,
      ...(typeof values.seed === "string" && { seed: values.seed }),
    });
    io.stdout(
      JSON.stringify({ url: running.server.url, port: running.server.port, block: await running.chain.bestBlock(), subnets: await running.chain.subnets() }) +
        "\n",
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void running.stop().then(done);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    io.stderr("devnet stopped\n");
    return 0;
  },
};

/** `--export-epoch`: asks a running devnet for a past epoch's input and prints it as JSON. */
async function exportEpoch(values: Record<string, unknown>, out: (text: string) => void): Promise<number> {
  const which = values["export-epoch"];
  const epoch = which === "last" ? undefined : intOption("--export-epoch", which, 0, Number.MAX_SAFE_INTEGER);
  const chain = await connectChain(values.chain);
  try {
    if (!(chain instanceof RemoteDevChain))
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--chain: epoch inputs are exported by a devnet only; give devnet or a devnet URL", "--chain");
    const netuid = intOption("--netuid", values.netuid, 0, 65535) ?? (await chain.subnets())[0];
    if (netuid === undefined || !(await chain.subnetExists(netuid)))
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `--netuid: no such subnet on ${chain.endpoint} (it has ${JSON.stringify(await chain.subnets())})`,
        "--netuid",
      );
    const hit = await chain.exportEpoch(netuid, epoch);
    if (!hit)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `--export-epoch: subnet ${netuid} has no input for epoch ${String(which)} (the devnet keeps the last 100; none before the first epoch)`,
        "--export-epoch",
      );
    out(JSON.stringify(hit.input) + "\n");
    return 0;
  } finally {
    await chain.close();
  }
}
