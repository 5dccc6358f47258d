/**
 * End to end: for each template, generate a project with the real bin, install it against the
 * workspace's own packages (packed tarballs; everything else from the npm cache or registry), build
 * it, run its own tests and a short simulation. Slow by nature (an install per template), so it
 * runs the templates in sequence with generous timeouts.
 */
import { spawn, spawnSync } from "node:child_process";
import { type Dirent, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packWorkspaces, publishedDirs, root, useLocalPackages } from "./packing.js";

const bin = join(root, "generator/bin/create-tao-subnet.js");
const templates = ["text", "storage", "image", "speech", "custom"].filter((t) => existsSync(join(root, "templates", t, "package.json")));

let tarballs: Map<string, string>;
let work: string;

function sh(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, CI: "true", npm_config_audit: "false", npm_config_fund: "false" } });
  return { code: r.status, out: `${r.stdout ?? ""}\n${r.stderr ?? ""}` };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tao-e2e-"));
  const packDir = join(work, "tarballs");
  mkdirSync(packDir);
  // every published package but the generator (run from the checkout here; packed by the npm create test below)
  const packed = packWorkspaces(
    publishedDirs().filter((w) => w !== "generator"),
    packDir,
  );
  tarballs = new Map([...packed.values()].map((p) => [p.name, p.tarball]));
}, 300_000);

