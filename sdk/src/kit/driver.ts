/**
 * Runs a kit's hooks (see `contract.ts` for the lifecycle): derives challenge seeds, validates
 * synapse bodies at the boundary, scores through the sandboxed scoring host or the kit's function,
 * and wraps whatever a hook throws in a `KitHookError` naming the kit and the hook. One method per
 * hook kind (`hookFirst`, `hookSequential`, `hookParallel`); the public methods are the lifecycle
 * steps built on them.
 */
import { ScoringError } from "../scoring/errors.js";
import { ScoringHost, type ScoringModule } from "../scoring/host.js";
import type { Challenge, HOOK_KINDS, HookKind, HookName, KitHookMap, RoundEntry, SubnetKit, Verdict, VerifyContext } from "./contract.js";
import { KitHookError, SynapseValidationError } from "./errors.js";
import { deriveChallengeSeed, Random } from "./random.js";
import { fromSynapseBody, type SynapseBase, toSynapseBody } from "./synapse.js";

/** Public coordinates of a round. */
export interface RoundCoordinates {
  /** Hash of the block the round is anchored to. */
  blockHash: string;
  /** The validator's hotkey. */
  validatorHotkey: string;
  /** The validator's round counter. */
  round: number;
}

/** What `runRound` returns. */
export interface RoundResult<Req, Res, Expected> {
  entries: Array<RoundEntry<Req, Res, Expected>>;
  verdict: Verdict;
  /** u16 score per uid (vetoed and unanswered: 0). */
  scores: Map<number, number>;
  /** Reward in [0, 1] per uid, after `aggregate`. */
  rewards: Map<number, number>;
}

/** Options of a `KitDriver`. */
export interface KitDriverOptions {
  /** The validator's secret (keeps challenges unpredictable). Required for `challenge`. */
  secret?: Uint8Array | string;
  /** The host that runs WASM scoring modules (one is created if omitted). */
  scoringHost?: ScoringHost;
}

type Hooks<Req, Res, Expected> = KitHookMap<Req, Res, Expected>;

/** Drivers not yet closed, per kit object: the last one to close calls the kit's `close`. */
const openDrivers = new WeakMap<object, number>();
/** Kit names already warned about (a warning once per kit, not per driver). */
const warnedKits = new Set<string>();

/**
 * Warns, once per kit name, when a kit's synapse declares no `requiredHashFields`: its signed body
 * hash then covers nothing (sha3_256 of ""), so headers signed for one body also pass with another.
 * Emitted as a Node warning (code TAO_SUBNET_NO_HASH_FIELDS); `process.on("warning")` sees it.
 */
function warnUnhashed(kit: SubnetKit<unknown, unknown, unknown>): void {
  if ((kit.synapse.requiredHashFields?.length ?? 0) > 0 || warnedKits.has(kit.name)) return;
  warnedKits.add(kit.name);
  process.emitWarning(
    `${kit.name}: synapse ${kit.synapse.name} declares no requiredHashFields, so its signed body hash covers no field and a request body can be swapped under the same signed headers; list the request fields that matter in synapse.requiredHashFields`,
    { code: "TAO_SUBNET_NO_HASH_FIELDS", type: "TaoSubnetWarning" },
  );
}
type HooksOfKind<K extends HookKind> = { [H in HookName]: (typeof HOOK_KINDS)[H] extends K ? H : never }[HookName];

/** Runs one kit's hooks for a validator, a miner or a simulation. */
export class KitDriver<Req, Res, Expected> {
  private module: Promise<ScoringModule> | null = null;
  private readonly impl: Hooks<Req, Res, Expected>;
  private readonly verifyContext: VerifyContext = { scoreBatch: (items) => this.scoringModule().then((m) => m.scoreBatch(items)) };
  private closed = false;

