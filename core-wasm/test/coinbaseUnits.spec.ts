import { coinbaseStep, getCore } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { f32, fx32, HALF_WEIGHT, network, probeBuffer, probeWords, subnet, wide } from "./coinbaseFixtures.js";

// The chain's tests of single inner functions (listed in test/vectors/coinbase/SOURCE.md), ported
// with their inputs and asserted values: pallets/subtensor/src/tests/{coinbase,emission}.rs @ 14bc6f9.
// Pure functions run through the core's probe exports; the ones that read and write storage
// (drain_pending, emit_to_subnets) run as a whole block whose other stages are held still.

const U64_MAX = (1n << 64n) - 1n;
const probeScalar = (name: string, args: bigint[]) => getCore().call<bigint>(name, ...args);
/** U96F32 arithmetic from substrate_fixed's definition (bits with 32 fraction bits, floor / truncate). */
const u96 = {
  of: (n: bigint) => n << 32n,
  mul: (a: bigint, b: bigint) => (a * b) >> 32n,
  div: (a: bigint, b: bigint) => (b === 0n ? 0n : (a << 32n) / b),
};

describe("update_moving_price", () => {
  // both tests: a 1,000,000 TAO / 1,000,000 alpha pool at weights 0.5/0.5 (price exactly 1),
  // SubnetMovingAlpha 0.5, SubnetMovingPrice 0, FirstEmissionBlockNumber 500
  const move = (block: bigint) => {
    const [hi, lo] = probeWords("coinbaseMovingPrice", [block, 500n, 201_600n, 0n, 1n << 31n, 1n, 0n, 0n, 0n]);
    return f32(wide(hi!, lo!));
  };
  it("test_update_moving_price_initial: 10 blocks after start_call the EMA barely moves (< 0.001)", () => {
    expect(move(510n)).toBeLessThan(0.001);
    expect(move(510n)).toBeGreaterThan(0);
  });
  it("test_update_moving_price_after_time: 144M blocks later it is within 0.001 of 0.5", () => {
    expect(Math.abs(move(144_000_500n) - 0.5)).toBeLessThan(0.001);
  });
});

describe("calculate_dividend_distribution", () => {
  // two hotkeys with stake (alpha, root) (4,859,302, 2,342,352) and (23,423, 859,273), dividends
  // 77,783,738 and 19,283,940; tao weight U96F32::from_num(0.18) (nearest: round(0.18 · 2^32))
  const TW = 773_094_113n;
  const distribute = (pendingAlpha: bigint, pendingRoot: bigint, tw: bigint) => {
    const out = probeBuffer("coinbaseDividendDistribution", [
      2n,
      pendingAlpha,
      pendingRoot,
      tw >> 64n,
      tw & U64_MAX,
      4_859_302n,
      2_342_352n,
      0n,
      u96.of(77_783_738n),
      23_423n,
      859_273n,
      0n,
      u96.of(19_283_940n),
    ]);
    const alpha = wide(out[0]!, out[1]!) + wide(out[4]!, out[5]!);
    const root = wide(out[2]!, out[3]!) + wide(out[6]!, out[7]!);
    return { alpha: alpha >> 32n, root: root >> 32n };
  };
  const near = (a: bigint, b: bigint, eps: bigint) => expect(a > b ? a - b : b - a).toBeLessThanOrEqual(eps);

  it("test_calculate_dividend_distribution_totals: both totals within 1,000 of the pending amounts", () => {
    const t = distribute(183_123_567_452n, 837_120_949_872n, TW);
    near(t.alpha, 183_123_567_452n, 1_000n);
    near(t.root, 837_120_949_872n, 1_000n);
  });
  it("test_calculate_dividend_distribution_total_only_tao", () => {
    const t = distribute(0n, 837_120_949_872n, TW);
    near(t.alpha, 0n, 1_000n);
    near(t.root, 837_120_949_872n, 1_000n);
  });
  it("test_calculate_dividend_distribution_total_no_tao_weight", () => {
    const t = distribute(183_123_567_452n, 0n, 0n);
    near(t.alpha, 183_123_567_452n, 1_000n);
    near(t.root, 0n, 1_000n);
  });
  it("test_calculate_dividend_distribution_total_only_alpha", () => {
    const t = distribute(183_123_567_452n, 0n, TW);
    near(t.alpha, 183_123_567_452n, 1_000n);
    near(t.root, 0n, 1_000n);
  });

  // one hotkey with 1 alpha staked, tao weight 0; incentives pass through as they are
  const one = (validatorAlpha: bigint, dividend: bigint) => {
    const out = probeBuffer("coinbaseDividendDistribution", [1n, validatorAlpha, 0n, 0n, 0n, 1n, 0n, 0n, u96.of(dividend)]);
    return wide(out[0]!, out[1]!) >> 32n;
  };
  it("test_calculate_dividend_and_incentive_distribution: dividends + incentives = pending alpha within 2", () => {
    const pending = 123_456_789n;
    const half = pending / 2n;
    near(one(half, half) + half, pending, 2n);
  });
  it("test_calculate_dividend_and_incentive_distribution_all_to_validators: exactly the pending alpha", () => {
    expect(one(123_456_789n, 123_456_789n)).toBe(123_456_789n);
  });
});

