/**
 * Signed synapse requests on loopback: a Dendrite querying 64 Axons concurrently for 1,000 rounds
 * (64,000 signed, verified, answered requests; every response checked for its sender and round),
 * then sequential request latency (p50/p99) and throughput, against a plain unsigned HTTP echo
 * server and client on the same machine as the baseline.
 */
import { Agent, createServer, request, type Server } from "node:http";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Axon, type AxonTarget, Dendrite } from "@tao-subnet/sdk";
import { machine } from "../harness.js";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as { port: number }).port };
}

function echo(agent: Agent, port: number, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/Echo",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve());
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export default {
  name: "net",
  async run() {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519" });
    const validator = keyring.addFromUri("//bench/validator");
    const axons: Axon[] = [];
    const targets: AxonTarget[] = [];
    for (let i = 0; i < 64; i++) {
      const hk = keyring.addFromUri(`//bench/miner${i}`);
      const a = new Axon({ hotkey: hk, port: 0, rateLimit: { requests: 10_000_000, windowMs: 60_000 }, concurrency: 64 });
      a.attach("Echo", (body) => ({ who: i, round: body.round }));
      const { port } = await a.start();
      axons.push(a);
      targets.push({ ip: "127.0.0.1", port, hotkey: hk.address });
    }
    const d = new Dendrite(validator);
    // 1. the load: 64 axons × 1,000 rounds, every answer attributed
    let bad = 0;
    const t0 = performance.now();
    for (let round = 0; round < 1000; round++) {
      const res = await d.forward(targets, "Echo", { round }, { timeoutMs: 10_000 });
      res.forEach((r, i) => {
        if (r.status !== 200 || r.body?.who !== i || r.body?.round !== round) bad++;
      });
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    // 2. sequential latency, signed vs plain
    const signed: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      await d.call(targets[i % 64]!, "Echo", { round: i });
      signed.push(performance.now() - s);
    }
    const { server, port } = await echoServer();
    const agent = new Agent({ keepAlive: true });
    const plain: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const s = performance.now();
      await echo(agent, port, JSON.stringify({ round: i }));
      plain.push(performance.now() - s);
    }
    const tp = (xs: number[]) => 1000 / (xs.reduce((a, b) => a + b, 0) / xs.length);
    agent.destroy();
    server.close();
    d.close();
    await Promise.all(axons.map((a) => a.stop()));
    const row = (name: string, xs: number[]) => `| ${name} | ${tp(xs).toFixed(0)} | ${pct(xs, 50).toFixed(3)} | ${pct(xs, 99).toFixed(3)} |`;
    return [
      `Machine: ${machine()}; 2026-11-22. Dendrite, Axons and the baseline all in one process on loopback.`,
      "",
      `Load: 64 axons × 1,000 rounds = 64,000 signed requests in ${loadSeconds.toFixed(1)} s (${(64_000 / loadSeconds).toFixed(0)} requests/s); lost or mis-attributed responses: **${bad}**.`,
      "",
      "| sequential requests (2,000 each) | requests/s | p50 ms | p99 ms |",
      "|---|---:|---:|---:|",
      row("plain unsigned HTTP echo (baseline)", plain),
      row("signed synapse (sign, verify, nonce, body hash, signed response)", signed),
      "",
      `Signed/plain throughput ratio: ${(tp(signed) / tp(plain)).toFixed(2)}×.`,
    ].join("\n");
  },
};
