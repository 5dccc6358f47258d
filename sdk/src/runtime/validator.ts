/**
 * The validator runtime: each round it picks a sample of the subnet's served miners (`sample.ts`:
 * 50 by default, as the subnet template's validators do), builds the kit's challenges (seeded with
 * the validator's secret), queries them through its transport (a Dendrite over HTTP, or in-process
 * in a simulation: `transport.ts`), runs `verify` and the kit's scoring module, folds the rewards
 * into its score moving average (the miners not asked decay) and turns the scores into weights
 * (`weightsPolicy.ts`), and sets them, or commits them when the subnet uses commit-reveal: by
 * default timelocked to a drand round where the chain offers it (the chain reveals them), else by
 * hash, revealed by the runtime when they are due (`commitReveal.ts`). State (scores, pending commits) is written
 * through its store (a durable file for a deployed validator): a commit's salt and weights before
 * the commit is sent, so a restart between commit and reveal still reveals. A weights rate-limit
 * refusal is retried at the block the limit ends, not in a loop.
 */

import { checkMecid } from "../chain/mechanisms.js";
import type { Chain, Metagraph, Signer } from "../chain/types.js";
import type { RoundEntry, SubnetKit } from "../kit/contract.js";
import { KitDriver } from "../kit/driver.js";
import { deriveSampleSeed } from "../kit/random.js";
import { ScoringHost } from "../scoring/host.js";
import { CommitReveal, mechanismOf } from "./commitReveal.js";
import { RuntimeOptionsError } from "./errors.js";
import type { RuntimeEvent } from "./events.js";
import { checkSampleSize, sampleUids } from "./sample.js";
import { checkPinOptions, ScoringPin, type ScoringPinOptions } from "./scoringPin.js";
import { fileStateStore, type PendingCommit, stateMismatch, type ValidatorState, type ValidatorStateStore } from "./state.js";
import { dendriteTransport, type Transport } from "./transport.js";
import { foldScores, type U16Weights, weightsFromScores } from "./weightsPolicy.js";

export interface ValidatorOptions<Req, Res, E> {
  chain: Chain;
  netuid: number;
  /**
   * The mechanism this runtime sets weights on (default 0, the main one): its metagraph (weights,
   * last update, rate limit) and its commits. One runtime per mechanism, each with its own state.
   */
  mecid?: number;
  hotkey: Signer;
  kit: SubnetKit<Req, Res, E>;
  /** Keeps challenges unpredictable; keep it private and stable. */
  secret: string | Uint8Array;
  /** Where scores and pending commits live (a JSON file, written 0600 and fsynced). */
  statePath?: string;
  /** Instead of `statePath`: any store (`memoryStateStore()` in a simulation). */
  stateStore?: ValidatorStateStore;
  /** How requests reach miners (default: a Dendrite over HTTP to each served axon). */
  transport?: Transport<Req>;
  /**
   * Where the weights come from instead of querying and scoring miners: a simulated dishonest
   * validator (one that copies consensus, a cabal). Empty weights: nothing is sent this round.
   */
  weightsSource?: (mg: Metagraph) => U16Weights | Promise<U16Weights>;
  /** Score moving-average factor (default 0.1). */
  alpha?: number;
  /**
   * Miners queried per round (default 50, the subnet template's `neuron.sample_size`): a uniform
   * sample of the served miners drawn from the secret and the round; all of them when there are
   * no more than this.
   */
  sampleSize?: number;
  /** Per-miner timeout, ms (default 12,000). */
  timeoutMs?: number;
  versionKey?: bigint;
  /**
   * How weights are committed on a commit-reveal subnet: `timelocked` (default where the chain
   * offers it, as the Python SDK's `set_weights` does: encrypted to a drand round and revealed by
   * the chain itself, so nothing is lost if this validator is offline in the reveal epoch) or
   * `hash` (commit a hash, reveal it in the reveal epoch). A chain without timelocked commits
   * (the devnet) gets hash commits either way.
   */
  commitReveal?: "timelocked" | "hash";
  scoringHost?: ScoringHost;
  /**
   * The scoring module the subnet owner published on chain (`tao-subnet subnet publish-scoring`):
   * read at start and at every epoch; a differing module is fetched and checked by hash, or the
   * validator refuses to score and says why (default: followed; `sha256` pins one on purpose).
   */
  scoring?: ScoringPinOptions;
  /**
   * Every event, once, with its level: a round (info; warn when its weights failed), the per-miner
   * rewards and scores of a round (debug), reveals, rate limits, a missing validator permit (warn,
   * with the fix), a failed round (error). Keys and the secret never appear.
   */
  log?: (event: RuntimeEvent) => void;
  /**
   * The flags that name this validator's chain and wallet in a command it suggests (the stake
   * command of a `no-permit` event), e.g. `["--chain", "finney", "--wallet", "my"]`, so the
   * suggestion runs as printed. Without them it says where they go.
   */
  commandFlags?: string[];
}

