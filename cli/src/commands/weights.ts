import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { toU16Weights } from "@tao-subnet/core";
import { type Chain, CommitReveal, type PendingCommit, type Signer, type TxResult, writeDurably } from "@tao-subnet/sdk";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { parseJsonInput } from "../jsonInput.js";
import { hotkeyFrom, WALLET_HELP, WALLET_OPTIONS } from "../keys.js";
import { printTx } from "../tx.js";
import { mecidOption, netuidOption, requireSubnet } from "./register.js";

const list = (name: string, raw: unknown, integer: boolean): number[] => {
  if (typeof raw !== "string" || raw.trim() === "")
    throw new UsageError(
      CliErrorCode.MISSING_ARGUMENT,
      `${name} is required: comma-separated ${integer ? "uids, e.g. 3,4,5" : "weights, e.g. 0.5,0.3,0.2"}`,
      name,
    );
  return raw.split(",").map((s, i) => {
    const n = Number(s.trim());
    if (s.trim() === "" || !Number.isFinite(n) || n < 0 || (integer && (!Number.isInteger(n) || n > 65535)))
      throw invalidArgument(`${name}[${i}]`, integer ? "a uid 0..65535" : "a finite non-negative number", s);
    return n;
  });
};

/** The uids and u16 weights to send, as the Python SDK converts them (max-upscaled, rounded). */
function weightsFrom(values: Record<string, unknown>): { uids: number[]; weights: number[] } {
  const uids = list("--uids", values.uids, true);
  const weights = list("--weights", values.weights, false);
  if (uids.length !== weights.length)
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--weights: expected ${uids.length} values, one per uid, got ${weights.length}`, "--weights");
  if (new Set(uids).size !== uids.length) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--uids: a uid appears twice; give each uid once", "--uids");
  const out = toU16Weights(uids, weights);
  if (!out.uids.length) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--weights: every weight is 0; nothing to set", "--weights");
  return out;
}

/** `--version-key`: a u64, as `set_weights` takes it. */
const versionKeyOption = (raw: unknown): bigint => {
  if (typeof raw !== "string" || !/^\d{1,20}$/.test(raw) || BigInt(raw) >= 1n << 64n) throw invalidArgument("--version-key", "an integer 0..2^64-1", raw);
  return BigInt(raw);
};

const statePath = (values: Record<string, unknown>, hotkey: string, netuid: number) =>
  typeof values.state === "string" ? values.state : join(homedir(), ".tao-subnet", "commits", `${hotkey}-${netuid}.json`);

async function loadPending(path: string): Promise<PendingCommit[]> {
  try {
    const s = parseJsonInput(await readFile(path, "utf8"), "--state", `--state ${path}`) as { version: number; pending: PendingCommit[] };
    if (typeof s !== "object" || s === null || s.version !== 1 || !Array.isArray(s.pending))
      throw new UsageError(CliErrorCode.INVALID_INPUT, `--state: ${path} is not a tao-subnet commit file`, "--state");
    return s.pending;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}
const savePending = (path: string, pending: readonly PendingCommit[]) => writeDurably(path, JSON.stringify({ version: 1, pending }, null, 1));

/** The commits of `path` (the file keeps other subnets' commits too), saved back after every change. */
const commitsIn = async (path: string) => new CommitReveal(await loadPending(path), (pending) => savePending(path, pending));

/** Sends `send()`; on a weights rate limit, waits (with progress) until the block the chain allows and tries once more. */
async function withRateLimit<T = undefined>(
  chain: Chain,
  netuid: number,
  hotkey: Signer,
  io: CommandIo,
  wait: boolean,
  send: () => Promise<TxResult<T>>,
  mechanism?: { mecid: number },
): Promise<TxResult<T>> {
  const r = await send();
  if (r.ok || !wait || (r.error !== "SettingWeightsTooFast" && r.error !== "CommittingWeightsTooFast")) return r;
  // the rate limit counts from the mechanism's own last update
  const mg = await chain.metagraph(netuid, { lite: true, ...mechanism });
  const me = mg.neurons.find((n) => n.hotkey === hotkey.address);
  const at = (me?.lastUpdate ?? mg.block) + mg.hyperparameters.weightsRateLimit + 1;
  io.stderr(`… ${r.error}: the chain allows weights again at block ${at} (now ${mg.block}); waiting\n`);
  await waitWithProgress(chain, at, io);
  return send();
}

async function waitWithProgress(chain: Chain, block: number, io: CommandIo): Promise<void> {
  const off = await chain.subscribeBlocks((b) => {
    if (b < block) io.stderr(`… block ${b}/${block}\n`);
  });
  try {
    await chain.waitForBlock(block);
  } finally {
    off();
  }
}

async function context(values: Record<string, unknown>, io: CommandIo) {
  const netuid = netuidOption(values.netuid)!;
  const mechanism = mecidOption(values.mecid);
  const hotkey = await hotkeyFrom(values);
  const chain = await connectChain(values.chain, io);
  try {
    await requireSubnet(chain, netuid);
    const uid = await chain.uidOf(netuid, hotkey.address);
    if (uid === null)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `--hotkey: ${hotkey.address} is not registered on subnet ${netuid}; register it with tao-subnet register neuron`,
        "--hotkey",
      );
    const hp = await chain.hyperparameters(netuid);
    const versionKey = values["version-key"] === undefined ? hp.weightsVersion : versionKeyOption(values["version-key"]);
    return { netuid, hotkey, chain, versionKey, hp, mechanism };
  } catch (e) {
    await chain.close();
    throw e;
  }
}

async function set(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const w = weightsFrom(values);
  const { netuid, hotkey, chain, versionKey, mechanism } = await context(values, io);
  try {
    const r = await withRateLimit(
      chain,
      netuid,
      hotkey,
      io,
      values.wait === true,
      () => chain.setWeights(hotkey, netuid, w.uids, w.weights, versionKey, mechanism),
      mechanism,
    );
    return printTx(io, values, r, () => ({ netuid, ...mechanism, uids: w.uids.join(","), weights: w.weights.join(",") }));
  } finally {
    await chain.close();
  }
}

/** `--reveal-round`: a drand round, 1..2^53. */
const revealRoundOption = (raw: unknown): number | undefined => {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < 1)
    throw invalidArgument("--reveal-round", "a drand round number, a positive integer", raw);
  return Number(raw);
};

async function commit(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const w = weightsFrom(values);
  const round = revealRoundOption(values["reveal-round"]);
  if (round !== undefined && values.hash === true)
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--reveal-round: a hash commit has no drand round; drop --hash or --reveal-round", "--reveal-round");
  const { netuid, hotkey, chain, versionKey, hp, mechanism } = await context(values, io);
  try {
    if (!hp.commitRevealWeightsEnabled)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `weights commit: subnet ${netuid} does not use commit-reveal; use tao-subnet weights set`,
        "<subcommand>",
      );
    if (values.hash !== true) {
      if (chain.commitTimelockedWeights && (await chain.supportsTimelockedCommits?.())) {
        const r = await withRateLimit(
          chain,
          netuid,
          hotkey,
          io,
          values.wait === true,
          () =>
            chain.commitTimelockedWeights!(hotkey, netuid, w.uids, w.weights, versionKey, { ...(round !== undefined && { revealRound: round }), ...mechanism }),
          mechanism,
        );
        if (r.ok && !values.json)
          io.stderr(
            `… encrypted to drand round ${r.value.revealRound}: the chain reveals it in the reveal epoch once it holds that round's pulse; nothing to reveal\n`,
          );
        return printTx(io, values, r, (c) => ({ netuid, timelocked: true, revealRound: c.revealRound, hash: c.commitHash }));
      }
      if (round !== undefined)
        throw new UsageError(
          CliErrorCode.INVALID_ARGUMENT,
          `--reveal-round: ${chain.endpoint} takes no timelocked commits; drop --reveal-round (a hash commit is sent)`,
          "--reveal-round",
        );
      if (!values.json) io.stderr(`… ${chain.endpoint} takes no timelocked commits; committing by hash\n`);
    }
    const path = statePath(values, hotkey.address, netuid);
    const commits = await commitsIn(path);
    const mg = await chain.metagraph(netuid, { lite: true });
    // written durably before it is sent, and removed again if the chain refuses it; a mechanism's hash is over its storage index
    const { result: r, commit: c } = await commits.commit(
      chain,
      hotkey,
      { netuid, ...mechanism, uids: w.uids, weights: w.weights, versionKey, block: mg.block, nextEpochBlock: mg.nextEpochBlock },
      (hash) => withRateLimit(chain, netuid, hotkey, io, values.wait === true, () => chain.commitWeights(hotkey, netuid, hash, mechanism), mechanism),
    );
    if (r.ok && !values.json)
      io.stderr(`… reveal with tao-subnet weights reveal after ${hp.commitRevealPeriod} epoch(s) of tempo ${hp.tempo}; salt and weights kept in ${path}\n`);
    return printTx(io, values, r, () => ({ netuid, hash: c.hash, state: path }));
  } finally {
    await chain.close();
  }
}

