/**
 * Runs a kit's hooks (see `contract.ts` for the lifecycle): derives challenge seeds, validates
 * synapse bodies at the boundary, scores through the sandboxed scoring host or the kit's function,
 * and wraps whatever a hook throws in a `KitHookError` naming the kit and the hook.
 */
import { ScoringHost, type ScoringModule } from "../scoring/host.js";
import type { Challenge, RoundEntry, SubnetKit, Verdict } from "./contract.js";
import { KitHookError, SynapseValidationError } from "./errors.js";
import { deriveChallengeSeed, Random } from "./random.js";

export interface RoundCoordinates {
  blockHash: string;
  validatorHotkey: string;
  round: number;
}

export interface RoundResult<Req, Res, Expected> {
  entries: Array<RoundEntry<Req, Res, Expected>>;
  verdict: Verdict;
  /** u16 score per uid (vetoed and unanswered: 0). */
  scores: Map<number, number>;
  /** Reward in [0, 1] per uid, after `aggregate`. */
  rewards: Map<number, number>;
}

export interface KitDriverOptions {
  /** The validator's secret (keeps challenges unpredictable). Required for `challenge`. */
  secret?: Uint8Array | string;
  /** The host that runs WASM scoring modules (one is created if omitted). */
  scoringHost?: ScoringHost;
}

export class KitDriver<Req, Res, Expected> {
  private module: Promise<ScoringModule> | null = null;

  constructor(
    readonly kit: SubnetKit<Req, Res, Expected>,
    private readonly options: KitDriverOptions = {},
  ) {}

  private async hook<T>(hook: string, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof KitHookError || e instanceof SynapseValidationError) throw e;
      throw new KitHookError(this.kit.name, hook, e);
    }
  }

  /** Validates a body against the synapse schema; throws SynapseValidationError with the field path. */
  parse<T extends "request" | "response">(side: T, body: unknown): T extends "request" ? Req : Res {
    const r = this.kit.synapse[side].safeParse(body);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new SynapseValidationError(this.kit.name, side, issue?.path.join(".") ?? "", issue?.message ?? "invalid");
    }
    return r.data as T extends "request" ? Req : Res;
  }

  /** Builds one uid's challenge from the secret-derived seed; the request is schema-checked. */
  async challenge(coords: RoundCoordinates, uid: number): Promise<Challenge<Req, Expected>> {
    const secret = this.options.secret;
    if (secret === undefined || secret.length === 0) throw new KitHookError(this.kit.name, "challenge", new Error("no validator secret configured: challenges would be predictable"));
    const seed = deriveChallengeSeed(secret, { ...coords, uid });
    const c = await this.hook("challenge", () => this.kit.challenge({ ...coords, uid, seed, random: new Random(seed) }));
    return { request: this.parse("request", c.request), expected: c.expected };
  }

  /** The miner side: validates the request, runs `serve`, validates the response. */
  async serve(body: unknown, ctx: { caller: string; timeoutMs: number; signal?: AbortSignal }): Promise<Res> {
    const request = this.parse("request", body);
    const res = await this.hook("serve", () => this.kit.serve(request, ctx));
    return this.parse("response", res);
  }

  /** Parses a miner's response body; an invalid body counts as no answer (null). */
  responseOrNull(body: unknown): Res | null {
    try {
      return this.parse("response", body);
    } catch {
      return null;
    }
  }

  async verify(entries: Array<RoundEntry<Req, Res, Expected>>): Promise<Verdict> {
    const verify = this.kit.verify;
    if (!verify) return { vetoed: [] };
    return this.hook("verify", () => verify.call(this.kit, entries));
  }

  /** u16 score per entry; unanswered and vetoed entries score 0 without reaching the scorer. */
  async score(entries: Array<RoundEntry<Req, Res, Expected>>, verdict: Verdict = { vetoed: [] }): Promise<Map<number, number>> {
    const vetoed = new Set(verdict.vetoed.map((v) => v.uid));
    const scores = new Map<number, number>();
    const live = entries.filter((e) => e.response !== null && !vetoed.has(e.uid));
    for (const e of entries) scores.set(e.uid, 0);
    if (live.length === 0) return scores;
    const scorer = this.kit.scorer;
    if (scorer.kind === "function") {
      for (const e of live) {
        const s = await this.hook("score", () => scorer.score(e));
        if (!Number.isInteger(s) || s < 0 || s > 65535) throw new KitHookError(this.kit.name, "score", new Error(`score for uid ${e.uid} is ${s}; expected a u16 (0..65535)`));
        scores.set(e.uid, s);
      }
      return scores;
    }
    this.module ??= (async () => (this.options.scoringHost ?? new ScoringHost()).load(await scorer.load(), scorer.sha256))();
    const module = await this.module;
    const items = await this.hook("score", () => live.map((e) => scorer.encode(e)));
    const out = await module.scoreBatch(items);
    live.forEach((e, i) => scores.set(e.uid, out[i]!));
    return scores;
  }

  aggregate(scores: Map<number, number>): Map<number, number> {
    const aggregate = this.kit.aggregate;
    if (aggregate) {
      try {
        return aggregate.call(this.kit, scores);
      } catch (e) {
        throw new KitHookError(this.kit.name, "aggregate", e);
      }
    }
    return new Map([...scores].map(([uid, s]) => [uid, s / 65535]));
  }

  /**
   * One whole round: challenge each uid, `query` them (network or in-process), verify, score,
   * aggregate. `query` returns the raw response body (or null) and the latency.
   */
  async runRound(coords: RoundCoordinates, uids: number[], query: (uid: number, request: Req) => Promise<{ body: unknown; latencyMs: number }>): Promise<RoundResult<Req, Res, Expected>> {
    const entries: Array<RoundEntry<Req, Res, Expected>> = [];
    for (const uid of uids) {
      const challenge = await this.challenge(coords, uid);
      entries.push({ uid, challenge, response: null, latencyMs: 0 });
    }
    await Promise.all(
      entries.map(async (e) => {
        const r = await query(e.uid, e.challenge.request).catch(() => ({ body: null, latencyMs: 0 }));
        e.response = r.body === null ? null : this.responseOrNull(r.body);
        e.latencyMs = r.latencyMs;
      }),
    );
    const verdict = await this.verify(entries);
    const scores = await this.score(entries, verdict);
    return { entries, verdict, scores, rewards: this.aggregate(scores) };
  }

  async close(): Promise<void> {
    if (this.module) await (await this.module).close();
  }
}
