/**
 * # The kit contract
 *
 * A **kit** defines one commodity market (text generation, image recognition, storage, …) as a
 * plain object built by a factory function, `textKit(options)`, named `kit:<name>` (third-party
 * kits: `tao-kit-<name>`). Validators and miners never special-case a kit: they run its hooks
 * through the {@link KitDriver}, which wraps anything a hook throws in a `KitHookError` naming the
 * kit and the hook.
 *
 * ## Lifecycle of one validator round
 *
 * 1. **`challenge(ctx)`** runs once per queried uid (sequential). It must be deterministic in
 *    `ctx.seed`, which the driver derives from the validator's *secret* and the public round
 *    coordinates (block hash, validator hotkey, uid, round): a miner, who lacks the secret, can
 *    neither precompute the challenge nor its answer. It returns the synapse request to send and
 *    the validator-only `expected` data used to score it.
 * 2. The request goes to the miner (Axon/Dendrite, or in-process in a simulation), whose
 *    **`serve(request, ctx)`** produces the response. Requests and responses are validated
 *    against the kit's **`synapse`** schemas at both ends: malformed data never reaches a hook.
 * 3. **`verify(round)`** runs once per round with every uid's response (anti-cheat: duplicates,
 *    replays, impossible latencies). It may **veto** responses; a vetoed response scores 0.
 * 4. **`score`** turns each surviving (challenge, response) into a u16 (0..65535), through the
 *    kit's WASM scoring module (sandboxed, pinned by sha256) or, for TypeScript-only kits, a
 *    function.
 * 5. **`aggregate(scores, state)`** (optional) folds the round into the validator's state and
 *    returns per-uid rewards in [0, 1]; the default is the score itself, which the validator folds
 *    into its moving average and turns into weights.
 *
 * ## Guarantees
 *
 * - Hooks receive validated data only, and their errors never escape unwrapped.
 * - `challenge` and `score` are deterministic; everything a score depends on is in its inputs.
 * - Kits hold no chain or network code: the runtimes do that.
 */
import type { z } from "zod";

/** The request/response schemas of a kit's synapse, and its wire name (`POST /<name>`). */
export interface SynapseSchema<Req, Res> {
  /** Synapse class name on the wire, e.g. `TextGeneration`. */
  name: string;
  /** Validates a request body (snake_case fields, as the Python SDK's JSON). */
  request: z.ZodType<Req>;
  /** Validates a response body. */
  response: z.ZodType<Res>;
}

/** Public coordinates of a challenge plus the validator's seed for it. */
export interface ChallengeContext {
  /** 32 bytes derived from the validator secret and the coordinates below (see `deriveChallengeSeed`). */
  seed: Uint8Array;
  /** A deterministic PRNG seeded with `seed`. */
  random: import("./random.js").Random;
  blockHash: string;
  validatorHotkey: string;
  uid: number;
  round: number;
}

/** What `challenge` returns: the request to send and what the validator keeps to score it. */
export interface Challenge<Req, Expected> {
  request: Req;
  /** Validator-only data (reference answer, Merkle root, labels…). Never sent to the miner. */
  expected: Expected;
}

/** Context of a miner answering. */
export interface ServeContext {
  /** The validator's hotkey (already signature-checked by the Axon). */
  caller: string;
  /** Milliseconds before the validator stops waiting. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One uid's answer in a round, as `verify` and `score` see it. */
export interface RoundEntry<Req, Res, Expected> {
  uid: number;
  challenge: Challenge<Req, Expected>;
  /** Null when the miner did not answer (timeout, error, invalid body). */
  response: Res | null;
  /** Round-trip time, ms. */
  latencyMs: number;
}

/** `verify`'s verdict: uids whose responses are vetoed, each with a reason (logged, shown in reports). */
export interface Verdict {
  vetoed: Array<{ uid: number; reason: string }>;
}

/** How a kit scores: a WASM module (bytes or a path, pinned by sha256) or, TypeScript-only, a function. */
export type Scorer<Req, Res, Expected> =
  | {
      kind: "wasm";
      /** Loads the module bytes (e.g. from the kit's `build/scoring.wasm`). */
      load: () => Promise<Uint8Array>;
      /** sha256 the bytes must have (published on chain by the subnet owner). */
      sha256?: string;
      /** Serialises one entry into the module's challenge and response bytes. */
      encode: (entry: RoundEntry<Req, Res, Expected>) => { challenge: Uint8Array; response: Uint8Array };
    }
  | {
      kind: "function";
      /** Returns a u16 score (0..65535). Runs in the validator process: deterministic code only. */
      score: (entry: RoundEntry<Req, Res, Expected>) => number;
    };

/** A kit: one commodity market. `Req`/`Res` are the synapse bodies, `Expected` the validator's secret half. */
export interface SubnetKit<Req = unknown, Res = unknown, Expected = unknown> {
  /** `kit:<name>`. */
  name: string;
  synapse: SynapseSchema<Req, Res>;
  /** Builds one uid's challenge; deterministic in `ctx.seed`. May be async (e.g. rendering). */
  challenge(ctx: ChallengeContext): Challenge<Req, Expected> | Promise<Challenge<Req, Expected>>;
  /** The reference miner's answer. */
  serve(request: Req, ctx: ServeContext): Res | Promise<Res>;
  /** Anti-cheat over the whole round; returns the vetoed uids (an empty list when all pass). */
  verify?(round: Array<RoundEntry<Req, Res, Expected>>): Verdict | Promise<Verdict>;
  scorer: Scorer<Req, Res, Expected>;
  /** Turns u16 scores into rewards in [0, 1] (default: score / 65535). */
  aggregate?(scores: Map<number, number>): Map<number, number>;
}

/** Every hook of the contract and how the driver runs it. A new hook that is not wired fails the type check here. */
export const HOOKS: Record<"challenge" | "serve" | "verify" | "score" | "aggregate", "sequential" | "first" | "parallel"> = {
  challenge: "sequential",
  serve: "first",
  verify: "first",
  score: "parallel",
  aggregate: "first",
};
export type HookName = keyof typeof HOOKS;