async function reveal(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const { netuid, hotkey, chain, hp, mechanism } = await context(values, io);
  try {
    const path = statePath(values, hotkey.address, netuid);
    const commits = await commitsIn(path);
    // each commit is revealed on its own mechanism; --mecid keeps to one
    const pending = commits.pending.filter((p) => p.netuid === netuid && (values.mecid === undefined || (p.mecid ?? 0) === (mechanism?.mecid ?? 0)));
    if (!pending.length) {
      io.stdout(values.json ? JSON.stringify({ ok: true, revealed: 0 }) + "\n" : `nothing to reveal: no pending commits in ${path}\n`);
      return 0;
    }
    let failed = 0;
    // every pending commit, oldest first, due or not: the chain says when it is too early
    for (const p of pending) {
      let a = await commits.reveal(chain, hotkey, p);
      if (!a.result.ok && a.result.error === "RevealTooEarly" && values.wait === true) {
        const mg = await chain.metagraph(netuid, { lite: true });
        io.stderr(`… too early to reveal the commit of block ${p.block}; waiting for the next epoch at block ${mg.nextEpochBlock}\n`);
        for (let i = 0; i < hp.commitRevealPeriod + 1 && !a.result.ok && a.result.error === "RevealTooEarly"; i++) {
          const next = (await chain.metagraph(netuid, { lite: true })).nextEpochBlock;
          await waitWithProgress(chain, next + 1, io);
          a = await commits.reveal(chain, hotkey, p);
        }
      }
      if (!a.result.ok) failed++;
      printTx(io, values, a.result, () => ({ netuid, revealed: p.hash }));
    }
    return failed ? 1 : 0;
  } finally {
    await chain.close();
  }
}

