import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { DevChain } from "./index.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const TAO = 1_000_000_000n;
const owner = keyring.addFromUri("//Lock/owner");
const MIN = 1_000n * TAO;

async function register(chain: DevChain) {
  const before = await chain.balance(owner.address);
  const r = await chain.registerNetwork(owner, owner.address);
  if (!r.ok) throw new Error(`${r.error}: ${r.message}`);
  return { netuid: r.value.netuid, paid: before - (await chain.balance(owner.address)) };
}

// see: subtensor pallets/subtensor/src/coinbase/root.rs get_network_lock_cost (738ba0c0c and 14bc6f9 alike);
// test/chain/sideBySide.spec.ts sees spec 300 double a 1,000 TAO lock to 2,000 TAO
describe("the devnet's subnet lock cost follows the chain's (get_network_lock_cost)", () => {
  it("locks the minimum first, doubles it after a registration, and falls back by lastLock / 100,800 a block to the minimum", async () => {
    const chain = new DevChain({ networkLockCost: MIN });
    chain.fund(owner.address, 100_000n * TAO);
    await chain.advance(1);
    expect(chain.networkLockCost()).toBe(MIN);
    const first = await register(chain);
    expect(first.paid).toBe(MIN);
    // the lock is the pool's TAO
    expect(chain.economy().subnets.find((s) => s.netuid === first.netuid)!.subnetTao).toBe(MIN);
    expect(chain.networkLockCost()).toBe(2n * MIN);
    await chain.advance(10);
    const decayed = 2n * MIN - (MIN / 100_800n) * 10n;
    expect(chain.networkLockCost()).toBe(decayed);
    const second = await register(chain);
    expect(second.paid).toBe(decayed);
    expect(chain.economy().subnets.find((s) => s.netuid === second.netuid)!.subnetTao).toBe(decayed);
    expect(chain.networkLockCost()).toBe(2n * decayed);
  });

  it("falls to the minimum, never below, once a whole reduction interval has passed", async () => {
    // a state file whose last lock (1,000 TAO at block 1) is 150,000 blocks old: 2 × 1,000 − 150,000 × (1,000 / 100,800) < 1,000
    const dir = await mkdtemp(join(tmpdir(), "devnet-lock-"));
    try {
      const file = join(dir, "state.json");
      await new DevChain({ networkLockCost: MIN }).save(file);
      const json = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
      await writeFile(file, JSON.stringify({ ...json, block: 150_000, lastLock: { rao: `__bigint:${3n * MIN}`, block: 1 } }));
      const old = await DevChain.load(file, { networkLockCost: MIN });
      expect(old.networkLockCost()).toBe(6n * MIN - ((3n * MIN) / 100_800n) * 149_999n);
      await writeFile(file, JSON.stringify({ ...json, block: 150_000, lastLock: { rao: `__bigint:${MIN}`, block: 1 } }));
      expect((await DevChain.load(file, { networkLockCost: MIN })).networkLockCost()).toBe(MIN);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a coldkey that cannot pay the doubled lock, and keeps the last lock in the state file", async () => {
    const chain = new DevChain({ networkLockCost: MIN });
    chain.fund(owner.address, 2_500n * TAO);
    await chain.advance(1);
    await register(chain);
    const refused = await chain.registerNetwork(owner, owner.address);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.error).toBe("NotEnoughBalanceToStake");
    const dir = await mkdtemp(join(tmpdir(), "devnet-lock-"));
    try {
      await chain.save(join(dir, "state.json"));
      const loaded = await DevChain.load(join(dir, "state.json"), { networkLockCost: MIN });
      expect(loaded.networkLockCost()).toBe(chain.networkLockCost());
      expect(loaded.networkLockCost()).toBe(2n * MIN);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
