/**
 * The swap pallet's pool maths (see `assembly/swap/`), typed: a subnet's balancer pool (TAO quote,
 * alpha base, a Perquintill quote weight, a fee), its price, the protocol's injection, and swaps
 * with fee and price limit, bit for bit as subtensor @ 14bc6f9 (spec 425) computes them, including
 * safe-bigmath's `pow_ratio_scaled`. Amounts are bigint rao; prices are U64F64 bits (value × 2^64);
 * inputs are validated here before they reach the WASM.
 */
import { SwapInputError } from "./errors.js";
import { type CoreInstance, type CoreTarget, getCore } from "./wasm.js";

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const M64 = U64_MAX;

/** Perquintill one (parts per 1e18). */
export const PERQUINTILL_ONE = 1_000_000_000_000_000_000n;
/** The default quote weight, 0.5. */
export const HALF_WEIGHT = 500_000_000_000_000_000n;
/** SwapInterface::max_price(): the TaoBalance price limit the coinbase's buy passes (limit price 1e6 TAO per alpha). */
export const MAX_PRICE_LIMIT = 1_000_000_000_000_000n;
/** SwapInterface::min_price(): limit price 1e-6 TAO per alpha. */
export const MIN_PRICE_LIMIT = 1_000n;

/** One subnet's pool, as the chain stores it. */
export interface SwapPoolState {
  /** SubnetMechanism: 1 dynamic (balancer), anything else stable (price 1, swaps 1:1). */
  mechanism: number;
  /** SubnetTAO. */
  taoReserve: bigint;
  /** SubnetAlphaIn. */
  alphaReserve: bigint;
  /** SwapBalancer quote weight, Perquintill parts per 1e18. */
  quoteWeight: bigint;
  /** PalSwapInitialized. */
  initialized: boolean;
  /** FeeRate (u16; fee = amount × feeRate / 65535). Default 33. */
  feeRate?: number;
  /** The pallet's MinimumReserve. Default 1,000,000 (the runtime's). */
  minimumReserve?: bigint;
}

export type SwapError = "ok" | "input-too-large" | "reserves-too-low" | "price-limit" | "insufficient-liquidity";
const SWAP_ERRORS: readonly SwapError[] = ["ok", "input-too-large", "reserves-too-low", "price-limit", "insufficient-liquidity"];

export interface SwapOutcome {
  /** "ok", or the chain's refusal (SwapInputTooLarge, ReservesTooLow, PriceLimitExceeded, InsufficientLiquidity). */
  error: SwapError;
  amountPaidIn: bigint;
  amountPaidOut: bigint;
  feePaid: bigint;
  feeToBlockAuthor: bigint;
  /** The pool after the call (unchanged when simulated). */
  pool: Required<SwapPoolState>;
}

export interface InjectionOutcome {
  /** Whether the weight update was accepted (refused: nothing injected). */
  accepted: boolean;
  taoInjected: bigint;
  alphaInjected: bigint;
  /** The buy's amount paid in (SubnetExcessTao); 0 when the buy failed or there was none. */
  excessTaoIn: bigint;
  alphaBought: bigint;
  swapError: SwapError;
  pool: Required<SwapPoolState>;
}

