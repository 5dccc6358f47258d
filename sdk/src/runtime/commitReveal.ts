/**
 * Commit-reveal state of one validator hotkey: its pending commits, when each one is revealed,
 * and which answers of the chain to a reveal end a commit. `ValidatorRuntime` and `tao-subnet
 * weights commit|reveal` both keep their commits here; each stores the list in its own durable file
 * through the `save` callback, which runs *before* a commit is sent (a crash after sending still
 * knows the salt) and after every change.
 *
 * When to reveal: the chain accepts a reveal only in the epoch `commitRevealPeriod` epochs after
 * the commit's. A commit records `revealAt`, the first block of the next epoch (the metagraph's
 * `nextEpochBlock` when it was sent); before that block no reveal is tried, from it on every round
 * tries until the chain accepts, or refuses for good. (The devnet opens the reveal epoch at that
 * block; subtensor one block later, `(block + netuid + 1) / (tempo + 1)`, so a try at exactly that
 * block may be refused `RevealTooEarly` and is repeated at the next round, inside the window.)
 *
 * Which refusals end a commit, from how subtensor's `do_reveal_weights` (commit-reveal v2)
 * behaves: it first drops the hotkey's expired commits, then looks for the hash among the live
 * ones, checks the reveal epoch, removes that commit *and every older one*, and sets the weights
 * through `do_set_weights`; a failure anywhere rolls the whole call back.
 * - `RevealTooEarly`: the commit waits on chain → kept, tried again next round.
 * - `ExpiredWeightCommit` (its epoch is over), `NoWeightsCommitFound` (the hotkey has no live
 *   commit: all expired, or the commit never landed), `InvalidRevealCommitHashNotMatch` (no live
 *   commit has this hash: it never landed, or a later commit's reveal removed it) → dropped: the
 *   chain no longer holds it.
 * - `IncorrectWeightVersionKey`: the version key is inside the hash, so these weights can never
 *   pass once the subnet raised its key → dropped.
 * - `CommitRevealDisabled`: the owner turned commit-reveal off; weights are set directly now →
 *   dropped.
 * - Anything else (stake, permit or registration checks, weight limits the owner may change, a
 *   pool refusal, a dropped connection): the call was rolled back, the commit is still on chain
 *   and may pass later in its window → kept; when the window is over the chain answers
 *   `ExpiredWeightCommit` or `NoWeightsCommitFound` and it is dropped then.
 */
import { randomBytes } from "node:crypto";
import { commitHash } from "../chain/commitHash.js";
import { mechanismStorageIndex } from "../chain/mechanisms.js";
import type { Chain, Hex, Signer, TxResult } from "../chain/types.js";
import type { PendingCommit } from "./state.js";

/** Refusals of a reveal after which the commit can never be revealed (see the header). */
export const REVEAL_ENDS_COMMIT: ReadonlySet<string> = new Set([
  "ExpiredWeightCommit",
  "NoWeightsCommitFound",
  "InvalidRevealCommitHashNotMatch",
  "IncorrectWeightVersionKey",
  "CommitRevealDisabled",
]);

/** What a reveal's result means for the pending commit. */
export type RevealOutcome = "revealed" | "kept" | "dropped";

/** The pending commit's fate after the chain answered a reveal with `r`. */
export function revealOutcome(r: TxResult): RevealOutcome {
  if (r.ok) return "revealed";
  return REVEAL_ENDS_COMMIT.has(r.error) ? "dropped" : "kept";
}

/** Eight random u16 words, the salt the Python SDK uses. */
export function randomSalt(): number[] {
  const b = randomBytes(16);
  return Array.from({ length: 8 }, (_, i) => b.readUInt16LE(2 * i));
}

/** One reveal tried: the commit, the chain's answer and what became of the commit. */
export interface RevealAttempt {
  commit: PendingCommit;
  result: TxResult;
  outcome: RevealOutcome;
}