describe("get_subnet_terms", () => {
  const terms = (e: bigint, tao: bigint, alphaIn: bigint, rootTao: bigint, taoWeight: bigint) => {
    const w = probeWords("coinbaseSubnetTerms", [e >> 64n, e & U64_MAX, 1n, tao, alphaIn, 0n, BigInt(HALF_WEIGHT), rootTao, taoWeight]);
    return { taoIn: wide(w[0]!, w[1]!), alphaIn: wide(w[2]!, w[3]!), alphaOut: w[4]!, excess: wide(w[5]!, w[6]!), rootProp: wide(w[7]!, w[8]!) };
  };
  // set_full_injection_root_stake: SubnetTAO[0] = 10^18, TaoWeight = u64::MAX
  const ROOT_TAO = 1_000_000_000_000_000_000n;
  const ALPHA_EMISSION = 1_000_000_000n; // the halving curve below 10.5M alpha issued

  it("test_coinbase_subnet_terms_with_alpha_in_gt_alpha_emission: alpha in capped at root_proportion × alpha emission", () => {
    const priceU64F64 = (1n << 64n) / 100n; // U64F64::saturating_from_num(0.01), nearest
    const price = priceU64F64 >> 32n; // as U96F32
    const tao = 1_000_000_000n;
    const alpha = ((tao << 128n) / priceU64F64) >> 64n; // (U64F64(tao) / price).to_num::<u64>()
    const e = u96.mul(u96.of(ALPHA_EMISSION), price) + 42_949_673n; // + U96F32::from_num(0.01)
    const t = terms(e, tao, alpha, ROOT_TAO, U64_MAX);
    const cap = u96.mul(t.rootProp, u96.of(ALPHA_EMISSION));
    expect(u96.div(e, price) > cap).toBe(true);
    expect(Math.abs(Number(t.alphaOut) - Number(ALPHA_EMISSION))).toBeLessThanOrEqual(0.01);
    expect(Math.abs(f32(t.alphaIn) - f32(cap))).toBeLessThanOrEqual(f32(cap) / 1_000);
    expect(Math.abs(f32(t.taoIn) - f32(u96.mul(t.alphaIn, price)))).toBeLessThanOrEqual(0.01);
    expect(Math.abs(f32(t.excess) - (f32(e) - f32(t.taoIn)))).toBeLessThanOrEqual(0.01);
    expect(t.excess > 0n).toBe(true);
  });

  it("test_coinbase_subnet_terms_with_alpha_in_lte_alpha_emission: all of the TAO is injected, no excess", () => {
    const e = u96.of(34_566_756n);
    const t = terms(e, 1_000_000_000_000_000n, 1_000_000_000_000_000n, ROOT_TAO, U64_MAX);
    const cap = u96.mul(t.rootProp, u96.of(ALPHA_EMISSION));
    expect(e <= cap).toBe(true); // price 1
    expect(t.alphaOut).toBe(ALPHA_EMISSION);
    expect(Math.abs(f32(t.alphaIn) - 34_566_756)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(f32(t.taoIn) - 34_566_756)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(f32(t.excess))).toBeLessThanOrEqual(0.01);
  });

  it("test_get_subnet_terms_alpha_emissions_cap: below the cap alpha in is the emission, above it exactly the cap", () => {
    // add_dynamic_network's pool: 100 TAO / 100 alpha (price 1)
    const below = terms(u96.of(100_000_000n), 100_000_000_000n, 100_000_000_000n, ROOT_TAO, U64_MAX);
    const cap = u96.mul(below.rootProp, u96.of(ALPHA_EMISSION));
    expect(u96.of(100_000_000n) < cap).toBe(true);
    expect(below.alphaIn).toBe(u96.of(100_000_000n));
    const above = terms(u96.of(10_000_000_000n), 100_000_000_000n, 100_000_000_000n, ROOT_TAO, U64_MAX);
    expect(u96.of(10_000_000_000n) > cap).toBe(true);
    expect(above.alphaIn).toBe(cap);
  });
});

describe("root_proportion", () => {
  it("test_root_proportion: tao_weight · root TAO / (tao_weight · root TAO + alpha issuance), exactly", () => {
    const rootTao = 1_000_000_000_000n;
    const taoWeight = 3_320_413_933_267_719_290n;
    const alphaIssuance = 100_000_000_000n;
    const [hi, lo] = probeWords("coinbaseRootProportion", [alphaIssuance, rootTao, taoWeight]);
    const tw = u96.div(u96.of(taoWeight), u96.of(U64_MAX));
    const t = u96.mul(tw, u96.of(rootTao));
    expect(wide(hi!, lo!)).toBe(u96.div(t, t + u96.of(alphaIssuance)));
  });
});

