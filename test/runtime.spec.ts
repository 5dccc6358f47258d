/** The miner and validator runtimes over real loopback HTTP against the devnet, with the text kit. */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { textKit } from "@tao-subnet/kit-text";
import { DevChain, type RunningMiner, runMiner, ValidatorRuntime } from "@tao-subnet/sdk";
import { describe, expect, it } from "vitest";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const TAO = 1_000_000_000n;

async function subnet(commitReveal: boolean) {
  const chain = new DevChain({ hyperparameters: { tempo: 10, weightsRateLimit: 2, commitRevealWeightsEnabled: commitReveal, commitRevealPeriod: 1 } });
  const owner = keyring.addFromUri("//rt/owner");
  chain.fund(owner.address, 10_000n * TAO);
  const { value } = (await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } };
  await chain.startCall(owner, value.netuid);
  const validator = keyring.addFromUri("//rt/validator");
  const miners = [keyring.addFromUri("//rt/miner1"), keyring.addFromUri("//rt/miner2")];
  for (const k of [validator, ...miners]) {
    chain.fund(k.address, 1000n * TAO);
    await chain.burnedRegister(k, value.netuid, k.address);
  }
  await chain.addStake(validator, validator.address, value.netuid, 500n * TAO);
  await chain.advance(10); // the first epoch gives the validator its permit
  const running: RunningMiner[] = [];
  for (const m of miners) running.push(await runMiner({ chain, netuid: value.netuid, hotkey: m, kit: textKit({ minerModel: null }), port: 0 }));
  return { chain, netuid: value.netuid, validator, running };
}

describe("miner and validator runtimes (loopback HTTP, devnet)", () => {
  it("a miner serves the kit behind an Axon announced on chain; a validator queries, scores and sets weights", async () => {
    const { chain, netuid, validator, running } = await subnet(false);
    const statePath = join(mkdtempSync(join(tmpdir(), "validator-")), "state.json");
    const v = await ValidatorRuntime.start({ chain, netuid, hotkey: validator, kit: textKit(), secret: "s", statePath, alpha: 0.5 });
    const report = await v.step();
    expect(report).toMatchObject({ queried: 2, answered: 2, weights: "set" });
    const mg = await chain.metagraph(netuid);
    expect(mg.neurons.filter((n) => n.axon).length).toBe(2);
    expect(mg.weights[1]!.length).toBe(2);
    // the rate limit: the next round waits for its block instead of retrying in a loop
    expect((await v.step()).weights).toBe("rate-limited");
    await chain.advance(2);
    expect((await v.step()).weights).toBe("set");
    await v.stop();
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    await Promise.all(running.map((m) => m.stop()));
  }, 60_000);

  it("a validator restarted between commit and reveal reveals its weights", async () => {
    const { chain, netuid, validator, running } = await subnet(true);
    const statePath = join(mkdtempSync(join(tmpdir(), "validator-")), "state.json");
    const first = await ValidatorRuntime.start({ chain, netuid, hotkey: validator, kit: textKit(), secret: "s", statePath, alpha: 0.5 });
    expect((await first.step()).weights).toBe("committed");
    const committed = first.pendingCommits[0]!;
    // the process dies here: no stop(), nothing more written
    await chain.advance(10); // the reveal epoch
    const second = await ValidatorRuntime.start({ chain, netuid, hotkey: validator, kit: textKit(), secret: "s", statePath, alpha: 0.5 });
    expect(second.pendingCommits).toEqual([committed]);
    expect(await second.revealDue()).toBe(1);
    const row = (await chain.metagraph(netuid)).weights[1]!;
    expect(row.map(([u]) => u)).toEqual(committed.uids);
    expect(second.pendingCommits).toEqual([]);
    await second.stop();
    await Promise.all(running.map((m) => m.stop()));
  }, 60_000);
});