  constructor(
    readonly kit: SubnetKit<Req, Res, Expected>,
    private readonly options: KitDriverOptions = {},
  ) {
    const verify = kit.verify;
    const aggregate = kit.aggregate;
    const close = kit.close;
    this.impl = {
      challenge: (ctx) => kit.challenge(ctx),
      serve: (request, ctx) => kit.serve(request, ctx),
      verify: verify ? (round, ctx) => verify.call(kit, round, ctx) : () => ({ vetoed: [] }),
      score: (entries) => this.scoreWithScorer(entries),
      aggregate: aggregate ? (scores) => aggregate.call(kit, scores) : (scores) => new Map([...scores].map(([uid, s]) => [uid, s / 65535])),
      close: close ? () => close.call(kit) : () => undefined,
    };
    openDrivers.set(kit, (openDrivers.get(kit) ?? 0) + 1);
    warnUnhashed(kit as SubnetKit<unknown, unknown, unknown>);
  }

  private wrap(hook: HookName, e: unknown): unknown {
    // already typed: the driver's own errors, and the scoring host's (they name the module)
    if (e instanceof KitHookError || e instanceof SynapseValidationError || e instanceof ScoringError) return e;
    return new KitHookError(this.kit.name, hook, e);
  }

  /** A `first` hook: one call, its result is the outcome. */
  async hookFirst<H extends HooksOfKind<"first">>(
    hook: H,
    ...args: Parameters<Hooks<Req, Res, Expected>[H]>
  ): Promise<Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>> {
    try {
      return (await (this.impl[hook] as (...a: unknown[]) => unknown)(...args)) as Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>;
    } catch (e) {
      throw this.wrap(hook, e);
    }
  }

  /** A `sequential` hook: one call per argument list, in order, each awaited before the next. */
  async hookSequential<H extends HooksOfKind<"sequential">>(
    hook: H,
    argLists: Array<Parameters<Hooks<Req, Res, Expected>[H]>>,
  ): Promise<Array<Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>>> {
    const out: Array<Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>> = [];
    for (const args of argLists) {
      try {
        out.push((await (this.impl[hook] as (...a: unknown[]) => unknown)(...args)) as Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>);
      } catch (e) {
        throw this.wrap(hook, e);
      }
    }
    return out;
  }

  /** A `parallel` hook: the whole batch in one call. */
  async hookParallel<H extends HooksOfKind<"parallel">>(
    hook: H,
    ...args: Parameters<Hooks<Req, Res, Expected>[H]>
  ): Promise<Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>> {
    try {
      return (await (this.impl[hook] as (...a: unknown[]) => unknown)(...args)) as Awaited<ReturnType<Hooks<Req, Res, Expected>[H]>>;
    } catch (e) {
      throw this.wrap(hook, e);
    }
  }

  /**
   * Validates a body against the synapse schema (a bare object of the kit's fields, or a whole
   * Python synapse body whose base fields are checked and stripped); throws
   * SynapseValidationError with the field path.
   */
  parse<T extends "request" | "response">(side: T, body: unknown): T extends "request" ? Req : Res {
    return fromSynapseBody(this.kit.name, this.kit.synapse, side, body).fields as T extends "request" ? Req : Res;
  }

  /** The JSON body a Python dendrite would send for this request (base fields + kit fields). */
  requestBody(request: Req, base?: SynapseBase): Record<string, unknown> {
    return toSynapseBody(this.kit.synapse as never, { request }, base);
  }

  /** The JSON body a Python axon would answer with (base fields + request fields + response fields). */
  responseBody(request: Req, response: Res, base?: SynapseBase): Record<string, unknown> {
    return toSynapseBody(this.kit.synapse as never, { request, response }, base);
  }

  /** Builds uids' challenges from secret-derived seeds (sequential hook); each request is schema-checked. */
  async challenges(coords: RoundCoordinates, uids: number[]): Promise<Array<Challenge<Req, Expected>>> {
    const secret = this.options.secret;
    if (secret === undefined || secret.length === 0)
      throw new KitHookError(
        this.kit.name,
        "challenge",
        new Error("no validator secret configured: challenges would be predictable (pass { secret } to the KitDriver)"),
      );
    const made = await this.hookSequential(
      "challenge",
      uids.map((uid) => {
        const seed = deriveChallengeSeed(secret, { ...coords, uid });
        return [{ ...coords, uid, seed, random: new Random(seed) }] as [Parameters<Hooks<Req, Res, Expected>["challenge"]>[0]];
      }),
    );
    return made.map((c) => ({ request: this.parse("request", c.request), expected: c.expected }));
  }

