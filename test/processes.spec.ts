/**
 * Separate processes on 127.0.0.1, as `npm run dev` runs them: `tao-subnet devnet`, a
 * `tao-subnet miner` and a `tao-subnet validator` (built CLI, real HTTP between them).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { RemoteDevChain } from "@tao-subnet/sdk";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../cli/bin/tao-subnet.js", import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill("SIGKILL")));

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const errLines = createInterface({ input: child.stderr! });
  const output = { stdout: "", stderr: "" };
  child.stdout!.on("data", (d) => {
    output.stdout += d;
  });
  child.stderr!.on("data", (d) => {
    output.stderr += d;
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      lines.once("line", (l) => resolve(JSON.parse(l) as Record<string, unknown>));
      child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    });
  /** The first JSON line on stderr that matches (the miner logs there: its stdout is its "listening" line). */
  const stderrEvent = (event: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const on = (l: string) => {
        if (!l.startsWith("{")) return;
        const e = JSON.parse(l) as Record<string, unknown>;
        if (e.event !== event) return;
        errLines.off("line", on);
        resolve(e);
      };
      errLines.on("line", on);
      child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, next, stderrEvent, exited, output };
}

describe("devnet, miner and validator as separate processes", () => {
  it("a validator process scores a miner process over loopback and sets weights on the devnet process; SIGTERM stops the miner cleanly", async () => {
    await cryptoWaitReady();
    const devnet = start(["devnet", "--port", "0", "--block-time", "0", "--tempo", "10", "--subnet"]);
    const { url } = (await devnet.next()) as { url: string };
    const chain = await RemoteDevChain.connect(url);
    const keyring = new Keyring({ type: "sr25519" });
    const m = keyring.addFromUri("//proc/miner");
    const v = keyring.addFromUri("//proc/validator");
    for (const k of [m, v]) {
      await chain.fund(k.address, 1000n * 1_000_000_000n);
      expect((await chain.burnedRegister(k, 1, k.address)).ok).toBe(true);
    }
    await chain.addStake(v, v.address, 1, 500n * 1_000_000_000n);
    // this test is about plain set_weights: commit-reveal (the devnet's default, as the chain's) off, by root (//Alice)
    expect((await chain.sudoSetHyperparameter(keyring.addFromUri("//Alice"), 1, "commitRevealWeightsEnabled", false)).ok).toBe(true);
    await chain.advance(10);
    const miner = start([
      "miner",
      "--kit",
      "text",
      "--netuid",
      "1",
      "--hotkey",
      "//proc/miner",
      "--chain",
      url,
      "--port",
      "0",
      "--metrics-port",
      "0",
      "--log-level",
      "debug",
    ]);
    const metricsEvent = miner.stderrEvent("metrics");
    expect(await miner.next()).toMatchObject({ event: "listening", netuid: 1 });
    const metricsUrl = String((await metricsEvent).url);
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const validator = start(
      [
        "validator",
        "--kit",
        "text",
        "--netuid",
        "1",
        "--hotkey",
        "//proc/validator",
        "--secret-env",
        "VALIDATOR_SECRET",
        "--chain",
        url,
        "--rounds",
        "1",
        "--state-dir",
        mkdtempSync(join(tmpdir(), "vstate-")),
        "--log-level",
        "debug",
      ],
      { VALIDATOR_SECRET: "not public" },
    );
    // at debug, each miner's reward and score come first, then the round, each one JSON line with its level
    const scores = await validator.next();
    expect(scores).toMatchObject({ level: "debug", event: "scores", netuid: 1, round: 1 });
    expect(scores.miners).toEqual([expect.objectContaining({ answered: true })]);
    const [only] = scores.miners as Array<{ reward: number; score: number }>;
    expect(only!.reward).toBeGreaterThan(0);
    expect(only!.score).toBeCloseTo(only!.reward * 0.1, 6); // the first fold of the moving average (alpha 0.1)
    expect(await validator.next()).toMatchObject({ level: "info", event: "round", netuid: 1, queried: 1, answered: 1, weights: "set", revealed: 0 });
    expect(await validator.exited).toBe(0);
    // the round is logged once: one JSON line on stdout, nothing about it on stderr
    const rounds = validator.output.stdout.split("\n").filter((l) => l.includes('"event":"round"'));
    expect(rounds).toHaveLength(1);
    expect(validator.output.stderr).not.toContain('"round"');
    const mg = await chain.metagraph(1);
    const vu = mg.neurons.find((n) => n.hotkey === v.address)!.uid;
    const mu = mg.neurons.find((n) => n.hotkey === m.address)!.uid;
    expect(mg.weights[vu]).toEqual([[mu, 65535]]);
    // the miner's Prometheus endpoint counted the validator's request and its own chain calls
    const scrape = await (await fetch(metricsUrl)).text();
    expect(scrape).toMatch(/^tao_subnet_axon_requests_total\{synapse="[^"]+",status="200"\} 1$/m);
    expect(scrape).toMatch(/^tao_subnet_chain_request_seconds_count\{method="serveAxon",outcome="ok"\} 1$/m);
    expect((await fetch(metricsUrl.replace("/metrics", "/"))).status).toBe(404);
    // the miner's debug log has the request, once
    expect(miner.output.stderr.split("\n").filter((l) => l.includes('"event":"request"'))).toHaveLength(1);
    miner.child.kill("SIGTERM");
    expect(await miner.exited).toBe(0);
    await chain.close();
    devnet.child.kill("SIGTERM");
    await devnet.exited;
  }, 60_000);
});
