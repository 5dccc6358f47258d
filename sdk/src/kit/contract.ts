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
 * 5. **`aggregate(scores)`** (optional) maps the round's u16 scores to per-uid rewards in [0, 1]
 *    (shaping: power, winner-take-more, …; default score / 65535). The validator folds rewards
 *    into its moving average (`scoreEma`) and turns that into chain weights (`processWeights`,
 *    `toU16Weights` in `@tao-subnet/core`).
 *
 * `verify` may run answers through the kit's own scoring module (`ctx.scoreBatch`, e.g. the
 * storage kit's check mode): the driver loads the module once, for `verify` and `score` alike.
 *
 * ## End of life
 *
 * **`close()`** (optional) releases what the kit holds (stores, files, sockets). The driver calls
 * it from `KitDriver.close()`, once, when the last driver over this kit object closes (a
 * simulation runs one kit under many drivers); runtimes close their driver when they stop.
 *
 * ## Guarantees
 *
 * - Hooks receive validated data only, and their errors never escape unwrapped.
 * - `challenge` and `score` are deterministic; everything a score depends on is in its inputs.
 * - Kits hold no chain or network code: the runtimes do that.
 *
 * ## Hook kinds
 *
 * Every hook has a kind that says how the driver calls it (`HOOK_KINDS`), and the driver has one
 * method per kind:
 *
 * - **first** (`serve`, `verify`, `aggregate`, `close`): called once; its result is the outcome.
 * - **sequential** (`challenge`): called once per uid, in the order given, each awaited before the next
 *   (bounded load on a reference model; the same order on every run).
 * - **parallel** (`score`): all entries of the round at once (one batch into the WASM module).
 *
 * ## Wire format
 *
 * `synapse.request` / `synapse.response` declare only the kit's own fields, in snake_case as in
 * the Python SDK's JSON body; `toSynapseBody` / `fromSynapseBody` (synapse.ts) add and strip the
 * Python `Synapse` base fields (`name`, `timeout`, `total_size`, `header_size`, `dendrite`,
 * `axon`, `computed_body_hash`), so TypeScript and Python peers talk to each other.
 */
import type { z } from "zod";
import type { ScoringItem } from "../scoring/host.js";
import type { Random } from "./random.js";

/** A kit's name: `kit:<name>` for the project's kits, `tao-kit-<name>` for third-party ones. */
export type KitName = `kit:${string}` | `tao-kit-${string}`;

/** The request/response schemas of a kit's synapse, and its wire name (`POST /<name>`). */
export interface SynapseSchema<Req, Res> {
  /** Synapse class name on the wire, e.g. `TextGeneration` (the Python class name). */
  name: string;
  /** Validates the kit's request fields (snake_case, as in the Python SDK's JSON body). Unknown keys are stripped. */
  request: z.ZodType<Req>;
  /** Validates the kit's response fields. */
  response: z.ZodType<Res>;
  /**
   * The Python class variable `required_hash_fields`: request fields covered by
   * `computed_body_hash`, in order (default none). Keep them strings, integers or lists of
   * strings so `str(value)` hashes the same in TypeScript and Python.
   */
  requiredHashFields?: readonly string[];
}

/** Public coordinates of a challenge plus the validator's seed for it. */
export interface ChallengeContext {
  /** 32 bytes derived from the validator secret and the coordinates below (see `deriveChallengeSeed`). */
  seed: Uint8Array;
  /** A deterministic PRNG seeded with `seed`. */
  random: Random;
  /** Hash of the block the round is anchored to (hex). */
  blockHash: string;
  /** The validator's hotkey (SS58). */
  validatorHotkey: string;
  /** The uid being challenged. */
  uid: number;
  /** The validator's round counter. */
  round: number;
}

