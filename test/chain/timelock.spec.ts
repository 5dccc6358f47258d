/**
 * Timelocked commit-reveal on the real runtime (spec 300 under chopsticks): the runtime's own
 * `tle` crate decrypts what `SubtensorChain.commitTimelockedWeights` encrypts. A validator commits
 * weights encrypted to drand quicknet round 1000; the test writes drand's real round-1000 pulse
 * (sdk/test-fixtures/drand, copied from subtensor's drand tests) into the drand pallet's `Pulses`
 * with `dev_setStorage` (the pallet's offchain worker would fetch it over HTTP); at the reveal
 * epoch block the chain reveals it, and the weights it stores are the committed ones. A commit to
 * round 1001, whose pulse the chain never gets, is dropped by the chain at its reveal block:
 * no weights, no commit left.
 */
import { readFileSync } from "node:fs";
import { u8aToHex } from "@polkadot/util";
import { type ChainEvent, QUICKNET, roundAt, type TxResult, timelockedCall } from "@tao-subnet/sdk/chain";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { memoryStateStore, ValidatorRuntime } from "@tao-subnet/sdk/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runCli } from "../../cli/src/testing.js";
import { type LocalnetContext, pulseValue, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const TAO = 1_000_000_000n;
const pulse = JSON.parse(readFileSync(new URL("../../sdk/test-fixtures/drand/quicknet-pulse-1000.json", import.meta.url), "utf8")) as {
  round: number;
  randomness: string;
  signature: string;
};

const ok = <T>(r: TxResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error}: ${r.message}`);
  return r.value;
};

/** A kit the validator never queries with (its weights come from `weightsSource`). */
const echo: SubnetKit<{ word: string }, { answer: string }, string> = {
  name: "kit:echo",
  synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ answer: z.string() }) },
  challenge: () => ({ request: { word: "a" }, expected: "" }),
  serve: (req) => ({ answer: req.word }),
  scorer: { kind: "function", score: () => 65535 },
};

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("timelocked commit-reveal revealed by the real runtime (chopsticks)", () => {
    let ctx: LocalnetContext;
    /** Set by the first test, used by the second: the subnet, its validator and miners, and helpers. */
    let subnet: {
      netuid: number;
      uv: number;
      u1: number;
      u2: number;
      revealBlockOf: (b: number) => number;
      advanceTo: (b: number) => Promise<void>;
      storedCommits: () => Promise<number>;
    };
    beforeAll(async () => {
      ctx = await startLocalnetContext();
    }, 120_000);
    afterAll(async () => ctx?.close(), 60_000);

    it("a commit to round 1000 is revealed once its pulse is on chain; a commit to a round without a pulse is dropped", async () => {
      const { chain, sudo, accounts } = ctx;
      const api = chain.api;
      const [ownerHot, validator, m1, m2] = accounts as [(typeof accounts)[0], (typeof accounts)[0], (typeof accounts)[0], (typeof accounts)[0]];
      const { netuid } = ok(await chain.registerNetwork(sudo, ownerHot.address));
      await ctx.prepareSubnet!(netuid);
      const uv = ok(await chain.burnedRegister(validator, netuid, validator.address)).uid;
      const u1 = ok(await chain.burnedRegister(m1, netuid, m1.address)).uid;
      const u2 = ok(await chain.burnedRegister(m2, netuid, m2.address)).uid;
      ok(await chain.addStake(validator, validator.address, netuid, 1000n * TAO));
      ok(await chain.sudoSetHyperparameter(sudo, netuid, "commitRevealWeightsEnabled", true));
      const hp = await chain.hyperparameters(netuid);
      expect(hp.commitRevealWeightsEnabled).toBe(true);
      expect(await chain.supportsTimelockedCommits()).toBe(true);
      expect(await timelockedCall(api)).toMatchObject({ method: "commitCrv3Weights", format: "legacy" });

      const tp1 = hp.tempo + 1;
      const np1 = netuid + 1;
      const epochOf = (b: number) => Math.floor((b + np1) / tp1);
      const isEpochBlock = (b: number) => (b + np1) % tp1 === hp.tempo;
      /** spec 300: a commit in block b is keyed by its epoch (the next one on an epoch block) and revealed at the epoch block ending epoch key + period − 1. */
      const revealBlockOf = (b: number) => (epochOf(b) + (isEpochBlock(b) ? 1 : 0) + hp.commitRevealPeriod) * tp1 - np1 - 1;
      const advanceTo = async (block: number) => {
        const now = await chain.bestBlock();
        if (block > now) await ctx.advance(block - now);
      };
      const storedCommits = async () =>
        (await (api.query.subtensorModule as unknown as Record<string, { entries(n: number): Promise<unknown[]> }>).crv3WeightCommits!.entries(netuid)).length;
      const committedEvent = (events: ChainEvent[]) => events.find((e) => e.section === "subtensorModule" && e.method === "CRV3WeightsCommitted");

      // a validator permit first: one epoch with the stake
      await advanceTo((await chain.metagraph(netuid, { lite: true })).nextEpochBlock + 1);
      expect((await chain.metagraph(netuid, { lite: true })).neurons[uv]!.validatorPermit).toBe(true);

      // 1. round 1001: the chain never gets its pulse, so it drops the commit at the reveal block
      const lost = await chain.commitTimelockedWeights(validator, netuid, [u1, u2], [65535, 9000], hp.weightsVersion, { revealRound: 1001 });
      expect(lost.ok, lost.ok ? "" : `${lost.error}: ${lost.message}`).toBe(true);
      if (!lost.ok) return;
      expect(lost.value).toMatchObject({ revealRound: 1001, call: "commitCrv3Weights" });
      expect(committedEvent(lost.events)?.data[2]).toBe(lost.value.commitHash);
      expect(await storedCommits()).toBe(1);
      const lostAt = revealBlockOf(lost.block);
      await advanceTo(lostAt);
      expect(await storedCommits()).toBe(0);
      expect((await chain.metagraph(netuid)).weights[uv]).toEqual([]);

      // 2. round 1000: commit, the real pulse into Drand.Pulses, reveal at the reveal block
      await ctx.advance(2); // past the weights rate limit
      const committed = [
        [u1, 65535],
        [u2, 12345],
      ] as Array<[number, number]>;
      const r = await chain.commitTimelockedWeights(
        validator,
        netuid,
        committed.map(([u]) => u),
        committed.map(([, w]) => w),
        hp.weightsVersion,
        { revealRound: 1000 },
      );
      expect(r.ok, r.ok ? "" : `${r.error}: ${r.message}`).toBe(true);
      if (!r.ok) return;
      expect(committedEvent(r.events)?.data[2]).toBe(r.value.commitHash);
      const key = (api.query.drand as unknown as Record<string, { key(round: number): string }>).pulses!.key(1000);
      await api.rpc("dev_setStorage" as never, [[key, u8aToHex(pulseValue(pulse))]] as never);
      const pulses = await (api.query.drand as unknown as Record<string, (round: number) => Promise<{ toJSON(): unknown }>>).pulses!(1000);
      expect(pulses.toJSON()).toMatchObject({ round: 1000, signature: `0x${pulse.signature}` });
      const at = revealBlockOf(r.block);
      await advanceTo(at - 1);
      expect((await chain.metagraph(netuid)).weights[uv]).toEqual([]); // not before the reveal block
      await advanceTo(at);
      expect(await storedCommits()).toBe(0);
      expect((await chain.metagraph(netuid)).weights[uv]).toEqual(committed);
      const events = (await (
        await api.at(await chain.blockHash(at))
      ).query.system!.events!()) as unknown as Array<{ event: { section: string; method: string } }>;
      expect(events.some(({ event }) => event.section === "subtensorModule" && event.method === "CRV3WeightsRevealed")).toBe(true);
      subnet = { netuid, uv, u1, u2, revealBlockOf, advanceTo, storedCommits };
      console.log(`timelocked commit: round 1000 revealed at block ${at} (committed at ${r.block}); round 1001 dropped at block ${lostAt}`);
    }, 600_000);

    it("tao-subnet weights commit and ValidatorRuntime commit timelocked by default; --hash / commitReveal: hash keep the hash path", async () => {
      const { chain, accounts } = ctx;
      const { netuid, uv, u1, u2, revealBlockOf, advanceTo, storedCommits } = subnet;
      const validator = accounts[1]!; // //Charlie
      await ctx.advance(2); // the weights rate limit
      // the CLI, to round 1000 (its pulse is on chain since the first test): the chain reveals it
      const cli = await runCli([
        "weights",
        "commit",
        "--chain",
        ctx.net.endpoint,
        "--netuid",
        String(netuid),
        "--hotkey",
        "//Charlie",
        "--uids",
        `${u1},${u2}`,
        "--weights",
        "1,4",
        "--reveal-round",
        "1000",
        "--json",
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      const out = JSON.parse(cli.stdout) as { ok: boolean; timelocked: boolean; revealRound: number; block: number };
      expect(out).toMatchObject({ ok: true, timelocked: true, revealRound: 1000 });
      await advanceTo(revealBlockOf(out.block));
      expect((await chain.metagraph(netuid)).weights[uv]).toEqual([
        [u1, 16384],
        [u2, 65535],
      ]);

      // the runtime, by default: a timelocked commit to the round the reveal epoch's wall-clock time gives, nothing pending
      await ctx.advance(2);
      const events: Array<Record<string, unknown>> = [];
      const start = (commitReveal?: "hash") =>
        ValidatorRuntime.start({
          chain,
          netuid,
          hotkey: validator,
          kit: echo,
          secret: "timelock",
          stateStore: memoryStateStore(),
          weightsSource: () => ({ uids: [u1, u2], weights: [65535, 30000] }),
          log: (e) => events.push(e),
          ...(commitReveal ? { commitReveal } : {}),
        });
      const timelocked = await start();
      try {
        const before = roundAt(QUICKNET, Date.now() / 1000);
        expect(await timelocked.step()).toMatchObject({ weights: "committed" });
        expect(timelocked.pendingCommits).toHaveLength(0);
        expect(await storedCommits()).toBe(1);
        const committed = events.find((e) => e.event === "committed") as { revealRound: number };
        expect(committed).toMatchObject({ timelocked: true });
        // a round of the next few minutes: the reveal epoch is at most two tempos of blocks away
        expect(committed.revealRound).toBeGreaterThanOrEqual(before);
        expect(committed.revealRound).toBeLessThan(before + 200);
        console.log(`ValidatorRuntime: timelocked commit to round ${committed.revealRound} (now ${before})`);
      } finally {
        await timelocked.stop();
      }
      await ctx.advance(2);
      const hashed = await start("hash");
      try {
        expect(await hashed.step()).toMatchObject({ weights: "committed" });
        expect(hashed.pendingCommits).toHaveLength(1);
      } finally {
        await hashed.stop();
      }
    }, 600_000);
  });
}
