/**
 * The swap pool's maths in the WASM core (issue #17 part 1): safe-bigmath's pow_ratio_scaled as the
 * balancer calls it (the ln/exp fallback at precision 256 for a weight off the exact grid, the
 * exact path at weight 0.5, the precision-1024 limit delta), one coinbase buy (fees dropped, the
 * 1e6 TAO/alpha limit), and one injection plus buy. Baseline: the BigInt restatement of
 * pow_ratio_scaled in core-wasm/test/swapReference.ts (the same integers, computed with JS BigInt).
 */
import { getCore, MAX_PRICE_LIMIT, powRatioScaled, swapTaoForAlpha } from "@tao-subnet/core";
import { powRatioScaledRef } from "../../core-wasm/test/swapReference.js";
import { type BenchSuite, machine, measure, table } from "../harness.js";

const ONE = 10n ** 18n;
const W = 412_345_678_901_234_567n; // a quote weight off the exact grid: the fallback path
const TAO = 1_000_000_000_000_000n; // 1e6 TAO in the pool
const ALPHA = 3_000_000_000_000_000n;
const BUY = 12_345_678n; // a block's excess TAO, ~0.012 TAO

const suite: BenchSuite = {
  name: "swap",
  async run() {
    const core = getCore("release");
    const opts = { budgetMs: 300, samples: 5 };
    // (y / (y + dy))^(w2 / w1) × 1e18, as exp_quote_base passes it
    const args = [TAO, TAO + BUY, W, ONE - W, 256, ONE] as const;
    const base = measure("pow_ratio_scaled, fallback (precision 256): BigInt restatement (baseline)", () => powRatioScaledRef(...args), opts);
    const pow = measure("pow_ratio_scaled, fallback (precision 256): WASM", () => powRatioScaled(...args), opts);
    const exact = measure("pow_ratio_scaled, exact path (weight 0.5): WASM", () => powRatioScaled(TAO, TAO + BUY, ONE / 2n, ONE / 2n, 256, ONE), opts);
    const delta = measure("pow_ratio_scaled, limit delta (precision 1024): WASM", () => powRatioScaled(3n << 62n, 1n << 62n, ONE - W, ONE, 1024, ONE), opts);
    const pool = { mechanism: 1, taoReserve: TAO, alphaReserve: ALPHA, quoteWeight: W, initialized: true, minimumReserve: 1_000_000n };
    const buy = measure("coinbase buy (swapTaoForAlpha, typed API): WASM", () => swapTaoForAlpha(pool, BUY, MAX_PRICE_LIMIT, { dropFees: true }), opts);
    const inject = measure(
      "injection + buy inside the core (swapPoolInject export, arena)",
      () =>
        core.arena(() => {
          core.call("swapPoolSet", 1, TAO, ALPHA, W, 1, 33, 1_000_000n);
          return core.call("swapPoolInject", 1_000_000n, 2_000_000n, BUY);
        }),
      opts,
    );
    return `${machine()}\n\n${table([base, pow, exact, delta, buy, inject])}\n\nA block in which all of 128 subnets buy costs about 128 × the last row.`;
  },
};
export default suite;