describe("blocks_until_next_auto_epoch (tests/emission.rs), LastEpochBlock 0", () => {
  const until = (tempo: number | bigint, block: bigint) => getUntil(BigInt(tempo), block);
  const getUntil = (tempo: bigint, block: bigint) => BigInt.asUintN(64, probeScalar("coinbaseBlocksUntilNextEpoch", [tempo, 0n, block]));
  it("test_zero_tempo", () => expect(until(0, 100n)).toBe(U64_MAX));
  it("test_regular_case", () => {
    expect(until(10, 5n)).toBe(5n);
    expect(until(20, 15n)).toBe(5n);
    expect(until(30, 25n)).toBe(5n);
  });
  it("test_boundary_conditions", () => {
    expect(until(65535, U64_MAX)).toBe(0n);
    expect(until(65535, 0n)).toBe(65535n);
  });
  it("test_overflow_handling", () => expect(until(65535, U64_MAX - 1n)).toBe(0n));
  it("test_epoch_alignment", () => {
    expect(until(10, 9n)).toBe(1n);
    expect(until(20, 21n)).toBe(0n);
  });
  it("test_different_network_ids", () => {
    for (let i = 0; i < 3; i++) expect(until(10, 5n)).toBe(5n);
  });
  it("test_large_tempo_values", () => expect(until(65534, 100n)).toBe(65534n - 100n));
  it("test_consecutive_blocks", () => {
    let last = until(10, 0n);
    for (let i = 1n; i < 9n; i++) {
      const now = until(10, i);
      expect(now).toBe(last - 1n);
      last = now;
    }
  });
  it("test_wrap_around_behavior", () => {
    expect(until(10, U64_MAX)).toBe(0n);
    expect(until(10, U64_MAX - 1n)).toBe(0n);
  });
});

describe("drain_pending (as a block whose subnet emits nothing: start_call not done)", () => {
  const gated = (over: Parameters<typeof subnet>[1]) => network([subnet(1, { firstEmissionBlock: null, ...over })]);

  it("test_coinbase_drain_pending_increments_blockssincelaststep", () => {
    const out = coinbaseStep(gated({ blocksSinceLastStep: "7", lastEpochBlock: "1" }));
    expect(out.state.subnets[0]!.blocksSinceLastStep).toBe("8");
    expect(out.computed.subnets[0]!.epoch).toBe("none");
  });

  it("test_coinbase_drain_pending_resets_blockssincelaststep (tempo 100, LastEpochBlock 0, block 102)", () => {
    const out = coinbaseStep({ ...gated({ tempo: 100, blocksSinceLastStep: "12345678", lastMechanismStepBlock: "12345" }), blockNumber: "102" });
    expect(out.computed.subnets[0]!.epoch).toBe("ran");
    expect(out.state.subnets[0]!.blocksSinceLastStep).toBe("0");
    // drain_pending leaves LastMechansimStepBlock alone; the distribution after it writes the block
    expect(out.state.subnets[0]!.lastMechanismStepBlock).toBe("102");
  });

  it("test_coinbase_drain_pending_gets_counters_and_resets_them", () => {
    const out = coinbaseStep({
      ...gated({
        tempo: 100,
        pendingServerEmission: "123434534",
        pendingValidatorEmission: "111111",
        pendingRootAlphaDivs: "12222222",
        pendingOwnerCut: "12345678",
      }),
      blockNumber: "102",
    });
    expect(out.computed.subnets[0]!.drained).toEqual({ server: "123434534", validator: "111111", root: "12222222", ownerCut: "12345678" });
    const s = out.state.subnets[0]!;
    expect([s.pendingServerEmission, s.pendingValidatorEmission, s.pendingRootAlphaDivs, s.pendingOwnerCut]).toEqual(["0", "0", "0", "0"]);
  });
});