export interface RoundReport {
  round: number;
  block: number;
  queried: number;
  answered: number;
  /** What happened to the weights this round. */
  weights: "set" | "committed" | "rate-limited" | "none" | `failed: ${string}`;
  revealed: number;
}

export class ValidatorRuntime<Req, Res, E> {
  private retryAt = 0;
  private stopped = false;
  private readonly commits: CommitReveal;
  /** The hotkey's ss58 address, encoded once (a keyring pair encodes it on every read). */
  private readonly address: string;
  private readonly sampleSize: number;
  /** Whether the chain takes timelocked commits (asked once). */
  private timelocked?: Promise<boolean>;
  /** Which scoring module may score (none when the weights come from `weightsSource`). */
  private readonly pin: ScoringPin | null;

  private constructor(
    private readonly o: ValidatorOptions<Req, Res, E>,
    private state: ValidatorState,
    private readonly store: ValidatorStateStore,
    private readonly driver: KitDriver<Req, Res, E>,
    private readonly transport: Transport<Req>,
  ) {
    this.address = o.hotkey.address;
    this.sampleSize = checkSampleSize(o.sampleSize);
    this.pin = o.weightsSource ? null : new ScoringPin(o.scoring ?? {}, (e) => this.log(e));
    this.commits = new CommitReveal(state.pending, (pending) => {
      this.state.pending = [...pending];
      return this.persist();
    });
  }

  /** Loads (or creates) the state and returns a runtime; nothing is sent yet. */
  static async start<Req, Res, E>(o: ValidatorOptions<Req, Res, E>): Promise<ValidatorRuntime<Req, Res, E>> {
    if (!o.stateStore && !o.statePath) throw new TypeError("ValidatorRuntime: give statePath (a file for scores and pending commits) or stateStore");
    checkSampleSize(o.sampleSize);
    checkPinOptions(o.scoring);
    if (o.commitReveal !== undefined && o.commitReveal !== "timelocked" && o.commitReveal !== "hash")
      throw new RuntimeOptionsError(`expected "timelocked" (the default) or "hash", got ${JSON.stringify(o.commitReveal)}`, "commitReveal");
    const mecid = o.mecid ?? 0;
    try {
      checkMecid(mecid);
    } catch (e) {
      throw new RuntimeOptionsError((e as Error).message.replace(/^mecid: /, ""), "mecid");
    }
    const store = o.stateStore ?? fileStateStore(o.statePath!);
    const key = { genesis: await o.chain.blockHash(0), netuid: o.netuid, hotkey: o.hotkey.address, ...(mecid ? { mecid } : {}) };
    const loaded = await store.load();
    const mismatch = loaded ? stateMismatch(loaded, key) : null;
    if (mismatch) o.log?.({ level: "warn", event: "state-discarded", netuid: o.netuid, reason: `saved validator state not used: ${mismatch}; starting fresh` });
    const state: ValidatorState = loaded && !mismatch ? loaded : { version: 1, ...key, scores: [], pending: [], round: 0 };
    const driver = new KitDriver(o.kit, { secret: o.secret, scoringHost: o.scoringHost ?? new ScoringHost() });
    const runtime = new ValidatorRuntime(o, state, store, driver, o.transport ?? dendriteTransport(o.hotkey, o.kit as SubnetKit<Req, unknown, unknown>));
    // the published scoring module, checked now so a mismatch is said at start (and again each round)
    if (runtime.pin && (await o.chain.subnetExists(o.netuid))) await runtime.scoringRefusal(await o.chain.metagraph(o.netuid, { lite: true }));
    return runtime;
  }

