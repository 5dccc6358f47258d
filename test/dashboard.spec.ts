/**
 * The dashboard over a devnet, as a user runs them: `tao-subnet devnet` and `tao-subnet dashboard`
 * as two separate processes, a third party (this test, through RemoteDevChain) registering a
 * subnet with validators and miners and setting weights, and Debian's chromium (headless, fresh
 * profile) loading the page. Checks the page shows every uid, draws the charts, and logs no
 * console errors; the screenshot is kept (path printed; DASHBOARD_SCREENSHOT to choose it).
 * Skipped, saying so, when chromium is absent.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { RemoteDevChain } from "@tao-subnet/sdk";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const browserPath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const TAO = 1_000_000_000n;
const children: ChildProcess[] = [];

/** Runs `tao-subnet <args>` from the sources in a child process; resolves to its first stdout line (JSON). */
function cli(args: string[]): Promise<{ child: ChildProcess; first: Record<string, unknown> }> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `import { main } from ${JSON.stringify(join(root, "cli/src/main.ts"))}; process.exitCode = await main(process.argv.slice(1));`,
      ...args,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ child, first: JSON.parse(line) as Record<string, unknown> }));
    child.once("exit", (code) => reject(new Error(`tao-subnet ${args[0]} exited with ${code}: ${stderr}`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, "SIGTERM");
});

describe.skipIf(!browserPath)(`dashboard in chromium${browserPath ? "" : " (skipped: no chromium at /usr/bin/chromium; apt-get install chromium)"}`, () => {
  it("shows a devnet subnet's uids, charts and metagraph with no console errors", async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519" });
    const devnet = await cli(["devnet", "--port", "0", "--block-time", "50", "--tempo", "10"]);
    const chain = await RemoteDevChain.connect(String(devnet.first.url));
    // a subnet: owner //Alice (uid 0), two validators, three miners
    const alice = keyring.addFromUri("//Alice");
    const reg = await chain.registerNetwork(alice, alice.address);
    expect(reg.ok).toBe(true);
    const netuid = (reg as { value: { netuid: number } }).value.netuid;
    expect((await chain.startCall(alice, netuid)).ok).toBe(true);
    // the weights rate limit is root-only on the chain: //Alice is the devnet's sudo key as well as the owner
    expect((await chain.sudoSetHyperparameter(alice, netuid, "weightsRateLimit", 5)).ok).toBe(true);
    // the validators set weights directly: commit-reveal (the devnet's default, as the chain's) off
    expect((await chain.setHyperparameter(alice, netuid, "commitRevealWeightsEnabled", false)).ok).toBe(true);
    const validators = ["//Bob", "//Charlie"].map((u) => keyring.addFromUri(u));
    const miners = ["//Miner1", "//Miner2", "//Miner3"].map((u) => keyring.addFromUri(u));
    for (const k of miners) await chain.fund(k.address, 100n * TAO);
    for (const k of [...validators, ...miners]) expect((await chain.burnedRegister(k, netuid, k.address)).ok).toBe(true);
    for (const [i, v] of validators.entries()) await chain.addStake(v, v.address, netuid, BigInt(1000 - 300 * i) * TAO);
    // wait for an epoch (permits), set weights, wait for another (incentive)
    const next = async () => chain.waitForBlock((await chain.metagraph(netuid, { lite: true })).nextEpochBlock + 1);
    await next();
    for (const v of validators) {
      const r = await chain.setWeights(v, netuid, [3, 4, 5], [65535, 30000, 10000], 0n);
      expect(r.ok, r.ok ? "" : r.message).toBe(true);
    }
    await next();

    const dash = await cli(["dashboard", "--chain", String(devnet.first.url), "--port", "0", "--poll", "300"]);
    const profile = mkdtempSync(join(tmpdir(), "dashboard-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: browserPath!,
      headless: true,
      viewport: { width: 1280, height: 1100 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(String(dash.first.url));
      await page.waitForSelector("table.metagraph tbody tr[data-uid]", { timeout: 15_000 });
      const uids = await page.$$eval("table.metagraph tbody tr[data-uid]", (rows) => rows.map((r) => Number(r.getAttribute("data-uid"))));
      expect(uids).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await page.$$eval("svg.tao-chart", (s) => s.length)).toBe(4);
      // the best-weighted miner (uid 3) has the tallest incentive bar
      const bar = (uid: number) => page.$eval(`rect.bar[data-uid="${uid}"][data-kind="incentive"]`, (r) => Number(r.getAttribute("height")));
      expect(await bar(3)).toBeGreaterThan(await bar(4));
      expect(await page.textContent("header h1")).toBe(`Subnet ${netuid}`);
      const shot = process.env.DASHBOARD_SCREENSHOT ?? join(mkdtempSync(join(tmpdir(), "dashboard-shot-")), "dashboard.png");
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`dashboard screenshot: ${shot}`);
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await chain.close();
    }
  }, 90_000);
});
