/** The validator's state is keyed by chain (genesis hash), subnet and hotkey: state from another chain is never used; the validator says so and starts fresh. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { devnetSubnet } from "../../test-fixtures/devnetSubnet.js";
import { echo } from "../../test-fixtures/echoKit.js";
import type { RuntimeEvent } from "./events.js";
import { stateMismatch, type ValidatorState } from "./state.js";
import { inProcessTransport } from "./transport.js";
import { ValidatorRuntime } from "./validator.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function oneRound(seed: string, statePath: string) {
  const { chain, netuid, validator } = await devnetSubnet("statekey", { tempo: 5, weightsRateLimit: 1 }, { miners: 2, serve: true, seed });
  const events: RuntimeEvent[] = [];
  const runtime = await ValidatorRuntime.start({
    chain,
    netuid,
    hotkey: validator,
    kit: echo,
    secret: "state",
    statePath,
    transport: inProcessTransport(async (_uid, request) => ({ body: { answer: request.word }, latencyMs: 1 })),
    log: (e) => events.push(e),
  });
  try {
    const report = await runtime.step();
    return { report, events, genesis: await chain.blockHash(0), netuid, hotkey: validator.address };
  } finally {
    await runtime.stop();
  }
}

describe("validator state keyed by chain, subnet and hotkey", () => {
  it("keeps its state across restarts on the same chain, and never uses it on another chain (says so, starts fresh)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tao-state-"));
    dirs.push(dir);
    const path = join(dir, "validator.json");

    const a1 = await oneRound("chain A", path);
    expect(a1.report.round).toBe(1);
    const savedA = JSON.parse(readFileSync(path, "utf8")) as ValidatorState;
    expect(savedA.genesis).toBe(a1.genesis);
    expect(savedA.scores.some((s) => s > 0)).toBe(true);

    const a2 = await oneRound("chain A", path);
    expect(a2.report.round).toBe(2); // the same chain: the state is used
    expect(a2.events.some((e) => e.event === "state-discarded")).toBe(false);

    const b = await oneRound("chain B", path);
    expect(b.genesis).not.toBe(a1.genesis);
    expect(b.report.round).toBe(1); // another chain: fresh
    const discarded = b.events.filter((e) => e.event === "state-discarded");
    expect(discarded).toHaveLength(1);
    expect(discarded[0]).toMatchObject({ level: "warn" });
    expect(String(discarded[0]!.reason)).toContain("another chain");
    expect(String(discarded[0]!.reason)).toContain(a1.genesis);
    const savedB = JSON.parse(readFileSync(path, "utf8")) as ValidatorState;
    expect(savedB.genesis).toBe(b.genesis);
    expect(savedB.round).toBe(1);
  });

  it("does not use a state file that names no chain (written before the key had one)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tao-state-"));
    dirs.push(dir);
    const path = join(dir, "validator.json");
    const a = await oneRound("chain A", path);
    const legacy = JSON.parse(readFileSync(path, "utf8")) as ValidatorState;
    delete legacy.genesis;
    legacy.round = 41;
    writeFileSync(path, JSON.stringify(legacy));
    const again = await oneRound("chain A", path);
    expect(again.report.round).toBe(1);
    expect(again.events.find((e) => e.event === "state-discarded")?.reason).toMatch(/names no chain/);
    expect(a.genesis).toBe(again.genesis);
  });

  it("names what differs: chain, subnet or hotkey", () => {
    const key = { genesis: "0xaa", netuid: 2, hotkey: "5Hot" };
    const s: ValidatorState = { version: 1, ...key, scores: [], pending: [], round: 3 };
    expect(stateMismatch(s, key)).toBeNull();
    expect(stateMismatch({ ...s, genesis: "0xbb" }, key)).toMatch(/another chain \(genesis 0xbb, this chain's is 0xaa\)/);
    expect(stateMismatch({ ...s, netuid: 3 }, key)).toMatch(/subnet 3, not 2/);
    expect(stateMismatch({ ...s, hotkey: "5Other" }, key)).toMatch(/hotkey 5Other, not 5Hot/);
  });
});
