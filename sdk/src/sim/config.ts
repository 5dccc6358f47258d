/**
 * A simulation's config, checked by one schema (zod) before anything runs: every key known
 * (an unknown one is refused with the closest known name: `epoch` → `epochs`, `miners.honset` →
 * `honest`, the miner profiles being the generic ones and the kit's adversaries), every number
 * whole and in range where a fraction, a zero or a negative makes no sense, and the checks that
 * span fields (a join inside the run, the subnet's uid count). A failure is a
 * `SimulationConfigError` naming the JSON path (`miners.honset`, `validators[2].stake`), what was
 * expected and what was given.
 */
import { closestName } from "@tao-subnet/core";
import { z } from "zod";
import { DEV_DEFAULT_HYPERPARAMETERS } from "../chain/dev/devChain.js";
import { DEV_DEFAULT_NETWORK } from "../chain/dev/economy.js";
import { MAX_UIDS_OVER_ALL_MECHANISMS } from "../chain/dev/mechanisms.js";
import { MAX_MECHANISM_COUNT_PER_SUBNET, splitToU16 } from "../chain/mechanisms.js";
import { DEFAULT_SAMPLE_SIZE, sampleSizeProblem } from "../runtime/sample.js";
import { behaviourNames, VALIDATOR_PROFILES } from "./behaviours.js";
import { SimulationConfigError } from "./errors.js";

/** A miner behaviour's name: a generic one (`honest`, `noisy`, `lazy`, `copier`, `sybil`) or one of the kit's adversaries. */
export type MinerProfile = string;
export type ValidatorProfile = "honest" | "weightCopier" | "cabal" | "offline";

export interface SimulationConfig {
  /** Any text of 1..256 characters; the same seed gives byte-identical results. */
  seed: string;
  /** Epochs to run, 1..100000. */
  epochs: number;
  /** Blocks per epoch, 1..65535 (default 20). */
  tempo?: number;
  /** Miners per profile, each 0..255, at most 255 validators and miners in all (default honest 3, noisy 2, lazy 2, copier 2). */
  miners?: Partial<Record<MinerProfile, number>>;
  /** Validators with their stake in TAO, more than 0 and at most 900000 (default honest 1000 and 600, weightCopier 400). */
  validators?: Array<{ profile: ValidatorProfile; stake: number }>;
  /** Miners joining later: `count` (1..255) of `profile` at epoch `epoch` (0 .. epochs − 1), e.g. a better miner. */
  joins?: Array<{ profile: MinerProfile; count: number; epoch: number }>;
  /** Yuma 3 (default true) and liquid alpha (default false). */
  yuma3?: boolean;
  liquidAlpha?: boolean;
  /** Score moving-average factor, more than 0 and at most 1 (default 0.3). */
  alpha?: number;
  /**
   * The subnet's consensus hyperparameters, as `tao-subnet sweep` varies them. `kappa`,
   * `bondsPenalty`, `alphaLow` and `alphaHigh` are fractions 0..1 (the chain's u16 ÷ 65535, rounded
   * to the nearest u16); `bondsMovingAverage` is the chain's own number, 0..1,000,000 (900,000:
   * each epoch the bonds keep 90 % of the old and take 10 % of the new); `commitRevealPeriod` in epochs, 1..100. Defaults: the
   * devnet's (the chain's: kappa 32767/65535, 900,000, bondsPenalty 1, alpha 45875/65535 and
   * 58982/65535, period 1).
   */
  kappa?: number;
  bondsMovingAverage?: number;
  bondsPenalty?: number;
  alphaLow?: number;
  alphaHigh?: number;
  commitRevealPeriod?: number;
  /** The subnet uses commit-reveal (period 1): validators commit weights and reveal them an epoch later (default false). */
  commitReveal?: boolean;
  /** Total issuance at genesis, rao as a decimal string (default "0", the start of the halving curve; 21M TAO = "21000000000000000", where block emission is 0). */
  issuance?: string;
  /**
   * Miners each validator queries per epoch (default 50, the subnet template's
   * `neuron.sample_size`): a fresh uniform sample every round; all of them when there are no more.
   */
  sampleSize?: number;
  /**
   * Scoring worker processes, 1..256, each with its own instance of the kit's module (default: one
   * per core). How the simulation runs, not what it simulates: not in `SimulationResult.config`,
   * and the results are the same bytes whatever the number.
   */
  workers?: number;
  /**
   * The market the subnet trades in (the devnet in dynamic TAO): `subnets` in all, yours included
   * (1..1024; the others run as one group at `price`); `price`, TAO per alpha, at which they trade
   * and your pool is seeded (the chain seeds at the median price); `established` (default true when
   * `market` is given): your subnet's moving price starts at `price`, as an established subnet's
   * does; false: at 0, as the chain starts a new subnet, which then gets next to no TAO for weeks;
   * `rootTao`, root's TAO (default 1,000,000); `lockTao`, the subnet's lock and its pool's TAO
   * (default 1,000, the runtime's NetworkMinLockCost). Default (no `market`): the devnet's
   * DEV_DEFAULT_NETWORK (128 subnets at 0.01, 1M TAO on root) with a brand-new subnet.
   */
  market?: Partial<SimulationMarket>;
  /**
   * Mechanisms the subnet runs, 1..16 (default 1): each validator sets weights on each one (its own
   * runtime, challenges and score average per mechanism), one epoch runs per mechanism, and the
   * subnet's alpha is split between them. The chain allows max allowed uids × mechanisms ≤ 256, so
   * the subnet then has 256 / mechanisms uids.
   */
  mechanisms?: number;
  /**
   * How the alpha is split between the mechanisms: one non-negative share per mechanism, in any
   * unit (70,30 and 7,3 alike), turned into the chain's u16 parts as the Python SDK does (each
   * share / sum × 65535 rounded half to even, the difference from 65535 off the largest part).
   * Default: even (no split set on chain).
   */
  split?: number[];
}

