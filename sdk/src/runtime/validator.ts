/**
 * The validator runtime: each round it picks the subnet's served miners, builds the kit's
 * challenges (seeded with the validator's secret), queries them through a Dendrite, runs `verify`
 * and the kit's scoring module, folds the rewards into its score moving average, processes weights
 * as the Python SDK does and sets them, or commits them when the subnet uses commit-reveal and
 * reveals in the reveal epoch. State (scores, pending commits) is written durably: a commit's salt
 * and weights before the commit is sent, so a restart between commit and reveal still reveals. A
 * weights rate-limit refusal is retried at the block the limit ends, not in a loop.
 */
import { randomBytes } from "node:crypto";
import { processWeights, scoreEma, toU16Weights } from "@tao-subnet/core";
import { commitHash } from "../chain/commitHash.js";
import type { Chain, Hex, Signer } from "../chain/types.js";
import type { SubnetKit } from "../kit/contract.js";
import { KitDriver } from "../kit/driver.js";
import { Dendrite } from "../net/dendrite.js";
import { ScoringHost } from "../scoring/host.js";
import { loadValidatorState, saveValidatorState, type PendingCommit, type ValidatorState } from "./state.js";

export interface ValidatorOptions<Req, Res, E> {
  chain: Chain;
  netuid: number;
  hotkey: Signer;
  kit: SubnetKit<Req, Res, E>;
  /** Keeps challenges unpredictable; keep it private and stable. */
  secret: string | Uint8Array;
  /** Where scores and pending commits live (a JSON file, written 0600 and fsynced). */
  statePath: string;
  /** Score moving-average factor (default 0.1). */
  alpha?: number;
  /** Per-miner timeout, ms (default 12,000). */
  timeoutMs?: number;
  versionKey?: bigint;
  scoringHost?: ScoringHost;
  log?: (event: Record<string, unknown>) => void;
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

  private constructor(
    private readonly o: ValidatorOptions<Req, Res, E>,
    private state: ValidatorState,
    private readonly driver: KitDriver<Req, Res, E>,
    private readonly dendrite: Dendrite,
  ) {}

  /** Loads (or creates) the state and returns a runtime; nothing is sent yet. */
  static async start<Req, Res, E>(o: ValidatorOptions<Req, Res, E>): Promise<ValidatorRuntime<Req, Res, E>> {
    const loaded = await loadValidatorState(o.statePath);
    const state: ValidatorState = loaded && loaded.netuid === o.netuid && loaded.hotkey === o.hotkey.address ? loaded : { version: 1, netuid: o.netuid, hotkey: o.hotkey.address, scores: [], pending: [], round: 0 };
    const driver = new KitDriver(o.kit, { secret: o.secret, scoringHost: o.scoringHost ?? new ScoringHost() });
    return new ValidatorRuntime(o, state, driver, new Dendrite(o.hotkey));
  }

  get pendingCommits(): readonly PendingCommit[] {
    return this.state.pending;
  }

  private log(e: Record<string, unknown>) {
    this.o.log?.({ netuid: this.o.netuid, ...e });
  }

  private persist(): Promise<void> {
    return saveValidatorState(this.o.statePath, this.state);
  }

  /** Reveals pending commits that are due; drops the ones the chain says can never be revealed. */
  async revealDue(): Promise<number> {
    let revealed = 0;
    for (const p of [...this.state.pending]) {
      const r = await this.o.chain.revealWeights(this.o.hotkey, p.netuid, p.uids, p.weights, p.salt, BigInt(p.versionKey));
      if (r.ok) {
        revealed++;
        this.state.pending = this.state.pending.filter((x) => x !== p);
        this.log({ event: "revealed", block: r.block });
      } else if (r.error !== "RevealTooEarly") {
        this.state.pending = this.state.pending.filter((x) => x !== p);
        this.log({ event: "reveal-dropped", error: r.error });
      }
    }
    if (revealed) await this.persist();
    return revealed;
  }