/** What `challenge` returns: the request to send and what the validator keeps to score it. */
export interface Challenge<Req, Expected> {
  /** The synapse request (kit fields), sent to the miner. */
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
  /** Aborted when the validator's deadline passes. */
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

/** What `verify` gets besides the round. */
export interface VerifyContext {
  /**
   * Runs byte items through the kit's own WASM scoring module (the one `score` uses, loaded once
   * by the driver, pinned by the same sha256); one u16 per item. Rejects for function scorers.
   */
  scoreBatch: (items: ScoringItem[]) => Promise<number[]>;
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

/**
 * The hook map: every hook's name and signature. `score` is implemented by the kit's `scorer`
 * (the driver batches entries into it); the others are methods of the kit.
 */
export interface KitHookMap<Req, Res, Expected> {
  /** Builds one uid's challenge; deterministic in `ctx.seed`. */
  challenge: (ctx: ChallengeContext) => Challenge<Req, Expected> | Promise<Challenge<Req, Expected>>;
  /** The miner's answer to a validated request. */
  serve: (request: Req, ctx: ServeContext) => Res | Promise<Res>;
  /** Anti-cheat over the whole round; returns the vetoed uids. */
  verify: (round: Array<RoundEntry<Req, Res, Expected>>, ctx: VerifyContext) => Verdict | Promise<Verdict>;
  /** u16 scores (0..65535), one per entry, in order. */
  score: (entries: Array<RoundEntry<Req, Res, Expected>>) => Promise<number[]>;
  /** u16 scores per uid → rewards in [0, 1] per uid. */
  aggregate: (scores: Map<number, number>) => Map<number, number>;
  /** Releases what the kit holds; called once, by the last driver over the kit to close. */
  close: () => void | Promise<void>;
}

/** Name of a hook. */
export type HookName = keyof KitHookMap<unknown, unknown, unknown>;
/** How the driver runs a hook (see the header). */
export type HookKind = "first" | "sequential" | "parallel";

/** What a simulated miner sees when it answers one request (see `MinerBehaviour`). */
export interface BehaviourContext<Req, Res> {
  /** The validated request. */
  request: Req;
  /** The miner's uid. */
  uid: number;
  /** A PRNG for this answer, seeded by the simulation (runs repeat byte for byte). */
  random: Random;
  /** The kit's reference miner answering this request: what an honest miner sends. */
  honest: () => Promise<Res>;
  /** Answers that honest miners gave in the previous round, by uid (what a copier could have seen). */
  previous: ReadonlyMap<number, Res>;
  /**
   * This miner's own memory, kept between its requests and fresh for each simulation (what a
   * cheater keeps: roots instead of blobs, its last answer to replay). Keys are the behaviour's own.
   */
  memory: Map<string, unknown>;
}

/** A simulated miner's answer: the response (null: no answer) and latency added to the network's. */
export interface BehaviourAnswer<Res> {
  response: Res | null;
  extraLatencyMs?: number;
}

/**
 * A miner behaviour for simulation: how a miner of one profile answers a request. Kits declare
 * the cheaters of their market (`SubnetKit.adversaries`); the simulation adds generic ones
 * (honest, noisy, lazy, copier, sybil) and runs each as a profile with its own share.
 */
export interface MinerBehaviour<Req, Res> {
  /** One line for reports: what a miner of this profile does. */
  description: string;
  answer: (ctx: BehaviourContext<Req, Res>) => BehaviourAnswer<Res> | Promise<BehaviourAnswer<Res>>;
}

/** A kit: one commodity market. `Req`/`Res` are the synapse bodies, `Expected` the validator's secret half. */
export interface SubnetKit<Req = unknown, Res = unknown, Expected = unknown> {
  /** `kit:<name>` (third-party: `tao-kit-<name>`); appears in every error about the kit. */
  name: KitName;
  /** The synapse's wire name and the schemas of its request and response fields. */
  synapse: SynapseSchema<Req, Res>;
  /** Builds one uid's challenge; deterministic in `ctx.seed`. May be async (e.g. a reference model call). */
  challenge: KitHookMap<Req, Res, Expected>["challenge"];
  /** The reference miner's answer. */
  serve: KitHookMap<Req, Res, Expected>["serve"];
  /** Anti-cheat over the whole round; returns the vetoed uids (an empty list when all pass). Optional. */
  verify?: KitHookMap<Req, Res, Expected>["verify"];
  /** How answers are scored (implements the `score` hook). */
  scorer: Scorer<Req, Res, Expected>;
  /** Turns u16 scores into rewards in [0, 1] (default: score / 65535). Optional. */
  aggregate?: KitHookMap<Req, Res, Expected>["aggregate"];
  /** Releases what the kit holds (stores, files, sockets); the driver calls it (see "End of life"). Optional. */
  close?: KitHookMap<Req, Res, Expected>["close"];
  /** Miner behaviours this market must withstand, by profile name, for `simulate` (e.g. `padder`). Optional. */
  adversaries?: Readonly<Record<string, MinerBehaviour<Req, Res>>>;
}

/**
 * Every hook and its kind. It `satisfies Record<HookName, HookKind>`, so a hook added to
 * `KitHookMap` without a kind here (and so without a driver method) fails the type check.
 */
export const HOOK_KINDS = {
  challenge: "sequential",
  serve: "first",
  verify: "first",
  score: "parallel",
  aggregate: "first",
  close: "first",
} as const satisfies Record<HookName, HookKind>;

/** The hook names, as a `Record<HookName, 1>` (an unlisted hook fails the type check). */
export const HOOK_NAMES: Record<HookName, 1> = { challenge: 1, serve: 1, verify: 1, score: 1, aggregate: 1, close: 1 };
