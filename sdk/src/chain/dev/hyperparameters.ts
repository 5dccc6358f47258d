/**
 * The devnet's hyperparameters, checked at two levels:
 *
 * - `hyperparametersSchema`: the devnet's model (new subnets' options, state files). Every value
 *   an epoch reads has the type the epoch takes (u16 kappa, u64 bonds moving average, alpha low ≤
 *   high, …), so no stored value can stop an epoch; a few are wider than the chain's u16 where
 *   the devnet needs it (an immunity period of 10^6 blocks keeps a simulation's uids immune).
 *   `maxAllowedUids` is at most 1,024, so an epoch on the block loop stays short: 40–60 ms with
 *   every uid a validator setting a full row (1.6–2.8 ms at the chain's 256; 850 ms at 4,096).
 * - `SETTABLE`: what `setHyperparameter` (the subnet owner) and `sudoSetHyperparameter` (the
 *   devnet's sudo key, root) may set, as subtensor's AdminUtils does: the value's encoding type
 *   (a value that cannot be encoded is a ChainError INVALID_ARGUMENT naming `value`), who may set
 *   it, and the pallet's checks, which refuse with its error names as TxResults.
 *
 * see: subtensor pallets/admin-utils/src/lib.rs @ 14bc6f9 (sudo_set_*: `ensure_root` for tempo,
 * kappa, weights set rate limit, max allowed validators and network registration allowed; owner or
 * root for the others), pallets/subtensor/src/epoch/run_epoch.rs `do_set_alpha_values`,
 * pallets/subtensor/src/subnets/weights.rs `set_reveal_period` (1..100 epochs), runtime
 * MinBurnUpperBound 1 TAO, MaxBurnLowerBound 0.1 TAO, DefaultMaxAllowedUids 256, MinActivityCutoff
 * 360. `maxWeightLimit` is fixed at 65535 from spec 425 on; the devnet keeps spec 300's owner call.
 */
import { z } from "zod";
import type { SettableHyperparameters, SubnetHyperparameters } from "../types.js";
import { invalidParam, safeU64, shown, u16, u64 } from "./params.js";

/** The chain's BurnHalfLife default (360 blocks) and its largest settable (36,100). */
export const DEV_BURN_HALF_LIFE = 360;
const MAX_BURN_HALF_LIFE = 36_100;
/** One, as U64F64 bits. */
const U64F64_ONE = 1n << 64n;
/**
 * The chain's BurnIncreaseMult default, U64F64::from_num(1.26), as bits: 1.26 as an f64 has 52
 * fraction bits, so it is exact in U64F64's 64 (the f64's mantissa shifted by 12).
 */
export const DEV_BURN_INCREASE_MULT = BigInt(1.26 * 2 ** 52) << 12n;

/** The most uids a devnet subnet may hold (an epoch over them stays a few milliseconds). */
export const DEV_MAX_UIDS = 1024;
const i16 = z.number().int().min(-32768).max(32767);
/** A U64F64's bits. */
const u128 = z
  .bigint()
  .min(0n)
  .max((1n << 128n) - 1n);

/** The devnet's model of a subnet's hyperparameters (see the file header). */
export const hyperparametersSchema = z
  .strictObject({
    tempo: u16,
    kappa: u16,
    immunityPeriod: safeU64,
    minAllowedWeights: u16,
    maxWeightLimit: u16,
    weightsRateLimit: safeU64,
    weightsVersion: u64,
    activityCutoff: safeU64,
    maxAllowedUids: z.number().int().min(1).max(DEV_MAX_UIDS),
    maxAllowedValidators: u16,
    bondsMovingAverage: u64,
    bondsPenalty: u16,
    commitRevealWeightsEnabled: z.boolean(),
    commitRevealPeriod: safeU64,
    liquidAlphaEnabled: z.boolean(),
    alphaLow: u16,
    alphaHigh: u16,
    alphaSigmoidSteepness: i16,
    yuma3Enabled: z.boolean(),
    registrationAllowed: z.boolean(),
    burn: u64,
    minBurn: u64,
    maxBurn: u64,
    stakeThreshold: u64,
    // spec 425's registration price and pruning (defaults for state files written before them)
    burnHalfLife: u16.default(DEV_BURN_HALF_LIFE),
    burnIncreaseMult: u128.default(DEV_BURN_INCREASE_MULT),
    immuneOwnerUidsLimit: u16.default(1),
    minNonImmuneUids: u16.default(10),
  })
  .refine((h) => h.alphaLow <= h.alphaHigh, { path: ["alphaLow"], message: "expected alphaLow ≤ alphaHigh" });

