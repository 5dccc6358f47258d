import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const vector = JSON.parse(readFileSync(fileURLToPath(new URL("../../../test/vectors/coinbase/test_pending_emission.json", import.meta.url)), "utf8")) as {
  steps: Array<{ input: Record<string, unknown>; expected: unknown }>;
};

describe("tao-subnet coinbase", () => {
  it("reads an array of CoinbaseInputs from stdin and prints the outputs in order, bit for bit", async () => {
    const r = await runCli(["coinbase", "-"], JSON.stringify(vector.steps.map((s) => s.input)));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(vector.steps.map((s) => s.expected));
  });

  it("reads one input from a file and prints one output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coinbase-"));
    const file = join(dir, "block.json");
    writeFileSync(file, JSON.stringify(vector.steps[1]!.input));
    const r = await runCli(["coinbase", file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(vector.steps[1]!.expected);
  });

  it("exits 2 with one line naming the JSON path of bad input", async () => {
    const bad = structuredClone(vector.steps[0]!.input) as { subnets: Array<{ neurons: Array<{ alphaStake: string }> }> };
    bad.subnets[0]!.neurons[0]!.alphaStake = "-3";
    const r = await runCli(["coinbase", "-"], JSON.stringify([vector.steps[0]!.input, bad]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const err = JSON.parse(r.stderr) as { error: { code: string; argument: string; message: string } };
    expect(err.error.code).toBe("COINBASE_INPUT_INVALID");
    expect(err.error.argument).toBe("[1].subnets[0].neurons[0].alphaStake");
    expect(err.error.message).toContain("non-negative");
  });

  it("exits 2 on a missing file, non-JSON, too-deep JSON and a missing argument", async () => {
    expect((await runCli(["coinbase", "/nonexistent/block.json"])).code).toBe(2);
    expect((await runCli(["coinbase", "-"], "{not json")).code).toBe(2);
    expect((await runCli(["coinbase", "-"], `${"[".repeat(100)}${"]".repeat(100)}`)).code).toBe(2);
    expect((await runCli(["coinbase"])).code).toBe(2);
  });
});
