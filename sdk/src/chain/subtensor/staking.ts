/**
 * Staking through a subnet's pool on a subtensor node: the pool's reserves and price, a quote
 * (what a stake or an unstake would give, the price it leaves, the slippage), the limit price a
 * tolerance gives, the coldkey's stakes, and the calls (`add_stake` / `remove_stake` /
 * `move_stake` and their `*_limit` forms). Every call and read is looked up in the connected
 * runtime's metadata; a missing one is `CALL_NOT_AVAILABLE`, never a guess from a spec number.
 *
 * The quote: when the runtime offers `SwapRuntimeApi.sim_swap_*` (spec 425) its answer is the
 * chain's own; otherwise (spec 300) it is an ESTIMATE from the reserves read from chain
 * (SubnetTAO, SubnetAlphaIn) as a constant-product pool with the pool's fee (swap `FeeRate`).
 * Spec 300's pool is a concentrated-liquidity pool whose only position (the protocol's) spans the
 * full range, which trades as a constant-product pool of the same reserves, so the estimate is
 * close but not bit-exact (the pool's fixed-point rounding, and user positions where enabled, are
 * not modelled). The core's exact swap maths (issue #17, branch wt-17swap) is not on main yet.
 *
 * Prices are rao of TAO per whole alpha (1e9 alpha rao), as `limit_price` and
 * `SwapRuntimeApi.current_alpha_price` have them.
 *
 * see: subtensor pallets/subtensor/src/staking/{add_stake,remove_stake,move_stake}.rs and
 * pallets/swap/src/pallet/impls.rs current_price @ 738ba0c0c; the Python SDK's
 * bittensor/core/extrinsics/{staking,unstaking,move_stake}.py (rate_tolerance, limit prices)
 */
import { ChainError, ChainErrorCode } from "../errors.js";
import type { Signer, TxResult } from "../types.js";
import type { SubtensorChain } from "./subtensorChain.js";

export const RAO_PER_TAO = 1_000_000_000n;

type Codec = { toString(): string; toJSON(): unknown };
type Fn = (...a: unknown[]) => Promise<Codec>;

/** A subnet's pool as read from chain. */
export interface Pool {
  netuid: number;
  /** 0: stable (root: 1 alpha = 1 TAO, no pool), 1: dynamic (a pool). */
  mechanism: number;
  /** SubnetTAO, rao. */
  taoReserve: bigint;
  /** SubnetAlphaIn, alpha rao. */
  alphaReserve: bigint;
  /** Rao of TAO per whole alpha. */
  price: bigint;
  /** Where `price` came from: the runtime's own API, or the reserves. */
  priceSource: "runtime" | "reserves";
  /** The pool's fee as a fraction of 65535 (0 for a stable subnet). */
  feeU16: number;
}

/** What a stake or an unstake would give. */
export interface Quote {
  /** What goes in (TAO rao for a stake, alpha rao for an unstake). */
  amountIn: bigint;
  /** What comes out (alpha rao for a stake, TAO rao for an unstake), after the pool's fee. */
  amountOut: bigint;
  /** What would come out at the current price with no slippage and no fee. */
  ideal: bigint;
  /** (ideal − out) / ideal, in parts per million (fee and price impact together). */
  slippagePpm: number;
  /** The pool's price after the trade, rao per alpha (what a limit price is checked against). */
  priceAfter: bigint;
  /** `runtime`: the chain's sim_swap; `estimate`: constant product over the reserves (see the file header). */
  source: "runtime" | "estimate";
}

/** One stake of a coldkey: alpha on a hotkey in a subnet, and its TAO value at the pool's price. */
export interface StakeEntry {
  hotkey: string;
  netuid: number;
  /** Alpha rao. */
  alpha: bigint;
  /** alpha × price (rao), no slippage: what the stake is worth at the current price. */
  taoValue: bigint;
  /** Rao of TAO per alpha at the time of reading. */
  price: bigint;
}

