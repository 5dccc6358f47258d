/**
 * The scoring module a subnet owner publishes on chain, and validators that check it (issue #22
 * part 2), on the devnet with the text kit: miners behind real Axons on loopback, the new module
 * fetched over loopback HTTP. Publishing through the CLI: cli/src/commands/operator.spec.ts; on the
 * spec-300 runtime: test/chain/publishedScoring.spec.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { textKit } from "@tao-subnet/kit-text";
import { DevChain, formatPublishedScoring, type RunningMiner, type RuntimeEvent, runMiner, sha256Hex, ValidatorRuntime } from "@tao-subnet/sdk";
import { afterEach, describe, expect, it } from "vitest";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const TAO = 1_000_000_000n;
const TEMPO = 10;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** The text kit's module, and the same module with a custom section added: valid, same scores, another sha256. */
const kitA = textKit();
if (kitA.scorer.kind !== "wasm") throw new Error("the text kit scores with a WASM module");
const moduleA = await kitA.scorer.load();
const moduleB = (() => {
  const name = new TextEncoder().encode("tao-test");
  const section = [0, 1 + name.length + 2, name.length, ...name, 0x76, 0x32]; // id 0 (custom), size, name, payload "v2"
  return new Uint8Array([...moduleA, ...section]);
})();
const shaA = sha256Hex(moduleA);
const shaB = sha256Hex(moduleB);
const withModule = (bytes: Uint8Array) => {
  const kit = textKit();
  if (kit.scorer.kind !== "wasm") throw new Error("unreachable");
  return { ...kit, scorer: { ...kit.scorer, load: async () => bytes, sha256: undefined } };
};

