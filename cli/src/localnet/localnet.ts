/**
 * `tao-subnet localnet`: a real subtensor runtime under chopsticks on 127.0.0.1. Three sources:
 *
 * - `runtime`: a bare runtime blob (e.g. spec 300's `babe-pos.wasm`); the dev genesis is built
 *   inside chopsticks' executor through the runtime's GenesisBuilder API (see genesis.ts);
 * - `spec`: a raw chain spec (`genesis.raw.top`), as `node-subtensor build-spec --raw` writes;
 * - `fork`: a live network (finney, test or a ws:// URL), forked at its best block.
 *
 * Blocks are built on demand (`manual`: only `newBlocks`, i.e. the `dev_newBlock` RPC), as soon as
 * transactions arrive (`batch`, the default: a node-like localnet that never sits on a tx), or on
 * a timer (`interval`). Nothing from the chain is bundled: the runtime or spec is read from the
 * path given at run time.
 */
import { readFile } from "node:fs/promises";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { NETWORKS } from "@tao-subnet/sdk";
import { DEV_ACCOUNTS } from "../commands/devnet.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { buildDevGenesis, type RawChainSpec } from "./genesis.js";
import { chopsticksServer, quietChopsticks } from "./quiet.js";

export type LocalnetSource = { runtime: string } | { spec: string } | { fork: string };
export type BlockMode = "manual" | "batch" | { intervalMs: number };

export interface LocalnetOptions {
  source: LocalnetSource;
  /** 0 (the default) picks a free port; chopsticks would otherwise silently move off a busy one. */
  port?: number;
  host?: string;
  blocks?: BlockMode;
  /** Runtime log level 0 (off) … 5 (trace). */
  runtimeLogLevel?: number;
}

export interface Localnet {
  /** ws://host:port */
  readonly endpoint: string;
  readonly specName: string;
  readonly specVersion: number;
  /** Builds `count` blocks now; resolves to the new best block number. */
  newBlocks(count?: number): Promise<number>;
  bestBlock(): number;
  /** Sets an account's free balance (rao), creating the account if needed. */
  fund(address: string, rao: bigint): Promise<void>;
  close(): Promise<void>;
}

async function loadGenesis(source: LocalnetSource): Promise<RawChainSpec | undefined> {
  if ("fork" in source) return undefined;
  const [path, flag] = "runtime" in source ? [source.runtime, "--runtime"] : [source.spec, "--spec"];
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      `${flag}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of ${flag === "--runtime" ? "a runtime .wasm such as babe-pos.wasm" : "a raw chain spec .json"}`,
      flag,
    );
  }
  if ("runtime" in source) return buildDevGenesis(bytes, path);
  let spec: RawChainSpec;
  try {
    spec = JSON.parse(bytes.toString("utf8")) as RawChainSpec;
  } catch {
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--spec: ${path} is not JSON; give a raw chain spec (node-subtensor build-spec --raw)`, "--spec");
  }
  if (typeof spec?.genesis?.raw?.top !== "object") {
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      `--spec: ${path} has no genesis.raw.top; give a raw chain spec (build-spec --raw), not a plain one`,
      "--spec",
    );
  }
  return spec;
}

function forkEndpoint(name: string): string {
  if (/^wss?:\/\//.test(name)) return name;
  const url = (NETWORKS as Record<string, string>)[name];
  if (!url || name === "local") {
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--fork: expected finney, test or a ws(s):// URL, got ${JSON.stringify(name)}`, "--fork");
  }
  return url;
}

/** Starts a local chain and serves its RPC; see the file header. */
export async function startLocalnet(options: LocalnetOptions): Promise<Localnet> {
  await cryptoWaitReady();
  const { BuildBlockMode, destroyWorker, setStorage } = await quietChopsticks();
  const { setupWithServer } = await chopsticksServer();
  const genesis = await loadGenesis(options.source);
  const mode = options.blocks ?? "batch";
  const ctx = await setupWithServer({
    ...(genesis ? { genesis } : { endpoint: forkEndpoint((options.source as { fork: string }).fork) }),
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    "build-block-mode": mode === "batch" ? BuildBlockMode.Batch : BuildBlockMode.Manual,
    "allow-unresolved-imports": true,
    "mock-signature-host": false,
    "runtime-log-level": options.runtimeLogLevel ?? 0,
  } as never);
  const chain = ctx.chain;
  const version = await chain.head.runtimeVersion;
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<unknown> = Promise.resolve();
  const newBlocks = async (count = 1) => {
    const run = building.then(async () => {
      for (let i = 0; i < count; i++) await chain.newBlock();
    });
    building = run.catch(() => undefined);
    await run;
    return chain.head.number;
  };
  if (typeof mode === "object") timer = setInterval(() => void newBlocks(1).catch(() => undefined), mode.intervalMs);
  return {
    endpoint: `ws://${ctx.addr}`,
    specName: version.specName,
    specVersion: version.specVersion,
    newBlocks,
    bestBlock: () => chain.head.number,
    async fund(address, rao) {
      await setStorage(chain, {
        System: {
          Account: [[[address], { providers: 1, data: { free: rao.toString() } }]],
        },
      });
    },
    async close() {
      if (timer) clearInterval(timer);
      await building;
      await ctx.close();
      await destroyWorker(); // chopsticks' WASM executor thread (shared by every chain in the process)
    },
  };
}

/** The dev accounts' addresses, for printing. */
export async function devAccounts(): Promise<Array<{ name: string; address: string }>> {
  await cryptoWaitReady();
  const k = new Keyring({ type: "sr25519", ss58Format: 42 });
  return DEV_ACCOUNTS.map((name) => ({ name, address: k.addFromUri(`//${name}`).address }));
}
