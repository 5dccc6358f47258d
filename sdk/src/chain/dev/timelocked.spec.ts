/**
 * The devnet with a local beacon: `ValidatorRuntime` commits timelocked by default (the same
 * payload and encryption as on a real chain, to the beacon's own key), and the devnet reveals the
 * weights itself at the commit's round in the reveal epoch; a commit whose round comes after its
 * reveal epoch is dropped, as the chain drops it. Without a beacon the devnet takes no timelocked
 * commits and the runtime commits by hash.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { SubnetKit } from "../../kit/contract.js";
import { memoryStateStore } from "../../runtime/state.js";
import { ValidatorRuntime } from "../../runtime/validator.js";
import { verifyRoundSignature } from "../timelock/tle.js";
import { DevChain } from "./devChain.js";
import { LocalBeacon } from "./timelocked.js";

const TAO = 1_000_000_000n;
const TEMPO = 10;

const echo: SubnetKit<{ word: string }, { answer: string }, string> = {
  name: "kit:echo",
  synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ answer: z.string() }) },
  challenge: () => ({ request: { word: "a" }, expected: "" }),
  serve: (req) => ({ answer: req.word }),
  scorer: { kind: "function", score: () => 65535 },
};

async function subnet(beacon?: string) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({
    ...(beacon ? { beacon } : {}),
    hyperparameters: { tempo: TEMPO, weightsRateLimit: 1, commitRevealWeightsEnabled: true, commitRevealPeriod: 1 },
  });
  const owner = keyring.addFromUri("//tl/owner");
  chain.fund(owner.address, 10_000n * TAO);
  const net = await chain.registerNetwork(owner, owner.address);
  if (!net.ok) throw new Error(net.message);
  const netuid = net.value.netuid;
  await chain.startCall(owner, netuid);
  const [validator, m1, m2] = ["validator", "m1", "m2"].map((n) => keyring.addFromUri(`//tl/${n}`)) as [
    ReturnType<typeof keyring.addFromUri>,
    ReturnType<typeof keyring.addFromUri>,
    ReturnType<typeof keyring.addFromUri>,
  ];
  for (const k of [validator, m1, m2]) {
    chain.fund(k.address, 1000n * TAO);
    await chain.burnedRegister(k, netuid, k.address);
  }
  await chain.addStake(validator, validator.address, netuid, 500n * TAO);
  await chain.advance(TEMPO); // the validator's permit
  const events: Array<Record<string, unknown>> = [];
  const runtime = await ValidatorRuntime.start({
    chain,
    netuid,
    hotkey: validator,
    kit: echo,
    secret: "tl",
    stateStore: memoryStateStore(),
    weightsSource: () => ({ uids: [2, 3], weights: [65535, 20000] }),
    log: (e) => events.push(e),
  });
  return { chain, netuid, validator, runtime, events };
}

describe("timelocked commits on the devnet (local beacon)", () => {
  it("the beacon signs rounds with its own key, as drand does: its signature verifies under its public key", () => {
    const b = new LocalBeacon("x");
    expect(verifyRoundSignature(7, b.sign(7), b.info.publicKey)).toBe(true);
    expect(verifyRoundSignature(8, b.sign(7), b.info.publicKey)).toBe(false);
    expect(new LocalBeacon("y").info.publicKey).not.toBe(b.info.publicKey);
  });

  it("ValidatorRuntime commits timelocked by default; the devnet reveals the weights at the round, in the reveal epoch", async () => {
    const { chain, netuid, validator, runtime, events } = await subnet("timelock test");
    try {
      expect(await chain.supportsTimelockedCommits()).toBe(true);
      expect(await runtime.step()).toMatchObject({ weights: "committed" });
      expect(runtime.pendingCommits).toHaveLength(0);
      const { revealRound } = events.find((e) => e.event === "committed") as { revealRound: number };
      const mg = await chain.metagraph(netuid);
      // the epoch's commit mask counts a timelocked commit as the chain does (its block, the validator's uid)
      const vUid = (await chain.uidOf(netuid, validator.address))!;
      expect(chain.nextEpochInput(netuid).commitBlock![vUid]).toBe(String(mg.block));
      expect(chain.nextEpochInput(netuid).commitBlock![2]).toBeNull();
      // the third block of the next epoch (period 1)
      expect(revealRound).toBe(mg.nextEpochBlock + 3);
      await chain.advance(revealRound - mg.block - 1);
      expect((await chain.metagraph(netuid)).weights[1]).toEqual([]);
      await chain.advance(1);
      expect((await chain.metagraph(netuid)).weights[1]).toEqual([
        [2, 65535],
        [3, 20000],
      ]);

      // a round after the reveal epoch: never revealed, dropped when the epoch ends
      const late = await chain.commitTimelockedWeights(validator, netuid, [2, 3], [1, 65535], 0n, { revealRound: revealRound + 5 * TEMPO });
      expect(late.ok).toBe(true);
      await chain.advance(3 * TEMPO);
      expect((await chain.metagraph(netuid)).weights[1]).toEqual([
        [2, 65535],
        [3, 20000],
      ]);
      const file = join(await mkdtemp(join(tmpdir(), "devnet-tl-")), "state.json");
      await chain.save(file);
      expect((JSON.parse(await readFile(file, "utf8")) as { subnets: Array<{ timelocked: unknown[] }> }).subnets[0]!.timelocked).toEqual([]);
    } finally {
      await runtime.stop();
    }
  });

  it("refuses a commitReveal option that is neither timelocked nor hash, naming it", async () => {
    const chain = new DevChain();
    const hotkey = new Keyring({ type: "sr25519" }).addFromUri("//tl/x");
    const bad = ValidatorRuntime.start({ chain, netuid: 1, hotkey, kit: echo, secret: "s", stateStore: memoryStateStore(), commitReveal: "drand" as never });
    await expect(bad).rejects.toMatchObject({ kind: "bad-input", field: "commitReveal" });
  });

  it("without a beacon the devnet takes no timelocked commits, and the runtime commits by hash", async () => {
    const { chain, validator, netuid, runtime } = await subnet();
    try {
      expect(await chain.supportsTimelockedCommits()).toBe(false);
      await expect(chain.commitTimelockedWeights(validator, netuid, [2], [1], 0n)).rejects.toMatchObject({ code: "CALL_NOT_AVAILABLE", kind: "unavailable" });
      expect(await runtime.step()).toMatchObject({ weights: "committed" });
      expect(runtime.pendingCommits).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  });
});
