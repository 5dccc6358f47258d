/**
 * `tao-subnet localnet` as users run it: a real process started from the runtime blob prints its
 * endpoint, serves the chain, and stops cleanly on SIGINT; the same chain from a raw chain spec
 * file (`--spec`); manual block mode.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SubtensorChain } from "@tao-subnet/sdk";
import { describe, expect, it } from "vitest";
import { buildDevGenesis, DEV_BALANCE } from "../../cli/src/localnet/genesis.js";
import { startLocalnet } from "../../cli/src/localnet/localnet.js";
import { RUNTIME, SKIP_REASON } from "./localnetContext.js";

const bin = fileURLToPath(new URL("../../cli/bin/tao-subnet.js", import.meta.url));
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

if (SKIP_REASON || !RUNTIME) {
  describe.skip(SKIP_REASON ?? "localnet --runtime tests need TAO_SUBNET_RUNTIME (a chain spec alone is not enough)", () =>
    it("needs a runtime", () => undefined),
  );
} else {
  describe("tao-subnet localnet", () => {
    it("runs as a process: prints the endpoint and dev accounts, serves spec 300 with //Alice funded, stops on SIGINT", async () => {
      const child = spawn(process.execPath, [bin, "localnet", "--runtime", RUNTIME, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stderr.on("data", (c: Buffer) => (err += c.toString()));
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const m = /endpoint (ws:\/\/\S+)/.exec(out);
          if (m && out.includes("Ctrl-C")) resolve(m[1]!);
        });
        child.once("exit", (code) => reject(new Error(`localnet exited ${code}: ${err}`)));
      });
      expect(out).toMatch(/localnet node-subtensor spec 300 at block 1/);
      expect(out).toContain(`//Alice    ${ALICE}`);
      const chain = await SubtensorChain.connect(endpoint);
      expect(await chain.balance(ALICE)).toBe(DEV_BALANCE);
      expect(await chain.subnets()).toContain(0); // root
      await chain.close();
      const code = await new Promise<number | null>((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGINT");
      });
      expect(code).toBe(0);
      expect(err).not.toMatch(/INFO|Error/); // one "… starting" and one "… stopping" line, no chopsticks logs
    }, 120_000);

    it("starts from a raw chain spec file, and builds blocks only when asked in manual mode", async () => {
      const spec = join(await mkdtemp(join(tmpdir(), "spec-")), "spec.json");
      const genesis = await buildDevGenesis(new Uint8Array(await readFile(RUNTIME)));
      expect(Object.keys(genesis.genesis.raw.top).length).toBeGreaterThan(100);
      await writeFile(spec, JSON.stringify(genesis));
      const net = await startLocalnet({ source: { spec }, blocks: "manual" });
      try {
        expect(net.specVersion).toBe(300);
        const chain = await SubtensorChain.connect(net.endpoint);
        const b0 = await chain.bestBlock();
        await new Promise((r) => setTimeout(r, 1500));
        expect(await chain.bestBlock()).toBe(b0); // nothing builds by itself
        expect(await net.newBlocks(2)).toBe(b0 + 2);
        await chain.waitForBlock(b0 + 2);
        await chain.close();
      } finally {
        await net.close();
      }
    }, 120_000);

    it("gives the same genesis for the same runtime (pinned timestamp), so runs are reproducible", async () => {
      const code = new Uint8Array(await readFile(RUNTIME));
      const [a, b] = [await buildDevGenesis(code), await buildDevGenesis(code)];
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }, 120_000);
  });
}