/** `SimulationConfig.market` with its defaults filled in. */
export interface SimulationMarket {
  subnets: number;
  price: number;
  established: boolean;
  rootTao: number;
  lockTao: number;
}

/** A config with every default filled in (what `SimulationResult.config` reports; `workers` is not in it). */
export type NormalizedSimulationConfig = Required<Omit<SimulationConfig, "joins" | "workers" | "market" | "split">> & {
  joins: NonNullable<SimulationConfig["joins"]>;
  market: SimulationMarket;
  /** The shares as given; null for the even split. */
  split: number[] | null;
};

/** The u16 parts (summing to 65535) a split's shares make, as the Python SDK makes them (`splitToU16`). */
export const splitParts = (shares: readonly number[]): number[] => splitToU16(shares);
/** The most TAO a simulated validator can stake: each participant is funded with 1,000,000 TAO, less its registration. */
export const MAX_SIMULATED_STAKE = 900_000;
/** The devnet's `maxAllowedUids` (a real subnet's size). */
const MAX_UIDS = DEV_DEFAULT_HYPERPARAMETERS.maxAllowedUids;

const DEFAULT_MINERS = { honest: 3, noisy: 2, lazy: 2, copier: 2 };
const DEFAULT_VALIDATORS = [
  { profile: "honest", stake: 1000 },
  { profile: "honest", stake: 600 },
  { profile: "weightCopier", stake: 400 },
] as const;

