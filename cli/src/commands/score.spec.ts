import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const module = fileURLToPath(new URL("../../../kits/text/build/scoring.wasm", import.meta.url));
const sha = createHash("sha256").update(readFileSync(module)).digest("hex");
const dir = mkdtempSync(join(tmpdir(), "score-"));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
  return p;
};
const challenge = file("c.json", { reference: "The capital of France is Paris.", latency_budget_ms: 2000 });

describe("tao-subnet score", () => {
  it("prints one score for one response, pinned by sha256", async () => {
    const r = await runCli([
      "score",
      "--module",
      module,
      "--sha256",
      sha,
      "--challenge",
      challenge,
      "--response",
      file("r.json", { completion: "The capital of France is Paris.", latency_ms: 300 }),
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ score: 65535 });
  });

  it("prints an array of scores for an array of responses, in order", async () => {
    const r = await runCli([
      "score",
      "--module",
      module,
      "--challenge",
      challenge,
      "--response",
      file("rs.json", [{ completion: "Paris is the capital of France." }, { completion: "Bananas are yellow." }, { completion: "" }]),
    ]);
    const out = JSON.parse(r.stdout) as Array<{ score: number }>;
    expect(out).toHaveLength(3);
    expect(out[0]!.score).toBeGreaterThan(out[1]!.score);
    expect(out[2]!.score).toBe(0);
  });

  it("exits 2 with one line when the module's hash is not the pinned one", async () => {
    const r = await runCli([
      "score",
      "--module",
      module,
      "--sha256",
      "0".repeat(64),
      "--challenge",
      challenge,
      "--response",
      file("r2.json", { completion: "x" }),
    ]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.code).toBe("SCORING_HASH_MISMATCH");
  });

  it("exits 2 on a module that is not WASM and on a malformed --sha256", async () => {
    const r = await runCli(["score", "--module", file("bad.wasm", "not wasm"), "--challenge", challenge, "--response", file("r3.json", {})]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.code).toBe("SCORING_BAD_MODULE");
    expect((await runCli(["score", "--module", module, "--sha256", "xyz", "--challenge", challenge, "--response", challenge])).code).toBe(2);
  });

  // hostile modules implementing the ABI's exports, written as WebAssembly text
  const wat = (name: string, body: string, extra = "") => {
    const m = binaryen.parseText(
      `(module ${extra} (memory (export "memory") 1) (func (export "alloc") (param i32) (result i32) (i32.const 1024)) (func (export "score_batch") (param i32 i32 i32) (result i32) ${body}))`,
    );
    const p = join(dir, name);
    writeFileSync(p, m.emitBinary());
    m.dispose();
    return p;
  };

  it.each([
    ["a module that loops forever (stopped at the time cap)", () => wat("loop.wasm", "(loop $l (br $l)) (i32.const 0)"), "SCORING_TIMEOUT"],
    ["a module that traps", () => wat("trap.wasm", "(unreachable)"), "SCORING_TRAP"],
    [
      "a module importing outside the allow-list",
      () => wat("imp.wasm", "(i32.const 0)", `(import "wasi_snapshot_preview1" "fd_write" (func $w (param i32)))`),
      "SCORING_FORBIDDEN_IMPORT",
    ],
  ])("exits 2 with one line naming the reason for %s", async (_, make, code) => {
    const t0 = Date.now();
    const r = await runCli(["score", "--module", make(), "--timeout-ms", "500", "--challenge", challenge, "--response", file("r4.json", { completion: "x" })]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.stderr).error.code).toBe(code);
    expect(Date.now() - t0).toBeLessThan(4000);
  });
});
