/**
 * Mechanisms against the real runtime's metadata (spec 300 under chopsticks). Spec 300 has no
 * mechanisms: its metadata has no `set_mechanism_weights` (nor the commit, reveal and timelocked
 * mechanism calls, nor MechanismCountCurrent), so the client sends the plain calls for mechanism 0,
 * which the runtime decodes and applies, reads the metagraph of mechanism 0 under the netuid, and
 * refuses a mechanism above 0 with a typed MECHANISMS_UNSUPPORTED before anything is signed.
 */
import { ChainError, commitHash, mechanismStorageIndex, type TxResult, timelockedCall } from "@tao-subnet/sdk/chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalnetContext, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const TAO = 1_000_000_000n;

const ok = <T>(r: TxResult<T>): T => {
  if (!r.ok) throw new Error(`${r.error}: ${r.message}`);
  return r.value;
};

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("mechanisms on the spec-300 runtime (chopsticks)", () => {
    let ctx: LocalnetContext;
    beforeAll(async () => {
      ctx = await startLocalnetContext();
    }, 120_000);
    afterAll(async () => ctx?.close(), 60_000);

    it("has no mechanism calls: mecid 0 goes through the plain calls, mecid 1 is MECHANISMS_UNSUPPORTED", async () => {
      const { chain, sudo, accounts } = ctx;
      const api = chain.api;
      const tx = api.tx.subtensorModule as unknown as Record<string, unknown>;
      // what the metadata offers (the client branches on this, never on the spec number)
      for (const call of ["setMechanismWeights", "commitMechanismWeights", "revealMechanismWeights", "commitTimelockedMechanismWeights"])
        expect(tx[call], call).toBeUndefined();
      expect((api.query.subtensorModule as unknown as Record<string, unknown>).mechanismCountCurrent).toBeUndefined();
      expect((api.tx.adminUtils as unknown as Record<string, unknown>).sudoSetMechanismCount).toBeUndefined();
      expect(chain.hasMechanisms).toBe(false);
      expect(await timelockedCall(api, 1)).toBeNull(); // commit_crv3_weights has no mecid

      const [ownerHot, validator, m1] = accounts as [(typeof accounts)[0], (typeof accounts)[0], (typeof accounts)[0]];
      const { netuid } = ok(await chain.registerNetwork(sudo, ownerHot.address));
      await ctx.prepareSubnet!(netuid);
      const uv = ok(await chain.burnedRegister(validator, netuid, validator.address)).uid;
      const u1 = ok(await chain.burnedRegister(m1, netuid, m1.address)).uid;
      ok(await chain.addStake(validator, validator.address, netuid, 1000n * TAO));
      expect(await chain.mechanisms(netuid)).toEqual({ count: 1, emissionSplit: null, maxCount: 1 });

      // a validator permit first: one epoch with the stake
      const first = await chain.metagraph(netuid, { lite: true });
      await ctx.advance(first.nextEpochBlock + 1 - first.block);
      const hp = await chain.hyperparameters(netuid);

      // mecid 0 explicitly: the plain set_weights, applied by the runtime under the netuid
      const set = await chain.setWeights(validator, netuid, [u1], [65535], hp.weightsVersion, { mecid: 0 });
      expect(set.ok, set.ok ? "" : `${set.error}: ${set.message}`).toBe(true);
      expect(set.events.find((e) => e.method === "WeightsSet")?.data).toEqual([netuid, uv]);
      const mg = await chain.metagraph(netuid, { mecid: 0 });
      expect(mg).toMatchObject({ mecid: 0, mechanismCount: 1 });
      expect(mg.weights[uv]).toEqual([[u1, 65535]]);
      // mechanism 0's storage index is the netuid: the hash commit-reveal of spec 300 checks the same bytes
      expect(commitHash(validator.address, mechanismStorageIndex(netuid, 0), [u1], [65535], [1], 0n)).toBe(
        commitHash(validator.address, netuid, [u1], [65535], [1], 0n),
      );

      // mecid 1: refused by the client, typed, before anything is signed
      const before = await chain.bestBlock();
      const unsupported = { code: "MECHANISMS_UNSUPPORTED", kind: "unavailable" };
      await expect(chain.setWeights(validator, netuid, [u1], [65535], hp.weightsVersion, { mecid: 1 })).rejects.toMatchObject({
        ...unsupported,
        field: "setWeights.mecid",
      });
      await expect(chain.commitWeights(validator, netuid, `0x${"00".repeat(32)}`, { mecid: 1 })).rejects.toMatchObject(unsupported);
      await expect(chain.revealWeights(validator, netuid, [u1], [65535], [1], 0n, { mecid: 1 })).rejects.toMatchObject(unsupported);
      await expect(chain.commitTimelockedWeights(validator, netuid, [u1], [65535], 0n, { mecid: 1 })).rejects.toMatchObject(unsupported);
      await expect(chain.metagraph(netuid, { mecid: 1 })).rejects.toMatchObject(unsupported);
      await expect(chain.setMechanismCount(sudo, netuid, 2)).rejects.toMatchObject(unsupported);
      await expect(chain.setMechanismEmissionSplit(sudo, netuid, [65535])).rejects.toBeInstanceOf(ChainError);
      await expect(chain.setWeights(validator, netuid, [u1], [65535], 0n, { mecid: 256 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      expect(await chain.bestBlock()).toBe(before); // nothing reached the chain
    }, 300_000);
  });
}