  /** Builds one uid's challenge. */
  async challenge(coords: RoundCoordinates, uid: number): Promise<Challenge<Req, Expected>> {
    return (await this.challenges(coords, [uid]))[0]!;
  }

  /** The miner side: validates the request (bare or a whole Python body), runs `serve`, validates the response. */
  async serve(body: unknown, ctx: { caller: string; timeoutMs: number; signal?: AbortSignal }): Promise<Res> {
    const request = this.parse("request", body);
    const res = await this.hookFirst("serve", request, ctx);
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

  /** Runs `verify` over a round (nothing vetoed when the kit has no verify). */
  async verify(entries: Array<RoundEntry<Req, Res, Expected>>): Promise<Verdict> {
    const v = await this.hookFirst("verify", entries, this.verifyContext);
    const known = new Set(entries.map((e) => e.uid));
    const bad = v?.vetoed?.find((x) => !known.has(x.uid) || typeof x.reason !== "string");
    if (!v || !Array.isArray(v.vetoed) || bad)
      throw new KitHookError(
        this.kit.name,
        "verify",
        new Error(`expected { vetoed: [{ uid, reason }] } naming uids of this round${bad ? `; got uid ${String(bad.uid)}` : ""}`),
      );
    return v;
  }

  private async scoreWithScorer(live: Array<RoundEntry<Req, Res, Expected>>): Promise<number[]> {
    const scorer = this.kit.scorer;
    if (scorer.kind === "function") {
      return live.map((e) => {
        const s = scorer.score(e);
        if (!Number.isInteger(s) || s < 0 || s > 65535) throw new Error(`score for uid ${e.uid} is ${s}; expected a u16 (0..65535)`);
        return s;
      });
    }
    const items = live.map((e) => scorer.encode(e));
    return (await this.scoringModule()).scoreBatch(items);
  }

  /** The sha256 of the scoring module this driver scores with (loading it); `null` for a function scorer. */
  async scoringSha256(): Promise<string | null> {
    if (this.kit.scorer.kind !== "wasm") return null;
    return (await this.scoringModule()).sha256;
  }

  /**
   * Scores with these bytes from now on instead of the kit's own module (the module the subnet
   * owner published, fetched and checked by the validator): the module in use is closed once the
   * new one has loaded, and a module that fails to load leaves the old one in use.
   */
  async useScoringModule(bytes: Uint8Array, sha256: string): Promise<void> {
    if (this.kit.scorer.kind !== "wasm") throw new Error(`${this.kit.name} scores with a function: it has no scoring module to replace`);
    const next = await (this.options.scoringHost ?? new ScoringHost()).load(bytes, sha256);
    const old = this.module;
    this.module = Promise.resolve(next);
    if (old) await (await old.catch(() => null))?.close();
  }

  /** The kit's WASM scoring module, loaded once (a failed load is retried on the next call). */
  private scoringModule(): Promise<ScoringModule> {
    const scorer = this.kit.scorer;
    if (scorer.kind !== "wasm") return Promise.reject(new Error(`${this.kit.name} scores with a function: it has no scoring module to run`));
    this.module ??= (async () => (this.options.scoringHost ?? new ScoringHost()).load(await scorer.load(), scorer.sha256))();
    return this.module.catch((e: unknown) => {
      this.module = null;
      throw e;
    });
  }

  /**
   * u16 score per entry (parallel hook: one batch); unanswered and vetoed entries score 0 without
   * reaching the scorer. A refused or stopped scoring module rejects with its `ScoringError`.
   */
  async score(entries: Array<RoundEntry<Req, Res, Expected>>, verdict: Verdict = { vetoed: [] }): Promise<Map<number, number>> {
    const vetoed = new Set(verdict.vetoed.map((v) => v.uid));
    const scores = new Map<number, number>();
    const live = entries.filter((e) => e.response !== null && !vetoed.has(e.uid));
    for (const e of entries) scores.set(e.uid, 0);
    if (live.length === 0) return scores;
    const out = await this.hookParallel("score", live);
    // whatever scored them, one u16 per live entry: a short or non-integer answer never reaches aggregate
    if (!Array.isArray(out) || out.length !== live.length)
      throw new KitHookError(
        this.kit.name,
        "score",
        new Error(`expected ${live.length} score(s), one per answered entry; got ${Array.isArray(out) ? out.length : typeof out}`),
      );
    live.forEach((e, i) => {
      const s = out[i];
      if (!Number.isInteger(s) || s! < 0 || s! > 65535)
        throw new KitHookError(this.kit.name, "score", new Error(`score for uid ${e.uid} is ${String(s)}; expected a u16 (0..65535)`));
      scores.set(e.uid, s!);
    });
    return scores;
  }

  /**
   * Scores → rewards in [0, 1] per uid (`aggregate`, default score / 65535). A reward that is not a
   * number in [0, 1] (NaN, ±Infinity, negative), or one for a uid that was not scored, is a
   * KitHookError: it never reaches the moving average or the weights.
   */
  async aggregate(scores: Map<number, number>): Promise<Map<number, number>> {
    const rewards = await this.hookFirst("aggregate", scores);
    const fail = (why: string) => new KitHookError(this.kit.name, "aggregate", new Error(`${why}; aggregate must map each scored uid to a reward in [0, 1]`));
    if (!(rewards instanceof Map)) throw fail(`returned ${typeof rewards}, not a Map`);
    for (const [uid, r] of rewards) {
      if (!scores.has(uid)) throw fail(`returned a reward for uid ${String(uid).slice(0, 40)}, which was not scored`);
      if (typeof r !== "number" || !(r >= 0 && r <= 1)) throw fail(`reward for uid ${uid} is ${String(r).slice(0, 40)}`);
    }
    return rewards;
  }

  /**
   * One whole round: challenge each uid, `query` them (network or in-process), verify, score,
   * aggregate. `query` returns the raw response body (or null) and the latency.
   */
  async runRound(
    coords: RoundCoordinates,
    uids: number[],
    query: (uid: number, request: Req) => Promise<{ body: unknown; latencyMs: number }>,
  ): Promise<RoundResult<Req, Res, Expected>> {
    return this.judgeRound(await this.queryRound(coords, uids, query));
  }

  /** The first part of a round: challenge each uid and `query` them; the entries, with each response parsed (invalid: null). */
  async queryRound(
    coords: RoundCoordinates,
    uids: number[],
    query: (uid: number, request: Req) => Promise<{ body: unknown; latencyMs: number }>,
  ): Promise<Array<RoundEntry<Req, Res, Expected>>> {
    const challenges = await this.challenges(coords, uids);
    const entries: Array<RoundEntry<Req, Res, Expected>> = uids.map((uid, i) => ({ uid, challenge: challenges[i]!, response: null, latencyMs: 0 }));
    await Promise.all(
      entries.map(async (e) => {
        const r = await query(e.uid, e.challenge.request).catch(() => ({ body: null, latencyMs: 0 }));
        e.response = r.body === null ? null : this.responseOrNull(r.body);
        e.latencyMs = r.latencyMs;
      }),
    );
    return entries;
  }

  /** The rest of a round: verify, score, aggregate. */
  async judgeRound(entries: Array<RoundEntry<Req, Res, Expected>>): Promise<RoundResult<Req, Res, Expected>> {
    const verdict = await this.verify(entries);
    const scores = await this.score(entries, verdict);
    return { entries, verdict, scores, rewards: await this.aggregate(scores) };
  }

  /**
   * Stops the scoring module's worker and, when this is the last open driver over the kit, runs
   * the kit's `close` hook. A second call does nothing.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const m = this.module;
    this.module = null;
    if (m) await (await m.catch(() => null))?.close();
    const open = (openDrivers.get(this.kit) ?? 1) - 1;
    if (open > 0) return void openDrivers.set(this.kit, open);
    openDrivers.delete(this.kit);
    await this.hookFirst("close");
  }
}
