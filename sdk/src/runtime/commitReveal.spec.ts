/**
 * Commit-reveal state against the devnet's commit-reveal (the chain's checks and error names):
 * the commit is saved before it is sent, a refused commit is forgotten, reveals wait for
 * `revealAt`, and each refusal of a reveal keeps or drops the commit as the module's header says.
 */
import type { KeyringPair } from "@polkadot/keyring/types";
import { describe, expect, it } from "vitest";
import { devnetSubnet } from "../../test-fixtures/devnetSubnet.js";
import { commitHash } from "../chain/commitHash.js";
import type { DevChain } from "../chain/dev/devChain.js";
import { mechanismStorageIndex } from "../chain/mechanisms.js";
import { CommitReveal, REVEAL_ENDS_COMMIT, revealOutcome } from "./commitReveal.js";
import type { PendingCommit } from "./state.js";

const TEMPO = 10;

/** A subnet with commit-reveal (period 1), a staked validator with its permit, an outsider (registered, never staked: no permit) and two miners. */
async function subnet() {
  const s = await devnetSubnet(
    "cr",
    { tempo: TEMPO, weightsRateLimit: 2, commitRevealWeightsEnabled: true, commitRevealPeriod: 1 },
    { miners: 2, others: ["outsider"] },
  );
  return { ...s, outsider: s.others[0]! };
}

/** A CommitReveal whose saves are recorded (what the durable file would hold after each write). */
function recorded(initial: PendingCommit[] = []) {
  const saves: PendingCommit[][] = [];
  const cr = new CommitReveal(initial, async (p) => {
    saves.push([...p]);
  });
  return { cr, saves };
}

async function commitNow(chain: DevChain, cr: CommitReveal, hotkey: KeyringPair, netuid: number, versionKey = 0n) {
  const mg = await chain.metagraph(netuid, { lite: true });
  return cr.commit(chain, hotkey, { netuid, uids: [2, 3], weights: [65535, 21845], versionKey, block: mg.block, nextEpochBlock: mg.nextEpochBlock });
}