const notAvailable = (chain: SubtensorChain, what: string): ChainError =>
  new ChainError(
    ChainErrorCode.CALL_NOT_AVAILABLE,
    `this chain's runtime has no ${what} (spec_version ${chain.api.runtimeVersion.specVersion.toString()}); tao-subnet reads what the metadata offers`,
  );

const query = (chain: SubtensorChain, pallet: string, item: string): Fn | undefined =>
  (chain.api.query as unknown as Record<string, Record<string, Fn> | undefined>)[pallet]?.[item];

const runtimeCall = (chain: SubtensorChain, api: string, method: string): Fn | undefined =>
  (chain.api.call as unknown as Record<string, Record<string, Fn> | undefined>)[api]?.[method];

/** True when the runtime's metadata has `subtensorModule.<method>` (e.g. `addStakeLimit`). */
export function hasCall(chain: SubtensorChain, pallet: string, method: string): boolean {
  return typeof (chain.api.tx as unknown as Record<string, Record<string, unknown> | undefined>)[pallet]?.[method] === "function";
}

const big = (c: Codec): bigint => BigInt(c.toString());

/** Integer square of a U64F64 given as its raw bits (`{ bits }` or a number string). */
function u64f64Squared(raw: unknown): bigint {
  const bits = BigInt(typeof raw === "object" && raw !== null && "bits" in raw ? String((raw as { bits: unknown }).bits) : String(raw));
  // price = (bits / 2^64)^2; in rao per alpha: bits^2 * 1e9 / 2^128
  return (bits * bits * RAO_PER_TAO) >> 128n;
}

/** The pool of `netuid`: reserves, mechanism, fee and price, read from chain. */
export async function readPool(chain: SubtensorChain, netuid: number): Promise<Pool> {
  const subnetTao = query(chain, "subtensorModule", "subnetTAO");
  const subnetAlphaIn = query(chain, "subtensorModule", "subnetAlphaIn");
  if (!subnetTao || !subnetAlphaIn) throw notAvailable(chain, "SubnetTAO/SubnetAlphaIn storage (no dynamic pools)");
  const mechanismOf = query(chain, "subtensorModule", "subnetMechanism");
  const [taoReserve, alphaReserve, mechanism] = await Promise.all([
    subnetTao(netuid).then(big),
    subnetAlphaIn(netuid).then(big),
    mechanismOf ? mechanismOf(netuid).then((c) => Number(c.toString())) : Promise.resolve(1),
  ]);
  const feeRate = query(chain, "swap", "feeRate");
  const feeU16 = mechanism === 1 && feeRate ? Number((await feeRate(netuid)).toString()) : 0;
  const priceApi = runtimeCall(chain, "swapRuntimeApi", "currentAlphaPrice");
  let price: bigint;
  let priceSource: Pool["priceSource"] = "runtime";
  if (priceApi) price = big(await priceApi(netuid));
  else {
    priceSource = "reserves";
    // see: pallets/swap/src/pallet/impls.rs current_price @ 738ba0c0c
    const initialized = query(chain, "swap", "swapV3Initialized");
    const sqrtPrice = query(chain, "swap", "alphaSqrtPrice");
    if (mechanism !== 1) price = RAO_PER_TAO;
    else if (initialized && sqrtPrice && (await initialized(netuid)).toJSON() === true) price = u64f64Squared((await sqrtPrice(netuid)).toJSON());
    else price = alphaReserve > 0n ? (taoReserve * RAO_PER_TAO) / alphaReserve : 0n;
  }
  return { netuid, mechanism, taoReserve, alphaReserve, price, priceSource, feeU16 };
}

const ppm = (ideal: bigint, out: bigint): number => (ideal <= 0n ? 0 : Number(((ideal - out) * 1_000_000n) / ideal));
const afterFee = (amount: bigint, feeU16: number): bigint => amount - (amount * BigInt(feeU16)) / 65535n;

/**
 * Estimate of staking `tao` rao into `pool`: a constant-product pool of the reserves with the
 * pool's fee taken from the input. A stable subnet (mechanism 0) is 1:1 with no fee.
 */