async function subnet(prefix: string) {
  // plain set_weights, so a round's weights are on chain when it ends: the devnet has commit-reveal on
  // by default, as the chain, and what is tested here is which scoring module the validator uses
  const chain = new DevChain({ hyperparameters: { tempo: TEMPO, weightsRateLimit: 1, commitRevealWeightsEnabled: false }, seed: prefix });
  const owner = keyring.addFromUri(`//${prefix}/owner`);
  chain.fund(owner.address, 10_000n * TAO);
  const { value } = (await chain.registerNetwork(owner, owner.address)) as { value: { netuid: number } };
  const netuid = value.netuid;
  await chain.startCall(owner, netuid);
  const validator = keyring.addFromUri(`//${prefix}/validator`);
  const miners = [keyring.addFromUri(`//${prefix}/m1`), keyring.addFromUri(`//${prefix}/m2`)];
  for (const k of [validator, ...miners]) {
    chain.fund(k.address, 1000n * TAO);
    await chain.burnedRegister(k, netuid, k.address);
  }
  await chain.addStake(validator, validator.address, netuid, 500n * TAO);
  await chain.advance(TEMPO); // the first epoch gives the validator its permit
  const running: RunningMiner[] = [];
  for (const m of miners) running.push(await runMiner({ chain, netuid, hotkey: m, kit: textKit({ minerModel: null }), port: 0 }));
  cleanup.push(() => Promise.all(running.map((m) => m.stop())));
  const dir = mkdtempSync(join(tmpdir(), "tao-pin-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const publish = async (modules: Parameters<typeof formatPublishedScoring>[0]["modules"]) => {
    const r = await chain.setCommitment(owner, netuid, formatPublishedScoring({ modules }));
    if (!r.ok) throw new Error(r.message);
  };
  const start = async (name: string, kit: ReturnType<typeof withModule>, scoring = {}) => {
    const events: RuntimeEvent[] = [];
    const v = await ValidatorRuntime.start({
      chain,
      netuid,
      hotkey: validator,
      kit,
      secret: "pin",
      statePath: join(dir, `${name}.json`),
      scoring: { fetch: { cacheDir: join(dir, `${name}-cache`) }, ...scoring },
      log: (e) => events.push(e),
    });
    cleanup.push(() => v.stop());
    return { v, events };
  };
  return { chain, netuid, publish, start };
}

/** A loopback HTTP server for the published module's source. */
async function source(bytes: Uint8Array): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (req.url === "/scoring.wasm") res.end(bytes);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scoring.wasm`, hits: () => hits };
}

const named = (events: RuntimeEvent[], name: string) => events.filter((e) => e.event === name);

describe("the published scoring module (devnet, loopback HTTP)", () => {
  it("a validator with the published module scores; one with another module refuses, says so naming both hashes, and sets nothing", async () => {
    const { chain, netuid, publish, start } = await subnet("pin-refuse");
    await publish([{ sha256: shaA }]);
    const good = await start("good", withModule(moduleA));
    expect(await good.v.step()).toMatchObject({ queried: 2, answered: 2, weights: "set" });
    expect(named(good.events, "scoring-refused")).toHaveLength(0);
    await good.v.stop();

    await chain.advance(1);
    const before = (await chain.metagraph(netuid)).neurons[1]!.lastUpdate;
    const tampered = await start("tampered", withModule(moduleB));
    const refusedAtStart = named(tampered.events, "scoring-refused");
    expect(refusedAtStart).toHaveLength(1); // said at start, before any round
    expect(refusedAtStart[0]).toMatchObject({ level: "error" });
    expect(String(refusedAtStart[0]!.why)).toContain(shaA);
    expect(String(refusedAtStart[0]!.why)).toContain(shaB);
    const report = await tampered.v.step();
    expect(report).toMatchObject({ queried: 0, weights: "failed: scoring module refused" });
    expect((await chain.metagraph(netuid)).neurons[1]!.lastUpdate).toBe(before); // no weights went on chain
  }, 60_000);

  it("a roll-out: validators score with the module in use until the epoch the owner named, then fetch the new one by hash and switch", async () => {
    const { chain, netuid, publish, start } = await subnet("pin-roll");
    const src = await source(moduleB);
    const mg = await chain.metagraph(netuid, { lite: true });
    const fromBlock = mg.nextEpochBlock;
    await publish([{ sha256: shaA }, { sha256: shaB, source: src.url, fromBlock }]);
    const { v, events } = await start("roll", withModule(moduleA));
    expect((await v.step()).weights).toBe("set");
    expect(named(events, "scoring-switched")).toHaveLength(0); // before the epoch: A still applies
    expect(src.hits()).toBe(0);

    await chain.advance(fromBlock - (await chain.bestBlock()));
    const r = await v.step();
    expect(r.block).toBeGreaterThanOrEqual(fromBlock);
    expect(r).toMatchObject({ answered: 2, weights: "set" });
    const switched = named(events, "scoring-switched");
    expect(switched).toHaveLength(1);
    expect(switched[0]).toMatchObject({ from: shaA, to: shaB, source: src.url });
    expect(src.hits()).toBe(1);
    await chain.advance(1);
    expect((await v.step()).weights).toBe("set"); // scores with B from now on: nothing fetched or switched again
    expect(named(events, "scoring-switched")).toHaveLength(1);
    expect(src.hits()).toBe(1);
    expect(named(events, "scoring-refused")).toHaveLength(0);
    void netuid;
  }, 60_000);

  it("a roll-out whose source serves other bytes: the validator refuses instead of scoring with them", async () => {
    const { chain, netuid, publish, start } = await subnet("pin-badsrc");
    const src = await source(moduleA); // not the published B
    const mg = await chain.metagraph(netuid, { lite: true });
    await publish([{ sha256: shaA }, { sha256: shaB, source: src.url, fromBlock: mg.nextEpochBlock }]);
    const { v, events } = await start("badsrc", withModule(moduleA));
    await chain.advance(mg.nextEpochBlock - (await chain.bestBlock()));
    expect((await v.step()).weights).toBe("failed: scoring module refused");
    const refused = named(events, "scoring-refused");
    expect(refused.length).toBeGreaterThan(0);
    expect(String(refused.at(-1)!.why)).toMatch(new RegExp(`sha256 ${shaA}, but the subnet owner published ${shaB}`));
  }, 60_000);

  it("an operator pin scores with the pinned module and warns at every epoch while the owner publishes another", async () => {
    const { chain, publish, start } = await subnet("pin-op");
    await publish([{ sha256: shaB }]);
    const { v, events } = await start("op", withModule(moduleA), { sha256: shaA });
    expect((await v.step()).weights).toBe("set");
    await chain.advance(TEMPO + 1); // the next epoch: warned again
    expect((await v.step()).weights).toBe("set");
    const warnings = named(events, "scoring-pinned");
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toMatchObject({ level: "warn", pinned: shaA, published: shaB });
    expect(named(events, "scoring-refused")).toHaveLength(0);
  }, 60_000);

  it("a malformed pin from the owner: the validator refuses and names the field; nothing published: it scores with its own module", async () => {
    const { chain, netuid, start } = await subnet("pin-bad");
    const plain = await start("plain", withModule(moduleB));
    expect((await plain.v.step()).weights).toBe("set"); // no pin on chain
    await plain.v.stop();
    const owner = keyring.addFromUri("//pin-bad/owner");
    await chain.setCommitment(owner, netuid, '{"tao-subnet.scoring":1,"modules":[{"sha256":"nope"}]}');
    await chain.advance(1);
    const bad = await start("bad", withModule(moduleA));
    expect((await bad.v.step()).weights).toBe("failed: scoring module refused");
    expect(String(named(bad.events, "scoring-refused")[0]!.why)).toContain("modules[0].sha256");
  }, 60_000);
});
