import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EpochInput, type EpochOutput, fromEpochOutputArrays, runEpoch, runEpochArrays, toEpochInputArrays, traceEpoch } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { epochInput } from "./epochArbitraries.js";
import { churnSubnet } from "./epochRandom.js";

// The epoch's emission shares (subtensor 14bc6f9, run_epoch.rs epoch_mechanism, "Emission and
// Pruning scores"): server = incentive / Σ(incentive + dividends), validator = dividends / Σ(…),
// each I32F32 `safe_div` (truncated; inplace_normalize_using_sum leaves the vector as it is when
// the sum is 0); when the sum is 0 the validator share is the active stake, or the stake when no
// stake is active. The chain pays floor(share × raoEmission): I96F32(share) × I96F32(rao),
// `saturating_to_num::<u64>()`. The coinbase multiplies the same shares by what it drains.

const yumaDir = fileURLToPath(new URL("../../test/vectors/yuma/", import.meta.url));
const epochCases = readdirSync(yumaDir)
  .filter((f) => f.startsWith("test_") && f.endsWith(".json"))
  .map(
    (f) => JSON.parse(readFileSync(join(yumaDir, f), "utf8")) as { name: string; epochs: Array<{ label: string; input: EpochInput; expected: EpochOutput }> },
  );

const ONE = 1n << 32n;
const U64_MAX = (1n << 64n) - 1n;

/** floor(share × rao) as the chain computes it (the product of two I96F32, floored, saturated to u64). */
const pay = (share: bigint, rao: bigint) => {
  if (share <= 0n) return 0n;
  const x = (share * rao) >> 32n;
  return x > U64_MAX ? U64_MAX : x;
};

/** The shares restated from the output's fixed incentive, dividends and stakes. */
function restatedShares(out: EpochOutput): { server: bigint[]; validator: bigint[] } {
  const I = out.fixed.incentive.map(BigInt);
  const D = out.fixed.dividends.map(BigInt);
  // incentive and dividends are proportions: Σ(I + D) ≤ 2 never wraps or saturates
  const sum = I.reduce((a, v, i) => a + v + D[i]!, 0n);
  // safe_div: (x · 2^32) / sum, truncated; only a zero sum leaves the vectors unnormalised
  const div = (x: bigint) => (sum === 0n ? x : (x << 32n) / sum);
  const server = I.map(div);
  let validator = D.map(div);
  if (sum === 0n) {
    const active = out.fixed.activeStake.map(BigInt);
    validator = active.some((s) => s !== 0n) ? active : out.fixed.stake.map(BigInt);
  }
  return { server, validator };
}

function checkShares(x: EpochInput, out: EpochOutput, where: string): bigint {
  const { server, validator } = restatedShares(out);
  expect(out.serverShare.map(BigInt), `${where} serverShare`).toEqual(server);
  expect(out.validatorShare.map(BigInt), `${where} validatorShare`).toEqual(validator);
  const rao = BigInt(x.raoEmission);
  expect(out.serverEmission, `${where} serverEmission`).toEqual(server.map((s) => String(pay(s, rao))));
  expect(out.validatorEmission, `${where} validatorEmission`).toEqual(validator.map((s) => String(pay(s, rao))));
  return [...server, ...validator].reduce((a, b) => a + b, 0n);
}

