import type { Command } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { type BlockMode, devAccounts, type LocalnetSource, startLocalnet } from "../localnet/localnet.js";

/** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

/** `tao-subnet localnet`: a real subtensor runtime under chopsticks on 127.0.0.1. */
export const localnet: Command = {
  name: "localnet",
  summary: "run a real subtensor runtime locally (chopsticks): from a runtime .wasm, a raw chain spec, or a fork",
  usage: "--runtime FILE.wasm | --spec FILE.json | --fork finney|test|URL [--port 9944] [--blocks batch|manual|MS]",
  help: [
    "--runtime FILE   a runtime blob (e.g. spec 300's babe-pos.wasm from opentensor/subtensor@738ba0c0c); a dev",
    "                 genesis is built inside chopsticks through the runtime's GenesisBuilder: //Alice..//Ferdie",
    "                 funded with 1,000,000 TAO, //Alice sudo, genesis time pinned",
    "--spec FILE      a raw chain spec (node-subtensor build-spec --raw)",
    "--fork NET       fork finney, test or a ws(s):// URL at its best block (needs that network)",
    "--port N         RPC port (default 9944; 0 picks a free one)",
    "--host ADDR      bind address (default 127.0.0.1)",
    "--blocks MODE    batch (default: a block as soon as transactions arrive), manual (only dev_newBlock),",
    "                 or a number of milliseconds per block",
    "Stop with Ctrl-C. Nothing from the chain is bundled: the runtime or spec is read from the path given.",
  ],
  options: {
    runtime: { type: "string" },
    spec: { type: "string" },
    fork: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    blocks: { type: "string" },
  },
  async run({ values }, io) {
    const given = (["runtime", "spec", "fork"] as const).filter((k) => typeof values[k] === "string");
    if (given.length !== 1)
      throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "give exactly one of --runtime FILE.wasm, --spec FILE.json or --fork NET", "--runtime");
    const key = given[0]!;
    const source = { [key]: values[key] as string } as LocalnetSource;
    const portRaw = values.port ?? "9944";
    if (typeof portRaw !== "string" || !/^\d+$/.test(portRaw) || Number(portRaw) > 65535) throw invalidArgument("--port", "a port 0..65535", portRaw);
    const b = values.blocks ?? "batch";
    let blocks: BlockMode;
    if (b === "batch" || b === "manual") blocks = b;
    else if (typeof b === "string" && /^\d+$/.test(b) && Number(b) >= 100) blocks = { intervalMs: Number(b) };
    else throw invalidArgument("--blocks", "batch, manual, or milliseconds per block (>= 100)", b);
    io.stderr(`… starting ${key === "fork" ? `a fork of ${values.fork as string}` : `the runtime from ${values[key] as string}`}\n`);
    const net = await startLocalnet({ source, port: Number(portRaw), ...(typeof values.host === "string" && { host: values.host }), blocks });
    io.stdout(
      [
        `localnet ${net.specName} spec ${net.specVersion} at block ${net.bestBlock()}`,
        `endpoint ${net.endpoint}`,
        ...(key === "fork" ? [] : (await devAccounts()).map((a) => `  //${a.name.padEnd(8)} ${a.address}`)),
        `use it with --chain ${net.endpoint}${net.endpoint.endsWith(":9944") ? " (or --chain local)" : ""}; Ctrl-C stops it`,
        "",
      ].join("\n"),
    );
    await untilSignal();
    io.stderr("… stopping\n");
    await net.close();
    return 0;
  },
};
