/** The validator runtime's events: each has a level, debug adds the per-miner scores, and a missing permit says why and how to fix it. */
import { describe, expect, it } from "vitest";
import { devnetSubnet } from "../../test-fixtures/devnetSubnet.js";
import { echo } from "../../test-fixtures/echoKit.js";
import { LOG_LEVELS, type RuntimeEvent, shows } from "./events.js";
import { memoryStateStore } from "./state.js";
import { inProcessTransport } from "./transport.js";
import { ValidatorRuntime } from "./validator.js";

describe("validator events", () => {
  it("orders the levels and filters by threshold", () => {
    expect(LOG_LEVELS).toEqual(["error", "warn", "info", "debug"]);
    expect(shows("error", "warn")).toBe(true);
    expect(shows("info", "warn")).toBe(false);
    expect(shows("debug", "debug")).toBe(true);
    expect(shows("debug", "info")).toBe(false);
  });

  it("reports a round at info and each queried miner's reward and score at debug, once each", async () => {
    const { chain, netuid, validator } = await devnetSubnet(
      "events",
      { tempo: 5, weightsRateLimit: 1, commitRevealWeightsEnabled: false },
      { miners: 3, serve: true },
    );
    const events: RuntimeEvent[] = [];
    const runtime = await ValidatorRuntime.start({
      chain,
      netuid,
      hotkey: validator,
      kit: echo,
      secret: "events",
      stateStore: memoryStateStore(),
      // uid 4 answers wrongly: reward 0
      transport: inProcessTransport(async (uid, request) => ({ body: { answer: uid === 4 ? "wrong" : request.word }, latencyMs: 1 })),
      log: (e) => events.push(e),
    });
    try {
      await runtime.step();
    } finally {
      await runtime.stop();
    }
    expect(events.map((e) => [e.level, e.event])).toEqual([
      ["debug", "scores"],
      ["info", "round"],
    ]);
    const miners = events[0]!.miners as Array<{ uid: number; answered: boolean; reward: number; score: number }>;
    expect(miners.map((m) => m.uid).sort()).toEqual([2, 3, 4]);
    for (const m of miners) {
      expect(m.answered).toBe(true);
      expect(m.reward).toBe(m.uid === 4 ? 0 : 1);
      expect(m.score).toBeCloseTo(m.reward * 0.1, 6);
    }
    expect(events[1]).toMatchObject({ netuid, queried: 3, answered: 3, weights: "set" });
    expect(JSON.stringify(events)).not.toContain("events"); // the secret never appears
  });

  it("says why a hotkey without a validator permit fails, and the stake that fixes it", async () => {
    const { chain, netuid, others } = await devnetSubnet(
      "nopermit",
      { tempo: 5, weightsRateLimit: 1, commitRevealWeightsEnabled: false },
      { miners: 2, serve: true, others: ["unstaked"] },
    );
    const unstaked = others[0]!;
    const events: RuntimeEvent[] = [];
    const runtime = await ValidatorRuntime.start({
      chain,
      netuid,
      hotkey: unstaked,
      kit: echo,
      secret: "s",
      stateStore: memoryStateStore(),
      transport: inProcessTransport(async (_uid, request) => ({ body: { answer: request.word }, latencyMs: 1 })),
      log: (e) => events.push(e),
    });
    try {
      const report = await runtime.step();
      expect(report.weights).toBe("failed: NeuronNoValidatorPermit");
    } finally {
      await runtime.stop();
    }
    const mg = await chain.metagraph(netuid);
    const np = events.find((e) => e.event === "no-permit")!;
    expect(np).toMatchObject({
      level: "warn",
      netuid,
      stake: "0",
      maxAllowedValidators: mg.hyperparameters.maxAllowedValidators,
      nextEpochBlock: mg.nextEpochBlock,
    });
    expect(String(np.why)).toContain(`${mg.hyperparameters.maxAllowedValidators} hotkeys with the most stake`);
    // the devnet's stake threshold is 0: any stake gets a permit while the validator set is not full, so 1 TAO
    expect(np.command).toBe(`tao-subnet stake add --netuid ${netuid} --hotkey ${unstaked.address} --amount 1 --chain NAME --wallet NAME`);
    expect(String(np.fix)).toContain(String(np.command));
    expect(events.find((e) => e.event === "round")).toMatchObject({ level: "warn", weights: "failed: NeuronNoValidatorPermit" });
  });
});