  /** Switches to the published scoring module when the pin says so; the reason when this validator may not score. */
  private async scoringRefusal(mg: Metagraph): Promise<string | null> {
    const d = await this.pin!.decide(this.o.chain, mg, await this.driver.scoringSha256());
    if (d.action === "switch") await this.driver.useScoringModule(d.bytes, d.sha256);
    return d.action === "refuse" ? d.why : null;
  }

  get pendingCommits(): readonly PendingCommit[] {
    return this.commits.pending;
  }

  private log(e: RuntimeEvent) {
    this.o.log?.({ ...e, netuid: this.o.netuid });
  }

  private persist(): Promise<void> {
    return this.store.save(this.state);
  }

  /** Reveals the pending commits due at `block` (default: the chain's best block); returns how many the chain accepted. */
  async revealDue(block?: number): Promise<number> {
    if (this.commits.pending.length === 0) return 0;
    const at = block ?? (await this.o.chain.bestBlock());
    let revealed = 0;
    for (const a of await this.commits.revealDue(this.o.chain, this.o.hotkey, at, this.o.mecid ?? 0)) {
      if (a.outcome === "revealed") revealed++;
      if (a.result.ok) this.log({ level: "info", event: "revealed", block: a.result.block });
      else this.log({ level: "warn", event: a.outcome === "dropped" ? "reveal-dropped" : "reveal-refused", error: a.result.error });
    }
    return revealed;
  }

  /** One round: reveal what is due, query a sample of miners, score, fold, and set or commit weights. */
  async step(): Promise<RoundReport> {
    return (await this.beginRound())();
  }

