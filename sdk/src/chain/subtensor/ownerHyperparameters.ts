/**
 * The hyperparameters a subnet owner may set: each name (snake_case, as btcli spells them), the
 * call that sets it (admin-utils `sudo_set_*` whose origin check accepts the subnet owner, or
 * SubtensorModule `set_tempo`), and the range the runtime enforces, checked before anything is
 * sent. A name is offered only when the connected runtime's metadata has its call; the value's
 * type (bool, u16, u64, i16) is read from the call's arguments in the metadata.
 *
 * Which calls accept the owner differs between runtimes (kappa and max_weight_limit are owner
 * calls at spec 300 and root-only at spec 425; max_allowed_uids and the burn bounds the other way
 * round): the list below is the union, and the chain's answer (`BadOrigin`) is the authority.
 *
 * see: subtensor pallets/admin-utils/src/lib.rs (ensure_subnet_owner_or_root,
 * ensure_sn_owner_or_root_with_limits) @ 738ba0c0c and @ 14bc6f9; run_epoch.rs do_set_alpha_values
 */
import { ChainError, ChainErrorCode } from "../errors.js";
import type { Signer, TxResult } from "../types.js";
import { ACTIVITY_CUTOFF_FACTOR_RANGE, OWNER_TEMPO_RANGE } from "./epochSchedule.js";
import type { SubtensorChain } from "./subtensorChain.js";

/** Context a range check may read (current values on chain). */
export interface RangeContext {
  read(pallet: string, item: string, ...args: unknown[]): Promise<unknown>;
  netuid: number;
}

export interface OwnerHyperparameter {
  name: string;
  pallet: "adminUtils" | "subtensorModule";
  method: string;
  /** One line for the help and the listing. */
  about: string;
  /** Extra checks (the runtime's `ensure!`s); returns the reason a value is refused, or null. */
  check?: (values: Array<bigint | boolean>, ctx: RangeContext) => Promise<string | null>;
  /**
   * The name that replaces this one where the runtime offers that name's call (the old call still
   * exists there but writes an item the epoch no longer reads): this name is then refused.
   */
  supersededBy?: string;
}

const n = (v: bigint | boolean | undefined): bigint => (typeof v === "bigint" ? v : 0n);

