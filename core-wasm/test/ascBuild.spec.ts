/**
 * Incremental AssemblyScript builds (scripts/ascBuild.mjs over scripts/buildStamp.mjs), with the
 * real compiler on small modules in a temporary directory: a build is skipped only when the
 * compiler, the arguments, the caller's key, every file asc read (and every path it looked for
 * and did not find) and every output are as the stamp recorded them; anything else compiles again.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ascBuild } from "../scripts/ascBuild.mjs";
import { writeStamp } from "../scripts/buildStamp.mjs";

const work = mkdtempSync(join(tmpdir(), "asc-build-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let dir: string;
let n = 0;
const path = (f: string) => join(dir, f);
const silent = { write: () => true };

/** One build of assembly/index.ts into build/out.wasm; `after` writes a derived file, as core-wasm's build does. */
async function build(extra: string[] = [], key: Record<string, unknown> = {}): Promise<boolean> {
  const { built, error } = await ascBuild({
    args: ["assembly/index.ts", "--runtime", "stub", "--baseDir", dir, "-o", "build/out.wasm", ...extra],
    stamp: path("build/out.buildinfo.json"),
    key,
    after: async () => {
      writeFileSync(path("build/out.b64"), readFileSync(path("build/out.wasm")).toString("base64"));
      return [path("build/out.b64")];
    },
    stdout: silent,
    stderr: silent,
  });
  if (error) throw error;
  return built;
}

beforeEach(async () => {
  dir = join(work, `p${n++}`);
  await mkdir(join(dir, "assembly/lib"), { recursive: true });
  await writeFile(path("assembly/index.ts"), 'import { k } from "./lib";\nexport function f(x: i32): i32 { return x * k; }\n');
  await writeFile(path("assembly/lib/index.ts"), "export const k: i32 = 3;\n");
});

describe("ascBuild", () => {
  it("compiles once, then skips while nothing changed, even when a source is touched with the same bytes", async () => {
    expect(await build()).toBe(true);
    const wasm = statSync(path("build/out.wasm")).mtimeMs;
    expect(await build()).toBe(false);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path("assembly/lib/index.ts"), later, later);
    expect(await build()).toBe(false);
    expect(statSync(path("build/out.wasm")).mtimeMs).toBe(wasm);
  }, 60_000);

  it("compiles again when an imported file changes, and the output follows it", async () => {
    expect(await build()).toBe(true);
    const before = readFileSync(path("build/out.wasm"));
    writeFileSync(path("assembly/lib/index.ts"), "export const k: i32 = 5;\n");
    expect(await build()).toBe(true);
    expect(readFileSync(path("build/out.wasm")).equals(before)).toBe(false);
    expect(await build()).toBe(false);
  }, 60_000);

  it("compiles again when a file appears where the resolver looked first (./lib.ts before ./lib/index.ts)", async () => {
    expect(await build()).toBe(true);
    writeFileSync(path("assembly/lib.ts"), "export const k: i32 = 7;\n");
    expect(await build()).toBe(true);
  }, 60_000);

  it("compiles again when the options, the caller's key or the recorded compiler differ", async () => {
    expect(await build()).toBe(true);
    expect(await build(["--maximumMemory", "2"])).toBe(true);
    expect(await build(["--maximumMemory", "2"], { script: "v2" })).toBe(true);
    expect(await build(["--maximumMemory", "2"], { script: "v2" })).toBe(false);
    // a stamp written by another compiler version (as after an upgrade)
    const stamp = JSON.parse(readFileSync(path("build/out.buildinfo.json"), "utf8"));
    stamp.key.compiler.assemblyscript = "0.0.1";
    writeFileSync(path("build/out.buildinfo.json"), JSON.stringify(stamp));
    expect(await build(["--maximumMemory", "2"], { script: "v2" })).toBe(true);
  }, 60_000);

  it("compiles again when an output, or a file derived from one, was changed or removed", async () => {
    expect(await build()).toBe(true);
    rmSync(path("build/out.b64"));
    expect(await build()).toBe(true);
    writeFileSync(path("build/out.wasm"), "not wasm");
    expect(await build()).toBe(true);
    expect(await build()).toBe(false);
  }, 60_000);

  it("leaves no stamp after a failed build, so restoring the source compiles again", async () => {
    expect(await build()).toBe(true);
    const good = readFileSync(path("assembly/lib/index.ts"));
    writeFileSync(path("assembly/lib/index.ts"), "export const k: i32 = ;\n");
    await expect(build()).rejects.toThrow();
    expect(() => statSync(path("build/out.buildinfo.json"))).toThrow();
    writeFileSync(path("assembly/lib/index.ts"), good);
    expect(await build()).toBe(true);
  }, 60_000);
});

describe("writeStamp", () => {
  it("records nothing when an input was modified after the step started (an edit during a build)", async () => {
    const input = join(work, "edited.ts");
    writeFileSync(input, "x");
    const stamp = join(work, "edited.buildinfo.json");
    const startedAt = statSync(input).mtimeMs - 1_000;
    expect(await writeStamp(stamp, { key: {}, inputs: [input], outputs: [], startedAt })).toBe(false);
    expect(() => statSync(stamp)).toThrow();
    expect(await writeStamp(stamp, { key: {}, inputs: [input], outputs: [], startedAt: Date.now() + 1_000 })).toBe(true);
    expect(JSON.parse(readFileSync(stamp, "utf8")).inputs["edited.ts"][0]).toBe(1);
  });
});
