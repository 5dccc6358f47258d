/**
 * Hostile JSON and numbers at every input the CLI reads (#21's CLI class): deep nesting, huge
 * numeric strings and odd JSON exit 2 with one bounded JSON line naming the argument, never a
 * stack overflow or an echo of the input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_ERROR_MESSAGE } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH } from "./jsonInput.js";
import { runCli } from "./testing.js";

const dir = mkdtempSync(join(tmpdir(), "hostile-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const module = fileURLToPath(new URL("../../kits/text/build/scoring.wasm", import.meta.url));
const epochInput = (
  JSON.parse(readFileSync(fileURLToPath(new URL("../../test/vectors/yuma/test_bonds.json", import.meta.url)), "utf8")) as {
    epochs: Array<{ input: Record<string, unknown> }>;
  }
).epochs[0]!.input;

/** One bounded JSON line on stderr, exit 2, naming `argument`. */
function expectBadInput(r: { code: number; stderr: string }, argument: string): { message: string } {
  expect(r.code, r.stderr.slice(0, 300)).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr.length).toBeLessThan(MAX_ERROR_MESSAGE + 500);
  const { error } = JSON.parse(r.stderr) as { error: { argument: string; message: string } };
  expect(error.argument).toBe(argument);
  return error;
}

describe("hostile input to the CLI", () => {
  it("measures nesting depth past strings and escapes, stopping early", () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[\\"]]]"}]}')).toBe(3);
    expect(jsonDepth(deep(10))).toBe(10);
    expect(jsonDepth(deep(100_000))).toBe(MAX_JSON_DEPTH + 1);
  });

  it("deep JSON: score --response, --challenge, epoch (file and stdin), simulate --config and --miners, dashboard --report exit 2", async () => {
    const d = file("deep.json", deep(100_000));
    const ok = file("ok.json", JSON.stringify({ prompt: "p", reference: "r", latencyBudgetMs: 1000 }));
    expect(expectBadInput(await runCli(["score", "--module", module, "--challenge", ok, "--response", d]), "--response").message).toMatch(
      /nests .* more than 64 deep/,
    );
    expectBadInput(await runCli(["score", "--module", module, "--challenge", d, "--response", ok]), "--challenge");
    expectBadInput(await runCli(["epoch", d]), "<file|->");
    expectBadInput(await runCli(["epoch", "-"], deep(100_000)), "<file|->");
    expectBadInput(await runCli(["simulate", "--kit", "text", "--config", d]), "--config");
    expectBadInput(await runCli(["simulate", "--kit", "text", "--miners", deep(100_000)]), "--miners");
    expectBadInput(await runCli(["dashboard", "--report", d]), "--report");
  });

  it("a 20-million-digit stake is refused by its length, and the error does not echo it", async () => {
    const huge = "9".repeat(20_000_000);
    const r = await runCli(["epoch", "-"], JSON.stringify({ ...epochInput, stake: (epochInput.stake as string[]).map((s, i) => (i === 0 ? huge : s)) }));
    const e = expectBadInput(r, "stake[0]");
    expect(e.message).toMatch(/at most 20 digits/);
    expect(e.message).toMatch(/20000000 characters/);
  });

  it("a huge --issuance and a NaN-like one are refused with a bounded message", async () => {
    for (const v of ["9".repeat(5_000_000), "1e400", "-1", "0x10"]) {
      const r = await runCli(["emission", "--issuance", v]);
      expectBadInput(r, "--issuance");
    }
  });

  it("odd JSON at the top level: null, a number and a string are bad input, not a TypeError", async () => {
    for (const text of ["null", "5", '"x"', "[null]"]) {
      const r = await runCli(["epoch", "-"], text);
      expect(r.code, `${text}: ${r.stderr}`).toBe(2);
      expect(r.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
    }
  });
});