/** `tao-subnet weights set|commit|reveal`: a validator's weights, directly, by timelocked commit, or by hash commit-reveal. */
export const weights: Command = {
  name: "weights",
  summary: "set weights, or commit them and reveal later (commit-reveal), as a validator hotkey",
  usage: "set|commit|reveal --chain NAME --netuid N [--uids 3,4,5 --weights 0.5,0.3,0.2] [--mecid N] [--wallet NAME | --hotkey //Dev] [--hash] [--wait]",
  help: [
    "set      set_weights: the weights are max-upscaled to u16 as the Python SDK does",
    "commit   by default a timelocked commit where the chain offers it (as the Python SDK): the weights",
    "         encrypted to a drand round of the reveal epoch, revealed by the chain itself; nothing to reveal.",
    "         --hash: commit_weights: blake2 hash of (hotkey, netuid, uids, weights, salt, version); the salt",
    "         and weights are written (fsync) to --state before the commit is sent, so a crash cannot lose them",
    "reveal   reveal_weights for every pending commit in --state; revealed ones, and ones the chain no longer",
    "         holds (expired, unknown hash, outdated version key), are removed; others are kept",
    CHAIN_HELP,
    "--netuid N           the subnet",
    "--uids LIST          comma-separated uids",
    "--weights LIST       comma-separated non-negative weights (any scale)",
    "--version-key K      weights version key (default: the subnet's)",
    "--mecid N            the subnet's mechanism, 0..255 (default 0, the main one): its weights, rate limit and commits",
    "--state FILE         pending hash commits (default ~/.tao-subnet/commits/<hotkey>-<netuid>.json)",
    "--hash               commit by hash (reveal later with weights reveal) instead of timelocked",
    "--reveal-round N     the drand round to encrypt to (default: from the reveal epoch's wall-clock time)",
    "--wait               on a rate limit wait for the allowed block; on reveal, wait for the reveal epoch",
    ...WALLET_HELP,
    "--hotkey //Dev       a development hotkey instead of the wallet's",
    "--json               print JSON",
  ],
  options: {
    ...WALLET_OPTIONS,
    chain: { type: "string" },
    netuid: { type: "string" },
    uids: { type: "string" },
    weights: { type: "string" },
    "version-key": { type: "string" },
    mecid: { type: "string" },
    state: { type: "string" },
    wait: { type: "boolean" },
    hash: { type: "boolean" },
    "reveal-round": { type: "string" },
    hotkey: { type: "string" },
    "hotkey-env": { type: "string" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if ((sub !== "set" && sub !== "commit" && sub !== "reveal") || extra.length)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `weights: expected set, commit or reveal, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    return sub === "set" ? set(values, io) : sub === "commit" ? commit(values, io) : reveal(values, io);
  },
};
