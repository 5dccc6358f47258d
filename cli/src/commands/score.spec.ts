import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
    const r = await runCli(["score", "--module", module, "--sha256", sha, "--challenge", challenge, "--response", file("r.json", { completion: "The capital of France is Paris.", latency_ms: 300 })]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ score: 65535 });
  });

  it("prints an array of scores for an array of responses, in order", async () => {
    const r = await runCli(["score", "--module", module, "--challenge", challenge, "--response", file("rs.json", [{ completion: "Paris is the capital of France." }, { completion: "Bananas are yellow." }, { completion: "" }])]);
    const out = JSON.parse(r.stdout) as Array<{ score: number }>;
    expect(out).toHaveLength(3);
    expect(out[0]!.score).toBeGreaterThan(out[1]!.score);
    expect(out[2]!.score).toBe(0);
  });

  it("exits 2 with one line when the module's hash is not the pinned one", async () => {
    const r = await runCli(["score", "--module", module, "--sha256", "0".repeat(64), "--challenge", challenge, "--response", file("r2.json", { completion: "x" })]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.code).toBe("SCORING_HASH_MISMATCH");
  });

  it("exits 2 on a module that is not WASM and on a malformed --sha256", async () => {
    const r = await runCli(["score", "--module", file("bad.wasm", "not wasm"), "--challenge", challenge, "--response", file("r3.json", {})]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.code).toBe("SCORING_BAD_MODULE");
    expect((await runCli(["score", "--module", module, "--sha256", "xyz", "--challenge", challenge, "--response", challenge])).code).toBe(2);
  });
});