  /**
   * The first half of a round: reveal the commits that are due, draw this round's sample of the
   * served miners, build their challenges and query them. Resolves to the second half: verify,
   * score, fold the rewards, set or commit the weights. `step()` runs both at once; a simulation
   * runs every validator's first half in turn (so the miners see their requests in a fixed order)
   * and then the second halves together (so the scoring workers run side by side). Finish a round
   * before beginning the next.
   */
  async beginRound(): Promise<() => Promise<RoundReport>> {
    const { chain, netuid } = this.o;
    const mg = await chain.metagraph(netuid, { lite: true, ...mechanismOf(this.o.mecid) });
    const block = mg.block;
    const revealed = await this.revealDue(block);
    const round = ++this.state.round;
    if (this.pin && (await this.scoringRefusal(mg)) !== null)
      return async () => {
        await this.persist();
        const report: RoundReport = { round, block, queried: 0, answered: 0, weights: "failed: scoring module refused", revealed };
        this.log({ level: "warn", event: "round", ...report });
        return report;
      };
    const targets = mg.neurons.filter((n) => n.axon && n.hotkey !== this.address);
    let entries: Array<RoundEntry<Req, Res, E>> | null = null;
    if (!this.o.weightsSource) {
      const timeoutMs = this.o.timeoutMs ?? 12_000;
      const coords = { blockHash: await chain.blockHash(), validatorHotkey: this.address, round };
      const served = targets.map((t) => t.uid);
      const uids = served.length > this.sampleSize ? sampleUids(served, this.sampleSize, deriveSampleSeed(this.o.secret, coords)) : served;
      entries = await this.driver.queryRound(coords, uids, (uid, request) => {
        const n = mg.neurons[uid]!;
        return this.transport.query({ uid, hotkey: n.hotkey, axon: n.axon! }, request, { timeoutMs });
      });
    }
    return async () => {
      let answered = 0;
      let scores: Float32Array | null = null;
      if (entries) {
        const result = await this.driver.judgeRound(entries);
        scores = foldScores(this.state.scores, result.rewards, mg.n, this.o.alpha ?? 0.1);
        this.state.scores = Array.from(scores);
        answered = entries.filter((e) => e.response !== null).length;
        if (this.o.log) {
          const s = scores;
          const miners = entries.map((e) => ({ uid: e.uid, answered: e.response !== null, reward: result.rewards.get(e.uid) ?? 0, score: s[e.uid] ?? 0 }));
          this.log({ level: "debug", event: "scores", round, block, miners });
        }
      }
      const queried = entries?.length ?? 0;
      let weights: RoundReport["weights"] = "none";
      if (this.commits.pending.length === 0 && block >= this.retryAt) {
        const w = scores ? weightsFromScores(scores, new Set(targets.map((t) => t.uid)), mg.hyperparameters) : await this.o.weightsSource!(mg);
        if (w.uids.length > 0) weights = await this.send(w, mg);
      } else if (block < this.retryAt) weights = "rate-limited";
      await this.persist();
      const report: RoundReport = { round, block, queried, answered, weights, revealed };
      this.log({ level: weights.startsWith("failed") ? "warn" : "info", event: "round", ...report });
      return report;
    };
  }

  /** Sets the weights, or commits them on a commit-reveal subnet. */
  private async send(w: U16Weights, mg: Metagraph): Promise<RoundReport["weights"]> {
    const { chain, netuid, hotkey } = this.o;
    const versionKey = this.o.versionKey ?? mg.hyperparameters.weightsVersion;
    if (mg.hyperparameters.commitRevealWeightsEnabled && (await this.useTimelock())) {
      const r = await chain.commitTimelockedWeights!(hotkey, netuid, w.uids, w.weights, versionKey, mechanismOf(this.o.mecid));
      if (r.ok) this.log({ level: "info", event: "committed", timelocked: true, revealRound: r.value.revealRound, block: r.block });
      return r.ok ? "committed" : (this.rateLimited(r.error, mg) ?? `failed: ${r.error}`);
    }
    if (mg.hyperparameters.commitRevealWeightsEnabled) {
      const { result } = await this.commits.commit(chain, hotkey, {
        netuid,
        uids: w.uids,
        weights: w.weights,
        versionKey,
        block: mg.block,
        nextEpochBlock: mg.nextEpochBlock,
        ...mechanismOf(this.o.mecid),
      });
      return result.ok ? "committed" : this.refused(result.error, mg);
    }
    const r = await chain.setWeights(hotkey, netuid, w.uids, w.weights, versionKey, mechanismOf(this.o.mecid));
    return r.ok ? "set" : this.refused(r.error, mg);
  }

  private refused(error: string, mg: Metagraph): RoundReport["weights"] {
    const limited = this.rateLimited(error, mg);
    if (limited) return limited;
    if (error === "NeuronNoValidatorPermit") this.log(noPermit(mg, this.address, this.o.commandFlags));
    return `failed: ${error}`;
  }

  /** Timelocked commits unless `commitReveal: "hash"` or the chain has none. */
  private useTimelock(): Promise<boolean> {
    const { chain, commitReveal } = this.o;
    if (commitReveal === "hash" || !chain.commitTimelockedWeights || !chain.supportsTimelockedCommits) return Promise.resolve(false);
    this.timelocked ??= chain.supportsTimelockedCommits().catch((e: unknown) => {
      this.timelocked = undefined; // asked again next round
      throw e;
    });
    return this.timelocked;
  }

