/** Prometheus metrics of a validator on the devnet, scraped over real HTTP on loopback. */
import { describe, expect, it } from "vitest";
import { devnetSubnet } from "../../test-fixtures/devnetSubnet.js";
import { echo } from "../../test-fixtures/echoKit.js";
import { memoryStateStore } from "../runtime/state.js";
import { inProcessTransport } from "../runtime/transport.js";
import { ValidatorRuntime } from "../runtime/validator.js";
import { RuntimeMetrics, serveMetrics, timedChain } from "./index.js";

/** The value of one sample line, e.g. `tao_subnet_rounds_total{netuid="1",weights="set"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("RuntimeMetrics", () => {
  it("counts rounds, weights, answers and scores of a validator, and times its chain calls, served at GET /metrics", async () => {
    const { chain, netuid, validator } = await devnetSubnet(
      "metrics",
      { tempo: 5, weightsRateLimit: 1, commitRevealWeightsEnabled: false },
      { miners: 3, serve: true },
    );
    const metrics = new RuntimeMetrics({ processMetrics: false });
    const runtime = await ValidatorRuntime.start({
      chain: timedChain(chain, metrics),
      netuid,
      hotkey: validator,
      kit: echo,
      secret: "metrics",
      stateStore: memoryStateStore(),
      transport: inProcessTransport(async (uid, request) => ({ body: uid === 4 ? null : { answer: request.word }, latencyMs: 1 })),
      log: (e) => metrics.observe(e),
    });
    const server = await serveMetrics(metrics);
    try {
      for (let r = 0; r < 2; r++) {
        await runtime.step();
        await chain.advance(5);
      }
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const text = await res.text();
      const n = `netuid="${netuid}"`;
      expect(sample(text, `tao_subnet_rounds_total{${n},weights="set"}`)).toBe(2);
      expect(sample(text, `tao_subnet_weights_total{${n},result="set"}`)).toBe(2);
      expect(sample(text, `tao_subnet_miners_queried_total{${n}}`)).toBe(6);
      expect(sample(text, `tao_subnet_miners_answered_total{${n}}`)).toBe(4); // uid 4 never answers
      expect(sample(text, `tao_subnet_miner_score{${n},uid="2"}`)).toBeCloseTo(0.19, 6); // 0.1, then 0.1 + 0.9 × 0.1
      expect(sample(text, `tao_subnet_miner_score{${n},uid="4"}`)).toBe(0);
      // two rounds read the metagraph twice (once each) and set weights twice, all timed
      expect(sample(text, 'tao_subnet_chain_request_seconds_count{method="metagraph",outcome="ok"}')).toBe(2);
      expect(sample(text, 'tao_subnet_chain_request_seconds_count{method="setWeights",outcome="ok"}')).toBe(2);
      expect(text).not.toContain("process_cpu"); // process metrics were turned off
      expect((await fetch(server.url.replace("/metrics", "/other"))).status).toBe(404);
      expect((await fetch(server.url, { method: "POST" })).status).toBe(404);
    } finally {
      await runtime.stop();
      await server.close();
    }
  });

  it("records a refused transaction as refused and a throw as error", async () => {
    const { chain, netuid, validator } = await devnetSubnet("metrics2", { tempo: 5 }, { miners: 1 });
    const metrics = new RuntimeMetrics({ processMetrics: false });
    const timed = timedChain(chain, metrics);
    expect((await timed.setWeights(validator, netuid, [99], [1], 0n)).ok).toBe(false);
    await expect(timed.metagraph(999)).rejects.toThrow();
    const text = await metrics.text();
    expect(sample(text, 'tao_subnet_chain_request_seconds_count{method="setWeights",outcome="refused"}')).toBe(1);
    expect(sample(text, 'tao_subnet_chain_request_seconds_count{method="metagraph",outcome="error"}')).toBe(1);
  });
});