function uint(field: string, value: unknown, max: bigint, what: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value)) value = BigInt(value);
  if (typeof value === "string" && /^\d{1,40}$/.test(value)) value = BigInt(value);
  if (typeof value !== "bigint" || value < 0n || value > max) {
    const text = String(value);
    const shown = text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}… (${text.length} characters)` : JSON.stringify(text);
    throw new SwapInputError(field, `expected ${what} (a bigint, safe integer or decimal string from 0 to ${max}), got ${shown}`);
  }
  return value;
}
const u64 = (field: string, v: unknown) => uint(field, v, U64_MAX, "a u64");
const u128 = (field: string, v: unknown) => uint(field, v, U128_MAX, "a u128");

function normalise(pool: SwapPoolState): Required<SwapPoolState> {
  if (pool === null || typeof pool !== "object") throw new SwapInputError("pool", "expected a SwapPoolState object");
  if (!Number.isInteger(pool.mechanism) || pool.mechanism < 0 || pool.mechanism > 0xffff)
    throw new SwapInputError("pool.mechanism", `expected a u16, got ${String(pool.mechanism)}`);
  if (typeof pool.initialized !== "boolean") throw new SwapInputError("pool.initialized", "expected a boolean (PalSwapInitialized)");
  const feeRate = pool.feeRate ?? 33;
  if (!Number.isInteger(feeRate) || feeRate < 0 || feeRate > 0xffff) throw new SwapInputError("pool.feeRate", `expected a u16, got ${String(feeRate)}`);
  return {
    mechanism: pool.mechanism,
    taoReserve: u64("pool.taoReserve", pool.taoReserve),
    alphaReserve: u64("pool.alphaReserve", pool.alphaReserve),
    quoteWeight: u64("pool.quoteWeight", pool.quoteWeight),
    initialized: pool.initialized,
    feeRate,
    minimumReserve: u64("pool.minimumReserve", pool.minimumReserve ?? 1_000_000n),
  };
}

const asU = (v: bigint) => BigInt.asUintN(64, v);
const hi = (core: CoreInstance) => asU(core.call<bigint>("swapHi"));

function setPool(core: CoreInstance, p: Required<SwapPoolState>): void {
  core.call("swapPoolSet", p.mechanism, p.taoReserve, p.alphaReserve, p.quoteWeight, p.initialized ? 1 : 0, p.feeRate, p.minimumReserve);
}
function readPool(core: CoreInstance, p: Required<SwapPoolState>): Required<SwapPoolState> {
  return {
    ...p,
    taoReserve: asU(core.call<bigint>("swapPoolTao")),
    alphaReserve: asU(core.call<bigint>("swapPoolAlpha")),
    quoteWeight: asU(core.call<bigint>("swapPoolQuote")),
    initialized: core.call<number>("swapPoolInitialized") !== 0,
  };
}

/**
 * safe-bigmath's `pow_ratio_scaled`: (baseNum / baseDen)^(expNum / expDen) × scale, floored as the
 * library computes it; null where the library returns None (a zero denominator).
 */
export function powRatioScaled(
  baseNum: bigint,
  baseDen: bigint,
  expNum: bigint,
  expDen: bigint,
  precision: number,
  scale: bigint,
  target: CoreTarget = "release",
): bigint | null {
  const n = u128("baseNum", baseNum);
  const d = u128("baseDen", baseDen);
  const en = u64("expNum", expNum);
  const ed = u64("expDen", expDen);
  const s = u64("scale", scale);
  if (!Number.isInteger(precision) || precision < 0 || precision > 8192)
    throw new SwapInputError("precision", `expected an integer from 0 to 8192, got ${String(precision)}`);
  const core = getCore(target);
  return core.arena(() => {
    if (!core.call<number>("swapPowRatioScaled", n >> 64n, n & M64, d >> 64n, d & M64, en, ed, precision, s)) return null;
    const limbs = core.call<number>("swapPowLimbCount");
    let v = 0n;
    for (let i = limbs - 1; i >= 0; i--) v = (v << 32n) | BigInt(core.call<number>("swapPowLimb", i) >>> 0);
    return core.call<number>("swapPowNegative") ? -v : v;
  });
}

/** `current_price` (= current_alpha_price): U64F64 bits. */
export function poolPrice(pool: SwapPoolState, target: CoreTarget = "release"): bigint {
  const p = normalise(pool);
  const core = getCore(target);
  return core.arena(() => {
    setPool(core, p);
    const lo = asU(core.call<bigint>("swapPoolPrice"));
    return (hi(core) << 64n) | lo;
  });
}

/** The price as the coinbase reads it: U96F32 bits (U64F64 with its low 32 fraction bits dropped). */
export function poolPriceU96F32(pool: SwapPoolState, target: CoreTarget = "release"): bigint {
  const p = normalise(pool);
  const core = getCore(target);
  return core.arena(() => {
    setPool(core, p);
    const lo = asU(core.call<bigint>("swapPoolPriceU96F32"));
    return (hi(core) << 64n) | lo;
  });
}

/** The pallet's `adjust_protocol_liquidity`: the weight update for an injection (reserves untouched). */
export function adjustProtocolLiquidity(
  pool: SwapPoolState,
  taoDelta: bigint,
  alphaDelta: bigint,
  target: CoreTarget = "release",
): { accepted: boolean; pool: Required<SwapPoolState> } {
  const p = normalise(pool);
  const t = u64("taoDelta", taoDelta);
  const a = u64("alphaDelta", alphaDelta);
  const core = getCore(target);
  return core.arena(() => {
    setPool(core, p);
    const accepted = core.call<number>("swapPoolAdjust", t, a) !== 0;
    return { accepted, pool: readPool(core, p) };
  });
}

function outcome(core: CoreInstance, err: number, p: Required<SwapPoolState>): SwapOutcome {
  return {
    error: SWAP_ERRORS[err] ?? "ok",
    amountPaidIn: asU(core.call<bigint>("swapResPaidIn")),
    amountPaidOut: asU(core.call<bigint>("swapResPaidOut")),
    feePaid: asU(core.call<bigint>("swapResFee")),
    feeToBlockAuthor: asU(core.call<bigint>("swapResFeeToAuthor")),
    pool: readPool(core, p),
  };
}

export interface SwapOptions {
  /** Drop the fee (the coinbase's buy does). Default false. */
  dropFees?: boolean;
  /** Run without changing the pool (the chain's should_rollback / sim_swap). Default false. */
  simulate?: boolean;
  target?: CoreTarget;
}

function swap(buy: boolean, pool: SwapPoolState, amount: bigint, priceLimit: bigint, opts: SwapOptions): SwapOutcome {
  const p = normalise(pool);
  const a = u64("amount", amount);
  const l = u64("priceLimit", priceLimit);
  const core = getCore(opts.target ?? "release");
  return core.arena(() => {
    setPool(core, p);
    const err = core.call<number>("swapPoolSwap", buy ? 1 : 0, a, l, opts.dropFees ? 1 : 0, opts.simulate ? 1 : 0);
    return outcome(core, err, p);
  });
}

/** subtensor's `swap_tao_for_alpha(tao, price_limit, drop_fees)` (price_limit: rao per alpha × 1e9, as the chain's TaoBalance limit). */
export function swapTaoForAlpha(pool: SwapPoolState, tao: bigint, priceLimit: bigint, opts: SwapOptions = {}): SwapOutcome {
  return swap(true, pool, tao, priceLimit, opts);
}

/** subtensor's `swap_alpha_for_tao(alpha, price_limit, drop_fees)`. */
export function swapAlphaForTao(pool: SwapPoolState, alpha: bigint, priceLimit: bigint, opts: SwapOptions = {}): SwapOutcome {
  return swap(false, pool, alpha, priceLimit, opts);
}

/** The pallet's `do_swap` with a U64F64 limit price (bits), as the chain's own tests call it. */
export function doSwap(pool: SwapPoolState, buy: boolean, amount: bigint, limitPriceBits: bigint, opts: SwapOptions = {}): SwapOutcome {
  const p = normalise(pool);
  const a = u64("amount", amount);
  const l = u128("limitPriceBits", limitPriceBits);
  const core = getCore(opts.target ?? "release");
  return core.arena(() => {
    setPool(core, p);
    const err = core.call<number>("swapPoolDoSwap", buy ? 1 : 0, a, l >> 64n, l & M64, opts.dropFees ? 1 : 0, opts.simulate ? 1 : 0);
    return outcome(core, err, p);
  });
}

/** run_coinbase's inject_and_maybe_swap for one subnet, pool side: weight update, the buy with `excessTao`, the injection. */
export function injectAndMaybeSwap(pool: SwapPoolState, taoIn: bigint, alphaIn: bigint, excessTao: bigint, target: CoreTarget = "release"): InjectionOutcome {
  const p = normalise(pool);
  const t = u64("taoIn", taoIn);
  const a = u64("alphaIn", alphaIn);
  const e = u64("excessTao", excessTao);
  const core = getCore(target);
  return core.arena(() => {
    setPool(core, p);
    const err = core.call<number>("swapPoolInject", t, a, e);
    return {
      accepted: core.call<number>("swapInjAccepted") !== 0,
      taoInjected: asU(core.call<bigint>("swapInjTao")),
      alphaInjected: asU(core.call<bigint>("swapInjAlpha")),
      excessTaoIn: asU(core.call<bigint>("swapInjExcessIn")),
      alphaBought: asU(core.call<bigint>("swapInjAlphaBought")),
      swapError: SWAP_ERRORS[err] ?? "ok",
      pool: readPool(core, p),
    };
  });
}

/** The Balancer's own functions (balancer.rs), for tests and callers that hold the pieces. Weights are quote parts per 1e18; prices U64F64 bits. */
export const balancer = {
  /** `calculate_price(x = alpha, y = tao)`. */
  price(quoteWeight: bigint, alpha: bigint, tao: bigint, target: CoreTarget = "release"): bigint {
    const args = [u64("quoteWeight", quoteWeight), u64("alpha", alpha), u64("tao", tao)];
    const core = getCore(target);
    return core.arena(() => {
      const lo = asU(core.call<bigint>("swapCalculatePrice", ...args));
      return (hi(core) << 64n) | lo;
    });
  },
  /** `exp_scaled(x, dx, base_quote)` (dx may be negative): U64F64 bits. */
  expScaled(quoteWeight: bigint, x: bigint, dx: bigint, baseQuote: boolean, target: CoreTarget = "release"): bigint {
    const w = u64("quoteWeight", quoteWeight);
    const xx = u64("x", x);
    const d = u64("|dx|", dx < 0n ? -dx : dx);
    const core = getCore(target);
    return core.arena(() => {
      const lo = asU(core.call<bigint>("swapExpScaled", w, xx, d, dx < 0n ? 1 : 0, baseQuote ? 1 : 0));
      return (hi(core) << 64n) | lo;
    });
  },
  /** `mul_perquintill_round(p, value)`. */
  mulPerquintillRound(parts: bigint, value: bigint, target: CoreTarget = "release"): bigint {
    const p = u64("parts", parts);
    const v = u128("value", value);
    const core = getCore(target);
    return core.arena(() => {
      const lo = asU(core.call<bigint>("swapMulPerquintillRound", p, v >> 64n, v & M64));
      return (hi(core) << 64n) | lo;
    });
  },
  /** `Perquintill::from_rational(p, q)`: parts. */
  perquintillFromRational(p: bigint, q: bigint, target: CoreTarget = "release"): bigint {
    const a = u128("p", p);
    const b = u128("q", q);
    const core = getCore(target);
    return core.arena(() => asU(core.call<bigint>("swapPerquintillFromRational", a >> 64n, a & M64, b >> 64n, b & M64)));
  },
  /** `update_weights_for_added_liquidity`: the new quote weight, or null when the chain refuses it. */
  updateWeights(quoteWeight: bigint, tao: bigint, alpha: bigint, taoDelta: bigint, alphaDelta: bigint, target: CoreTarget = "release"): bigint | null {
    const args = [u64("quoteWeight", quoteWeight), u64("tao", tao), u64("alpha", alpha), u64("taoDelta", taoDelta), u64("alphaDelta", alphaDelta)];
    const core = getCore(target);
    return core.arena(() => {
      const w = asU(core.call<bigint>("swapUpdateWeights", ...args));
      return core.call<number>("swapWeightUpdateOk") !== 0 ? w : null;
    });
  },
  /** `calculate_quote_delta_in(current, target, tao_reserve)`. */
  quoteDeltaIn(quoteWeight: bigint, currentPrice: bigint, targetPrice: bigint, reserve: bigint, target: CoreTarget = "release"): bigint {
    const w = u64("quoteWeight", quoteWeight);
    const c = u128("currentPrice", currentPrice);
    const t = u128("targetPrice", targetPrice);
    const r = u64("reserve", reserve);
    const core = getCore(target);
    return core.arena(() => asU(core.call<bigint>("swapQuoteDeltaIn", w, c >> 64n, c & M64, t >> 64n, t & M64, r)));
  },
  /** `calculate_base_delta_in(current, target, alpha_reserve)`. */
  baseDeltaIn(quoteWeight: bigint, currentPrice: bigint, targetPrice: bigint, reserve: bigint, target: CoreTarget = "release"): bigint {
    const w = u64("quoteWeight", quoteWeight);
    const c = u128("currentPrice", currentPrice);
    const t = u128("targetPrice", targetPrice);
    const r = u64("reserve", reserve);
    const core = getCore(target);
    return core.arena(() => asU(core.call<bigint>("swapBaseDeltaIn", w, c >> 64n, c & M64, t >> 64n, t & M64, r)));
  },
  /** `get_base_needed_for_quote(tao, alpha, delta_tao)`. */
  baseNeededForQuote(quoteWeight: bigint, tao: bigint, alpha: bigint, deltaTao: bigint, target: CoreTarget = "release"): bigint {
    const args = [u64("quoteWeight", quoteWeight), u64("tao", tao), u64("alpha", alpha), u64("deltaTao", deltaTao)];
    const core = getCore(target);
    return core.arena(() => asU(core.call<bigint>("swapBaseNeededForQuote", ...args)));
  },
  /** `maybe_initialize_palswap`'s weight for a given price (U64F64 bits); null when the chain refuses (ReservesOutOfBalance). */
  initialWeightForPrice(tao: bigint, alpha: bigint, price: bigint, target: CoreTarget = "release"): bigint | null {
    const t = u64("tao", tao);
    const a = u64("alpha", alpha);
    const p = u128("price", price);
    const core = getCore(target);
    const w = core.arena(() => asU(core.call<bigint>("swapInitialWeightForPrice", t, a, p >> 64n, p & M64)));
    return w === 0n ? null : w;
  },
  /** `convert_deltas` of a buy (TAO in → alpha out) or a sell (alpha in → TAO out). */
  convertDeltas(buy: boolean, quoteWeight: bigint, tao: bigint, alpha: bigint, deltaIn: bigint, target: CoreTarget = "release"): bigint {
    const args = [u64("quoteWeight", quoteWeight), u64("tao", tao), u64("alpha", alpha), u64("deltaIn", deltaIn)];
    const core = getCore(target);
    return core.arena(() => asU(core.call<bigint>(buy ? "swapConvertDeltasBuy" : "swapConvertDeltasSell", ...args)));
  },
  /** The U64F64 limit price of a TaoBalance price limit (limit / 1e9). */
  limitPrice(priceLimit: bigint, target: CoreTarget = "release"): bigint {
    const l = u64("priceLimit", priceLimit);
    const core = getCore(target);
    return core.arena(() => {
      const lo = asU(core.call<bigint>("swapLimitPrice", l));
      return (hi(core) << 64n) | lo;
    });
  },
};
