import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const vectors = JSON.parse(readFileSync(fileURLToPath(new URL("../../../test/vectors/yuma/test_bonds.json", import.meta.url)), "utf8")) as {
  epochs: Array<{ input: unknown; expected: Record<string, unknown> }>;
};

describe("tao-subnet epoch", () => {
  it("reads an array of EpochInputs from stdin and prints the outputs in order", async () => {
    const inputs = vectors.epochs.map((e) => e.input);
    const r = await runCli(["epoch", "-"], JSON.stringify(inputs));
    expect(r.code).toBe(0);
    const outs = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(outs).toHaveLength(inputs.length);
    outs.forEach((o, i) => expect(o.incentive).toEqual(vectors.epochs[i]!.expected.incentive));
  });

  it("reads one input from a file and adds the stages with --trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "epoch-"));
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(vectors.epochs[3]!.input));
    const r = await runCli(["epoch", file, "--trace"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { dividends: number[]; stages: { weights: unknown[]; clippedWeights: unknown[] } };
    expect(out.dividends).toEqual(vectors.epochs[3]!.expected.dividends);
    expect(out.stages.weights).toHaveLength(8);
  });

  it("exits 2 with one line naming the JSON path of bad input", async () => {
    const bad = structuredClone(vectors.epochs[0]!.input) as { weights: unknown[][] };
    bad.weights[2] = [[99, 1]];
    const r = await runCli(["epoch", "-"], JSON.stringify([vectors.epochs[0]!.input, bad]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const err = JSON.parse(r.stderr) as { error: { code: string; argument: string; message: string } };
    expect(err.error.code).toBe("EPOCH_INPUT_INVALID");
    expect(err.error.argument).toBe("[1].weights[2][0][0]");
    expect(err.error.message).toContain("uid < n");
  });

  it("applies the commit-reveal mask and prints the emission shares", async () => {
    // uid 0 validates alone; uid 2 registered at 150, after uid 0's commit at 100
    const n = 3;
    const input = {
      n,
      stake: ["1000000000", "0", "0"],
      lastUpdate: [300, 0, 0],
      blockAtRegistration: [0, 50, 150],
      validatorPermit: [true, false, false],
      weights: [
        [
          [1, 65535],
          [2, 65535],
        ],
        [],
        [],
      ],
      bonds: [[], [], []],
      currentBlock: 310,
      tempo: 100,
      activityCutoff: 5000,
      kappa: 32767,
      bondsPenalty: 65535,
      bondsMovingAverage: "900000",
      yuma3: true,
      liquidAlpha: false,
      maxAllowedValidators: 64,
      raoEmission: "1000000000",
      lastMechanismStepBlock: 0,
      ownerUid: null,
      stakeThreshold: "0",
      commitRevealEnabled: true,
      commitBlock: ["100", null, null],
    };
    const r = await runCli(["epoch", "-"], JSON.stringify([input, { ...input, commitRevealEnabled: false }]));
    expect(r.code).toBe(0);
    const [on, off] = JSON.parse(r.stdout) as Array<{ incentive: number[]; serverShare: string[]; validatorShare: string[]; serverEmission: string[] }>;
    expect(on!.incentive).toEqual([0, 65535, 0]);
    expect(off!.incentive).toEqual([0, 32767, 32767]);
    // incentive and dividends split the emission: the miner's half is I / Σ(I + D)
    expect(on!.serverShare).toEqual(["0", String(2 ** 31), "0"]);
    expect(on!.validatorShare).toEqual([String(2 ** 31), "0", "0"]);
    expect(on!.serverEmission).toEqual(["0", "500000000", "0"]);
  });

  it("exits 2 naming the path of a bad commit block", async () => {
    const n = (vectors.epochs[0]!.input as { n: number }).n;
    const bad = { ...(vectors.epochs[0]!.input as object), commitRevealEnabled: true, commitBlock: Array(n).fill(null) };
    bad.commitBlock[1] = "18446744073709551616";
    const r = await runCli(["epoch", "-"], JSON.stringify(bad));
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr) as { error: { code: string; argument: string; message: string } };
    expect([err.error.code, err.error.argument]).toEqual(["EPOCH_INPUT_INVALID", "commitBlock[1]"]);
    expect(err.error.message).toContain("u64");
    const short = await runCli(["epoch", "-"], JSON.stringify({ ...bad, commitBlock: [null] }));
    expect([short.code, (JSON.parse(short.stderr) as { error: { argument: string } }).error.argument]).toEqual([2, "commitBlock"]);
  });

  it("exits 2 on a missing file, non-JSON input and a missing argument", async () => {
    expect((await runCli(["epoch", "/nonexistent/state.json"])).code).toBe(2);
    expect((await runCli(["epoch", "-"], "{not json")).code).toBe(2);
    expect((await runCli(["epoch"])).code).toBe(2);
  });

  it("names the chain source in --version", async () => {
    const r = await runCli(["--version"]);
    expect(r.stdout).toMatch(/opentensor\/subtensor @ 14bc6f9f9 \(runtime spec_version 425\)/);
  });
});