describe("the epoch's emission shares", () => {
  it("on the chain's vectors: floor(share × raoEmission) gives the expected serverEmission and validatorEmission, and the shares sum to one within 2n ulps", () => {
    let epochs = 0;
    for (const c of epochCases)
      for (const e of c.epochs) {
        const out = runEpoch(e.input);
        const where = `${c.name} ${e.label}`;
        const rao = BigInt(e.input.raoEmission);
        expect(
          out.serverShare.map((s) => String(pay(BigInt(s), rao))),
          where,
        ).toEqual(e.expected.serverEmission);
        expect(
          out.validatorShare.map((s) => String(pay(BigInt(s), rao))),
          where,
        ).toEqual(e.expected.validatorEmission);
        const total = checkShares(e.input, out, where);
        // each of the 2n truncated quotients loses less than one ulp
        expect(total <= ONE && total > ONE - 2n * BigInt(e.input.n), `${where}: Σ shares = ${total}`).toBe(true);
        epochs++;
      }
    expect(epochs).toBeGreaterThanOrEqual(15);
  });

  it("multiplies as the chain's coinbase does: the same floor(share × raoEmission) gives the coinbase vectors' per-uid emissions from their shares", () => {
    const dir = fileURLToPath(new URL("../../test/vectors/coinbase/", import.meta.url));
    let neurons = 0;
    for (const f of readdirSync(dir).filter((f) => f.startsWith("test_") && f.endsWith(".json"))) {
      const steps = (JSON.parse(readFileSync(join(dir, f), "utf8")) as { steps: Array<{ input: CoinbaseInput; expected: CoinbaseOutput }> }).steps;
      for (const step of steps)
        for (const sn of step.expected.computed.subnets) {
          if (!sn.distribution) continue;
          const input = step.input.subnets.find((s) => s.netuid === sn.netuid)!;
          const rao = BigInt(sn.distribution.raoEmission);
          sn.distribution.neurons.forEach((n, i) => {
            const share = input.neurons[i]!;
            expect(String(pay(BigInt(share.serverShare), rao)), `${f} netuid ${sn.netuid} uid ${i}`).toBe(n.serverEmission);
            expect(String(pay(BigInt(share.validatorShare), rao)), `${f} netuid ${sn.netuid} uid ${i}`).toBe(n.validatorEmission);
            neurons++;
          });
        }
    }
    expect(neurons).toBeGreaterThan(20);
  });

  it("are the restated quotients on 400 random subnets with churn, sum to one within 2n ulps (or to the fallback's stake), the same on both builds and through the typed API", () => {
    let fallbacks = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const x = churnSubnet(seed);
      const out = runEpoch(x);
      const total = checkShares(x, out, `seed ${seed}`);
      const earned = [...out.fixed.incentive, ...out.fixed.dividends].some((v) => v !== "0");
      if (earned) expect(total <= ONE && total > ONE - 2n * BigInt(x.n), `seed ${seed}: Σ = ${total}`).toBe(true);
      else {
        fallbacks++;
        // the stake's own rounding: Σ ≤ 1, n ulps at most below (or 0 without stake)
        expect(total === 0n || (total <= ONE && total >= ONE - BigInt(x.n)), `seed ${seed}: Σ = ${total}`).toBe(true);
      }
      expect(runEpoch(x, { target: "debug" }), `seed ${seed}`).toEqual(out);
      expect(fromEpochOutputArrays(runEpochArrays(toEpochInputArrays(x))), `seed ${seed}`).toEqual(out);
      // the trace's normalised emissions are the shares
      const t = traceEpoch(x);
      expect([t.stages.normalizedServerEmission, t.stages.normalizedValidatorEmission]).toEqual([out.serverShare, out.validatorShare]);
    }
    expect(fallbacks).toBeGreaterThan(0);
  });

  it("are the restated quotients on 300 fast-check subnets (every feature at random)", () => {
    fc.assert(
      fc.property(epochInput(), (x) => {
        checkShares(x, runEpoch(x), "");
      }),
      { numRuns: 300 },
    );
  });

  it("fall back to the active stake when nothing is earned (no weights), and to the stake when no stake is active", () => {
    const x: EpochInput = {
      n: 3,
      stake: ["3000", "1000", "0"],
      lastUpdate: [100, 100, 100],
      blockAtRegistration: [0, 0, 0],
      validatorPermit: [true, false, true],
      weights: [[], [], []],
      bonds: [[], [], []],
      currentBlock: 110,
      tempo: 100,
      activityCutoff: 5000,
      kappa: 32767,
      bondsPenalty: 65535,
      bondsMovingAverage: "900000",
      yuma3: true,
      liquidAlpha: false,
      maxAllowedValidators: 64,
      raoEmission: "1000000",
      lastMechanismStepBlock: 0,
      ownerUid: null,
      stakeThreshold: "0",
    };
    const active = runEpoch(x);
    // uid 1 has no permit: the active stake is uid 0's alone
    expect(active.serverShare).toEqual(["0", "0", "0"]);
    expect(active.validatorShare).toEqual([String(ONE), "0", "0"]);
    expect(active.validatorShare).toEqual(active.fixed.activeStake);
    expect(active.validatorEmission).toEqual(["1000000", "0", "0"]);
    expect(active.serverEmission).toEqual(["0", "0", "0"]);
    // nobody active (lastUpdate + activityCutoff < currentBlock): the stake, 3/4 and 1/4
    const inactive = runEpoch({ ...x, activityCutoff: 5, currentBlock: 200 });
    expect(inactive.fixed.activeStake).toEqual(["0", "0", "0"]);
    expect(inactive.validatorShare).toEqual([String((3n * ONE) / 4n), String(ONE / 4n), "0"]);
    expect(inactive.validatorShare).toEqual(inactive.fixed.stake);
    expect(inactive.validatorEmission).toEqual(["750000", "250000", "0"]);
    // no stake at all: every share 0, nothing paid
    const none = runEpoch({ ...x, stake: ["0", "0", "0"] });
    expect([none.serverShare, none.validatorShare, none.validatorEmission]).toEqual([
      ["0", "0", "0"],
      ["0", "0", "0"],
      ["0", "0", "0"],
    ]);
  });

  it("pay the whole 2^64 − 1 rao to a share of one and saturate nothing below it", () => {
    const x = churnSubnet(7);
    const out = runEpoch({ ...x, raoEmission: String(U64_MAX) });
    checkShares({ ...x, raoEmission: String(U64_MAX) }, out, "max emission");
    expect(pay(ONE, U64_MAX)).toBe(U64_MAX);
  });
});

interface CoinbaseInput {
  subnets: Array<{ netuid: number; neurons: Array<{ serverShare: string; validatorShare: string }> }>;
}
interface CoinbaseOutput {
  computed: {
    subnets: Array<{ netuid: number; distribution: null | { raoEmission: string; neurons: Array<{ serverEmission: string; validatorEmission: string }> } }>;
  };
}
