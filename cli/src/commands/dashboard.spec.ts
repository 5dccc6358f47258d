import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { type Chain, DevChain, RemoteDevChain, serveDevChain } from "@tao-subnet/sdk";
import { formatPrice } from "@tao-subnet/ui";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";
import { startDashboard } from "./dashboard.js";
import { startDevnet } from "./devnet.js";

await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519" }).addFromUri("//Alice");

describe("tao-subnet dashboard and devnet", () => {
  it("serves a simulation report and its JSON", async () => {
    const report = {
      config: { seed: "r", epochs: 1 },
      profiles: { "miner:honest": { role: "miner" as const, uids: [1], emission: "5000000000", share: 1 } },
      epochs: [{ epoch: 0, emission: { "miner:honest": "5000000000" } }],
      uids: [{ uid: 1, role: "miner" as const, profile: "honest", emission: "5000000000" }],
    };
    const d = await startDashboard({ report, port: 0 });
    try {
      const html = await (await fetch(d.url)).text();
      expect(html).toContain(`<tr data-profile="miner:honest">`);
      expect(html).toContain("5 τ");
      expect(await (await fetch(`${d.url}api/report`)).json()).toEqual(report);
      expect((await fetch(`${d.url}nope`)).status).toBe(404);
    } finally {
      await d.close();
    }
  });

  it("says there is no subnet yet (503) until one is registered, then shows it", async () => {
    const chain = new DevChain();
    chain.fund(alice.address, 1000n * 1_000_000_000n);
    const d = await startDashboard({ chain, port: 0 });
    try {
      const empty = await fetch(`${d.url}fragment`);
      expect(empty.status).toBe(503);
      expect(await empty.text()).toMatch(/no subnet/);
      await chain.registerNetwork(alice, alice.address);
      const html = await (await fetch(`${d.url}fragment`)).text();
      expect(html).toContain("<h1>Subnet 1</h1>");
      expect(html).toContain(`<tr data-uid="0">`);
      const page = await (await fetch(d.url)).text();
      expect(page).toContain('fetch("/fragment"');
    } finally {
      await d.close();
    }
  });

  it("says when the devnet's block emission is 0 (issuance past the 21M TAO cap), in process and over HTTP, and not otherwise", async () => {
    const fragment = async (chain: Chain) => {
      const d = await startDashboard({ chain, port: 0 });
      try {
        return await (await fetch(`${d.url}fragment`)).text();
      } finally {
        await d.close();
      }
    };
    const capped = new DevChain({ issuance: 22_000_000n * 1_000_000_000n });
    capped.fund(alice.address, 1000n * 1_000_000_000n);
    await capped.registerNetwork(alice, alice.address);
    const served = await serveDevChain(capped, { port: 0 });
    const remote = await RemoteDevChain.connect(served.url);
    try {
      const warning = `<p class="warning" role="alert">Block emission is 0: issuance (22000000 τ) has reached the 21M τ cap, so no TAO is minted and the pools get none (the subnet&#39;s alpha is still minted and paid).</p>`;
      expect(await fragment(capped)).toContain(warning);
      expect(await fragment(remote)).toContain(warning);
    } finally {
      await remote.close();
      await served.close();
    }
    const live = new DevChain();
    live.fund(alice.address, 1000n * 1_000_000_000n);
    await live.registerNetwork(alice, alice.address);
    const html = await fragment(live);
    expect(html).toContain("<h1>Subnet 1</h1>");
    expect(html).not.toContain('class="warning"');
  });

  it("draws the devnet subnet's price and the owner's line, one point per epoch seen, in process and over RPC (dev_economy)", async () => {
    const chain = new DevChain({ hyperparameters: { tempo: 5 } });
    chain.fund(alice.address, 10_000n * 1_000_000_000n);
    await chain.registerNetwork(alice, alice.address);
    expect((await chain.startCall(alice, 1)).ok).toBe(true);
    const served = await serveDevChain(chain, { port: 0 });
    const remote = await RemoteDevChain.connect(served.url);
    const local = await startDashboard({ chain, port: 0 });
    const over = await startDashboard({ chain: remote, port: 0 });
    const fragments: string[][] = [];
    try {
      for (let epoch = 0; epoch < 3; epoch++) {
        await chain.advance(5);
        fragments.push(await Promise.all([local, over].map(async (d) => (await fetch(`${d.url}fragment`)).text())));
      }
    } finally {
      await Promise.all([local.close(), over.close(), remote.close()]);
      await served.close();
    }
    const [first, last] = [fragments[0]!, fragments[2]!];
    // the client over RPC sees what the devnet's own object says
    const body = (html: string) => html.slice(html.indexOf("</header>"));
    expect(body(last[1]!)).toBe(body(last[0]!));
    const html = last[0]!;
    const pool = chain.economy().subnets.find((s) => s.netuid === 1)!;
    expect(html).toContain(`<p class="verdict economy">Price ${formatPrice(pool.price)} (moving ${formatPrice(pool.movingPrice)}); the owner&#39;s cut so far`);
    // three epochs seen: three points per price series; the owner's line starts at 0 and the owner's cut grows
    expect(html.match(/<circle class="point" data-series="price"/g)).toHaveLength(3);
    expect(first[0]!.match(/<circle class="point" data-series="price"/g)).toHaveLength(1);
    expect(html).toMatch(/<svg [^>]*class="tao-chart owner-line"/);
    const ownerTitle = /data-series="owner"[^>]*><title>owner's cut: ([\d.]+) α/.exec(html);
    expect(Number(ownerTitle?.[1])).toBeGreaterThan(0);
    expect(first[0]).toMatch(/data-series="owner"[^>]*><title>owner's cut: 0 α/);
  });

  it("devnet: saves its state on stop and loads it on the next start", async () => {
    const state = join(mkdtempSync(join(tmpdir(), "devnet-")), "state.json");
    const a = await startDevnet({ port: 0, blockTimeMs: 0, statePath: state, subnet: true, tempo: 5 });
    await a.chain.advance(12);
    const mg = await a.chain.metagraph(1);
    await a.stop();
    const b = await startDevnet({ port: 0, blockTimeMs: 0, statePath: state });
    try {
      expect(await b.chain.bestBlock()).toBe(12);
      expect(await b.chain.metagraph(1)).toEqual(mg);
    } finally {
      await b.stop();
    }
  });

  it("devnet --export-epoch prints a past epoch's input that tao-subnet epoch replays to the devnet's output", async () => {
    const d = await startDevnet({ port: 0, blockTimeMs: 0, subnet: true, tempo: 3 });
    try {
      await d.chain.advance(7);
      const exported = await runCli(["devnet", "--export-epoch", "last", "--chain", d.server.url]);
      expect(exported.code, exported.stderr).toBe(0);
      const replay = await runCli(["epoch", "-"], exported.stdout);
      expect(replay.code, replay.stderr).toBe(0);
      expect(JSON.parse(replay.stdout)).toEqual(JSON.parse(JSON.stringify(d.chain.lastEpoch(1)!.output)));
      const missing = await runCli(["devnet", "--export-epoch", "999", "--chain", d.server.url]);
      expect(missing.code).toBe(2);
      expect(JSON.parse(missing.stderr).error.argument).toBe("--export-epoch");
    } finally {
      await d.stop();
    }
  });

  it.each([
    [["dashboard", "--port", "x"], "--port"],
    [["dashboard", "--chain", "ftp://x"], "--chain"],
    [["dashboard", "--report", "/nonexistent.json"], "--report"],
    [["devnet", "--block-time", "-1"], "--block-time"],
  ])("exits 2 naming the argument for %j", async (args, argument) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.argument).toBe(argument);
  });
});