/** A whole number in min..max; `what` completes "expected …" in the message. */
const whole = (min: number, max: number, what: string) => {
  const error = `expected ${what}, a whole number ${min}..${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
};
const flag = z.boolean({ error: "expected true or false" });
/** A fraction 0..1 that the chain keeps as a u16 (× 65535); `what` completes "expected …". */
const fraction = (what: string) => {
  const error = `expected ${what}, a fraction 0..1 (the chain keeps it as a u16: 0.5 is 32768 of 65535)`;
  return z.number({ error }).min(0, { error }).max(1, { error });
};
/** A u16 hyperparameter's default as the fraction the config shows (x / 65535, which `toU16` turns back into x). */
const ofU16 = (x: number) => x / 65535;
/** A fraction 0..1 as the chain's u16 (nearest; `ofU16` of a u16 comes back exact). */
export const toU16 = (f: number) => Math.round(f * 65535);
const PRICE_ERROR = "expected a price in TAO per alpha, more than 0 and at most 1e6 (mainnet subnets trade around 0.001-0.1)";
const SHARE_ERROR = "expected a mechanism's share of the alpha, a number 0..1e9 (any unit: 70,30 and 7,3 alike)";
/** The subnet's default lock, TAO: the runtime's NetworkMinLockCost. It seeds the pool. */
const DEFAULT_LOCK_TAO = 1000;

/** The schema of a config for a kit whose miner profiles are `profiles` (the generic ones and its adversaries). */
export function simulationConfigSchema(profiles: readonly string[]) {
  const profile = z.enum(profiles as [string, ...string[]], { error: `expected a miner profile: ${profiles.join(", ")}` });
  const count = whole(0, MAX_UIDS - 1, "a number of miners");
  const validatorProfiles = Object.keys(VALIDATOR_PROFILES) as [ValidatorProfile, ...ValidatorProfile[]];
  const stakeError = `expected TAO staked, a number more than 0 and at most ${MAX_SIMULATED_STAKE}`;
  return z.strictObject(
    {
      seed: z
        .string({ error: 'expected a string, e.g. "7"' })
        .min(1, { error: "expected 1..256 characters" })
        .max(256, { error: "expected 1..256 characters" }),
      epochs: whole(1, 100_000, "the number of epochs to run"),
      tempo: whole(1, 65_535, "blocks per epoch").optional(),
      miners: z
        .strictObject(Object.fromEntries(profiles.map((p) => [p, count.optional()])), {
          error: `expected an object of miner profile → number of miners, e.g. {"honest":3,"noisy":2}`,
        })
        .optional(),
      validators: z
        .array(
          z.strictObject(
            {
              profile: z.enum(validatorProfiles, { error: `expected a validator profile: ${validatorProfiles.join(", ")}` }),
              stake: z.number({ error: stakeError }).gt(0, { error: stakeError }).max(MAX_SIMULATED_STAKE, { error: stakeError }),
            },
            { error: 'expected {"profile": …, "stake": TAO}' },
          ),
          { error: 'expected an array of validators, e.g. [{"profile":"honest","stake":1000}]' },
        )
        .min(1, { error: "expected at least one validator: nobody pays the miners without one" })
        .max(MAX_UIDS - 1, { error: `expected at most ${MAX_UIDS - 1} validators` })
        .optional(),
      joins: z
        .array(
          z.strictObject(
            { profile, count: whole(1, MAX_UIDS - 1, "a number of miners"), epoch: whole(0, 100_000, "the epoch they join at") },
            { error: 'expected {"profile": …, "count": N, "epoch": E}' },
          ),
          { error: 'expected an array of joins, e.g. [{"profile":"honest","count":2,"epoch":5}]' },
        )
        .optional(),
      yuma3: flag.optional(),
      liquidAlpha: flag.optional(),
      alpha: z
        .number({ error: "expected the score moving-average factor, a number more than 0 and at most 1" })
        .gt(0, { error: "expected the score moving-average factor, a number more than 0 and at most 1" })
        .max(1, { error: "expected the score moving-average factor, a number more than 0 and at most 1" })
        .optional(),
      commitReveal: flag.optional(),
      kappa: fraction("kappa, the consensus majority").optional(),
      bondsMovingAverage: whole(0, 1_000_000, "the bonds moving average (the chain's 900000 keeps 90 % of the old bonds)").optional(),
      bondsPenalty: fraction("the bonds penalty").optional(),
      alphaLow: fraction("liquid alpha's low bound").optional(),
      alphaHigh: fraction("liquid alpha's high bound").optional(),
      commitRevealPeriod: whole(1, 100, "the commit-reveal period in epochs").optional(),
      issuance: z
        .string({ error: 'expected rao as a decimal string below 2^64 (21M TAO is "21000000000000000")' })
        .refine((s) => /^\d{1,20}$/.test(s) && BigInt(s) < 1n << 64n, { error: 'expected rao as a decimal string below 2^64 (21M TAO is "21000000000000000")' })
        .optional(),
      sampleSize: z
        .unknown()
        .refine((k) => sampleSizeProblem(k) === null, { error: sampleSizeProblem(undefined)!.replace(/, got .*$/, "") })
        .optional(),
      workers: whole(1, 256, "a number of scoring worker processes (default: one per core)").optional(),
      mechanisms: whole(1, MAX_MECHANISM_COUNT_PER_SUBNET, "a number of mechanisms").optional(),
      split: z
        .array(z.number({ error: SHARE_ERROR }).min(0, { error: SHARE_ERROR }).max(1e9, { error: SHARE_ERROR }), {
          error: "expected one share per mechanism, e.g. [70, 30]",
        })
        .min(1, { error: "expected one share per mechanism, e.g. [70, 30]" })
        .max(MAX_MECHANISM_COUNT_PER_SUBNET, { error: `expected at most ${MAX_MECHANISM_COUNT_PER_SUBNET} shares (one per mechanism)` })
        .refine((xs) => xs.some((x) => x > 0), { error: "expected at least one share above 0" })
        .optional(),
      market: z
        .strictObject(
          {
            subnets: whole(1, 1024, "the number of subnets, yours included").optional(),
            price: z.number({ error: PRICE_ERROR }).gt(0, { error: PRICE_ERROR }).max(1e6, { error: PRICE_ERROR }).optional(),
            established: flag.optional(),
            rootTao: whole(0, 21_000_000, "root's TAO").optional(),
            lockTao: whole(1, 1_000_000, "the subnet's lock in TAO (the runtime's minimum is 1,000)").optional(),
          },
          { error: 'expected {"subnets": N, "price": TAO per alpha, "established": true|false, "rootTao": TAO, "lockTao": TAO}' },
        )
        .optional(),
    },
    { error: "expected a SimulationConfig object" },
  );
}

/** The JSON path of an issue: `miners.honset`, `validators[2].stake`. */
function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out;
}

/** The value at `path` in `input`, as a message shows it (NaN and Infinity by name, nothing as `nothing`). */
function shown(input: unknown, path: ReadonlyArray<PropertyKey>): string {
  let v = input;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length <= 80 ? text : `${text.slice(0, 80)}…`;
}

/** The keys an object schema at `path` knows (to suggest one for an unknown key). */
function knownKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let s: z.ZodType | undefined = schema;
  for (const p of path) {
    while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    if (s instanceof z.ZodObject) s = s.shape[String(p)] as z.ZodType | undefined;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return [];
  }
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

const suggestion = (name: string, known: readonly string[]) => {
  const best = closestName(name, known);
  return best === undefined ? "" : `; did you mean ${JSON.stringify(best)}?`;
};

/** The first problem zod found, as a SimulationConfigError: the path, what was expected, what was given, and for a misspelt name the closest known one. */
function toError(schema: z.ZodType, input: unknown, issue: z.core.$ZodIssue, kitName: string): SimulationConfigError {
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const known = knownKeys(schema, issue.path);
    const what = pathText(issue.path) === "miners" ? `miner profile ${JSON.stringify(key)} for ${kitName}` : `key ${JSON.stringify(key)}`;
    return new SimulationConfigError(`unknown ${what}${suggestion(key, known)} (known: ${known.join(", ")})`, pathText([...issue.path, key]));
  }
  if (issue.code === "invalid_value") {
    const value = shown(input, issue.path);
    const given = (() => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return undefined;
      }
    })();
    const hint = typeof given === "string" ? suggestion(given, issue.values.map(String)) : "";
    return new SimulationConfigError(`${issue.message}, got ${value}${hint}`, pathText(issue.path) || "config");
  }
  return new SimulationConfigError(`${issue.message}, got ${shown(input, issue.path)}`, pathText(issue.path) || "config");
}

/**
 * `config` checked against the schema for `kit`'s profiles and with its defaults filled in, plus
 * `workers` (default: one per core, from `defaultWorkers`). Throws a `SimulationConfigError` for
 * the first problem: an unknown key (with "did you mean"), a value of the wrong type or out of
 * range, a join after the last epoch, more participants than a subnet has uids.
 */
export function parseSimulationConfig(
  kit: { name: string; adversaries?: Readonly<Record<string, unknown>> },
  config: unknown,
  defaultWorkers: number,
): { config: NormalizedSimulationConfig; workers: number } {
  const schema = simulationConfigSchema(behaviourNames(kit));
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    // a misspelt key first: `"epoch": 5` is reported as an unknown key (did you mean "epochs"?), not as epochs missing
    const issues = parsed.error.issues;
    throw toError(schema, config, issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!, kit.name);
  }
  const c = parsed.data;
  const cfg: NormalizedSimulationConfig = {
    seed: c.seed,
    epochs: c.epochs,
    tempo: c.tempo ?? 20,
    miners: (c.miners as Record<string, number> | undefined) ?? { ...DEFAULT_MINERS },
    validators: c.validators ?? DEFAULT_VALIDATORS.map((v) => ({ ...v })),
    joins: c.joins ?? [],
    yuma3: c.yuma3 ?? true,
    liquidAlpha: c.liquidAlpha ?? false,
    alpha: c.alpha ?? 0.3,
    commitReveal: c.commitReveal ?? false,
    kappa: c.kappa ?? ofU16(DEV_DEFAULT_HYPERPARAMETERS.kappa),
    bondsMovingAverage: c.bondsMovingAverage ?? Number(DEV_DEFAULT_HYPERPARAMETERS.bondsMovingAverage),
    bondsPenalty: c.bondsPenalty ?? ofU16(DEV_DEFAULT_HYPERPARAMETERS.bondsPenalty),
    alphaLow: c.alphaLow ?? ofU16(DEV_DEFAULT_HYPERPARAMETERS.alphaLow),
    alphaHigh: c.alphaHigh ?? ofU16(DEV_DEFAULT_HYPERPARAMETERS.alphaHigh),
    commitRevealPeriod: c.commitRevealPeriod ?? 1,
    issuance: c.issuance ?? "0",
    sampleSize: (c.sampleSize as number | undefined) ?? DEFAULT_SAMPLE_SIZE,
    market: {
      subnets: c.market?.subnets ?? DEV_DEFAULT_NETWORK.others.reduce((a, g) => a + g.count, 1),
      price: c.market?.price ?? DEV_DEFAULT_NETWORK.others[0]!.price,
      established: c.market?.established ?? c.market !== undefined,
      rootTao: c.market?.rootTao ?? Number(DEV_DEFAULT_NETWORK.rootTao / 1_000_000_000n),
      lockTao: c.market?.lockTao ?? DEFAULT_LOCK_TAO,
    },
    mechanisms: c.mechanisms ?? 1,
    split: c.split ?? null,
  };
  if (toU16(cfg.alphaLow) > toU16(cfg.alphaHigh))
    throw new SimulationConfigError(
      `expected alphaLow ≤ alphaHigh (${cfg.alphaHigh}), got ${cfg.alphaLow}`,
      c.alphaLow === undefined ? "alphaHigh" : "alphaLow",
    );
  if (cfg.split && cfg.split.length !== cfg.mechanisms)
    throw new SimulationConfigError(
      `expected one share per mechanism (mechanisms is ${cfg.mechanisms}${c.mechanisms === undefined ? ", the default" : ""}), got ${cfg.split.length} share(s): ${JSON.stringify(cfg.split)}`,
      "split",
    );
  for (const [i, j] of cfg.joins.entries())
    if (j.epoch >= cfg.epochs)
      throw new SimulationConfigError(
        `expected an epoch of the run, 0..${cfg.epochs - 1} (epochs is ${cfg.epochs}), got ${j.epoch}: these miners would never join`,
        `joins[${i}].epoch`,
      );
  const miners = Object.values(cfg.miners).reduce((a: number, n) => a + (n ?? 0), 0);
  const participants = 1 + cfg.validators.length + miners + cfg.joins.reduce((a, j) => a + j.count, 0);
  if (participants > MAX_UIDS)
    throw new SimulationConfigError(
      `a subnet has ${MAX_UIDS} uids: the owner, the validators and the miners (joins included) take ${participants}; run at most ${MAX_UIDS - 1} validators and miners together`,
      "miners",
    );
  const uids = Math.floor(MAX_UIDS_OVER_ALL_MECHANISMS / cfg.mechanisms);
  if (participants > uids)
    throw new SimulationConfigError(
      `with ${cfg.mechanisms} mechanisms a subnet has ${uids} uids (the chain allows max allowed uids × mechanisms ≤ ${MAX_UIDS_OVER_ALL_MECHANISMS}), but the owner, the validators and the miners (joins included) take ${participants}; run fewer mechanisms or fewer participants`,
      "mechanisms",
    );
  return { config: cfg, workers: c.workers ?? defaultWorkers };
}
