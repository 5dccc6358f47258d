import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTaoSubnet, KITS } from "./index.js";

function run(argv: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), "create-tao-subnet-"));
  let stdout = "";
  let stderr = "";
  const code = createTaoSubnet(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), interactive: false, cwd });
  return code.then((c) => ({ code: c, stdout, stderr, cwd }));
}

describe("create-tao-subnet bad input", () => {
  it("rejects an unknown kit, lists the valid ones, exits 2 and writes nothing", async () => {
    const r = await run(["mynet", "--kit", "video", "--yes", "--skip-install"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("--kit");
    for (const k of KITS) expect(r.stderr).toContain(k.id);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it.each(["0", "65536", "-1", "1.5", "twelve"])("rejects netuid %s with the valid range", async (netuid) => {
    const r = await run(["mynet", `--netuid=${netuid}`, "--yes", "--skip-install"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--netuid: .*1 to 65535/);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it.each(["My Subnet", "_private", "UPPER", "a".repeat(215)])("rejects the name %s that npm would reject", async (name) => {
    const r = await run(["--name", name, "--yes", "--skip-install"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a valid npm package name");
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it("refuses a non-empty directory without --force and leaves it untouched", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "create-tao-subnet-"));
    mkdirSync(join(cwd, "mynet"));
    writeFileSync(join(cwd, "mynet", "keep.txt"), "mine");
    let stderr = "";
    const code = await createTaoSubnet(["mynet", "--yes", "--skip-install"], { stdout: () => {}, stderr: (s) => void (stderr += s), interactive: false, cwd });
    expect(code).toBe(2);
    expect(stderr).toContain("--force");
    expect(readdirSync(join(cwd, "mynet"))).toEqual(["keep.txt"]);
  });

  it("rejects an unknown flag with the list of valid ones", async () => {
    const r = await run(["mynet", "--colour", "blue"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--kit");
  });

  it("rejects an unknown scoring language and package manager", async () => {
    expect((await run(["mynet", "--scoring", "rust", "--yes"])).stderr).toContain("assemblyscript, typescript");
    expect((await run(["mynet", "--package-manager", "bun", "--yes"])).stderr).toContain("npm, pnpm, yarn");
  });
});