// each generated project holds an install (hundreds of MB): removed afterwards unless TAO_E2E_KEEP=1
afterAll(() => {
  if (work && process.env.TAO_E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
}, 300_000); // several GB of node_modules take longer than the 10 s default to delete

/**
 * `npm run dev` for real: devnet, subnet, miner, validator and dashboard as processes (every port
 * picked free, fast blocks) until the validator's weights are on chain (set, or on a commit-reveal
 * subnet, the devnet's default as the chain's, committed and revealed); then Ctrl-C (SIGINT to the
 * process group, as a terminal sends it) must stop every one of them.
 */
async function runDev(dir: string): Promise<void> {
  const child = spawn("npm", ["run", "dev", "--", "--port", "0", "--dashboard-port", "0", "--miner-port", "0", "--block-time", "100"], {
    cwd: dir,
    env: { ...process.env, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, like a terminal's foreground job
  });
  let out = "";
  const weightsSet = await new Promise<boolean>((resolve) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (/\[validator\] \{.*("weights":"set"|"event":"revealed")/.test(out)) resolve(true);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", () => resolve(false));
    setTimeout(() => resolve(false), 240_000);
  });
  // while it runs: `npm run register` against its devnet, a dry run and then for real (a 2nd subnet)
  const devnet = /\[dev\] devnet (http:\/\/127\.0\.0\.1:\d+): subnet (\d+)/.exec(out);
  const register = (extra: string[]) => sh("npm", ["run", "register", "--", "--chain", devnet?.[1] ?? "", "--coldkey", "//Bob", ...extra], dir);
  const dry = weightsSet && devnet ? register([]) : null;
  const sent = weightsSet && devnet ? register(["--send"]) : null;
  const group = -child.pid!;
  const alive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(group, "SIGINT");
  const deadline = Date.now() + 20_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const leftOver = alive();
  if (leftOver) process.kill(group, "SIGKILL");
  expect(weightsSet, out).toBe(true);
  // the validator starts once its permit exists: no round is refused for the want of one
  expect(out).not.toContain("NeuronNoValidatorPermit");
  expect(out).toMatch(/\[dev\] dashboard http:\/\/127\.0\.0\.1:\d+/);
  expect(leftOver, `processes left after Ctrl-C\n${out}`).toBe(false);
  expect(dry?.code, dry?.out).toBe(0);
  expect(dry?.out).toMatch(/scoring (module|source) sha256 [0-9a-f]{64}/);
  expect(dry?.out).toMatch(/"dryRun":true,"action":"register_network"/);
  expect(sent?.code, sent?.out).toBe(0);
  expect(sent?.out).toMatch(new RegExp(`ok in block \\d+: netuid ${Number(devnet?.[2]) + 1}`));
}

/** Bytes on disk under `dir` as du counts them: allocated blocks, links not followed, each hard-linked file once. */
function diskUsage(dir: string, seen = new Set<string>()): number {
  let bytes = 0;
  for (const path of [dir, ...readdirSync(dir).map((name) => join(dir, name))]) {
    const s = lstatSync(path);
    if (path !== dir && s.isDirectory()) bytes += diskUsage(path, seen);
    else if (!seen.has(`${s.dev}:${s.ino}`)) {
      seen.add(`${s.dev}:${s.ino}`);
      bytes += s.blocks * 512;
    }
  }
  return bytes;
}

/** Installs a generated project against the packed workspace packages, builds it, runs its own tests and a short simulation. */
async function installBuildTestSimulate(dir: string, kit: string): Promise<void> {
  useLocalPackages(dir, tarballs);
  const install = sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir, 600_000);
  expect(install.code, install.out).toBe(0);
  const build = sh("npm", ["run", "build", "--if-present"], dir);
  expect(build.code, build.out).toBe(0);
  const test = sh("npm", ["test"], dir);
  expect(test.code, test.out).toBe(0);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes (ESC [ … m) from vitest's output
  expect(test.out.replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/Tests\s+\d+ passed/);
  const sim = sh("npm", ["run", "simulate", "--", "--epochs", "3"], dir);
  expect(sim.code, sim.out).toBe(0);
  // the CLI's simulate: its table (alpha earned, its TAO worth, share) and its HTML report
  expect(sim.out).toMatch(/miner:honest\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+ % of miner emission/);
  expect(existsSync(join(dir, ".tao-subnet/simulation.html"))).toBe(true);
  // and its checks: exit 2, one JSON line naming the argument, no Node stack
  for (const [args, argument, message] of [
    [["--epochs", "abc"], "--epochs", /got "abc"/],
    [["--epoch", "3"], "--epoch", /did you mean --epochs\?/],
    [["--miners", '{"honset":3}'], "miners.honset", /did you mean "honest"\?/],
  ] as const) {
    const bad = spawnSync("npm", ["run", "--silent", "simulate", "--", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true" } });
    expect(bad.status, bad.stderr).toBe(2);
    const line = bad.stderr.split("\n").find((l) => l.startsWith('{"error"'));
    expect(JSON.parse(line ?? "null")?.error, bad.stderr).toMatchObject({ argument });
    expect(JSON.parse(line!).error.message).toMatch(message);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }
  // every entry point type-checks (miner, validator, dev, register are not run by the tests)
  const types = sh("npx", ["tsc", "-p", "."], dir);
  expect(types.code, types.out).toBe(0);
  // what a miner or validator machine installs (npm ci --omit=dev): no compiler, optimiser, type
  // checker or test runner, at most 200 MiB (the full install is ~350 MiB, binaryen 94 of it);
  // `npm run dev` below runs the miner, validator, devnet, dashboard and register on that alone
  const prune = sh("npm", ["prune", "--omit=dev", "--no-audit", "--no-fund"], dir);
  expect(prune.code, prune.out).toBe(0);
  const modules = join(dir, "node_modules");
  for (const tool of ["assemblyscript", "binaryen", "typescript", "vitest"]) expect(existsSync(join(modules, tool)), tool).toBe(false);
  expect(diskUsage(modules) / 2 ** 20).toBeLessThanOrEqual(200);
  await runDev(dir);
  // a profile's share is the table's 4th column (uids, alpha earned, its TAO worth, share)
  if (kit === "storage") {
    // the market works: honest miners hold their data and take most of the miner emission
    const honest = /miner:honest\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+) %/.exec(sim.out);
    expect(Number(honest?.[1]), sim.out).toBeGreaterThan(50);
  }
  if (kit === "image") {
    // the baseline detector earns most of the miner emission; replayed answers (copiers) nothing
    expect(Number(/miner:honest\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+) %/.exec(sim.out)?.[1]), sim.out).toBeGreaterThan(50);
    expect(Number(/miner:copier\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+) %/.exec(sim.out)?.[1]), sim.out).toBe(0);
  }
  if (kit === "speech") {
    // real recognition pays: pocketsphinx miners earn most of the miner emission, copiers and lazy miners nothing
    expect(Number(/miner:honest\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+) %/.exec(sim.out)?.[1]), sim.out).toBeGreaterThan(50);
    expect(Number(/miner:copier\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+) %/.exec(sim.out)?.[1]), sim.out).toBe(0);
    expect(Number(/miner:lazy\s+\d+\s+[\d.]+\s+[\d.]+\s+([\d.]+) %/.exec(sim.out)?.[1]), sim.out).toBe(0);
  }
}

