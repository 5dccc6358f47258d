/**
 * The `Chain` conformance suite: one set of behaviours every `Chain` implementation must show,
 * run against `DevChain` and `RemoteDevChain` in the sdk's tests and, where a runtime is given,
 * against `SubtensorChain` (test/chain). It takes the test functions as a parameter so it needs no
 * test runner at build time:
 *
 * ```ts
 * import { describe, expect, it } from "vitest";
 * chainSuite({ describe, it, expect }, "SubtensorChain", async () => ({ chain, owner, accounts, advance }));
 * ```
 *
 * What the context must give: a chain, an `owner` coldkey and at least four more `accounts`, each
 * funded with ≥ 2,000 TAO (registration burns, the network lock, stake), and `advance(n)` which
 * produces at least `n` blocks (DevChain: `advance`; a chopsticks node: `dev_newBlock`). The suite
 * registers its own subnet, so it may share a chain with other tests.
 */

import { commitHash } from "../chain/commitHash.js";
import type { Chain, Signer, TxResult } from "../chain/types.js";

/** What the suite needs from the test runner (vitest's `describe`, `it`, `expect` fit). */
export interface SuiteRunner {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void>, timeout?: number) => void;
  // biome-ignore lint/suspicious/noExplicitAny: the test runner's own `expect` (vitest's Assertion), which this suite does not import
  expect: (value: unknown, message?: string) => any;
}

/** A chain to test and the accounts and block production the suite uses. */
export interface ChainSuiteContext {
  chain: Chain;
  /** Coldkey that registers and owns the suite's subnet. */
  owner: Signer;
  /** At least four funded keys, used as coldkey and hotkey of validators and miners. */
  accounts: Signer[];
  /** Produces at least `n` blocks. */
  advance: (n: number) => Promise<void>;
  /** Per-test timeout in ms (default 60,000; subnet tests get twice that). */
  timeoutMs?: number;
  /**
   * Runs after the suite registers a subnet: what a real chain needs before the subnet is usable
   * (a localnet sets a short tempo and the registration limits as root, waits DurationOfStartCall
   * and calls start_call). The devnet: start_call.
   */
  prepareSubnet?: (netuid: number) => Promise<void>;
}

const TAO = 1_000_000_000n;

