/**
 * The published scoring module on the real runtime (spec 300 under chopsticks), issue #22 part 2:
 * the owner publishes through `tao-subnet subnet publish-scoring` (the pin with a source is over
 * 128 bytes, so it goes in the commitments pallet's BigRaw field), a validator with the published
 * module checks it at start, one with a tampered module refuses, and a roll-out at the next epoch
 * is fetched over loopback HTTP and switched to at the epoch's first block. The same on the devnet:
 * test/publishedScoring.spec.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { textKit } from "@tao-subnet/kit-text";
import { parsePublishedScoring, type RuntimeEvent, sha256Hex, ValidatorRuntime } from "@tao-subnet/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/src/testing.js";
import { type LocalnetContext, prepareSubnet, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const TEXT_MODULE = fileURLToPath(new URL("../../kits/text/build/scoring.wasm", import.meta.url));

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("the published scoring module on a real subtensor runtime (chopsticks)", () => {
    let ctx: LocalnetContext;
    let netuid: number;
    let dir: string;
    let server: import("node:http").Server;
    let sourceUrl: string;
    let hits = 0;
    const moduleA = new Uint8Array(readFileSync(TEXT_MODULE));
    const moduleB = new Uint8Array([...moduleA, 0, 4, 2, 0x76, 0x32, 0x21]); // a custom section: valid, another sha256
    const shaA = sha256Hex(moduleA);
    const shaB = sha256Hex(moduleB);
    const kitWith = (bytes: Uint8Array) => {
      const kit = textKit();
      if (kit.scorer.kind !== "wasm") throw new Error("the text kit scores with WASM");
      return { ...kit, scorer: { ...kit.scorer, load: async () => bytes, sha256: undefined } };
    };
    const start = async (name: string, bytes: Uint8Array) => {
      const events: RuntimeEvent[] = [];
      const v = await ValidatorRuntime.start({
        chain: ctx.chain,
        netuid,
        hotkey: ctx.sudo,
        kit: kitWith(bytes),
        secret: "pin",
        statePath: join(dir, `${name}.json`),
        scoring: { fetch: { cacheDir: join(dir, `${name}-cache`) } },
        log: (e) => events.push(e),
      });
      return { v, events };
    };
    const publish = async (args: string[]) => {
      const r = await runCli(["subnet", "publish-scoring", "--chain", ctx.net.endpoint, "--netuid", String(netuid), "--hotkey", "//Alice", "--json", ...args]);
      if (r.code !== 0) throw new Error(`publish-scoring → ${r.code}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as { ok: boolean; appliesFromBlock: number; commitment: string };
    };

    beforeAll(async () => {
      await cryptoWaitReady();
      ctx = await startLocalnetContext();
      const reg = await ctx.chain.registerNetwork(ctx.sudo, ctx.sudo.address);
      if (!reg.ok) throw new Error(`register_network: ${reg.error}`);
      netuid = reg.value.netuid;
      await prepareSubnet(ctx.chain, ctx.sudo, ctx.advance, netuid);
      dir = mkdtempSync(join(tmpdir(), "tao-pin-chain-"));
      server = createServer((req, res) => {
        hits++;
        if (req.url === "/b.wasm") res.end(moduleB);
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/b.wasm`;
    }, 240_000);
    afterAll(async () => {
      await new Promise((r) => server?.close(r));
      if (dir) rmSync(dir, { recursive: true, force: true });
      await ctx?.close();
    }, 60_000);

    it("publish-scoring writes the pin as the owner hotkey's commitment (BigRaw past 128 bytes); the chain returns it intact", async () => {
      const source = `https://example.org/subnets/${netuid}/scoring/${"v".repeat(40)}.wasm`;
      const r = await publish(["--module", TEXT_MODULE, "--source", source]);
      expect(r.ok).toBe(true);
      expect(new TextEncoder().encode(r.commitment).length).toBeGreaterThan(128);
      const text = await ctx.chain.commitment(netuid, ctx.sudo.address);
      expect(text).toBe(r.commitment);
      expect(parsePublishedScoring(text)).toEqual({ modules: [{ sha256: shaA, source }] });
    });

    it("a validator with the published module starts clean; one with a tampered module refuses at start and in its round, naming both hashes", async () => {
      const good = await start("good", moduleA);
      expect(good.events.filter((e) => e.event === "scoring-refused")).toHaveLength(0);
      await good.v.stop();
      const bad = await start("bad", moduleB);
      const refused = bad.events.filter((e) => e.event === "scoring-refused");
      expect(refused).toHaveLength(1);
      expect(String(refused[0]!.why)).toContain(shaA);
      expect(String(refused[0]!.why)).toContain(shaB);
      expect((await bad.v.step()).weights).toBe("failed: scoring module refused");
      await bad.v.stop();
    });

    it("a roll-out at the next epoch: the validator keeps the module in use, then fetches the new one over HTTP at the epoch's first block and switches", async () => {
      const other = join(dir, "b.wasm");
      await writeFile(other, moduleB);
      const r = await publish(["--module", other, "--source", sourceUrl, "--from-epoch", "next"]);
      const mg = await ctx.chain.metagraph(netuid, { lite: true });
      expect(r.appliesFromBlock).toBe(mg.nextEpochBlock);
      expect(parsePublishedScoring(await ctx.chain.commitment(netuid, ctx.sudo.address))!.modules.map((m) => m.sha256)).toEqual([shaA, shaB]);
      const { v, events } = await start("roll", moduleA);
      await v.step();
      expect(events.filter((e) => e.event === "scoring-switched")).toHaveLength(0);
      expect(hits).toBe(0);
      await ctx.advance(r.appliesFromBlock - (await ctx.chain.bestBlock()));
      const round = await v.step();
      expect(round.block).toBeGreaterThanOrEqual(r.appliesFromBlock);
      expect(round.weights).not.toBe("failed: scoring module refused");
      expect(events.filter((e) => e.event === "scoring-switched")).toEqual([expect.objectContaining({ from: shaA, to: shaB, source: sourceUrl })]);
      expect(hits).toBe(1);
      await v.stop();
    }, 120_000);
  });
}
