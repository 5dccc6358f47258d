/**
 * The storage kit under the sdk's runtimes: `runMiner` (Axon announced on the devnet) for a
 * FileStore miner and for a miner that keeps nothing, and `ValidatorRuntime` storing, challenging,
 * scoring and setting weights over loopback HTTP; then a validator restarted from its durable
 * ledger keeps challenging the blobs it stored instead of storing new ones.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DevChain } from "@tao-subnet/sdk/devnet";
import { runMiner, ValidatorRuntime } from "@tao-subnet/sdk/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore, Ledger, storageKit } from "../src/index.js";
import { storesNothing } from "./cheaters.js";
import { keyring } from "./harness.js";

const TAO = 1_000_000_000n;
const dir = mkdtempSync(join(tmpdir(), "storage-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the storage kit in the miner and validator runtimes (devnet, loopback HTTP)", () => {
  it("pays the FileStore miner, not the one keeping nothing, and resumes from its ledger after a restart", async () => {
    // commit-reveal off (the devnet's default is on, as the chain's): the rows are read right after the rounds set them
    const chain = new DevChain({ hyperparameters: { tempo: 10, weightsRateLimit: 1, commitRevealWeightsEnabled: false } });
    const owner = keyring.addFromUri("//st/owner");
    chain.fund(owner.address, 10_000n * TAO);
    const { value } = (await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } };
    const netuid = value.netuid;
    await chain.startCall(owner, netuid);
    const validator = keyring.addFromUri("//st/validator");
    const honestKey = keyring.addFromUri("//st/honest");
    const cheatKey = keyring.addFromUri("//st/cheat");
    for (const k of [validator, honestKey, cheatKey]) {
      chain.fund(k.address, 1000n * TAO);
      await chain.burnedRegister(k, netuid, k.address);
    }
    await chain.addStake(validator, validator.address, netuid, 500n * TAO);
    await chain.advance(10);
    const honestKit = storageKit({ store: await FileStore.open(join(dir, "store"), { quotaBytes: 64 << 20 }) });
    const cheat = storesNothing();
    const cheatKit = storageKit();
    const miners = [
      await runMiner({ chain, netuid, hotkey: honestKey, kit: honestKit, port: 0 }),
      await runMiner({ chain, netuid, hotkey: cheatKey, kit: { ...cheatKit, serve: (req, ctx) => cheat(req, ctx.caller) }, port: 0 }),
    ];
    const ledgerPath = join(dir, "ledger.json");
    const start = async () => {
      const kit = storageKit({ statePath: ledgerPath, blobsPerMiner: 2 });
      const runtime = await ValidatorRuntime.start({
        chain,
        netuid,
        hotkey: validator,
        kit,
        secret: "runtime secret",
        statePath: join(dir, "validator.json"),
        alpha: 0.3,
      });
      return { kit, runtime };
    };
    let v = await start();
    for (let i = 0; i < 12; i++) {
      expect((await v.runtime.step()).answered).toBe(2);
      await chain.advance(1);
    }
    const uidOf = async (hotkey: string) => (await chain.metagraph(netuid)).neurons.find((n) => n.hotkey === hotkey)!.uid;
    const [hu, cu] = [await uidOf(honestKey.address), await uidOf(cheatKey.address)];
    const row = new Map((await chain.metagraph(netuid)).weights[await uidOf(validator.address)]!);
    expect(row.get(hu) ?? 0).toBeGreaterThan(10 * (row.get(cu) ?? 0));
    const stored = v.kit.ledger.get(Ledger.key(validator.address, hu)).blobs.map((b) => b.id);
    expect(stored.length).toBe(2);
    await v.runtime.stop();
    await v.kit.close();

    // a new process: the ledger is read back, the same blobs are challenged (no new store)
    v = await start();
    expect(v.kit.ledger.get(Ledger.key(validator.address, hu)).blobs.map((b) => b.id)).toEqual(stored);
    await v.runtime.step();
    expect(v.kit.ledger.counts(Ledger.key(validator.address, hu))).toEqual({ trials: 13, successes: 13 });
    expect(honestKit.miner.store.list().length).toBe(2);
    await v.runtime.stop();
    await v.kit.close();
    for (const m of miners) await m.stop();
    await honestKit.close();
    await cheatKit.close();
    await chain.close();
  }, 120_000);
});