/** The owner-settable hyperparameters, by name (see the file header). */
export const OWNER_HYPERPARAMETERS: readonly OwnerHyperparameter[] = [
  {
    name: "tempo",
    pallet: "subtensorModule",
    method: "setTempo",
    about: `blocks between epochs, ${OWNER_TEMPO_RANGE[0]}..${OWNER_TEMPO_RANGE[1]} (owner call set_tempo where the runtime has it; it restarts the epoch cycle)`,
    check: async ([v]) =>
      n(v) < BigInt(OWNER_TEMPO_RANGE[0]) || n(v) > BigInt(OWNER_TEMPO_RANGE[1])
        ? `must be in ${OWNER_TEMPO_RANGE[0]}..${OWNER_TEMPO_RANGE[1]} (TempoOutOfBounds)`
        : null,
  },
  { name: "serving_rate_limit", pallet: "adminUtils", method: "sudoSetServingRateLimit", about: "blocks between serve_axon calls of a hotkey" },
  { name: "max_difficulty", pallet: "adminUtils", method: "sudoSetMaxDifficulty", about: "upper bound of the POW registration difficulty" },
  { name: "weights_version", pallet: "adminUtils", method: "sudoSetWeightsVersionKey", about: "minimum version key of set_weights (rate limited)" },
  { name: "adjustment_alpha", pallet: "adminUtils", method: "sudoSetAdjustmentAlpha", about: "smoothing of the registration cost adjustment" },
  { name: "max_weight_limit", pallet: "adminUtils", method: "sudoSetMaxWeightLimit", about: "largest u16 weight a validator may give one uid" },
  { name: "immunity_period", pallet: "adminUtils", method: "sudoSetImmunityPeriod", about: "blocks a new neuron cannot be pruned" },
  { name: "min_allowed_weights", pallet: "adminUtils", method: "sudoSetMinAllowedWeights", about: "fewest uids a weight vector must name" },
  {
    name: "max_allowed_uids",
    pallet: "adminUtils",
    method: "sudoSetMaxAllowedUids",
    about: "most neurons on the subnet (not below the neurons registered now)",
    async check([v], ctx) {
      const now = BigInt(String(await ctx.read("subtensorModule", "subnetworkN", ctx.netuid)));
      return n(v) < now ? `the subnet has ${now} neurons; max_allowed_uids cannot be lower` : null;
    },
  },
  { name: "kappa", pallet: "adminUtils", method: "sudoSetKappa", about: "consensus majority threshold (u16 fraction)" },
  { name: "rho", pallet: "adminUtils", method: "sudoSetRho", about: "incentive steepness" },
  {
    name: "activity_cutoff",
    pallet: "adminUtils",
    method: "sudoSetActivityCutoff",
    about: "blocks without weights after which a validator is inactive (at least MinActivityCutoff)",
    supersededBy: "activity_cutoff_factor",
    async check([v], ctx) {
      const min = await ctx.read("subtensorModule", "minActivityCutoff");
      return min !== undefined && n(v) < BigInt(String(min)) ? `at least MinActivityCutoff = ${String(min)}` : null;
    },
  },
  {
    name: "activity_cutoff_factor",
    pallet: "subtensorModule",
    method: "setActivityCutoffFactor",
    about: `activity cutoff in thousandths of a tempo, ${ACTIVITY_CUTOFF_FACTOR_RANGE[0]}..${ACTIVITY_CUTOFF_FACTOR_RANGE[1]} (cutoff = factor × tempo / 1000 blocks)`,
    check: async ([v]) =>
      n(v) < BigInt(ACTIVITY_CUTOFF_FACTOR_RANGE[0]) || n(v) > BigInt(ACTIVITY_CUTOFF_FACTOR_RANGE[1])
        ? `must be in ${ACTIVITY_CUTOFF_FACTOR_RANGE[0]}..${ACTIVITY_CUTOFF_FACTOR_RANGE[1]} (ActivityCutoffFactorMilliOutOfBounds)`
        : null,
  },
  { name: "network_pow_registration_allowed", pallet: "adminUtils", method: "sudoSetNetworkPowRegistrationAllowed", about: "allow POW registration" },
  {
    name: "min_burn",
    pallet: "adminUtils",
    method: "sudoSetMinBurn",
    about: "lowest burned-registration cost, rao (below max_burn)",
    async check([v], ctx) {
      const max = await ctx.read("subtensorModule", "maxBurn", ctx.netuid);
      return max !== undefined && n(v) >= BigInt(String(max)) ? `must be below max_burn = ${String(max)} rao` : null;
    },
  },
  {
    name: "max_burn",
    pallet: "adminUtils",
    method: "sudoSetMaxBurn",
    about: "highest burned-registration cost, rao (above min_burn)",
    async check([v], ctx) {
      const min = await ctx.read("subtensorModule", "minBurn", ctx.netuid);
      return min !== undefined && n(v) <= BigInt(String(min)) ? `must be above min_burn = ${String(min)} rao` : null;
    },
  },
  {
    name: "bonds_moving_average",
    pallet: "adminUtils",
    method: "sudoSetBondsMovingAverage",
    about: "bonds EMA factor, millionths (an owner may set at most 975000)",
    check: async ([v]) => (n(v) > 975_000n ? "an owner may set at most 975000 (BondsMovingAverageMaxReached)" : null),
  },
  { name: "bonds_penalty", pallet: "adminUtils", method: "sudoSetBondsPenalty", about: "penalty on bonds to out-of-consensus weights (u16 fraction)" },
  { name: "commit_reveal_weights_enabled", pallet: "adminUtils", method: "sudoSetCommitRevealWeightsEnabled", about: "weights are committed, then revealed" },
  { name: "commit_reveal_period", pallet: "adminUtils", method: "sudoSetCommitRevealWeightsInterval", about: "reveal period, in tempos" },
  { name: "liquid_alpha_enabled", pallet: "adminUtils", method: "sudoSetLiquidAlphaEnabled", about: "per-bond EMA factors (liquid alpha)" },
  {
    name: "alpha_values",
    pallet: "adminUtils",
    method: "sudoSetAlphaValues",
    about: "liquid alpha's LOW,HIGH (u16; 1638 <= LOW <= HIGH; needs liquid_alpha_enabled)",
    async check([low, high], ctx) {
      const min = 65535n / 40n; // 1638
      if (n(high) < min) return `HIGH must be at least ${min} (AlphaHighTooLow)`;
      if (n(low) < min || n(low) > n(high)) return `LOW must be in ${min}..HIGH (AlphaLowOutOfRange)`;
      const on = await ctx.read("subtensorModule", "liquidAlphaOn", ctx.netuid);
      return on === false ? "liquid alpha is off on this subnet: set liquid_alpha_enabled true first (LiquidAlphaDisabled)" : null;
    },
  },
  { name: "transfers_enabled", pallet: "adminUtils", method: "sudoSetToggleTransfer", about: "allow transfer_stake of the subnet's alpha" },
  {
    name: "alpha_sigmoid_steepness",
    pallet: "adminUtils",
    method: "sudoSetAlphaSigmoidSteepness",
    about: "liquid alpha's sigmoid steepness (an owner may not set a negative one)",
    check: async ([v]) => (n(v) < 0n ? "an owner may not set a negative steepness (NegativeSigmoidSteepness)" : null),
  },
  { name: "yuma3_enabled", pallet: "adminUtils", method: "sudoSetYuma3Enabled", about: "Yuma consensus 3 bonds" },
  { name: "bonds_reset_enabled", pallet: "adminUtils", method: "sudoSetBondsResetEnabled", about: "reset bonds on commitment change" },
  { name: "immune_neuron_limit", pallet: "adminUtils", method: "sudoSetOwnerImmuneNeuronLimit", about: "owner hotkeys immune from pruning" },
  {
    name: "burn_half_life",
    pallet: "adminUtils",
    method: "sudoSetBurnHalfLife",
    about: "blocks for the burn to halve (above 0)",
    check: async ([v]) => (n(v) === 0n ? "must be above 0 (InvalidValue)" : null),
  },
  { name: "min_childkey_take", pallet: "adminUtils", method: "sudoSetMinChildkeyTakePerSubnet", about: "lowest childkey take on the subnet (u16 fraction)" },
  { name: "owner_cut_enabled", pallet: "adminUtils", method: "sudoSetOwnerCutEnabled", about: "the owner takes its cut of emission" },
];