  private rateLimited(error: string, mg: Metagraph): "rate-limited" | null {
    if (error !== "SettingWeightsTooFast" && error !== "CommittingWeightsTooFast") return null;
    const me = mg.neurons.find((n) => n.hotkey === this.address);
    this.retryAt = (me?.lastUpdate ?? mg.block) + mg.hyperparameters.weightsRateLimit;
    this.log({ level: "info", event: "rate-limited", retryAt: this.retryAt });
    return "rate-limited";
  }

  /** Runs a round every `everyBlocks` blocks until `stop()` (or the signal aborts). */
  async run(everyBlocks: number, signal?: AbortSignal): Promise<void> {
    let next = (await this.o.chain.bestBlock()) + 1;
    while (!this.stopped && !signal?.aborted) {
      await this.o.chain.waitForBlock(next);
      if (this.stopped || signal?.aborted) break;
      await this.step().catch((e: unknown) => this.log({ level: "error", event: "round-failed", error: (e as Error).message }));
      next = Math.max(next + everyBlocks, this.retryAt);
    }
  }

  /** Persists the state and releases connections (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.persist();
    await this.transport.close();
    await this.driver.close();
  }
}

/** A shell word: as it is when it needs no quoting, else single-quoted. */
const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`);

/**
 * Why a hotkey has no validator permit, and the fix: the epoch gives permits to the
 * `maxAllowedValidators` hotkeys with the most stake (at least `stakeThreshold`), so the fix is
 * stake (or waiting for the epoch). `command` is the stake command, runnable as printed when
 * `commandFlags` name the chain and wallet.
 */
function noPermit(mg: Metagraph, address: string, commandFlags?: string[]): RuntimeEvent {
  const me = mg.neurons.find((n) => n.hotkey === address);
  const permitted = mg.neurons.filter((n) => n.validatorPermit).map((n) => n.stake);
  const lowest = permitted.length > 0 ? permitted.reduce((a, b) => (b < a ? b : a)) : null;
  const full = permitted.length >= mg.hyperparameters.maxAllowedValidators;
  const mine = me?.stake ?? 0n;
  // stake is the epoch's (alpha + TaoWeight × root); staking here buys alpha at the pool's price, so this is the least at a price of 1 (whole TAO, at least 1)
  const needed = full && lowest !== null && lowest >= mine ? lowest - mine + 1n : mg.hyperparameters.stakeThreshold - mine;
  const amount = needed > 0n ? (needed + 999_999_999n) / 1_000_000_000n : 1n;
  const command =
    ["tao-subnet", "stake", "add", "--netuid", String(mg.netuid), "--hotkey", address, "--amount", String(amount), ...(commandFlags ?? [])]
      .map(shellWord)
      .join(" ") + (commandFlags ? "" : " --chain NAME --wallet NAME");
  return {
    level: "warn",
    event: "no-permit",
    stake: String(me?.stake ?? 0n),
    permitted: permitted.length,
    maxAllowedValidators: mg.hyperparameters.maxAllowedValidators,
    ...(full && lowest !== null ? { lowestPermittedStake: String(lowest) } : {}),
    stakeThreshold: String(mg.hyperparameters.stakeThreshold),
    nextEpochBlock: mg.nextEpochBlock,
    why: `the chain gives validator permits at each epoch to the ${mg.hyperparameters.maxAllowedValidators} hotkeys with the most stake on subnet ${mg.netuid} (at least ${String(mg.hyperparameters.stakeThreshold)} rao); this hotkey has ${String(me?.stake ?? 0n)} rao${full && lowest !== null ? ` and the lowest permitted has ${String(lowest)}` : ""}`,
    fix: `stake to the hotkey with the coldkey's wallet, then wait for the epoch at block ${mg.nextEpochBlock}: ${command}${commandFlags ? "" : " (the chain you run on and your wallet in place of NAME)"}`,
    command,
  };
}
