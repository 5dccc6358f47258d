import { type CoinbaseInput, type CoinbaseOutput, coinbaseStep } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coinbaseInput } from "./coinbaseArbitraries.js";
import { probeWords } from "./coinbaseFixtures.js";

const RUNS = 300;
const U64_MAX = (1n << 64n) - 1n;
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

/** tou64 of the excess TAO the chain charges the credit for subnet `i`'s buy (its terms, from the probe). */
function excessTerm(x: CoinbaseInput, out: CoinbaseOutput, i: number): bigint {
  const s = x.subnets[i]!;
  const e = BigInt(out.computed.subnets[i]!.taoEmission);
  const w = probeWords("coinbaseSubnetTerms", [
    e >> 64n,
    e & U64_MAX,
    BigInt(s.mechanism),
    BigInt(s.subnetTao),
    BigInt(s.subnetAlphaIn),
    BigInt(s.subnetAlphaOut),
    BigInt(s.swapQuoteWeight),
    BigInt(x.rootSubnetTao),
    BigInt(x.taoWeight),
  ]);
  const bits = (w[5]! << 64n) | w[6]!;
  return bits >> 32n > U64_MAX ? U64_MAX : bits >> 32n;
}

describe(`coinbase step properties (${RUNS} random networks: 1–16 subnets, gates on and off, epochs run and deferred, issuances at halving edges)`, () => {
  it("conserves TAO: minted = injected + spent on buys + recycled, and TotalIssuance moves by minted − recycled", () => {
    const seen = { injected: 0, spent: 0, recycled: 0, bought: 0 };
    fc.assert(
      fc.property(coinbaseInput(), (x) => {
        const out = coinbaseStep(x);
        const c = out.computed;
        const minted = BigInt(c.blockEmission);
        const injected = sum(c.subnets.map((s) => BigInt(s.taoIn)));
        const spent = sum(c.subnets.map((s, i) => (s.emitted ? excessTerm(x, out, i) : 0n)));
        expect(minted).toBe(injected + spent + BigInt(c.taoRecycled));
        if (injected > 0n) seen.injected++;
        if (spent > 0n) seen.spent++;
        if (BigInt(c.taoRecycled) > 0n) seen.recycled++;
        if (c.subnets.some((s) => BigInt(s.alphaBought) > 0n)) seen.bought++;
        expect(BigInt(out.state.totalIssuance)).toBe(BigInt(x.totalIssuance) + minted - BigInt(c.taoRecycled));
        // the mint never passes the 21M cap
        expect(BigInt(out.state.totalIssuance) <= 21_000_000_000_000_000n || BigInt(x.totalIssuance) > 21_000_000_000_000_000n).toBe(true);
        // a buy that went through put all its TAO into the pool
        c.subnets.forEach((s, i) => {
          if (BigInt(s.alphaBought) > 0n) expect(BigInt(s.excessTao)).toBe(excessTerm(x, out, i));
        });
      }),
      { numRuns: RUNS },
    );
    // the random networks reach every branch of the sum
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(0);
  });

  it("moves every reserve by exactly what it computed, without going below zero", () => {
    fc.assert(
      fc.property(coinbaseInput(), (x) => {
        const out = coinbaseStep(x);
        out.computed.subnets.forEach((c, i) => {
          const before = x.subnets[i]!;
          const after = out.state.subnets[i]!;
          // a balancer pool's buy never takes more alpha than its reserve holds; a stable subnet swaps
          // 1:1 and its alpha reserve saturates at 0, as the chain's decrease_provided_alpha_reserve does
          const bought = BigInt(c.alphaBought);
          const reserve = BigInt(before.subnetAlphaIn);
          if (before.mechanism === 1) expect(bought <= reserve).toBe(true);
          expect(BigInt(after.subnetAlphaIn)).toBe((bought > reserve ? 0n : reserve - bought) + BigInt(c.alphaIn));
          expect(BigInt(after.subnetTao)).toBe(BigInt(before.subnetTao) + BigInt(c.excessTao) + BigInt(c.taoIn));
          expect(BigInt(after.subnetProtocolAlpha)).toBe(BigInt(before.subnetProtocolAlpha) + BigInt(c.alphaBought));
          // alpha out: minted, bought, minus recycled root alpha and recycled owner incentive (never below zero)
          let out_ = BigInt(before.subnetAlphaOut) + BigInt(c.alphaOut) + BigInt(c.alphaBought);
          if (!out.computed.rootSellFlag) out_ -= BigInt(c.rootAlpha);
          if (c.distribution && after.recycleOrBurn === "recycle") out_ -= BigInt(c.distribution.incentiveWithheld);
          expect(out_ >= 0n).toBe(true);
          expect(BigInt(after.subnetAlphaOut)).toBe(out_);
        });
        const stake = BigInt(x.totalStake) + sum(out.computed.subnets.map((c) => BigInt(c.taoIn) + BigInt(c.excessTao)));
        expect(BigInt(out.state.totalStake)).toBe(stake);
      }),
      { numRuns: RUNS },
    );
  });

  it("distributes at most what an epoch drained, pays every uid's stake exactly, and defers past MaxEpochsPerBlock", () => {
    let ran = 0;
    let deferred = 0;
    fc.assert(
      fc.property(coinbaseInput(), (x) => {
        const out = coinbaseStep(x);
        let epochs = 0;
        out.computed.subnets.forEach((c, i) => {
          if (c.epoch === "deferred") {
            deferred++;
            expect(out.state.subnets[i]!.pendingEpochAt).toBe((BigInt(x.blockNumber) + 1n).toString());
          }
          if (c.epoch !== "ran") return;
          ran++;
          epochs++;
          const d = c.distribution!;
          const rao = BigInt(d.raoEmission);
          expect(rao).toBe(BigInt(c.drained!.server) + BigInt(c.drained!.validator) + BigInt(c.drained!.root));
          expect(sum(d.neurons.map((n) => BigInt(n.serverEmission))) <= rao).toBe(true);
          const paid = sum(d.neurons.map((n) => BigInt(n.alphaDividends) + BigInt(n.alphaTake)));
          expect(paid <= BigInt(c.drained!.validator) + BigInt(c.drained!.server)).toBe(true);
          expect(sum(d.neurons.map((n) => BigInt(n.rootAlphaDividends) + BigInt(n.rootTake))) <= BigInt(c.drained!.root)).toBe(true);
          const s = x.subnets[i]!;
          s.neurons.forEach((n, uid) => {
            const p = d.neurons[uid]!;
            const withheld = uid === s.ownerHotkeyUid || n.ownedBySubnetOwner;
            const gain =
              (withheld ? 0n : BigInt(p.serverEmission)) +
              BigInt(p.alphaDividends) +
              BigInt(p.alphaTake) +
              BigInt(p.rootTake) +
              (uid === s.ownerHotkeyUid ? BigInt(d.ownerCutStaked) : 0n);
            expect(BigInt(out.state.subnets[i]!.neurons[uid]!.alphaStake)).toBe(BigInt(n.alphaStake) + gain);
          });
        });
        expect(epochs <= x.maxEpochsPerBlock).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(ran).toBeGreaterThan(0);
    expect(deferred).toBeGreaterThan(0);
  });

  it("gives the same bytes on the debug and release builds", () => {
    fc.assert(
      fc.property(coinbaseInput(), (x) => {
        expect(JSON.stringify(coinbaseStep(x, { target: "debug" }))).toBe(JSON.stringify(coinbaseStep(x, { target: "release" })));
      }),
      { numRuns: 100 },
    );
  });
});
