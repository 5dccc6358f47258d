import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";
import { abiModule, cat, FUNCREF, limits, name } from "../../../sdk/test-fixtures/wasmWriter.js";
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

const bin = fileURLToPath(new URL("../../bin/tao-subnet.js", import.meta.url));

describe("tao-subnet score", () => {
  it("exits 2 with one JSON line on the report's module (~130 bytes) declaring a table of 10,000,000 entries (it used to die with SIGABRT, exit 134), in a child process", () => {
    // the ABI's exports and memory (so every check the host had before passed) and a funcref table of 10,000,000 entries
    const table = file("table.wasm", "");
    writeFileSync(table, abiModule({ tables: [cat([FUNCREF], limits(10_000_000))] }));
    const r = spawnSync(process.execPath, [bin, "score", "--module", table, "--challenge", challenge, "--response", file("rt.json", { completion: "x" })], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).error).toMatchObject({ code: "SCORING_TABLE_LIMIT", argument: "--module" });
    expect(JSON.parse(lines[0]!).error.message).toMatch(/10000000, above the limit of 10000/);
  });

  it("scores in a child process too, on Node's own event loop: the worker process neither holds the command open nor cuts it short", () => {
    const r = spawnSync(
      process.execPath,
      [
        bin,
        "score",
        "--module",
        module,
        "--sha256",
        sha,
        "--challenge",
        challenge,
        "--response",
        file("rc.json", [{ completion: "The capital of France is Paris." }, { completion: "" }]),
      ],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ score: 65535 }, { score: 0 }]);
  });

  it.each([
    ["a module that returns fewer scores than responses", abiModule({ scoreBatch: [0x20, 0x00, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6b] }), "SCORING_BAD_OUTPUT"],
    ["a module whose scores lie past the end of its memory", abiModule({ alloc: [0x41, 0xfe, 0xff, 0x03] }), "SCORING_BAD_OUTPUT"],
    ["a GC module", abiModule({ types: [[0x5e, 0x7f, 0x01]] }), "SCORING_UNSUPPORTED_FEATURE"],
    ["a module importing a memory", abiModule({ imports: [cat(name("env"), name("memory"), [0x02], limits(1))] }), "SCORING_FORBIDDEN_IMPORT"],
  ])("exits 2 with one line for %s, never prints a short or empty answer", async (what, bytes, code) => {
    const p = file(`${what.length}.wasm`, "");
    writeFileSync(p, bytes);
    const r = await runCli(["score", "--module", p, "--challenge", challenge, "--response", file("rs2.json", [{ completion: "a" }, { completion: "b" }])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(JSON.parse(r.stderr).error.code).toBe(code);
  });

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

  it("exits 2 naming --timeout-ms when it is not 1..600000", async () => {
    for (const t of ["0", "1.5", "600001", "abc"]) {
      const r = await runCli(["score", "--module", module, "--timeout-ms", t, "--challenge", challenge, "--response", challenge]);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stderr).error).toMatchObject({ code: "INVALID_ARGUMENT", argument: "--timeout-ms" });
    }
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
