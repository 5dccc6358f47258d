import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { runEpoch } from "@tao-subnet/core";
import { afterAll, describe, expect, it } from "vitest";
import { DevChain, RemoteDevChain, serveDevChain } from "../../index.js";
import { authMessage, encode } from "./rpc.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const TAO = 1_000_000_000n;
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");

const dev = new DevChain({ hyperparameters: { tempo: 5 } });
dev.fund(alice.address, 10_000n * TAO);
const server = await serveDevChain(dev, { port: 0 });
afterAll(() => server.close());

const post = async (body: unknown) => (await fetch(`${server.url}/rpc`, { method: "POST", body: typeof body === "string" ? body : encode(body) })).json();

describe("devnet server and RemoteDevChain", () => {
  it("close() releases a pending long poll at once, so a stopped devnet leaves no timer holding its process", () => {
    // in a process of its own, where no other timer runs: the count is exact, and a leaked timer
    // (the poll may wait an hour) would keep that process alive past this test's timeout
    const r = spawnSync(
      process.execPath,
      ["--conditions=source", "--import", "tsx", fileURLToPath(new URL("../../../test-fixtures/longPollClose.ts", import.meta.url))],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { armed: number; settled: string; timersAfterClose: number };
    expect(out.armed).toBeGreaterThanOrEqual(1); // the poll reached the server and armed its timer
    expect(out.timersAfterClose).toBe(0);
    expect(out.settled).toMatch(/^(200|closed)$/);
  }, 70_000);

  it("serves one devnet to several clients: a registration by one is seen by the other", async () => {
    const a = await RemoteDevChain.connect(server.url);
    const b = await RemoteDevChain.connect(server.url);
    const r = await a.registerNetwork(alice, alice.address);
    expect(r.ok).toBe(true);
    const netuid = (r as { value: { netuid: number } }).value.netuid;
    expect(await b.subnets()).toContain(netuid);
    expect(await b.uidOf(netuid, alice.address)).toBe(0);
    const mg = await b.metagraph(netuid);
    expect(typeof mg.neurons[0]!.stake).toBe("bigint");
    expect(mg).toEqual(await dev.metagraph(netuid));
    await a.close();
    await b.close();
  });

  it("exports epoch inputs that replay to the same output, and funds through the faucet", async () => {
    const c = await RemoteDevChain.connect(server.url);
    const before = await c.emission();
    await c.fund(bob.address, 5n * TAO);
    expect(await c.balance(bob.address)).toBe(5n * TAO);
    // the faucet's rao are an endowment: the issuance block emission reads is untouched
    const after = await c.emission();
    expect(after).toEqual({ ...before, endowed: before.endowed + 5n * TAO });
    expect(after).toEqual(dev.emission());
    expect(after.blockEmission).toBe(TAO);
    const netuid = (await c.subnets())[0]!;
    await c.advance(6);
    const last = await c.lastEpoch(netuid);
    expect(last).not.toBeNull();
    expect(runEpoch(last!.input)).toEqual(last!.output);
    expect((await c.nextEpochInput(netuid)).n).toBe(1);
    await c.advance(5);
    const kept = await c.exportEpoch(netuid);
    expect(kept!.epochs.length).toBeGreaterThanOrEqual(2);
    const first = await c.exportEpoch(netuid, kept!.epochs[0]);
    expect(first!.block).toBeLessThan(kept!.block);
    expect(await c.exportEpoch(netuid, 10_000)).toBeNull();
    await c.close();
  });

  it("reports the pools (dev_economy) as the devnet does, bigints intact, without a signature and without changing anything", async () => {
    const c = await RemoteDevChain.connect(server.url);
    const carol = keyring.addFromUri("//Carol");
    await c.fund(carol.address, 1_000n * TAO);
    const reg = await c.registerNetwork(carol, carol.address);
    expect(reg.ok).toBe(true);
    const netuid = (reg as { value: { netuid: number } }).value.netuid;
    expect((await c.startCall(carol, netuid)).ok).toBe(true);
    const own = async () => (await c.economy()).subnets.find((s) => s.netuid === netuid)!;
    const before = await own();
    expect(typeof before.subnetTao).toBe("bigint");
    // staking buys alpha through the pool: the spot price rises, and the client sees it
    expect((await c.addStake(carol, carol.address, netuid, 100n * TAO)).ok).toBe(true);
    const after = await own();
    expect(after.price).toBeGreaterThan(before.price);
    expect(after.subnetTao).toBeGreaterThan(before.subnetTao);
    await c.advance(6);
    const block = await c.bestBlock();
    const economy = await c.economy();
    // the same object as in process, and reading it twice moved nothing
    expect(economy).toEqual(dev.economy());
    expect(await c.economy()).toEqual(economy);
    expect(await c.bestBlock()).toBe(block);
    expect(economy.block).toBe(block);
    expect(economy.subnets.find((s) => s.netuid === netuid)!.ownerCut).toBeGreaterThan(0n);
    await c.close();
  });

  it("refuses transactions without a valid signature or with a reused nonce", async () => {
    const genesis = dev.genesisHash();
    const params = encode([bob.address]);
    const unsigned = await post({ id: 1, method: "registerNetwork", params: [bob.address] });
    expect(unsigned.error.code).toBe("AUTH_REQUIRED");
    const nonce = Date.now() * 1000;
    // bob's address, signed by alice: refused
    const bobId = u8aToHex(bob.publicKey);
    const forged = { address: bob.address, nonce, signature: u8aToHex(alice.sign(authMessage(genesis, bobId, "registerNetwork", nonce, params))) };
    expect((await post({ id: 2, method: "registerNetwork", params: [bob.address], auth: forged })).error.code).toBe("BAD_SIGNATURE");
    const sig = u8aToHex(bob.sign(authMessage(genesis, bobId, "setCommitment", nonce, encode([1, "x"]))));
    const first = await post({ id: 3, method: "setCommitment", params: [1, "x"], auth: { address: bob.address, nonce, signature: sig } });
    expect(first.error).toBeUndefined();
    const replay = await post({ id: 4, method: "setCommitment", params: [1, "x"], auth: { address: bob.address, nonce, signature: sig } });
    expect(replay.error.code).toBe("STALE_NONCE");
    expect((await post("{not json")).error.code).toBe("INVALID_REQUEST");
    expect((await post({ id: 5, method: "evil", params: [] })).error.code).toBe("METHOD_NOT_FOUND");
  });

  it("reports blocks to subscribers in other processes' clients, and throws DEVNET_UNREACHABLE for a dead URL", async () => {
    const c = await RemoteDevChain.connect(server.url);
    const start = await c.bestBlock();
    const seen: number[] = [];
    const off = await c.subscribeBlocks((b) => seen.push(b));
    await dev.advance(3);
    await c.waitForBlock(start + 3);
    for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    off();
    expect(seen).toEqual([start + 1, start + 2, start + 3]);
    await c.close();
    await expect(RemoteDevChain.connect("http://127.0.0.1:9")).rejects.toMatchObject({ code: "DEVNET_UNREACHABLE" });
  });
});