/** Checks a whole set of hyperparameters against the model; throws INVALID_ARGUMENT naming `where.<field>`. */
export function checkHyperparameters(h: unknown, where: string): SubnetHyperparameters {
  const r = hyperparametersSchema.safeParse(h);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String).join(".");
  const value = issue.path.length > 0 ? (h as Record<string, unknown>)[String(issue.path[0])] : h;
  throw invalidParam(path ? `${where}.${path}` : where, `${issue.message}, got ${shown(value)}`);
}

/** A refusal as the pallet names it, or null when the value may be set. */
type Check<V> = (value: V, ctx: { current: SubnetHyperparameters; n: number; root: boolean }) => [error: string, message: string] | null;

interface Settable<V> {
  /** The encoding the chain's call takes. */
  type: z.ZodType<V>;
  /** Who may set it: the subnet owner (or root), or root alone. */
  origin: "owner" | "root";
  check?: Check<V>;
  apply: (h: SubnetHyperparameters, value: V) => void;
}

const set =
  <K extends keyof SubnetHyperparameters>(key: K) =>
  (h: SubnetHyperparameters, v: SubnetHyperparameters[K]) => {
    h[key] = v;
  };
const TAO = 1_000_000_000n;

type Table = { readonly [K in keyof SettableHyperparameters]-?: Settable<NonNullable<SettableHyperparameters[K]>> };
const TABLE: Table = {
  tempo: { type: u16, origin: "root", apply: set("tempo") },
  kappa: { type: u16, origin: "root", apply: set("kappa") },
  immunityPeriod: { type: u16, origin: "owner", apply: set("immunityPeriod") },
  minAllowedWeights: { type: u16, origin: "owner", apply: set("minAllowedWeights") },
  maxWeightLimit: { type: u16, origin: "owner", apply: set("maxWeightLimit") },
  weightsRateLimit: { type: safeU64, origin: "root", apply: set("weightsRateLimit") },
  weightsVersion: { type: u64, origin: "owner", apply: set("weightsVersion") },
  activityCutoff: {
    type: u16,
    origin: "owner",
    check: (v) => (v < 360 ? ["ActivityCutoffTooLow", `activity cutoff ${v} is below the chain's minimum of 360 blocks`] : null),
    apply: set("activityCutoff"),
  },
  maxAllowedUids: {
    type: u16,
    origin: "owner",
    check: (v, { n }) =>
      v < n
        ? ["MaxAllowedUIdsLessThanCurrentUIds", `the subnet already has ${n} uids; max allowed uids ${v} would be fewer`]
        : v > 256
          ? ["MaxAllowedUidsGreaterThanDefaultMaxAllowedUids", `max allowed uids ${v} is above the chain's default maximum of 256`]
          : v < 1
            ? ["MaxAllowedUidsLessThanMinAllowedUids", "max allowed uids must be at least 1"]
            : null,
    apply: set("maxAllowedUids"),
  },
  maxAllowedValidators: {
    type: u16,
    origin: "root",
    check: (v, { current }) =>
      v > current.maxAllowedUids ? ["MaxValidatorsLargerThanMaxUIds", `max allowed validators ${v} is above max allowed uids ${current.maxAllowedUids}`] : null,
    apply: set("maxAllowedValidators"),
  },
  bondsMovingAverage: {
    type: u64,
    origin: "owner",
    check: (v, { root }) => (!root && v > 975_000n ? ["BondsMovingAverageMaxReached", `a subnet owner may set at most 975000, got ${v}`] : null),
    apply: set("bondsMovingAverage"),
  },
  bondsPenalty: { type: u16, origin: "owner", apply: set("bondsPenalty") },
  commitRevealWeightsEnabled: { type: z.boolean(), origin: "owner", apply: set("commitRevealWeightsEnabled") },
  commitRevealPeriod: {
    type: safeU64,
    origin: "owner",
    check: (v) =>
      v > 100
        ? ["RevealPeriodTooLarge", `a reveal period of ${v} epochs is above the chain's 100`]
        : v < 1
          ? ["RevealPeriodTooSmall", "the reveal period is at least 1 epoch"]
          : null,
    apply: set("commitRevealPeriod"),
  },
  liquidAlphaEnabled: { type: z.boolean(), origin: "owner", apply: set("liquidAlphaEnabled") },
  alphaValues: {
    type: z.tuple([u16, u16]),
    origin: "owner",
    check: ([lo, hi], { current }) =>
      !current.liquidAlphaEnabled
        ? ["LiquidAlphaDisabled", "enable liquid alpha (liquidAlphaEnabled) before setting alpha values"]
        : hi < 1638
          ? ["AlphaHighTooLow", `alpha high ${hi} is below 1638 (65535 / 40)`]
          : lo < 1638 || lo > hi
            ? ["AlphaLowOutOfRange", `alpha low ${lo} must be 1638..alpha high (${hi})`]
            : null,
    apply: (h, [lo, hi]) => {
      h.alphaLow = lo;
      h.alphaHigh = hi;
    },
  },
  yuma3Enabled: { type: z.boolean(), origin: "owner", apply: set("yuma3Enabled") },
  registrationAllowed: { type: z.boolean(), origin: "root", apply: set("registrationAllowed") },
  minBurn: {
    type: u64,
    origin: "owner",
    check: (v, { current }) =>
      v >= TAO
        ? ["ValueNotInBounds", `min burn ${v} must be below 1 TAO (${TAO} rao)`]
        : v >= current.maxBurn
          ? ["ValueNotInBounds", `min burn ${v} must be below max burn ${current.maxBurn}`]
          : null,
    apply: set("minBurn"),
  },
  maxBurn: {
    type: u64,
    origin: "owner",
    check: (v, { current }) =>
      v <= TAO / 10n
        ? ["ValueNotInBounds", `max burn ${v} must be above 0.1 TAO (${TAO / 10n} rao)`]
        : v <= current.minBurn
          ? ["ValueNotInBounds", `max burn ${v} must be above min burn ${current.minBurn}`]
          : null,
    apply: set("maxBurn"),
  },
  burnHalfLife: {
    type: u16,
    origin: "owner",
    check: (v) => (v < 1 || v > MAX_BURN_HALF_LIFE ? ["InvalidValue", `burn half-life ${v} must be 1..${MAX_BURN_HALF_LIFE} blocks`] : null),
    apply: set("burnHalfLife"),
  },
  burnIncreaseMult: {
    type: u128,
    origin: "owner",
    check: (v) => (v < U64F64_ONE || v > 3n * U64F64_ONE ? ["InvalidValue", `burn increase multiplier ${v} (U64F64 bits) must be 1..3 (2^64..3·2^64)`] : null),
    apply: set("burnIncreaseMult"),
  },
  immuneOwnerUidsLimit: {
    type: u16,
    origin: "owner",
    check: (v) => (v < 1 || v > 10 ? ["InvalidValue", `owner-immune uids limit ${v} must be 1..10`] : null),
    apply: set("immuneOwnerUidsLimit"),
  },
  minNonImmuneUids: { type: u16, origin: "root", apply: set("minNonImmuneUids") },
};
/** Every settable hyperparameter (a prototype-free table: a name is looked up, never inherited). */
export const SETTABLE: Table = Object.freeze(Object.assign(Object.create(null) as Table, TABLE));