export function estimateStake(pool: Pool, tao: bigint): Quote {
  const ideal = pool.price > 0n ? (tao * RAO_PER_TAO) / pool.price : 0n;
  if (pool.mechanism !== 1) return { amountIn: tao, amountOut: tao, ideal: tao, slippagePpm: 0, priceAfter: RAO_PER_TAO, source: "estimate" };
  const x = pool.taoReserve;
  const y = pool.alphaReserve;
  const dx = afterFee(tao, pool.feeU16);
  const out = x + dx > 0n ? (y * dx) / (x + dx) : 0n;
  const priceAfter = y - out > 0n ? ((x + dx) * RAO_PER_TAO) / (y - out) : 0n;
  return { amountIn: tao, amountOut: out, ideal, slippagePpm: ppm(ideal, out), priceAfter, source: "estimate" };
}

/** Estimate of unstaking `alpha` rao from `pool` (the mirror of {@link estimateStake}). */
export function estimateUnstake(pool: Pool, alpha: bigint): Quote {
  const ideal = (alpha * pool.price) / RAO_PER_TAO;
  if (pool.mechanism !== 1) return { amountIn: alpha, amountOut: alpha, ideal: alpha, slippagePpm: 0, priceAfter: RAO_PER_TAO, source: "estimate" };
  const x = pool.taoReserve;
  const y = pool.alphaReserve;
  const dy = afterFee(alpha, pool.feeU16);
  const out = y + dy > 0n ? (x * dy) / (y + dy) : 0n;
  const priceAfter = y + dy > 0n ? ((x - out) * RAO_PER_TAO) / (y + dy) : 0n;
  return { amountIn: alpha, amountOut: out, ideal, slippagePpm: ppm(ideal, out), priceAfter, source: "estimate" };
}

/**
 * The quote for a stake (`side` buy: TAO in) or an unstake (sell: alpha in): the runtime's own
 * `sim_swap_*` where the metadata has it, else the estimate from the reserves.
 */
export async function quote(chain: SubtensorChain, pool: Pool, side: "buy" | "sell", amount: bigint): Promise<Quote> {
  const estimate = side === "buy" ? estimateStake(pool, amount) : estimateUnstake(pool, amount);
  const sim = runtimeCall(chain, "swapRuntimeApi", side === "buy" ? "simSwapTaoForAlpha" : "simSwapAlphaForTao");
  if (!sim || pool.mechanism !== 1) return estimate;
  const r = (await sim(pool.netuid, amount)).toJSON() as Record<string, unknown>;
  const out = BigInt(String(side === "buy" ? (r.alphaAmount ?? r.alpha_amount) : (r.taoAmount ?? r.tao_amount)));
  return { ...estimate, amountOut: out, slippagePpm: ppm(estimate.ideal, out), source: "runtime" };
}

/**
 * The limit price for a tolerance, as the Python SDK computes it: a stake may push the price up to
 * price × (1 + tolerance), an unstake down to price × (1 − tolerance). `tolerancePpm` is in parts
 * per million (0.5 % = 5,000).
 */
export function limitPriceFor(price: bigint, side: "buy" | "sell", tolerancePpm: number): bigint {
  const t = BigInt(Math.round(tolerancePpm));
  return side === "buy" ? (price * (1_000_000n + t)) / 1_000_000n : (price * (1_000_000n - t)) / 1_000_000n;
}