/** What to commit, and where the chain stands (from a metagraph read just before). */
export interface CommitRequest {
  netuid: number;
  uids: number[];
  weights: number[];
  versionKey: bigint;
  /** The chain's block now. */
  block: number;
  /** The first block of the next epoch (`Metagraph.nextEpochBlock`): the commit's `revealAt`. */
  nextEpochBlock: number;
  /** The salt (default `randomSalt()`). */
  salt?: number[];
  /** The mechanism (default 0); the hash is over its storage index, as the chain checks it. */
  mecid?: number;
}

/** The options a weights call takes for mechanism `mecid` (none for the main one, so those calls stay as before). */
export const mechanismOf = (mecid: number | undefined): { mecid: number } | undefined => (mecid ? { mecid } : undefined);

export class CommitReveal {
  private list: PendingCommit[];

  /** `pending`: the commits loaded from the file; `save` writes the list durably. */
  constructor(
    pending: readonly PendingCommit[],
    private readonly save: (pending: readonly PendingCommit[]) => Promise<void>,
  ) {
    this.list = [...pending];
  }

  /** The pending commits, oldest first. */
  get pending(): readonly PendingCommit[] {
    return this.list;
  }

  /** Commits due for a reveal at `block` (of `netuid`, and of mechanism `mecid`, when given), oldest first. */
  due(block: number, netuid?: number, mecid?: number): PendingCommit[] {
    return this.list.filter(
      (p) => (netuid === undefined || p.netuid === netuid) && (mecid === undefined || (p.mecid ?? 0) === mecid) && block >= (p.revealAt ?? 0),
    );
  }

  private async replace(list: PendingCommit[]): Promise<void> {
    this.list = list;
    await this.save(list);
  }

  /**
   * Writes the commit (salt, weights, hash) durably, then sends it: `send` is the extrinsic
   * (default `chain.commitWeights`; the CLI wraps it to wait out a rate limit). A refused commit
   * is forgotten again: nothing was committed, so there is nothing to reveal.
   */
  async commit(
    chain: Chain,
    hotkey: Signer,
    c: CommitRequest,
    send: (hash: Hex) => Promise<TxResult> = (hash) => chain.commitWeights(hotkey, c.netuid, hash, mechanismOf(c.mecid)),
  ): Promise<{ result: TxResult; commit: PendingCommit }> {
    const salt = c.salt ?? randomSalt();
    const hash = commitHash(hotkey.address, mechanismStorageIndex(c.netuid, c.mecid ?? 0), c.uids, c.weights, salt, c.versionKey);
    const commit: PendingCommit = {
      netuid: c.netuid,
      uids: c.uids,
      weights: c.weights,
      salt,
      versionKey: c.versionKey.toString(),
      hash,
      block: c.block,
      revealAt: c.nextEpochBlock,
      ...(c.mecid ? { mecid: c.mecid } : {}),
    };
    await this.replace([...this.list, commit]);
    const result = await send(hash as Hex);
    if (!result.ok) await this.replace(this.list.filter((x) => x !== commit));
    return { result, commit };
  }

  /** Reveals one pending commit and keeps or drops it by the chain's answer (`revealOutcome`). */
  async reveal(chain: Chain, hotkey: Signer, commit: PendingCommit): Promise<RevealAttempt> {
    // a thrown error (no connection) leaves the commit as it is, like any refusal that is not final
    const result = await chain.revealWeights(
      hotkey,
      commit.netuid,
      commit.uids,
      commit.weights,
      commit.salt,
      BigInt(commit.versionKey),
      mechanismOf(commit.mecid),
    );
    const outcome = revealOutcome(result);
    if (outcome !== "kept") await this.replace(this.list.filter((x) => x !== commit));
    return { commit, result, outcome };
  }

  /** Reveals every commit due at `block` (of mechanism `mecid` when given), oldest first. */
  async revealDue(chain: Chain, hotkey: Signer, block: number, mecid?: number): Promise<RevealAttempt[]> {
    const out: RevealAttempt[] = [];
    for (const p of this.due(block, undefined, mecid)) out.push(await this.reveal(chain, hotkey, p));
    return out;
  }
}