describe.sequential("npm create tao-subnet → install → test → simulate", () => {
  it.skipIf(templates.length === 0)(`has templates to test${templates.length === 0 ? " (skipped: templates/ holds no kit project yet)" : ""}`, () =>
    expect(templates.length).toBeGreaterThan(0),
  );

  // the speech template's simulation speaks with espeak-ng and recognises with pocketsphinx (Debian packages)
  const speechToolsMissing = ["/usr/bin/espeak-ng", "/usr/bin/pocketsphinx_continuous"].filter((p) => !existsSync(p));
  for (const kit of templates) {
    const skip = kit === "speech" && speechToolsMissing.length > 0;
    it.skipIf(skip)(
      `the ${kit} template generates a project whose own tests and simulation pass${skip ? ` (skipped: ${speechToolsMissing.join(", ")} missing; apt-get install espeak-ng pocketsphinx pocketsphinx-en-us)` : ""}`,
      async () => {
        const dir = join(work, `${kit}-net`);
        const gen = sh(process.execPath, [bin, dir, "--kit", kit, "--yes", "--skip-install", "--no-git"], work);
        expect(gen.code, gen.out).toBe(0);
        await installBuildTestSimulate(dir, kit);
      },
      900_000,
    );
  }

  // the TypeScript-only score (src/scoring.ts, no assembly/): its tests include agreement with the kit's WASM module
  it("the text template with --scoring typescript generates a project whose own tests and simulation pass", async () => {
    const dir = join(work, "text-ts-net");
    const gen = sh(process.execPath, [bin, dir, "--kit", "text", "--scoring", "typescript", "--yes", "--skip-install", "--no-git"], work);
    expect(gen.code, gen.out).toBe(0);
    expect(existsSync(join(dir, "assembly"))).toBe(false);
    expect(existsSync(join(dir, "src/scoring.ts"))).toBe(true);
    await installBuildTestSimulate(dir, "text");
  }, 900_000);

  // `npm create tao-subnet` resolves create-tao-subnet where it is installed (the local project's
  // node_modules) before asking the registry; with --offline this proves nothing is fetched for it.
  // The package is not published, so it is installed here from its packed tarball (npm pack runs
  // prepack, which bundles templates/ into it). --skip-install: the generated project depends on
  // @tao-subnet/* 0.1.0, which only the workspace tarballs provide (release.spec.ts installs such a project from them).
  it("npm create tao-subnet (create-tao-subnet installed from its packed tarball) makes the same text project as the bin", async () => {
    const packDir = join(work, "generator-tarball");
    mkdirSync(packDir);
    const tarball = packWorkspaces(["generator"], packDir).get("create-tao-subnet")!.tarball;
    expect(existsSync(tarball)).toBe(true);
    const host = join(work, "host");
    mkdirSync(host);
    writeFileSync(join(host, "package.json"), JSON.stringify({ name: "host", private: true }));
    const add = sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], host, 600_000);
    expect(add.code, add.out).toBe(0);
    // everything the scaffolder runs is in its bundle: installing it installs nothing else (334 packages before)
    expect(Number(/added (\d+) packages?/.exec(add.out)?.[1]), add.out).toBeLessThanOrEqual(20);
    expect(readdirSync(join(host, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["create-tao-subnet"]);

    const dir = join(work, "via-npm-create", "text-net");
    const create = sh("npm", ["create", "--offline", "tao-subnet", "--", dir, "--kit", "text", "--yes", "--skip-install", "--no-git"], host);
    expect(create.code, create.out).toBe(0);
    // the same project as the bin in the checkout writes (the packed templates are the checkout's)
    const direct = join(work, "via-bin", "text-net");
    expect(sh(process.execPath, [bin, direct, "--kit", "text", "--yes", "--skip-install", "--no-git"], work).code).toBe(0);
    const files = (d: string) =>
      (readdirSync(d, { recursive: true, withFileTypes: true }) as Dirent[])
        .filter((e) => e.isFile())
        .map((e) => relative(d, join(e.parentPath, e.name)))
        .sort();
    expect(files(dir)).toEqual(files(direct));
    for (const f of files(dir)) expect(readFileSync(join(dir, f), "utf8"), f).toBe(readFileSync(join(direct, f), "utf8"));

    // bad input through npm create: the generator's one line, a failing exit code, nothing written
    const bad = sh("npm", ["create", "--offline", "tao-subnet", "--", join(work, "bad-net"), "--kit", "video", "--yes"], host);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/create-tao-subnet: --kit: unknown kit "video"; valid kits: text, /);
    expect(existsSync(join(work, "bad-net"))).toBe(false);
    // the project is byte for byte the one the text template test above installs, builds, tests, simulates and runs;
    // release.spec.ts installs, builds and tests one scaffolded by the packed create-tao-subnet from the tarballs alone
  }, 900_000);
});