describe("commit-reveal state (devnet)", () => {
  it("saves a commit before sending it, reveals it from the next epoch's first block, and forgets it once revealed", async () => {
    const { chain, netuid, validator } = await subnet();
    let onChainWhenSaved: number | null = null;
    const saves: PendingCommit[][] = [];
    const cr = new CommitReveal([], async (p) => {
      saves.push([...p]);
      onChainWhenSaved ??= (await chain.metagraph(netuid, { lite: true })).neurons.find((n) => n.hotkey === validator.address)!.lastUpdate;
    });
    const { result, commit } = await commitNow(chain, cr, validator, netuid);
    expect(result.ok).toBe(true);
    expect(onChainWhenSaved).toBe(0); // the first save happened before the chain saw the commit
    expect(saves[0]).toEqual([commit]);
    expect(commit.revealAt).toBe((await chain.metagraph(netuid)).nextEpochBlock);
    expect(commit.hash).toBe(commitHash(validator.address, netuid, [2, 3], [65535, 21845], commit.salt, 0n));
    expect(cr.due(await chain.bestBlock())).toEqual([]); // not before revealAt: nothing is sent
    expect(await cr.revealDue(chain, validator, await chain.bestBlock())).toEqual([]);
    await chain.advance(commit.revealAt! - (await chain.bestBlock()));
    const [a] = await cr.revealDue(chain, validator, await chain.bestBlock());
    expect(a).toMatchObject({ outcome: "revealed", result: { ok: true } });
    expect(cr.pending).toEqual([]);
    expect(saves.at(-1)).toEqual([]);
    expect((await chain.metagraph(netuid)).weights[1]).toEqual([
      [2, 65535],
      [3, 21845],
    ]);
  });

  it("forgets a commit the chain refused (rate limit): nothing was committed", async () => {
    const { chain, netuid, validator } = await subnet();
    const { cr, saves } = recorded();
    expect((await commitNow(chain, cr, validator, netuid)).result.ok).toBe(true);
    const second = await commitNow(chain, cr, validator, netuid);
    expect(second.result).toMatchObject({ ok: false, error: "CommittingWeightsTooFast" });
    expect(cr.pending).toHaveLength(1);
    expect(saves.at(-2)).toHaveLength(2); // written before sending, then removed
    expect(saves.at(-1)).toHaveLength(1);
  });

  it("keeps a commit the chain says is too early (revealed anyway, ahead of revealAt)", async () => {
    const { chain, netuid, validator } = await subnet();
    const { cr } = recorded();
    const { commit } = await commitNow(chain, cr, validator, netuid);
    const a = await cr.reveal(chain, validator, commit);
    expect(a).toMatchObject({ outcome: "kept", result: { ok: false, error: "RevealTooEarly" } });
    expect(cr.pending).toEqual([commit]);
  });

  it("drops a commit whose epoch is over (ExpiredWeightCommit)", async () => {
    const { chain, netuid, validator } = await subnet();
    const { cr } = recorded();
    const { commit } = await commitNow(chain, cr, validator, netuid);
    await chain.advance(2 * TEMPO);
    const a = await cr.reveal(chain, validator, commit);
    expect(a).toMatchObject({ outcome: "dropped", result: { ok: false, error: "ExpiredWeightCommit" } });
    expect(cr.pending).toEqual([]);
  });

  it("drops a commit the chain never received (NoWeightsCommitFound) and one whose hash it does not hold (InvalidRevealCommitHashNotMatch)", async () => {
    const { chain, netuid, validator } = await subnet();
    const block = await chain.bestBlock();
    const ghost: PendingCommit = {
      netuid,
      uids: [2],
      weights: [65535],
      salt: [1, 2, 3, 4, 5, 6, 7, 8],
      versionKey: "0",
      hash: "0x" + "00".repeat(32),
      block,
      revealAt: block,
    };
    const { cr } = recorded([ghost]);
    expect(await cr.reveal(chain, validator, ghost)).toMatchObject({ outcome: "dropped", result: { error: "NoWeightsCommitFound" } });
    const { commit } = await commitNow(chain, cr, validator, netuid);
    const other = { ...commit, salt: commit.salt.map((x) => x ^ 1) }; // a salt the chain never saw
    const { cr: second } = recorded([other, commit]);
    expect(await second.reveal(chain, validator, other)).toMatchObject({ outcome: "dropped", result: { error: "InvalidRevealCommitHashNotMatch" } });
    expect(second.pending).toEqual([commit]);
  });

  it("drops a commit whose version key the subnet has since raised (IncorrectWeightVersionKey): the key is inside the hash", async () => {
    const { chain, owner, netuid, validator } = await subnet();
    const { cr } = recorded();
    const { commit } = await commitNow(chain, cr, validator, netuid, 1n);
    expect((await chain.setHyperparameter(owner, netuid, "weightsVersion", 2n)).ok).toBe(true);
    await chain.advance(TEMPO);
    expect(await cr.reveal(chain, validator, commit)).toMatchObject({ outcome: "dropped", result: { error: "IncorrectWeightVersionKey" } });
    expect(cr.pending).toEqual([]);
  });

  it("drops commits once the owner turns commit-reveal off (CommitRevealDisabled)", async () => {
    const { chain, owner, netuid, validator } = await subnet();
    const { cr } = recorded();
    const { commit } = await commitNow(chain, cr, validator, netuid);
    await chain.advance(TEMPO);
    expect((await chain.setHyperparameter(owner, netuid, "commitRevealWeightsEnabled", false)).ok).toBe(true);
    expect(await cr.reveal(chain, validator, commit)).toMatchObject({ outcome: "dropped", result: { error: "CommitRevealDisabled" } });
  });

  it("keeps a commit refused for a reason that can change within its window (no validator permit), until the chain says it expired", async () => {
    const { chain, netuid, outsider } = await subnet();
    const { cr } = recorded();
    const { result, commit } = await commitNow(chain, cr, outsider, netuid);
    expect(result.ok).toBe(true);
    await chain.advance(TEMPO);
    expect(await cr.reveal(chain, outsider, commit)).toMatchObject({ outcome: "kept", result: { error: "NeuronNoValidatorPermit" } });
    expect(cr.pending).toEqual([commit]);
    await chain.advance(TEMPO);
    expect(await cr.reveal(chain, outsider, commit)).toMatchObject({ outcome: "dropped", result: { error: "ExpiredWeightCommit" } });
    expect(cr.pending).toEqual([]);
  });

  it("reveals a commit from an older state file (no revealAt) at once, as the runtime did before revealAt existed", async () => {
    const { chain, netuid, validator } = await subnet();
    const { cr } = recorded();
    const { commit } = await commitNow(chain, cr, validator, netuid);
    const { revealAt: _, ...old } = commit; // the version-1 file written by an earlier release
    const { cr: loaded } = recorded([JSON.parse(JSON.stringify(old)) as PendingCommit]);
    expect(loaded.due(commit.block)).toHaveLength(1);
    await chain.advance(TEMPO);
    expect((await loaded.revealDue(chain, validator, await chain.bestBlock()))[0]).toMatchObject({ outcome: "revealed" });
  });

  it("commits and reveals on a mechanism: the hash over its storage index, the weights on that mechanism only", async () => {
    const { chain, owner, netuid, validator } = await subnet();
    expect((await chain.setHyperparameter(owner, netuid, "maxAllowedUids", 128)).ok).toBe(true);
    expect((await chain.setMechanismCount(owner, netuid, 2)).ok).toBe(true);
    const { cr } = recorded();
    const mg = await chain.metagraph(netuid, { lite: true, mecid: 1 });
    const { result, commit } = await cr.commit(chain, validator, {
      netuid,
      mecid: 1,
      uids: [2, 3],
      weights: [65535, 21845],
      versionKey: 0n,
      block: mg.block,
      nextEpochBlock: mg.nextEpochBlock,
    });
    expect(result.ok).toBe(true);
    expect(commit.mecid).toBe(1);
    expect(commit.hash).toBe(commitHash(validator.address, mechanismStorageIndex(netuid, 1), [2, 3], [65535, 21845], commit.salt, 0n));
    await chain.advance(commit.revealAt! - (await chain.bestBlock()));
    expect(await cr.revealDue(chain, validator, await chain.bestBlock(), 0)).toEqual([]); // another mechanism's commits wait
    const [a] = await cr.revealDue(chain, validator, await chain.bestBlock(), 1);
    expect(a).toMatchObject({ outcome: "revealed", result: { ok: true } });
    const uid = (await chain.uidOf(netuid, validator.address))!;
    expect((await chain.metagraph(netuid, { mecid: 1 })).weights[uid]).toEqual([
      [2, 65535],
      [3, 21845],
    ]);
    expect((await chain.metagraph(netuid)).weights[uid]).toEqual([]);
  });

  it("revealOutcome: revealed on ok, dropped exactly for the final refusals", () => {
    const refused = (error: string) => ({ ok: false as const, error, message: "", fee: 0n, events: [] });
    expect(revealOutcome({ ok: true, value: undefined, block: 1, fee: 0n, events: [] })).toBe("revealed");
    for (const e of REVEAL_ENDS_COMMIT) expect(revealOutcome(refused(e))).toBe("dropped");
    for (const e of [
      "RevealTooEarly",
      "NeuronNoValidatorPermit",
      "NotEnoughStakeToSetWeights",
      "HotKeyNotRegisteredInSubNet",
      "SettingWeightsTooFast",
      "Priority is too low",
    ])
      expect(revealOutcome(refused(e))).toBe("kept");
  });
});
