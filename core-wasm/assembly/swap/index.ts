// The swap pallet's pool maths (subtensor @ 14bc6f9, spec 425: pallets/swap/src/pallet/balancer.rs,
// impls.rs, swap_step.rs; the pinned safe-bigmath 0.4.1 @ 013c499 for the fractional powers), in
// integers. One concern per file:
//   bignum.ts      signed fixed-capacity big integers (u32 limbs) for safe-bigmath's arithmetic
//   powRatio.ts    safe-bigmath `SafeInt::pow_ratio_scaled` (exact root path and ln/exp fallback)
//   balancer.ts    `Balancer`: price, exp_scaled, weight update for added liquidity, limit deltas
//   swap.ts        `do_swap` / `BasicSwapStep` / `swap_tao_for_alpha` / `swap_alpha_for_tao`
//   pool.ts        `SwapPool` (a subnet's pool state), price reads, the injection's weight update
//   inject.ts      run_coinbase's inject_and_maybe_swap, pool side
//   exports.ts     flat WASM exports for the TypeScript side and the tests
//
// ## Interface for AssemblyScript callers (the coinbase)
//
// Amounts are u64 rao; the quote (TAO) weight is Perquintill parts per 1e18; prices are U64F64 bits
// (hi, lo), as the chain's `current_alpha_price` returns them.
//
//   class SwapPool {                      // one subnet's pool, mutated in place by the calls below
//     mechanism: i32       = 1;           // SubnetMechanism: 1 dynamic (balancer), anything else stable (1:1)
//     taoReserve: u64      = 0;           // SubnetTAO
//     alphaReserve: u64    = 0;           // SubnetAlphaIn
//     quoteWeight: u64     = HALF;        // SwapBalancer quote weight, parts per 1e18 (0.5 = 500000000000000000)
//     initialized: bool    = false;       // PalSwapInitialized
//     feeRate: u16         = 33;          // FeeRate (fee = amount × feeRate / 65535)
//     minimumReserve: u64  = 1_000_000;   // the pallet's MinimumReserve (runtime 1,000,000, test mock 100)
//     static of(mechanism, taoReserve, alphaReserve, quoteWeight, initialized, feeRate, minimumReserve): SwapPool
//   }
//   class SwapResult {                    // what the chain's SwapResult says, plus the refusal
//     error: i32;                         // SWAP_OK (0) or a SWAP_ERR_* code below
//     amountPaidIn: u64;                  // amount that entered the input reserve (fee excluded)
//     amountPaidOut: u64;                 // amount taken out of the output reserve
//     feePaid: u64;
//     feeToBlockAuthor: u64;
//   }
//   SWAP_OK = 0, SWAP_ERR_INPUT_TOO_LARGE = 1 (SwapInputTooLarge: net input > 1000 × input reserve),
//   SWAP_ERR_RESERVES_TOO_LOW = 2 (output reserve < MinimumReserve, or a nonzero input buys nothing),
//   SWAP_ERR_PRICE_LIMIT = 3 (PriceLimitExceeded), SWAP_ERR_INSUFFICIENT_LIQUIDITY = 4 (paid out > reserve)
//   MAX_PRICE_LIMIT: u64 = 1_000_000_000_000_000   // SwapInterface::max_price(), what the coinbase's buy passes
//   MIN_PRICE_LIMIT: u64 = 1_000                   // SwapInterface::min_price()
//
//   currentPrice(pool: SwapPool): u64                  // U64F64 low word; high word from priceHi()
//   priceHi(): u64
//   currentPriceU96F32(pool: SwapPool): u64            // U96F32::saturating_from_num(price): low word; high from priceHi()
//   adjustProtocolLiquidity(pool, taoDelta: u64, alphaDelta: u64): bool
//       // the pallet's adjust_protocol_liquidity: updates pool.quoteWeight for the injection; false =
//       // refused (weight out of [0.01, 0.99]): the chain then injects nothing. Reserves untouched.
//   swapTaoForAlpha(pool, tao: u64, priceLimit: u64, dropFees: bool): SwapResult
//   swapAlphaForTao(pool, alpha: u64, priceLimit: u64, dropFees: bool): SwapResult
//       // subtensor's swap_tao_for_alpha / swap_alpha_for_tao through the pallet's do_swap (not
//       // simulated): priceLimit is the chain's TaoBalance price limit (limit price = priceLimit / 1e9
//       // TAO per alpha). On success the pool's reserves change as the chain's do: buy: taoReserve +=
//       // amountPaidIn, alphaReserve -= amountPaidOut; sell: alphaReserve += amountPaidIn, taoReserve -=
//       // amountPaidOut. The caller moves SubnetAlphaOut (+= paid out on a buy, −= paid in on a sell)
//       // and TotalStake. The first swap of an uninitialised pool resets quoteWeight to 0.5 and sets
//       // initialized (kept when the error is SWAP_ERR_INSUFFICIENT_LIQUIDITY, rolled back on the others).
//   simSwapTaoForAlpha / simSwapAlphaForTao(pool, amount, priceLimit, dropFees): SwapResult
//       // the same with simulate = true: nothing in the pool changes.
//   injectAndMaybeSwap(pool, taoIn: u64, alphaIn: u64, excessTao: u64): Injection
//       // run_coinbase's inject_and_maybe_swap for one subnet, pool side only: the weight update for
//       // (taoIn, alphaIn), then the buy with excessTao (fees dropped, MAX_PRICE_LIMIT), then the
//       // injection of the accepted amounts into the reserves.
//   class Injection { taoInjected: u64; alphaInjected: u64; excessTaoIn: u64; alphaBought: u64; swapError: i32; accepted: bool }
//       // excessTaoIn = the buy's amountPaidIn (0 when the buy failed; the chain's SubnetExcessTao)
//
// Lower level (balancer.ts, powRatio.ts), for tests and other callers: see the doc comment of each.
export * from "./pool";
export * from "./inject";
export * from "./swap";
export * from "./balancer";
export * from "./powRatio";
