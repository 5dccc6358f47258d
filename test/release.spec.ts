/**
 * A release others can install (RELEASING.md): every published package carries the licence and
 * the metadata npm shows, its tarball holds no tests, fixtures or build state, and the tarballs
 * alone (with the npm registry for third-party packages, nothing else) install, run, and scaffold
 * a project through the packed create-tao-subnet that installs, builds and passes its own tests.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifest, type Packed, packWorkspaces, publishedDirs, root, useLocalPackages, workspaceDirs } from "./packing.js";

const rootManifest = manifest(".");
const published = publishedDirs();
const licence = readFileSync(join(root, "LICENSE"), "utf8");

describe("the published packages' metadata", () => {
  it("publishes every workspace but the private ones, all nine of the product", () => {
    expect(published.map((w) => manifest(w).name).sort()).toEqual(
      [
        "@tao-subnet/core",
        "@tao-subnet/sdk",
        "@tao-subnet/kit-text",
        "@tao-subnet/kit-image",
        "@tao-subnet/kit-speech",
        "@tao-subnet/kit-storage",
        "@tao-subnet/ui",
        "tao-subnet",
        "create-tao-subnet",
      ].sort(),
    );
    expect(workspaceDirs().filter((w) => !published.includes(w))).toEqual([]);
    expect(rootManifest.private).toBe(true);
  });

  it("the root holds the MIT licence, of the tao-subnet authors, and the one repository URL", () => {
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the tao-subnet authors\n/);
    expect(rootManifest.license).toBe("MIT");
    expect(rootManifest.repository).toEqual({ type: "git", url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) });
  });

  it.each(published)("%s: LICENSE, license, repository (the root's, with its directory), publishConfig, engines, files", (dir) => {
    const m = manifest(dir);
    expect(readFileSync(join(root, dir, "LICENSE"), "utf8")).toBe(licence);
    expect(m.license).toBe("MIT");
    expect(m.repository).toEqual({ ...rootManifest.repository, directory: dir });
    expect(m.publishConfig).toEqual({ access: "public" });
    expect(m.engines?.node).toMatch(/^>=\s*20/);
    expect(m.files?.length).toBeGreaterThan(0);
  });

  it("is in step with the root by scripts/syncPackages.mjs (repository URLs, the templates' pins)", () => {
    const check = spawnSync(process.execPath, [join(root, "scripts/syncPackages.mjs"), "--check"], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
  });

  it("shares one version (the changesets fixed group), which the templates pin", () => {
    const names = published.map((w) => manifest(w).name);
    const config = JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8")) as { fixed: string[][]; access: string };
    expect(config.fixed).toHaveLength(1);
    expect([...config.fixed[0]!].sort()).toEqual([...names].sort());
    expect(config.access).toBe("public");
    const versions = new Set(published.map((w) => manifest(w).version));
    expect(versions.size).toBe(1);
    const pins = JSON.parse(readFileSync(join(root, "templates/versions.json"), "utf8")) as Record<string, string>;
    for (const name of names) if (name in pins) expect(pins[name], name).toBe([...versions][0]);
    // and the internal dependencies are on that version
    for (const w of published)
      for (const [dep, range] of Object.entries(manifest(w).dependencies ?? {})) if (names.includes(dep)) expect(range, `${w} → ${dep}`).toBe([...versions][0]);
  });
});

/** What no tarball ships: tests, specs, stories, fixtures, build state, environment files, keys. */
const PRIVATE = [
  /(^|\/)(test|tests|__tests__|test-fixtures|fixtures|stories)\//,
  /\.(spec|test|stories)\.[cm]?[jt]sx?$/,
  /\.tsbuildinfo$/,
  /(^|\/)\.env/,
  /\.(pem|key)$/,
  /(^|\/)vitest\.config\./,
];
/** create-tao-subnet ships the templates, whose test/ and specs are the generated project's own tests: only build state and secrets are refused there. */
const PRIVATE_IN_TEMPLATES = [/\.tsbuildinfo$/, /(^|\/)\.env/, /\.(pem|key)$/, /(^|\/)node_modules\//];

function run(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, CI: "true", npm_config_audit: "false", npm_config_fund: "false" } });
  return { code: r.status, out: `${r.stdout ?? ""}\n${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}

/** Every package of ours an install placed, by its lockfile: each must come from a tarball of this run. */
function ourResolutions(dir: string, names: readonly string[]): Array<[string, string]> {
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as { packages: Record<string, { resolved?: string; link?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path]) => names.some((n) => path.endsWith(`node_modules/${n}`)))
    .map(([path, p]) => [path, p.resolved ?? ""]);
}

describe("pack and install", () => {
  let work: string | undefined;
  afterAll(() => {
    if (work && process.env.TAO_E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it("packs every published package without private files, installs the tarballs into an empty folder, and scaffolds a project with the packed create-tao-subnet that installs, builds and passes its tests", () => {
    const started = Date.now();
    const lap = (what: string) => console.log(`pack and install: ${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    work = mkdtempSync(join(tmpdir(), "tao-release-"));
    const packDir = join(work, "tarballs");
    mkdirSync(packDir);
    const packed = packWorkspaces(published, packDir);
    lap("packed");
    expect([...packed.keys()].sort()).toEqual(published.map((w) => manifest(w).name).sort());
    for (const p of packed.values()) {
      expect(p.files, p.name).toContain("LICENSE");
      expect(p.files, p.name).toContain("package.json");
      const inTemplates = (f: string) => p.name === "create-tao-subnet" && f.startsWith("templates/");
      const leaks = p.files.filter((f) => (inTemplates(f) ? PRIVATE_IN_TEMPLATES : PRIVATE).some((re) => re.test(f)));
      expect(leaks, `${p.name} ships private files`).toEqual([]);
    }
    const tarballs = new Map([...packed.values()].map((p: Packed) => [p.name, p.tarball]));
    const names = [...tarballs.keys()];

    // an empty folder: the tarballs, and the registry (or npm's cache) for everything else
    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    const install = run("npm", ["install", "--prefer-offline", ...[...tarballs.values()]], app, 600_000);
    expect(install.code, install.out).toBe(0);
    lap("tarballs installed");
    for (const [path, resolved] of ourResolutions(app, names)) expect(resolved, path).toMatch(/^file:/);
    for (const name of names) expect(readFileSync(join(app, "node_modules", name, "LICENSE"), "utf8"), name).toBe(licence);
    // the installed CLI runs (its dist and the core's WASM), and refuses bad input as documented
    const cli = join(app, "node_modules/.bin/tao-subnet");
    const version = run(cli, ["--version"], app);
    expect(version.code, version.out).toBe(0);
    expect(version.stdout).toMatch(/^tao-subnet \d+\.\d+\.\d+/);
    const sim = run(cli, ["simulate", "--kit", "text", "--epochs", "1", "--seed", "release", "--json", "--report", join(work, "r.html")], app);
    expect(sim.code, sim.out).toBe(0);
    expect(Object.keys((JSON.parse(sim.stdout) as { profiles: object }).profiles)).toContain("miner:honest");
    const bad = run(cli, ["simulate", "--epoch", "3"], app);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/did you mean --epochs\?/);
    lap("CLI ran");

    // npm init through the packed create-tao-subnet (npm exec of its tarball: `npm init tao-subnet` without the registry)
    const project = join(work, "my-subnet");
    const scaffold = run(
      "npm",
      [
        "exec",
        "--yes",
        `--package=${tarballs.get("create-tao-subnet")}`,
        "--",
        "create-tao-subnet",
        project,
        "--kit",
        "text",
        "--yes",
        "--skip-install",
        "--no-git",
      ],
      app,
    );
    expect(scaffold.code, scaffold.out).toBe(0);
    expect(existsSync(join(project, "package.json"))).toBe(true);
    lap("scaffolded");
    useLocalPackages(project, tarballs);
    const projectInstall = run("npm", ["install", "--prefer-offline"], project, 600_000);
    expect(projectInstall.code, projectInstall.out).toBe(0);
    const ours = ourResolutions(project, names);
    expect(ours.length).toBeGreaterThanOrEqual(5); // core, sdk, kit-text, ui, tao-subnet
    for (const [path, resolved] of ours) expect(resolved, path).toMatch(/^file:/);
    expect(readdirSync(join(project, "node_modules/@tao-subnet")).sort()).toContain("kit-text");
    lap("project installed");
    const build = run("npm", ["run", "build"], project);
    expect(build.code, build.out).toBe(0);
    const test = run("npm", ["test"], project);
    expect(test.code, test.out).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes (ESC [ … m) from vitest's output
    expect(test.out.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/Tests\s+\d+ passed/);
    lap("project built and tested");
  }, 1_200_000);
});