/** The settable names, for messages. */
export const SETTABLE_NAMES = Object.keys(SETTABLE) as Array<keyof SettableHyperparameters>;
/** The names a subnet owner may set on the devnet (the others are root's: `sudoSetHyperparameter`). */
export const DEV_OWNER_HYPERPARAMETERS: ReadonlyArray<keyof SettableHyperparameters> = SETTABLE_NAMES.filter((n) => SETTABLE[n].origin === "owner");

/** The table entry for `name`, or throws INVALID_ARGUMENT naming `<call>.name`. */
export function settable(call: string, name: unknown): Settable<unknown> {
  const entry = typeof name === "string" && Object.hasOwn(SETTABLE, name) ? (SETTABLE as Record<string, Settable<unknown>>)[name] : undefined;
  if (!entry) throw invalidParam(`${call}.name`, `expected one of ${SETTABLE_NAMES.join(", ")}, got ${shown(name)}`);
  return entry;
}

/** The value checked against its encoding, or throws INVALID_ARGUMENT naming `<call>.value`. */
export function settableValue(call: string, name: string, entry: Settable<unknown>, value: unknown): unknown {
  const r = entry.type.safeParse(value);
  if (!r.success) throw invalidParam(`${call}.value`, `${name} takes ${describe(entry.type)}: ${r.error.issues[0]?.message ?? "invalid"}, got ${shown(value)}`);
  return r.data;
}

function describe(t: z.ZodType): string {
  if (t === u16) return "a u16 (an integer 0..65535)";
  if (t === u64) return "a u64 bigint (0..2^64−1)";
  if (t === u128) return "U64F64 bits as a bigint (0..2^128−1; 2^64 is 1.0)";
  if (t === safeU64) return "a non-negative integer (at most 2^53−1)";
  if (t instanceof z.ZodBoolean) return "true or false";
  return "[alphaLow, alphaHigh] (two u16)";
}
