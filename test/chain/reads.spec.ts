/**
 * The reads that differ between runtimes, against the runtime itself (spec 300 under chopsticks):
 * each read is checked against the chain's own numbers, not against our formulas.
 * - Next epoch block: predicted from the metagraph, then the blocks are built and the block where
 *   the runtime ran the epoch (`LastMechansimStepBlock`) must be the predicted one; again after
 *   root changes tempo. The owner's tempo: spec 300 has no `set_tempo`, so a typed error before
 *   sending (and the chain itself refuses the owner's `sudo_set_tempo`).
 * - Activity cutoff: the value read is the runtime API's, and the epoch's `Active` output follows
 *   `lastUpdate + cutoff >= epoch block` with it.
 * - Epoch stake: alpha + TaoWeight × root with a child key, equal, uid by uid, to the runtime API's
 *   `get_metagraph` total_stake (the runtime's own `get_stake_weights_for_network`), and the
 *   validator permit the epoch gives goes to the neuron the client reports with the most stake.
 * The spec-425 forms (LastEpochBlock, ActivityCutoffFactorMilli, set_tempo) cannot run here: see
 * sdk/src/chain/subtensor/reads.spec.ts.
 */
import type { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { ChainError, ChainErrorCode, readAllHyperparameters, readEpochStakes, scheduleKind, subtensorStorage, type TxResult } from "@tao-subnet/sdk/chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalnetContext, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const TAO = 1_000_000_000n;
type Codec = { toJSON(): unknown; toString(): string };

const ok = <T>(r: TxResult<T>, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.error}: ${r.message}`);
  return r.value;
};

/** A SubtensorModule item at a block. */
async function itemAt(api: ApiPromise, block: number, item: string, ...keys: unknown[]): Promise<Codec> {
  const at = await api.at((await api.rpc.chain.getBlockHash(block)).toHex());
  return (at.query.subtensorModule as unknown as Record<string, (...k: unknown[]) => Promise<Codec>>)[item]!(...keys);
}

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("reads right on the connected runtime: spec 300 (chopsticks)", () => {
    let ctx: LocalnetContext;
    const keyring = new Keyring({ type: "sr25519" });
    const advanceTo = async (block: number) => {
      const now = await ctx.chain.bestBlock();
      if (block > now) await ctx.advance(block - now);
    };
    beforeAll(async () => {
      ctx = await startLocalnetContext();
    }, 120_000);
    afterAll(async () => ctx?.close(), 60_000);

    it("the next epoch block is where the runtime runs the epoch, before and after root changes tempo; the owner's tempo is a typed error", async () => {
      const { chain, sudo, accounts } = ctx;
      expect(scheduleKind(subtensorStorage(chain.api))).toBe("modulo");
      const { netuid } = ok(await chain.registerNetwork(sudo, accounts[0]!.address), "register subnet");
      await ctx.prepareSubnet!(netuid);
      const lastStep = async (block: number) => Number((await itemAt(chain.api, block, "lastMechansimStepBlock", netuid)).toString());

      /** Predicts the next epoch, builds blocks up to it, and checks the runtime ran it there and not before. */
      const epochAsPredicted = async () => {
        const mg = await chain.metagraph(netuid, { lite: true });
        const predicted = mg.nextEpochBlock;
        expect(predicted).toBeGreaterThan(mg.block);
        await advanceTo(predicted);
        expect(await lastStep(predicted - 1), "no epoch between the prediction and the predicted block").toBeLessThanOrEqual(mg.block);
        expect(await lastStep(predicted), "the runtime ran the epoch at the predicted block").toBe(predicted);
        return predicted;
      };

      const tempo = (await chain.hyperparameters(netuid)).tempo;
      expect(tempo).toBe(10);
      const e1 = await epochAsPredicted();
      const e2 = await epochAsPredicted();
      expect(e2 - e1).toBe(tempo + 1);

      // spec 300 has no owner set_tempo: the client refuses before sending, and names the root path
      await expect(chain.setHyperparameter(sudo, netuid, "tempo", 400)).rejects.toMatchObject({ code: ChainErrorCode.CALL_NOT_AVAILABLE, field: "tempo" });
      await chain.setHyperparameter(sudo, netuid, "tempo", 400).catch((e: unknown) => {
        expect(e).toBeInstanceOf(ChainError);
        expect((e as ChainError).message).toMatch(/only root sets tempo there; on a localnet use sudoSetHyperparameter/);
      });
      // and the chain agrees: AdminUtils' sudo_set_tempo signed by the owner (not root) is BadOrigin
      const byOwner = await chain.submit(sudo, "adminUtils", "sudoSetTempo", [netuid, 400]);
      expect(byOwner).toMatchObject({ ok: false, error: "BadOrigin" });
      expect((await chain.hyperparameters(netuid)).tempo).toBe(tempo);

      // root changes tempo: the read follows, and so does the prediction
      ok(await chain.sudoSetHyperparameter(sudo, netuid, "tempo", 7), "sudo tempo");
      expect((await chain.hyperparameters(netuid)).tempo).toBe(7);
      const e3 = await epochAsPredicted();
      const e4 = await epochAsPredicted();
      expect(e4 - e3).toBe(8);
    }, 300_000);

    it("the activity cutoff read is the runtime's, and the epoch's Active output follows it", async () => {
      const { chain, sudo, accounts } = ctx;
      const api = chain.api;
      const { netuid } = ok(await chain.registerNetwork(sudo, accounts[1]!.address), "register subnet");
      await ctx.prepareSubnet!(netuid);
      // the owner sets it (spec 300: sudo_set_activity_cutoff, owner or root, at least MinActivityCutoff)
      ok(await chain.setHyperparameter(sudo, netuid, "activityCutoff", 400), "owner activity cutoff");
      const hp = await chain.hyperparameters(netuid);
      expect(hp.activityCutoff).toBe(400);
      expect(hp.activityCutoffFactorMilli).toBeUndefined();
      expect((await readAllHyperparameters(chain, netuid))?.activity_cutoff).toBe(400);

      const early = keyring.addFromUri("//ReadsEarly");
      const late = keyring.addFromUri("//ReadsLate");
      for (const k of [early, late]) ok(await chain.send(sudo, () => api.tx.balances!.transferKeepAlive!(k.address, 100n * TAO)), "fund");
      ok(await chain.burnedRegister(early, netuid, early.address), "register early");
      await ctx.advance(3);
      ok(await chain.burnedRegister(late, netuid, late.address), "register late");
      const mg = await chain.metagraph(netuid, { lite: true });
      const E = mg.nextEpochBlock;
      const byHotkey = new Map(mg.neurons.map((n) => [n.hotkey, n]));
      const lateUpdate = byHotkey.get(late.address)!.lastUpdate;
      const earlyUpdate = byHotkey.get(early.address)!.lastUpdate;
      expect(earlyUpdate).toBeLessThan(lateUpdate);
      // a cutoff below MinActivityCutoff, written into storage: `late` is active at E exactly at the edge, `early` is not
      const cutoff = E - lateUpdate;
      const key = (api.query.subtensorModule as unknown as Record<string, { key(n: number): string }>).activityCutoff!.key(netuid);
      await api.rpc("dev_setStorage" as never, [[key, u8aToHex(api.createType("u16", cutoff).toU8a())]] as never);
      expect((await chain.hyperparameters(netuid)).activityCutoff).toBe(cutoff);
      await advanceTo(E);
      const active = (await itemAt(api, E, "active", netuid)).toJSON() as boolean[];
      const lastUpdate = (await itemAt(api, E - 1, "lastUpdate", netuid)).toJSON() as number[];
      expect(active).toEqual(lastUpdate.map((u) => u + cutoff >= E));
      expect(active[byHotkey.get(late.address)!.uid]).toBe(true);
      expect(active[byHotkey.get(early.address)!.uid]).toBe(false);
    }, 300_000);

    it("the stake the client reports is the epoch's (alpha + TaoWeight × root, with a child key), uid for uid, and the permit follows it", async () => {
      const { chain, sudo, accounts } = ctx;
      const api = chain.api;
      const { netuid } = ok(await chain.registerNetwork(sudo, accounts[2]!.address), "register subnet");
      await ctx.prepareSubnet!(netuid);
      const [v1, v2, child] = ["//ReadsV1", "//ReadsV2", "//ReadsChild"].map((u) => keyring.addFromUri(u)) as [
        ReturnType<Keyring["addFromUri"]>,
        ReturnType<Keyring["addFromUri"]>,
        ReturnType<Keyring["addFromUri"]>,
      ];
      for (const k of [v1, v2, child]) {
        ok(await chain.send(sudo, () => api.tx.balances!.transferKeepAlive!(k.address, 10_000n * TAO)), "fund");
        ok(await chain.burnedRegister(k, netuid, k.address), "register");
      }
      // staking on the root subnet: this localnet's genesis leaves its subtoken off
      ok(await chain.send(sudo, () => chain.sudoCall("adminUtils", "sudoSetSubtokenEnabled", [0, true])), "root subtoken");
      // v1: little alpha, much root stake; v2: more alpha, a tenth of it delegated to `child`
      ok(await chain.addStake(v1, v1.address, netuid, 10n * TAO), "v1 alpha");
      ok(await chain.addStake(v1, v1.address, 0, 5_000n * TAO), "v1 root");
      ok(await chain.addStake(v2, v2.address, netuid, 100n * TAO), "v2 alpha");
      const tenth = ((1n << 64n) - 1n) / 10n;
      ok(await chain.submit(v2, "subtensorModule", "setChildren", [v2.address, netuid, [[tenth, child.address]]]), "set children");
      // pending child keys (cooldown 0) apply at the subnet's next epoch block, after its coinbase
      await advanceTo((await chain.metagraph(netuid, { lite: true })).nextEpochBlock);
      const parents = (
        await (api.query.subtensorModule as unknown as Record<string, (...k: unknown[]) => Promise<Codec>>).parentKeys!(child.address, netuid)
      ).toJSON();
      expect(parents, "the child key is in effect").toEqual([[expect.anything(), v2.address]]);
      ok(await chain.sudoSetHyperparameter(sudo, netuid, "maxAllowedValidators", 1), "one permit");

      const mg = await chain.metagraph(netuid, { lite: true });
      const raw = await (api.call as unknown as Record<string, Record<string, (n: number) => Promise<Codec>>>).subnetInfoRuntimeApi!.getMetagraph!(netuid);
      const chainMg = raw.toJSON() as { totalStake: Array<number | string>; alphaStake: Array<number | string>; taoStake: Array<number | string> };
      const want = (xs: Array<number | string>) => xs.map((x) => BigInt(x));
      expect(mg.neurons.map((n) => n.stake)).toEqual(want(chainMg.totalStake));
      const parts = await readEpochStakes(
        subtensorStorage(api),
        netuid,
        mg.neurons.map((n) => n.hotkey),
      );
      expect(parts.map((p) => p.alpha)).toEqual(want(chainMg.alphaStake));
      expect(parts.map((p) => p.root)).toEqual(want(chainMg.taoStake));

      const uid = (a: string) => mg.neurons.find((n) => n.hotkey === a)!.uid;
      const alphaOnly = await Promise.all(mg.neurons.map(async (n) => BigInt((await itemAt(api, mg.block, "totalHotkeyAlpha", n.hotkey, netuid)).toString())));
      const argmax = (xs: bigint[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0);
      // the case this test is for: by alpha alone v2 leads; with the root term v1 does
      expect(argmax(alphaOnly)).toBe(uid(v2.address));
      expect(argmax(mg.neurons.map((n) => n.stake))).toBe(uid(v1.address));
      expect(parts[uid(v1.address)]!.root).toBe(5_000n * TAO);
      expect(parts[uid(child.address)]!.alpha).toBeGreaterThan(0n);

      await advanceTo(mg.nextEpochBlock);
      const after = await chain.metagraph(netuid, { lite: true });
      expect(after.neurons.filter((n) => n.validatorPermit).map((n) => n.uid)).toEqual([uid(v1.address)]);
    }, 300_000);
  });
}
