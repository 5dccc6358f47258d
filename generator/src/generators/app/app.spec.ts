// Answers → files, with yeoman-test (no install, no git): the generator writes the right project.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import helpers, { TestAdapter } from "yeoman-test";
import TaoSubnetGenerator from "./index.js";

const resolved = fileURLToPath(new URL("./index.ts", import.meta.url));

// yeoman-test's TestAdapter (@yeoman/adapter 4.0.2, and 5.0.0 alike) hands inquirer two
// Duplex.from() streams nobody listens to; since Node 24.22 each one ends in an AbortError with no
// listener, an uncaught exception per run (the generator is unaffected: its CLI uses the terminal
// adapter, and the e2e test runs it under Node 24). Those streams are never read, so the test
// adapter is built with a no-op error listener on them.
class TestAdapterQuietStreams extends TestAdapter {
  constructor(options: ConstructorParameters<typeof TestAdapter>[0]) {
    const from = Duplex.from;
    Duplex.from = ((source: Parameters<typeof Duplex.from>[0]) => from.call(Duplex, source).on("error", () => undefined)) as typeof Duplex.from;
    try {
      super(options);
    } finally {
      Duplex.from = from;
    }
  }
}
helpers.createTestAdapter = (options) => new TestAdapterQuietStreams({ ...helpers.adapterOptions, ...options });

describe("the create-tao-subnet generator (yeoman-test)", () => {
  it("writes the text project from flags: interpolated package.json and config, dotfiles renamed, sources copied", async () => {
    const result = await helpers
      .run(TaoSubnetGenerator, { resolved, namespace: "tao-subnet:app" })
      .withOptions({ name: "alpha-net", kit: "text", netuid: 12, yes: true, interactive: false, git: false, skipInstall: true });
    const dir = join(result.cwd, "alpha-net");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; dependencies: Record<string, string> };
    expect(pkg.name).toBe("alpha-net");
    expect(pkg.dependencies["@tao-subnet/kit-text"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(JSON.parse(readFileSync(join(dir, "tao-subnet.config.json"), "utf8"))).toMatchObject({
      name: "alpha-net",
      kit: "text",
      netuid: 12,
      scoring: "assemblyscript",
    });
    expect(existsSync(join(dir, ".gitignore"))).toBe(true);
    expect(existsSync(join(dir, "_gitignore"))).toBe(false);
    expect(readFileSync(join(dir, "assembly/scoring.ts"), "utf8")).toContain("export function score_batch");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# alpha-net/);
  });

  it("writes a TypeScript-only text project: the score in src/scoring.ts, no assembly/, no AssemblyScript dependency, a tsc build", async () => {
    const result = await helpers
      .run(TaoSubnetGenerator, { resolved, namespace: "tao-subnet:app" })
      .withOptions({ name: "ts-net", kit: "text", scoring: "typescript", yes: true, interactive: false, git: false, skipInstall: true });
    const dir = join(result.cwd, "ts-net");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts.build).toBe("tsc");
    expect(pkg.devDependencies.assemblyscript).toBeUndefined();
    expect(existsSync(join(dir, "assembly"))).toBe(false);
    expect(readFileSync(join(dir, "src/kit.ts"), "utf8")).toContain('kind: "function"');
    expect(readFileSync(join(dir, "src/scoring.ts"), "utf8")).toContain("export function score(");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("src/scoring.ts");
    expect(readFileSync(join(dir, "README.md"), "utf8")).not.toContain("assembly/scoring.ts →");
    expect(JSON.parse(readFileSync(join(dir, "tao-subnet.config.json"), "utf8"))).toMatchObject({ scoring: "typescript" });
  });

  it("asks only for the scoring languages the chosen kit has (storage: not asked, AssemblyScript)", async () => {
    const result = await helpers
      .run(TaoSubnetGenerator, { resolved, namespace: "tao-subnet:app" })
      .withOptions({ interactive: true, skipInstall: true })
      .withAnswers({ name: "gamma-net", kit: "storage", netuid: "4", scoring: "typescript", packageManager: "npm", git: false });
    const dir = join(result.cwd, "gamma-net");
    expect(JSON.parse(readFileSync(join(dir, "tao-subnet.config.json"), "utf8"))).toMatchObject({ kit: "storage", scoring: "assemblyscript" });
    expect(existsSync(join(dir, "assembly/scoring.ts"))).toBe(true);
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