/** Registers the suite's conformance tests under `describe(name)`. `setup` runs once per test. */
export function chainSuite(t: SuiteRunner, name: string, setup: () => Promise<ChainSuiteContext>, teardown?: (ctx: ChainSuiteContext) => Promise<void>): void {
  const { describe, it, expect } = t;
  const ok = <T>(r: TxResult<T>): T => {
    expect(r.ok, r.ok ? "" : `${r.error}: ${r.message}`).toBe(true);
    return (r as { value: T }).value;
  };
  /** Runs `body` with a fresh context and a new subnet owned by ctx.owner (commit-reveal off, short rate limit). */
  const withSubnet = (title: string, body: (ctx: ChainSuiteContext, netuid: number) => Promise<void>) =>
    it(title, async () => {
      const ctx = await setup();
      try {
        const { netuid } = ok(await ctx.chain.registerNetwork(ctx.owner, ctx.owner.address));
        await ctx.prepareSubnet?.(netuid);
        ok(await ctx.chain.setHyperparameter(ctx.owner, netuid, "commitRevealWeightsEnabled", false));
        await body(ctx, netuid);
      } finally {
        await teardown?.(ctx);
      }
    }, 600_000);
  const toNextEpoch = async (ctx: ChainSuiteContext, netuid: number) => {
    const mg = await ctx.chain.metagraph(netuid, { lite: true });
    await ctx.advance(Math.max(1, mg.nextEpochBlock - mg.block + 1));
  };

  describe(`Chain conformance: ${name}`, () => {
    it("produces blocks with 32-byte hashes and notifies subscribers", async () => {
      const ctx = await setup();
      try {
        const start = await ctx.chain.bestBlock();
        const seen: number[] = [];
        const off = await ctx.chain.subscribeBlocks((b, hash) => {
          expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
          seen.push(b);
        });
        await ctx.advance(2);
        await ctx.chain.waitForBlock(start + 2);
        // subscribers may be told asynchronously: wait a little for the last notification
        for (let i = 0; i < 50 && !seen.includes(start + 2); i++) await new Promise((r) => setTimeout(r, 20));
        off();
        expect(await ctx.chain.bestBlock()).toBeGreaterThanOrEqual(start + 2);
        expect(seen).toContain(start + 2);
        expect(await ctx.chain.blockHash(start + 1)).toMatch(/^0x[0-9a-f]{64}$/);
      } finally {
        await teardown?.(ctx);
      }
    }, 60_000);

    withSubnet("registers a subnet and burned-registers hotkeys, refusing a second registration", async (ctx, netuid) => {
      const { chain } = ctx;
      expect(await chain.subnets()).toContain(netuid);
      expect(await chain.subnetExists(netuid)).toBe(true);
      const hp = await chain.hyperparameters(netuid);
      expect(hp.tempo).toBeGreaterThan(0);
      const [a] = ctx.accounts;
      const before = await chain.balance(a!.address);
      const { uid } = ok(await chain.burnedRegister(a!, netuid, a!.address));
      expect(await chain.uidOf(netuid, a!.address)).toBe(uid);
      expect(await chain.balance(a!.address)).toBeLessThan(before);
      expect(await chain.burnedRegister(a!, netuid, a!.address)).toMatchObject({ ok: false, error: "HotKeyAlreadyRegisteredInSubNet" });
      const mg = await chain.metagraph(netuid);
      expect(mg.neurons.find((n) => n.uid === uid)?.hotkey).toBe(a!.address);
      expect(mg.n).toBe(mg.neurons.length);
      expect(await chain.burnedRegister(a!, 4000, a!.address)).toMatchObject({ ok: false, error: "SubNetworkDoesNotExist" });
    });

    withSubnet("serves axons, publishes commitments, adds stake", async (ctx, netuid) => {
      const { chain } = ctx;
      const [a] = ctx.accounts;
      const { uid } = ok(await chain.burnedRegister(a!, netuid, a!.address));
      // checked before the serving rate limit, so first; 192.0.2.0/24 is TEST-NET (the chain refuses 127.0.0.1 itself)
      expect(await chain.serveAxon(a!, netuid, { ip: "192.0.2.10", port: 0, ipType: 4, protocol: 4, version: 1 })).toMatchObject({
        ok: false,
        error: "InvalidPort",
      });
      ok(await chain.serveAxon(a!, netuid, { ip: "192.0.2.10", port: 8091, ipType: 4, protocol: 4, version: 1 }));
      expect((await chain.metagraph(netuid, { lite: true })).neurons[uid]?.axon).toMatchObject({ ip: "192.0.2.10", port: 8091 });
      ok(await chain.setCommitment(a!, netuid, "sha256:00ff"));
      expect(await chain.commitment(netuid, a!.address)).toBe("sha256:00ff");
      // past 128 bytes a commitment takes the BigRaw field (up to 512)
      const long = `{"note":"${"é".repeat(140)}"}`;
      ok(await chain.setCommitment(a!, netuid, long));
      expect(await chain.commitment(netuid, a!.address)).toBe(long);
      const stake0 = (await chain.metagraph(netuid, { lite: true })).neurons[uid]!.stake;
      ok(await chain.addStake(a!, a!.address, netuid, 10n * TAO));
      expect((await chain.metagraph(netuid, { lite: true })).neurons[uid]!.stake).toBeGreaterThan(stake0);
    });

    withSubnet(
      "sets weights with the chain's checks (version key, duplicates, lengths, rate limit) and error names, and pays the weighted miner after an epoch",
      async (ctx, netuid) => {
        const { chain } = ctx;
        const [v, m1, m2, stranger] = ctx.accounts;
        const uv = ok(await chain.burnedRegister(v!, netuid, v!.address)).uid;
        const u1 = ok(await chain.burnedRegister(m1!, netuid, m1!.address)).uid;
        const u2 = ok(await chain.burnedRegister(m2!, netuid, m2!.address)).uid;
        ok(await chain.addStake(v!, v!.address, netuid, 1000n * TAO));
        expect(await chain.setWeights(stranger!, netuid, [u1], [1], 0n)).toMatchObject({ ok: false, error: "HotKeyNotRegisteredInSubNet" });
        await toNextEpoch(ctx, netuid); // stake → validator permit
        expect((await chain.metagraph(netuid, { lite: true })).neurons[uv]!.validatorPermit).toBe(true);
        expect(await chain.setWeights(v!, netuid, [u1, u1], [1, 2], 0n)).toMatchObject({ ok: false, error: "DuplicateUids" });
        expect(await chain.setWeights(v!, netuid, [u1, 9999], [1, 2], 0n)).toMatchObject({ ok: false });
        expect(await chain.setWeights(v!, netuid, [u1], [1, 2], 0n)).toMatchObject({ ok: false, error: "WeightVecNotEqualSize" });
        ok(await chain.setHyperparameter(ctx.owner, netuid, "weightsVersion", 5n));
        expect(await chain.setWeights(v!, netuid, [u1, u2], [65535, 16384], 4n)).toMatchObject({ ok: false, error: "IncorrectWeightVersionKey" });
        expect(await chain.setWeights(v!, netuid, [u1, u2], [65535, 16384], 0n)).toMatchObject({ ok: false, error: "IncorrectWeightVersionKey" }); // 0 is no wildcard
        ok(await chain.setWeights(v!, netuid, [u1, u2], [65535, 16384], 5n));
        expect(await chain.setWeights(v!, netuid, [u1], [1], 5n)).toMatchObject({ ok: false, error: "SettingWeightsTooFast" });
        const row = (await chain.metagraph(netuid)).weights[uv];
        expect(row).toEqual([
          [u1, 65535],
          [u2, 16384],
        ]);
        await toNextEpoch(ctx, netuid);
        const mg = await chain.metagraph(netuid, { lite: true });
        expect(mg.neurons[u1]!.incentive).toBeGreaterThan(mg.neurons[u2]!.incentive);
        expect(mg.neurons[u2]!.incentive).toBeGreaterThan(0);
        expect(mg.neurons[uv]!.dividends).toBeGreaterThan(0);
        expect(mg.neurons[u1]!.emission).toBeGreaterThan(mg.neurons[u2]!.emission);
      },
    );

    withSubnet("commit-reveal: refuses set_weights, reveals only in the reveal epoch with the committed hash", async (ctx, netuid) => {
      const { chain } = ctx;
      const [v, m1] = ctx.accounts;
      const uv = ok(await chain.burnedRegister(v!, netuid, v!.address)).uid;
      const u1 = ok(await chain.burnedRegister(m1!, netuid, m1!.address)).uid;
      ok(await chain.addStake(v!, v!.address, netuid, 1000n * TAO));
      ok(await chain.setHyperparameter(ctx.owner, netuid, "commitRevealWeightsEnabled", true));
      await toNextEpoch(ctx, netuid);
      expect(await chain.setWeights(v!, netuid, [u1], [1], 0n)).toMatchObject({ ok: false, error: "CommitRevealEnabled" });
      const salt = [3, 1, 4];
      ok(await chain.commitWeights(v!, netuid, commitHash(v!.address, netuid, [u1], [65535], salt, 0n)));
      expect(await chain.revealWeights(v!, netuid, [u1], [65535], salt, 0n)).toMatchObject({ ok: false, error: "RevealTooEarly" });
      const period = (await chain.hyperparameters(netuid)).commitRevealPeriod;
      for (let i = 0; i < period; i++) await toNextEpoch(ctx, netuid);
      expect(await chain.revealWeights(v!, netuid, [u1], [65535], [9, 9, 9], 0n)).toMatchObject({ ok: false, error: "InvalidRevealCommitHashNotMatch" });
      ok(await chain.revealWeights(v!, netuid, [u1], [65535], salt, 0n));
      expect((await chain.metagraph(netuid)).weights[uv]).toEqual([[u1, 65535]]);
      await toNextEpoch(ctx, netuid);
      const mg = await chain.metagraph(netuid, { lite: true });
      expect(mg.neurons[u1]!.incentive).toBeGreaterThan(0);
      expect(mg.neurons[uv]!.dividends).toBeGreaterThan(0);
    });

    withSubnet("lets only the owner set hyperparameters", async (ctx, netuid) => {
      const { chain } = ctx;
      const [a] = ctx.accounts;
      const r = await chain.setHyperparameter(a!, netuid, "weightsVersion", 7n);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(["NotSubnetOwner", "BadOrigin"]).toContain(r.error);
      ok(await chain.setHyperparameter(ctx.owner, netuid, "weightsVersion", 7n));
      expect((await chain.hyperparameters(netuid)).weightsVersion).toBe(7n);
    });
  });
}