  /** One round: query, score, fold, and set or commit weights. */
  async step(): Promise<RoundReport> {
    const { chain, netuid, hotkey } = this.o;
    const revealed = this.state.pending.length ? await this.revealDue() : 0;
    const mg = await chain.metagraph(netuid, { lite: true });
    const block = mg.block;
    const round = ++this.state.round;
    const targets = mg.neurons.filter((n) => n.axon && n.hotkey !== hotkey.address);
    const result = await this.driver.runRound({ blockHash: await chain.blockHash(), validatorHotkey: hotkey.address, round }, targets.map((t) => t.uid), async (uid, request) => {
      const n = mg.neurons[uid]!;
      const r = await this.dendrite.call({ ip: n.axon!.ip, port: n.axon!.port, hotkey: n.hotkey }, this.o.kit.synapse.name, this.driver.requestBody(request), { timeoutMs: this.o.timeoutMs ?? 12_000, requiredHashFields: this.o.kit.synapse.requiredHashFields ?? [] });
      return { body: r.status === 200 ? r.body : null, latencyMs: r.latencyMs };
    });
    const scores = new Float32Array(mg.n);
    scores.set(this.state.scores.slice(0, mg.n));
    const next = scoreEma(scores, result.rewards, this.o.alpha ?? 0.1);
    this.state.scores = Array.from(next);
    const answered = result.entries.filter((e) => e.response !== null).length;
    let weights: RoundReport["weights"] = "none";
    if (this.state.pending.length === 0 && block >= this.retryAt && next.some((s) => s > 0)) {
      const minerUids = new Set(targets.map((t) => t.uid));
      const processed = processWeights({ uids: Array.from(next.keys()), weights: Array.from(next, (s, u) => (minerUids.has(u) ? s : 0)), numNeurons: mg.n, minAllowedWeights: mg.hyperparameters.minAllowedWeights, maxWeightLimit: mg.hyperparameters.maxWeightLimit });
      const w = toU16Weights(processed.uids, processed.weights);
      const versionKey = this.o.versionKey ?? mg.hyperparameters.weightsVersion;
      if (w.uids.length > 0) {
        if (mg.hyperparameters.commitRevealWeightsEnabled) {
          const b = randomBytes(16);
          const salt = Array.from({ length: 8 }, (_, i) => b.readUInt16LE(2 * i));
          const hash = commitHash(hotkey.address, netuid, w.uids, w.weights, salt, versionKey);
          const pending: PendingCommit = { netuid, uids: w.uids, weights: w.weights, salt, versionKey: versionKey.toString(), hash, block };
          // durable before it is sent: a crash after the commit still knows what to reveal
          this.state.pending.push(pending);
          await this.persist();
          const r = await chain.commitWeights(hotkey, netuid, hash as Hex);
          if (r.ok) weights = "committed";
          else {
            this.state.pending = this.state.pending.filter((x) => x !== pending);
            weights = this.rateLimited(r.error, mg) ?? `failed: ${r.error}`;
          }
        } else {
          const r = await chain.setWeights(hotkey, netuid, w.uids, w.weights, versionKey);
          weights = r.ok ? "set" : this.rateLimited(r.error, mg) ?? `failed: ${r.error}`;
        }
      }
    } else if (block < this.retryAt) weights = "rate-limited";
    await this.persist();
    this.log({ event: "round", round, block, queried: targets.length, answered, weights });
    return { round, block, queried: targets.length, answered, weights, revealed };
  }

  private rateLimited(error: string, mg: { block: number; hyperparameters: { weightsRateLimit: number }; neurons: Array<{ hotkey: string; lastUpdate: number }> }): "rate-limited" | null {
    if (error !== "SettingWeightsTooFast" && error !== "CommittingWeightsTooFast") return null;
    const me = mg.neurons.find((n) => n.hotkey === this.o.hotkey.address);
    this.retryAt = (me?.lastUpdate ?? mg.block) + mg.hyperparameters.weightsRateLimit;
    this.log({ event: "rate-limited", retryAt: this.retryAt });
    return "rate-limited";
  }

  /** Runs a round every `everyBlocks` blocks until `stop()` (or the signal aborts). */
  async run(everyBlocks: number, signal?: AbortSignal): Promise<void> {
    let next = (await this.o.chain.bestBlock()) + 1;
    while (!this.stopped && !signal?.aborted) {
      await this.o.chain.waitForBlock(next);
      if (this.stopped || signal?.aborted) break;
      await this.step().catch((e: unknown) => this.log({ event: "round-failed", error: (e as Error).message }));
      next = Math.max(next + everyBlocks, this.retryAt);
    }
  }

  /** Persists the state and releases connections (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.persist();
    this.dendrite.close();
    await this.driver.close();
  }
}
