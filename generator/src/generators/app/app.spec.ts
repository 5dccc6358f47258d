// Answers → files, with yeoman-test (no install, no git): the generator writes the right project.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import helpers from "yeoman-test";
import { describe, expect, it } from "vitest";
import TaoSubnetGenerator from "./index.js";

const resolved = fileURLToPath(new URL("./index.ts", import.meta.url));

describe("the create-tao-subnet generator (yeoman-test)", () => {
  it("writes the text project from flags: interpolated package.json and config, dotfiles renamed, sources copied", async () => {
    const result = await helpers
      .run(TaoSubnetGenerator, { resolved, namespace: "tao-subnet:app" })
      .withOptions({ name: "alpha-net", kit: "text", netuid: 12, yes: true, interactive: false, git: false, skipInstall: true });
    const dir = join(result.cwd, "alpha-net");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; dependencies: Record<string, string> };
    expect(pkg.name).toBe("alpha-net");
    expect(pkg.dependencies["@tao-subnet/kit-text"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(JSON.parse(readFileSync(join(dir, "tao-subnet.config.json"), "utf8"))).toMatchObject({ name: "alpha-net", kit: "text", netuid: 12, scoring: "assemblyscript" });
    expect(existsSync(join(dir, ".gitignore"))).toBe(true);
    expect(existsSync(join(dir, "_gitignore"))).toBe(false);
    expect(readFileSync(join(dir, "assembly/scoring.ts"), "utf8")).toContain("export function score_batch");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# alpha-net/);
  });

  it("takes prompt answers when interactive", async () => {
    const result = await helpers
      .run(TaoSubnetGenerator, { resolved, namespace: "tao-subnet:app" })
      .withOptions({ interactive: true, skipInstall: true })
      .withAnswers({ name: "beta-net", kit: "text", netuid: "3", scoring: "assemblyscript", packageManager: "npm", git: false });
    const config = JSON.parse(readFileSync(join(result.cwd, "beta-net", "tao-subnet.config.json"), "utf8")) as { netuid: number };
    expect(config.netuid).toBe(3);
  });
});
