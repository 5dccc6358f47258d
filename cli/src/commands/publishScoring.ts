/**
 * `tao-subnet subnet publish-scoring`: the subnet owner publishes the scoring module's sha256 (and
 * where to fetch it) as the owner hotkey's commitment, so every validator scores with the same
 * module. `--from-epoch next|+N` rolls a new module out at an epoch's first block: until then the
 * module in use stays published beside it.
 */
import {
  checkSource,
  formatPublishedScoring,
  inspectModule,
  moduleAt,
  type PublishedScoring,
  PublishedScoringError,
  parsePublishedScoring,
  rollOut,
  scoringModuleAt,
} from "@tao-subnet/sdk";
import { connectChain } from "../chainOption.js";
import type { CommandIo } from "../command.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { hotkeyFrom } from "../keys.js";
import { printTx } from "../tx.js";
import { netuidOption, requireSubnet } from "./register.js";

export const PUBLISH_SCORING_HELP = [
  "publish-scoring             publish the scoring module's sha256 as the owner hotkey's commitment; validators",
  "                            read it at every epoch and refuse to score with another module",
  "  --module FILE             the built scoring module (checked as the validators' host checks it)",
  "  --source URL|npm:PKG@VER  where validators fetch it (an http(s) URL, or an npm package and version)",
  "  --from-epoch next|+N      roll it out at the next (or N-th next) epoch; until then the module in use stays",
  "  --wallet-hotkey H | --hotkey //Dev   the subnet owner's hotkey (it signs the commitment)",
];

/** How many epochs ahead `--from-epoch` names: `next` (1) or `+N`; undefined when absent. */
function epochsAhead(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const m = typeof raw === "string" ? /^(?:next|\+([1-9]\d{0,5}))$/.exec(raw.trim()) : null;
  if (!m)
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--from-epoch: expected next or +N (N ≥ 1 epochs ahead), got ${JSON.stringify(raw)}`, "--from-epoch");
  return m[1] === undefined ? 1 : Number(m[1]);
}

function moduleOption(raw: unknown): { sha256: string; bytes: number } {
  if (typeof raw !== "string" || raw === "")
    throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--module is required: the built scoring module (e.g. build/scoring.wasm)", "--module");
  let read: { sha256: string; bytes: Uint8Array };
  try {
    read = scoringModuleAt(raw).read();
    inspectModule(read.bytes); // a module the validators' host would refuse is not published
  } catch (e) {
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--module: ${(e as Error).message}`, "--module");
  }
  return { sha256: read.sha256, bytes: read.bytes.length };
}

export async function publishScoring(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const netuid = netuidOption(values.netuid)!;
  const module = moduleOption(values.module);
  let source: string | undefined;
  if (values.source !== undefined) {
    try {
      source = checkSource(values.source, "--source");
    } catch (e) {
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, (e as Error).message, "--source");
    }
  }
  const ahead = epochsAhead(values["from-epoch"]);
  const hotkey = await hotkeyFrom(values);
  const chain = await connectChain(values.chain, io);
  try {
    await requireSubnet(chain, netuid);
    const mg = await chain.metagraph(netuid, { lite: true });
    if (hotkey.address !== mg.ownerHotkey)
      throw new UsageError(
        "NOT_SUBNET_OWNER_HOTKEY",
        `the scoring module is published by the subnet owner's hotkey ${mg.ownerHotkey} (validators read it there); this hotkey is ${hotkey.address}`,
        "--wallet-hotkey",
      );
    // the first block of the N-th next epoch
    const fromBlock = ahead === undefined ? undefined : mg.nextEpochBlock + (ahead - 1) * (mg.tempo + 1);
    let current: PublishedScoring | null = null;
    try {
      current = parsePublishedScoring(await chain.commitment(netuid, mg.ownerHotkey));
    } catch (e) {
      if (!(e instanceof PublishedScoringError)) throw e; // a malformed pin is replaced
    }
    const published = rollOut(current, { sha256: module.sha256, ...(source ? { source } : {}), ...(fromBlock ? { fromBlock } : {}) }, mg.block);
    const text = formatPublishedScoring(published);
    const summary = {
      netuid,
      sha256: module.sha256,
      moduleBytes: module.bytes,
      ...(source ? { source } : {}),
      // a roll-out keeps the module in use until fromBlock; with nothing published before, it applies now
      appliesFromBlock: published.modules.length === 2 ? fromBlock : mg.block,
      inUseUntilThen: published.modules.length === 2 ? moduleAt(published, mg.block).sha256 : null,
      commitment: text,
    };
    if (values["dry-run"]) {
      io.stdout(JSON.stringify({ dryRun: true, ...summary }) + "\n");
      return 0;
    }
    return printTx(io, values, await chain.setCommitment(hotkey, netuid, text), () => summary);
  } finally {
    await chain.close();
  }
}
