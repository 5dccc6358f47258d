/**
 * Signed synapse requests on loopback: a Dendrite querying 64 Axons concurrently for 1,000 rounds
 * (64,000 signed, verified, answered requests; every response checked for its sender and round),
 * then sequential request latency (p50/p99) and throughput against a plain unsigned HTTP echo
 * server and client in the same process as the baseline. The two sequential series run in
 * alternating blocks (signed, plain, plain, signed, …) so that a change in the machine's load
 * falls on both. Last, the three sr25519 operations a signed request costs (the dendrite signs, the
 * axon verifies and signs its response), timed alone: the floor under the signed round trip.
 */
import { Agent, createServer, request, type Server } from "node:http";
import { loadavg } from "node:os";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Axon, type AxonTarget, Dendrite } from "@tao-subnet/sdk";
import { signMessage, verifyMessage } from "../../sdk/src/net/crypto.js";
import { machine, measure } from "../harness.js";

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

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

export default {
  name: "net",
  async run() {
    const loadBefore = load();
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
    // 2. sequential latency, signed vs plain, in alternating blocks of 200 (after 200 of each to warm up)
    const { server, port } = await echoServer();
    const agent = new Agent({ keepAlive: true });
    const signed: number[] = [];
    const plain: number[] = [];
    let n = 0;
    let failed = 0;
    const signedBlock = async (into: number[] | null) => {
      for (let i = 0; i < 200; i++, n++) {
        const s = performance.now();
        const r = await d.call(targets[n % 64]!, "Echo", { round: n });
        if (r.status !== 200) failed++;
        into?.push(performance.now() - s);
      }
    };
    const plainBlock = async (into: number[] | null) => {
      for (let i = 0; i < 200; i++, n++) {
        const s = performance.now();
        await echo(agent, port, JSON.stringify({ round: n }));
        into?.push(performance.now() - s);
      }
    };
    await signedBlock(null);
    await plainBlock(null);
    for (let b = 0; b < 10; b++) {
      if (b % 2 === 0) {
        await signedBlock(signed);
        await plainBlock(plain);
      } else {
        await plainBlock(plain);
        await signedBlock(signed);
      }
    }
    const tp = (xs: number[]) => 1000 / (xs.reduce((a, b) => a + b, 0) / xs.length);
    agent.destroy();
    server.close();
    d.close();
    await Promise.all(axons.map((a) => a.stop()));
    // 3. the three sr25519 operations of one signed request, alone
    const message = `${BigInt(Date.now()) * 1_000_000n}.${validator.address}.${targets[0]!.hotkey}.${d.uuid}.a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a`;
    const signature = signMessage(validator, message);
    const sign = measure("sign", () => signMessage(validator, message), { budgetMs: 300 });
    const verify = measure("verify", () => verifyMessage(message, signature, validator.address), { budgetMs: 300 });
    const cryptoMs = 2 * sign.msPerOp + verify.msPerOp;
    const row = (name: string, xs: number[]) => `| ${name} | ${tp(xs).toFixed(0)} | ${pct(xs, 50).toFixed(3)} | ${pct(xs, 99).toFixed(3)} |`;
    return [
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; load average ${loadBefore} before, ${load()} after. Dendrite, Axons and the baseline all in one process on loopback.`,
      "",
      `Load: 64 axons × 1,000 rounds = 64,000 signed requests in ${loadSeconds.toFixed(1)} s (${(64_000 / loadSeconds).toFixed(0)} requests/s); lost or mis-attributed responses: **${bad}**.`,
      "",
      "| sequential requests (2,000 each, alternating blocks of 200) | requests/s | p50 ms | p99 ms |",
      "|---|---:|---:|---:|",
      row("plain unsigned HTTP echo (baseline)", plain),
      row(`signed synapse (sign, verify, nonce, body hash, signed response)${failed ? ` — ${failed} failed` : ""}`, signed),
      "",
      `Signed/plain throughput ratio: ${(tp(signed) / tp(plain)).toFixed(2)}× (of the medians, which a busy machine moves less: ${(pct(plain, 50) / pct(signed, 50)).toFixed(2)}×).`,
      "",
      `The sr25519 work of one signed request alone: sign ${(sign.msPerOp * 1000).toFixed(0)} µs × 2 + verify ${(verify.msPerOp * 1000).toFixed(0)} µs = ${(cryptoMs * 1000).toFixed(0)} µs, so at most ${(1000 / cryptoMs).toFixed(0)} signed requests/s in sequence (${(1000 / cryptoMs / tp(plain)).toFixed(2)}× the echo) even if everything else cost nothing.`,
    ].join("\n");
  },
};