/** The arguments after `netuid` of a call, by name and metadata type (e.g. `[["tempo", "u16"]]`). */
export function callArguments(chain: SubtensorChain, h: OwnerHyperparameter): Array<[string, string]> | null {
  const f = (chain.api.tx as unknown as Record<string, Record<string, { meta: { args: Array<{ name: unknown; type: unknown }> } }> | undefined>)[h.pallet]?.[
    h.method
  ];
  if (!f) return null;
  return f.meta.args.slice(1).map((a) => [String(a.name), String(a.type)]);
}

/** The hyperparameter that supersedes `h` on this runtime (its call is in the metadata), if any. */
function supersededOn(chain: SubtensorChain, h: OwnerHyperparameter): OwnerHyperparameter | undefined {
  const by = h.supersededBy && OWNER_HYPERPARAMETERS.find((x) => x.name === h.supersededBy);
  return by && callArguments(chain, by) !== null ? by : undefined;
}

/** The owner hyperparameters this runtime offers (their calls are in its metadata, and nothing there supersedes them). */
export function availableOwnerHyperparameters(chain: SubtensorChain): OwnerHyperparameter[] {
  return OWNER_HYPERPARAMETERS.filter((h) => callArguments(chain, h) !== null && !supersededOn(chain, h));
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  u8: [0n, 255n],
  u16: [0n, 65535n],
  u32: [0n, 2n ** 32n - 1n],
  u64: [0n, 2n ** 64n - 1n],
  u128: [0n, 2n ** 128n - 1n],
  i16: [-32768n, 32767n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  // balance newtypes of newer runtimes
  TaoBalance: [0n, 2n ** 64n - 1n],
  AlphaBalance: [0n, 2n ** 64n - 1n],
};

/** A refused name or value: `field` is `name` or `value`; the message names the fix. */
export class HyperparameterError extends ChainError {
  constructor(
    override readonly field: "name" | "value",
    message: string,
  ) {
    super(ChainErrorCode.INVALID_ARGUMENT, message, { field });
  }
}

/** Levenshtein distance (for "did you mean"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The closest names to `name` (within a third of its length), best first. */
export function closestNames(name: string, names: readonly string[]): string[] {
  const key = name.toLowerCase().replace(/-/g, "_");
  return names
    .map((x) => ({ x, d: x.includes(key) || key.includes(x) ? 1 : distance(key, x) }))
    .filter(({ d }) => d <= Math.max(2, Math.ceil(key.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ x }) => x);
}

function parseOne(text: string, type: string, name: string): bigint | boolean {
  if (type === "bool") {
    if (/^(true|1|on|yes)$/i.test(text)) return true;
    if (/^(false|0|off|no)$/i.test(text)) return false;
    throw new HyperparameterError("value", `${name}: expected true or false, got ${JSON.stringify(text)}`);
  }
  const range = INT_RANGES[type];
  if (!range) throw new HyperparameterError("value", `${name}: its call takes a ${type}, which tao-subnet cannot parse from text; use the Python SDK or btcli`);
  if (!/^-?\d+$/.test(text)) throw new HyperparameterError("value", `${name}: expected an integer (${type}), got ${JSON.stringify(text)}`);
  const v = BigInt(text);
  if (v < range[0] || v > range[1]) throw new HyperparameterError("value", `${name}: ${text} is out of range for a ${type} (${range[0]}..${range[1]})`);
  return v;
}

/** A checked call: the hyperparameter, its parsed values, and what the runtime will be sent. */
export interface PreparedHyperparameter {
  hyperparameter: OwnerHyperparameter;
  values: Array<bigint | boolean>;
  types: string[];
}

/**
 * Parses and checks `NAME VALUE` against this runtime: the name must be one it offers (else the
 * closest names), the value must fit the call's argument types (`LOW,HIGH` for two), and the
 * runtime's own range checks must pass. Throws `HyperparameterError` (bad input) otherwise.
 */
export async function prepareHyperparameter(chain: SubtensorChain, netuid: number, name: string, value: string): Promise<PreparedHyperparameter> {
  const key = name.toLowerCase().replace(/-/g, "_");
  const h = OWNER_HYPERPARAMETERS.find((x) => x.name === key);
  const offered = availableOwnerHyperparameters(chain).map((x) => x.name);
  if (!h || !offered.includes(h.name)) {
    const near = closestNames(key, offered);
    const by = h && supersededOn(chain, h);
    const why = by
      ? `${h!.name}: this runtime's epoch reads ${by.name} instead (its ${h!.method} writes an item no epoch reads); set ${by.name}: ${by.about}`
      : h
        ? `${h.name} has no owner call on this runtime (spec_version ${chain.api.runtimeVersion.specVersion.toString()})${h.name === "tempo" ? ": only root sets tempo there" : ""}`
        : `unknown hyperparameter ${JSON.stringify(name)}`;
    throw new HyperparameterError("name", `${why}${near.length ? `; did you mean ${near.join(", ")}?` : ""} (settable here: ${offered.join(", ")})`);
  }
  const args = callArguments(chain, h)!;
  const parts = value.split(",").map((s) => s.trim());
  if (parts.length !== args.length)
    throw new HyperparameterError(
      "value",
      `${h.name}: expected ${args.length === 1 ? "one value" : `${args.length} values separated by commas (${args.map(([a]) => a).join(",")})`}, got ${JSON.stringify(value)}`,
    );
  const types = args.map(([, t]) => t);
  const values = parts.map((p, i) => parseOne(p, types[i]!, h.name));
  const ctx: RangeContext = {
    netuid,
    async read(pallet, item, ...a) {
      const f = (chain.api.query as unknown as Record<string, Record<string, (...x: unknown[]) => Promise<{ toJSON(): unknown }>> | undefined>)[pallet]?.[item];
      return f ? (await f(...a)).toJSON() : undefined;
    },
  };
  const refused = h.check ? await h.check(values, ctx) : null;
  if (refused) throw new HyperparameterError("value", `${h.name}: ${refused}`);
  return { hyperparameter: h, values, types };
}

/** Sends a prepared hyperparameter, signed by the subnet owner's coldkey. */
export async function setOwnerHyperparameter(chain: SubtensorChain, owner: Signer, netuid: number, p: PreparedHyperparameter): Promise<TxResult> {
  return chain.submit(owner, p.hyperparameter.pallet, p.hyperparameter.method, [netuid, ...p.values]);
}

/**
 * Every hyperparameter of a subnet as the runtime reports it (`SubnetInfoRuntimeApi`
 * get_subnet_hyperparams_v2, else get_subnet_hyperparams), names in snake_case; null when the
 * subnet does not exist.
 */
export async function readAllHyperparameters(chain: SubtensorChain, netuid: number): Promise<Record<string, unknown> | null> {
  const api = (chain.api.call as unknown as Record<string, Record<string, ((n: number) => Promise<{ toJSON(): unknown; isNone?: boolean }>) | undefined>>)
    .subnetInfoRuntimeApi;
  const f = api?.getSubnetHyperparamsV2 ?? api?.getSubnetHyperparams;
  if (!f) throw new ChainError(ChainErrorCode.CALL_NOT_AVAILABLE, "this chain's runtime has no SubnetInfoRuntimeApi.get_subnet_hyperparams");
  const r = (await f(netuid)).toJSON() as Record<string, unknown> | null;
  if (!r) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}