/** The coldkey's stakes (runtime API `get_stake_info_for_coldkey`), each with its TAO value at the pool's price. */
export async function stakesOf(chain: SubtensorChain, coldkey: string): Promise<StakeEntry[]> {
  const f = runtimeCall(chain, "stakeInfoRuntimeApi", "getStakeInfoForColdkey");
  if (!f) throw notAvailable(chain, "StakeInfoRuntimeApi.get_stake_info_for_coldkey");
  const rows = (await f(coldkey)).toJSON() as Array<{ hotkey: string; netuid: number; stake: number | string }>;
  const nonzero = rows.filter((r) => BigInt(String(r.stake)) > 0n);
  const prices = new Map<number, bigint>();
  for (const netuid of new Set(nonzero.map((r) => Number(r.netuid)))) prices.set(netuid, (await readPool(chain, netuid)).price);
  return nonzero
    .map((r) => {
      const alpha = BigInt(String(r.stake));
      const price = prices.get(Number(r.netuid)) ?? 0n;
      return {
        hotkey: chain.api.createType("AccountId32", r.hotkey).toString(),
        netuid: Number(r.netuid),
        alpha,
        price,
        taoValue: (alpha * price) / RAO_PER_TAO,
      };
    })
    .sort((a, b) => a.netuid - b.netuid || a.hotkey.localeCompare(b.hotkey));
}

/** Alpha the coldkey has staked on `hotkey` in `netuid` (0 when none). */
export async function stakeOf(chain: SubtensorChain, hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
  const f = runtimeCall(chain, "stakeInfoRuntimeApi", "getStakeInfoForHotkeyColdkeyNetuid");
  if (f) {
    const r = (await f(hotkey, coldkey, netuid)).toJSON() as { stake?: number | string } | null;
    return r?.stake === undefined ? 0n : BigInt(String(r.stake));
  }
  return (await stakesOf(chain, coldkey)).find((s) => s.hotkey === hotkey && s.netuid === netuid)?.alpha ?? 0n;
}

export interface LimitOptions {
  /** Rao per alpha; absent: the plain call, no price check by the chain. */
  limitPrice?: bigint;
  /** Let the chain fill what it can within the limit instead of failing. */
  allowPartial?: boolean;
}

function withLimit(chain: SubtensorChain, plain: string, limited: string, base: unknown[], o: LimitOptions): [string, unknown[]] {
  if (o.limitPrice === undefined) return [plain, base];
  if (!hasCall(chain, "subtensorModule", limited)) throw notAvailable(chain, `SubtensorModule.${limited} (a price limit)`);
  return [limited, [...base, o.limitPrice, o.allowPartial === true]];
}

/** `add_stake` (or `add_stake_limit` with a limit price): `tao` rao from the coldkey to `hotkey` on `netuid`. */
export async function addStakeWithLimit(
  chain: SubtensorChain,
  coldkey: Signer,
  hotkey: string,
  netuid: number,
  tao: bigint,
  o: LimitOptions = {},
): Promise<TxResult> {
  const [method, args] = withLimit(chain, "addStake", "addStakeLimit", [hotkey, netuid, tao], o);
  return chain.submit(coldkey, "subtensorModule", method, args);
}

/** `remove_stake` (or `remove_stake_limit`): `alpha` rao from `hotkey` on `netuid` back to the coldkey as TAO. */
export async function removeStakeWithLimit(
  chain: SubtensorChain,
  coldkey: Signer,
  hotkey: string,
  netuid: number,
  alpha: bigint,
  o: LimitOptions = {},
): Promise<TxResult> {
  const [method, args] = withLimit(chain, "removeStake", "removeStakeLimit", [hotkey, netuid, alpha], o);
  return chain.submit(coldkey, "subtensorModule", method, args);
}

/**
 * `move_stake`: `alpha` rao of the coldkey's stake from (`fromHotkey`, `fromNetuid`) to
 * (`toHotkey`, `toNetuid`). Across subnets it sells on one pool and buys on the other; the runtime
 * offers no limit form of it (`swap_stake_limit` keeps the hotkey).
 */
export async function moveStake(
  chain: SubtensorChain,
  coldkey: Signer,
  from: { hotkey: string; netuid: number },
  to: { hotkey: string; netuid: number },
  alpha: bigint,
): Promise<TxResult> {
  if (!hasCall(chain, "subtensorModule", "moveStake")) throw notAvailable(chain, "SubtensorModule.move_stake");
  return chain.submit(coldkey, "subtensorModule", "moveStake", [from.hotkey, to.hotkey, from.netuid, to.netuid, alpha]);
}
