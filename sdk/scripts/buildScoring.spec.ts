/**
 * buildScoring.mjs as a generated project runs it (`npm run build`): a real asc build of a scoring
 * module that imports the sdk's scoring library by package name (from a node_modules copy in a
 * temporary project), then the same command again. Unchanged sources, options and compiler skip
 * the compile; a changed file of the imported package, or changed options, compile again.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./buildScoring.mjs", import.meta.url));
const library = fileURLToPath(new URL("../assembly/scoring", import.meta.url));
const project = mkdtempSync(join(tmpdir(), "build-scoring-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const installed = join(project, "node_modules/@tao-subnet/sdk/assembly/scoring");
mkdirSync(installed, { recursive: true });
cpSync(library, installed, { recursive: true });
mkdirSync(join(project, "assembly"));
writeFileSync(
  join(project, "assembly/scoring.ts"),
  `import { applyFactor, Bytes, latencyFactor, scoreBatch } from "@tao-subnet/sdk/assembly/scoring";
export { abi_version, alloc, reset } from "@tao-subnet/sdk/assembly/scoring";
function score(challenge: Bytes, response: Bytes): u16 {
  return applyFactor(response.equals(challenge) ? 65535 : 0, latencyFactor(<i64>response.length * 100, 100));
}
export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  return scoreBatch(ptr, len, out, score);
}
`,
);

const wasm = join(project, "build/scoring.wasm");
function build(...extra: string[]) {
  const r = spawnSync(process.execPath, [script, "assembly/scoring.ts", "build/scoring.wasm", ...extra], { cwd: project, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return { upToDate: r.stdout.includes("(up to date)"), bytes: readFileSync(wasm), mtime: statSync(wasm).mtimeMs };
}

describe("buildScoring.mjs (incremental)", () => {
  it("skips an unchanged module and compiles again when a file of an imported package or an option changes", () => {
    const first = build();
    expect(first.upToDate).toBe(false);
    const stamp = JSON.parse(readFileSync(join(project, "build/scoring.buildinfo.json"), "utf8"));
    expect(Object.keys(stamp.inputs)).toContain("../node_modules/@tao-subnet/sdk/assembly/scoring/latency.ts");

    const again = build();
    expect(again.upToDate).toBe(true);
    expect(again.mtime).toBe(first.mtime);
    expect(again.bytes.equals(first.bytes)).toBe(true);

    // the installed library's latency curve changes (as an sdk upgrade would change it)
    const latency = join(installed, "latency.ts");
    writeFileSync(latency, readFileSync(latency, "utf8").replace("(over * 32768)", "(over * 16384)"));
    const changed = build();
    expect(changed.upToDate).toBe(false);
    expect(changed.bytes.equals(first.bytes)).toBe(false);
    expect(build().upToDate).toBe(true);

    const options = build("--maximumMemory", "64");
    expect(options.upToDate).toBe(false);
    expect(build("--maximumMemory", "64").upToDate).toBe(true);
    expect(build("--maximumMemory", "64", "--force").upToDate).toBe(false);
  }, 180_000);
});