describe("emit_to_subnets (as a block with one subnet, no epoch)", () => {
  // SubnetOwnerCut u16::MAX / 10, a 10^15 / 10^15 initialised pool, 12,345,678 rao of TAO emission;
  // the root sell flag follows Σ moving prices (> 1 sells)
  const emit = (movingPrice: string) =>
    coinbaseStep(
      network([subnet(1, { subnetTao: "1000000000000000", subnetAlphaIn: "1000000000000000", palSwapInitialized: true, movingPrice, lastEpochBlock: "1" })], {
        subnetOwnerCut: 6553,
        blockEmission: "12345678",
      }),
    );
  const alphaEmission = 1_000_000_000n;
  const ownerCut = u96.mul(u96.div(u96.of(6553n), u96.of(65535n)), u96.of(alphaEmission));
  const half = u96.div(u96.of(alphaEmission) - ownerCut, u96.of(2n)) >> 32n;
  const near = (a: string, b: bigint) => expect(Math.abs(Number(BigInt(a) - b))).toBeLessThanOrEqual(200);

  it("test_coinbase_emit_to_subnets_with_no_root_sell", () => {
    const out = emit(fx32(1));
    expect(out.computed.rootSellFlag).toBe(false);
    const s = out.state.subnets[0]!;
    near(s.pendingOwnerCut, ownerCut >> 32n);
    expect(s.pendingRootAlphaDivs).toBe("0");
    near(s.pendingServerEmission, half);
    near(s.pendingValidatorEmission, half); // root proportion 0 (TaoWeight 0): nothing deducted
  });

  it("test_coinbase_emit_to_subnets_with_root_sell", () => {
    const out = emit(fx32(2));
    expect(out.computed.rootSellFlag).toBe(true);
    const s = out.state.subnets[0]!;
    near(s.pendingOwnerCut, ownerCut >> 32n);
    near(s.pendingRootAlphaDivs, 0n);
    near(s.pendingServerEmission, half);
    near(s.pendingValidatorEmission, half);
  });
});

describe("inject_and_maybe_swap", () => {
  it("test_coinbase_inject_and_maybe_swap_does_not_skew_reserves: the reserves' ratio stays at the price (within 1)", () => {
    // price 1: TAO in 123 and alpha in 456 are capped by nothing; drive them through a block whose
    // terms give them: a 10^15 / 10^15 pool, 789,223 rao minted, a tiny root proportion caps alpha in
    const out = coinbaseStep(
      network(
        [subnet(1, { subnetTao: "1000000000000000", subnetAlphaIn: "1000000000000000", palSwapInitialized: true, movingPrice: fx32(1), lastEpochBlock: "1" })],
        {
          blockEmission: "789223",
          rootSubnetTao: "1000",
          taoWeight: U64_MAX.toString(),
        },
      ),
    );
    const s = out.state.subnets[0]!;
    const c = out.computed.subnets[0]!;
    expect(BigInt(c.excessTao)).toBeGreaterThan(0n); // the buy ran
    const ratio = Number(s.subnetAlphaIn) / Number(s.subnetTao);
    const price = (Number(s.subnetTao) / Number(s.subnetAlphaIn)) * (1e18 / Number(s.swapQuoteWeight) - 1);
    expect(Math.abs(ratio - price)).toBeLessThanOrEqual(1);
  });
});

describe("get_shares (tests/subnet_emissions.rs)", () => {
  it("get_shares_ignores_root_prop_storage_when_prices_and_burns_match: RootProp 1.0 and 0.1 (unequal), equal prices and burns: shares 0.5 and 0.5", () => {
    const out = coinbaseStep(
      network(
        [
          subnet(1, { movingPrice: fx32(1), rootProp: fx32(1), lastEpochBlock: "1" }),
          subnet(2, { movingPrice: fx32(1), rootProp: "429496730", lastEpochBlock: "1" }),
        ],
        {
          blockEmission: "1000000000",
        },
      ),
    );
    const [a, b] = out.computed.subnets;
    expect(a!.taoEmission).toBe(b!.taoEmission);
    expect(BigInt(a!.taoEmission)).toBe(500_000_000n << 32n);
  });
});

describe("epochs_deferred_this_block: the per-block cap in storage order", () => {
  // NetworksAdded keys are u16 little-endian: storage order is by (netuid & 0xff, netuid >> 8)
  const storageKey = (n: number) => ((n & 0xff) << 8) | (n >> 8);
  it.each([20, 300, 2000])("with %i due subnets (netuids spread to 4,000), exactly the first MaxEpochsPerBlock in storage order run", (count) => {
    const netuids = Array.from({ length: count }, (_, i) => 1 + ((i * 2654435761) % 4000)).filter((n, i, a) => a.indexOf(n) === i);
    const x = network(
      netuids.map((n) => subnet(n, { firstEmissionBlock: null, pendingEpochAt: "1" })),
      { maxEpochsPerBlock: 8 },
    );
    const out = coinbaseStep(x);
    const ran = out.computed.subnets.filter((s) => s.epoch === "ran").map((s) => s.netuid);
    const expected = [...netuids].sort((a, b) => storageKey(a) - storageKey(b)).slice(0, 8);
    expect(new Set(ran)).toEqual(new Set(expected));
    expect(out.computed.subnets.filter((s) => s.epoch === "deferred")).toHaveLength(netuids.length - 8);
    for (const s of out.state.subnets) if (!ran.includes(s.netuid)) expect(s.pendingEpochAt).toBe("2");
  });
});
