import { spawnSync } from "node:child_process";
import { type Dirent, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createTaoSubnet, KITS, PACKAGE_MANAGERS, SCORING_LANGUAGES, usage } from "./index.js";

const bin = fileURLToPath(new URL("../bin/create-tao-subnet.js", import.meta.url));

/** A fresh working directory, removed after the tests. */
const made: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "create-tao-subnet-"));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The real bin as a user runs it: stdin is a pipe (no TTY), CI unset. Uses the built dist/. */
function runBin(argv: string[], cwd = tmp()) {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: "utf8", env, input: "", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

const oneLine = (s: string) => expect(s.trimEnd().split("\n"), s).toHaveLength(1);

function run(argv: string[]) {
  const cwd = tmp();
  let stdout = "";
  let stderr = "";
  const code = createTaoSubnet(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    interactive: false,
    cwd,
  });
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
    oneLine(r.stderr);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it.each(["My Subnet", "_private", "UPPER", "a".repeat(215)])("rejects the name %s that npm would reject", async (name) => {
    const r = await run(["--name", name, "--yes", "--skip-install"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a valid npm package name");
    oneLine(r.stderr);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it("rejects a directory whose name npm would reject, and says how to pick a name", async () => {
    const r = await run(["My Subnet", "--yes", "--skip-install"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"My Subnet" is not a valid npm package name.*pass --name/);
    oneLine(r.stderr);
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it("refuses a non-empty directory without --force and leaves it untouched", async () => {
    const cwd = tmp();
    mkdirSync(join(cwd, "mynet"));
    writeFileSync(join(cwd, "mynet", "keep.txt"), "mine");
    let stderr = "";
    const code = await createTaoSubnet(["mynet", "--yes", "--skip-install"], {
      stdout: () => {},
      stderr: (s) => {
        stderr += s;
      },
      interactive: false,
      cwd,
    });
    expect(code).toBe(2);
    expect(stderr).toContain("--force");
    oneLine(stderr);
    expect(readdirSync(join(cwd, "mynet"))).toEqual(["keep.txt"]);
  });

  it("writes into a non-empty directory with --force, keeping files the template does not have", async () => {
    const cwd = tmp();
    mkdirSync(join(cwd, "mynet"));
    writeFileSync(join(cwd, "mynet", "keep.txt"), "mine");
    const code = await createTaoSubnet(["mynet", "--yes", "--skip-install", "--no-git", "--force"], {
      stdout: () => {},
      stderr: () => {},
      interactive: false,
      cwd,
    });
    expect(code).toBe(0);
    expect(readFileSync(join(cwd, "mynet", "keep.txt"), "utf8")).toBe("mine");
    expect(JSON.parse(readFileSync(join(cwd, "mynet", "tao-subnet.config.json"), "utf8"))).toMatchObject({ name: "mynet", kit: "text" });
  });

  it.each([[[]], [["--force"]]])("refuses a target that is a file (flags %j) and leaves it untouched", async (extra) => {
    const cwd = tmp();
    writeFileSync(join(cwd, "mynet"), "mine");
    let stderr = "";
    const code = await createTaoSubnet(["mynet", "--yes", "--skip-install", ...extra], {
      stdout: () => {},
      stderr: (s) => {
        stderr += s;
      },
      interactive: false,
      cwd,
    });
    expect(code).toBe(2);
    expect(stderr).toContain("is not a directory");
    oneLine(stderr);
    expect(readdirSync(cwd)).toEqual(["mynet"]);
    expect(readFileSync(join(cwd, "mynet"), "utf8")).toBe("mine");
  });

  it("rejects an unknown flag with the list of valid ones", async () => {
    const r = await run(["mynet", "--colour", "blue"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--kit");
    oneLine(r.stderr);
  });

  it.each(KITS.filter((k) => !k.scoring.includes("typescript")).map((k) => k.id))(
    "rejects --scoring typescript with the %s kit (its template has AssemblyScript only), naming the kits that have it",
    async (kit) => {
      const r = await run(["mynet", "--kit", kit, "--scoring", "typescript", "--yes", "--skip-install"]);
      expect(r.code).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(
        new RegExp(`--scoring: the ${kit} template has a scoring module in assemblyscript only; --scoring typescript is available with --kit text`),
      );
      expect(readdirSync(r.cwd)).toEqual([]);
    },
  );

  it("rejects an unknown scoring language and package manager", async () => {
    expect((await run(["mynet", "--scoring", "rust", "--yes"])).stderr).toContain("assemblyscript, typescript");
    expect((await run(["mynet", "--package-manager", "bun", "--yes"])).stderr).toContain("npm, pnpm, yarn");
  });
});

describe("the real bin (process exit codes, no TTY)", () => {
  it.each([
    [["mynet", "--kit", "video"], /^create-tao-subnet: --kit: unknown kit "video"; valid kits: text, storage, image, speech, custom$/],
    [["mynet", "--netuid", "0"], /^create-tao-subnet: --netuid: invalid netuid "0"/],
    [["--name", "Bad Name"], /^create-tao-subnet: --name: "Bad Name" is not a valid npm package name/],
  ])("%j exits 2 with one line on stderr and writes nothing", (argv, line) => {
    const r = runBin([...argv, "--yes", "--skip-install"]);
    expect(r.code, r.stderr).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr.trim()).toMatch(line);
    expect(r.stdout).toBe("");
    expect(readdirSync(r.cwd)).toEqual([]);
  });

  it("exits 2 for a non-empty directory and leaves it as it was", () => {
    const cwd = tmp();
    mkdirSync(join(cwd, "mynet"));
    writeFileSync(join(cwd, "mynet", "keep.txt"), "mine");
    const r = runBin(["mynet", "--yes", "--skip-install"], cwd);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(readdirSync(join(cwd, "mynet"))).toEqual(["keep.txt"]);
  });

  it("never prompts without a TTY: no --yes, stdin a pipe, and defaults fill what flags leave open", () => {
    const r = runBin(["quiet-net", "--skip-install", "--no-git"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/\?\s/); // Yeoman logs (and would prompt) on stderr
    const config = JSON.parse(readFileSync(join(r.cwd, "quiet-net", "tao-subnet.config.json"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({ name: "quiet-net", kit: "text", netuid: 1, scoring: "assemblyscript" });
    expect(existsSync(join(r.cwd, "quiet-net", ".git"))).toBe(false);
    // what to do next, in order: install (skipped here), build, test, simulate, dev
    expect(r.stderr).toMatch(/Next:\n {2}cd quiet-net\n {2}npm install\n {2}npm run build\n {2}npm test\n {2}npm run simulate\n {2}npm run dev\n/);
  });
});

describe("the real bin writes projects", () => {
  const files = (d: string) =>
    (readdirSync(d, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((e) => e.isFile())
      .map((e) => relative(d, join(e.parentPath, e.name)))
      .sort();

  it.each(KITS.map((k) => k.id))("the bin (its bundle when built) and the library write the same %s project, byte for byte", async (kit) => {
    const viaBin = runBin([`${kit}-net`, "--kit", kit, "--netuid", "9", "--yes", "--skip-install", "--no-git"]);
    expect(viaBin.code, viaBin.stderr).toBe(0);
    const viaLib = await run([`${kit}-net`, "--kit", kit, "--netuid", "9", "--yes", "--skip-install", "--no-git"]);
    expect(viaLib.code, viaLib.stderr).toBe(0);
    const a = join(viaBin.cwd, `${kit}-net`);
    const b = join(viaLib.cwd, `${kit}-net`);
    expect(files(a)).toEqual(files(b));
    expect(files(a)).toContain("package.json");
    for (const f of files(a)) expect(readFileSync(join(a, f), "utf8"), f).toBe(readFileSync(join(b, f), "utf8"));
  });

  it("initialises a git repository by default (--git) and not with --no-git", async () => {
    const withGit = await run(["git-net", "--yes", "--skip-install"]);
    expect(withGit.code, withGit.stderr).toBe(0);
    expect(existsSync(join(withGit.cwd, "git-net", ".git", "HEAD"))).toBe(true);
    const without = await run(["plain-net", "--yes", "--skip-install", "--no-git"]);
    expect(without.code).toBe(0);
    expect(existsSync(join(without.cwd, "plain-net", ".git"))).toBe(false);
  });

  it("when the install fails, says the project is written and which command failed, and exits 1", () => {
    // a registry nothing listens on: npm fails at once, no network
    const cwd = tmp();
    const env = {
      ...process.env,
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_fetch_retries: "0",
      npm_config_cache: join(cwd, ".npm-cache"),
      npm_config_offline: "false",
    };
    delete env.CI;
    const r = spawnSync(process.execPath, [bin, "fail-net", "--yes", "--no-git"], { cwd, encoding: "utf8", env, input: "", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /^create-tao-subnet: the project is written to .*fail-net, but `npm install` failed \(exit 1; its output is above\)/,
    );
    expect(existsSync(join(cwd, "fail-net", "package.json"))).toBe(true);
  }, 120_000);
});

describe("help", () => {
  it("lists every kit of the catalogue with its title, and the scoring languages and package managers", () => {
    const text = usage();
    expect(text).not.toContain("<kits>");
    for (const k of KITS)
      expect(text).toMatch(new RegExp(`^  ${k.id}\\s+${k.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(--scoring ${k.scoring.join(" \\| ")}\\))?$`, "m"));
    for (const k of KITS.filter((k) => k.scoring.length > 1)) expect(text).toContain(`(--scoring ${k.scoring.join(" | ")})`);
    expect(text).toContain(SCORING_LANGUAGES.map((l) => l.id).join(" | "));
    expect(text).toContain(PACKAGE_MANAGERS.join(" | "));
  });

  it("--version prints the package's version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version);
  });

  it("--help prints it and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(usage());
    expect(readdirSync(r.cwd)).toEqual([]);
  });
});
