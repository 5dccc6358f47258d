/**
 * A generated project's way to run for weeks (#18 part 6): `deploy/validator.service` and
 * `deploy/miner.service` (systemd) and `Dockerfile` (one image for both). Each kit is scaffolded
 * with the real bin (no install, no network). The units go through `systemd-analyze verify` where
 * this machine has it, and are parsed and checked key by key in any case: restart policy, the
 * environment file for the secret, a non-root user, the hardening options, and an `ExecStart=`
 * that runs the file the project's npm script runs with flags the CLI's own parser accepts. The
 * Dockerfile is parsed the same way: a non-root user, `npm ci --omit=dev`, every file it copies
 * present in the project, its command the npm script's entry with accepted flags, and a health
 * check on the port its command serves metrics on. test/chain/project.spec.ts runs the units'
 * validator command line against the spec-300 localnet.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../cli/src/command.js";
import { minerCommand } from "../cli/src/commands/miner.js";
import { validatorCommand } from "../cli/src/commands/validator.js";
import { parseDockerfile, parseUnit, unitExecArgv } from "./deployFiles.js";
import { root } from "./packing.js";

const KITS = ["text", "storage", "image", "speech", "custom"];
const SYSTEMD_ANALYZE = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => existsSync(p));
const ROLES: Array<["validator" | "miner", Command]> = [
  // the kit is given in code in a project (no --kit), as its src/*.ts do
  ["validator", validatorCommand({} as never)],
  ["miner", minerCommand({} as never)],
];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "tao-deploy-"));
  for (const kit of KITS) {
    const r = spawnSync(
      process.execPath,
      [join(root, "generator/bin/create-tao-subnet.js"), join(work, kit), "--kit", kit, "--yes", "--skip-install", "--no-git"],
      {
        cwd: work,
        encoding: "utf8",
      },
    );
    expect(r.status, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The file an npm script runs through tsx (`tsx src/validator.ts` → `src/validator.ts`). */
function scriptEntry(dir: string, script: string): string {
  const scripts = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const m = /^tsx (\S+\.ts)$/.exec(scripts[script] ?? "");
  expect(m, `npm script ${script}: ${scripts[script]}`).not.toBeNull();
  return m![1]!;
}

/** Parses a neuron's flags with the CLI's own options (strict: an unknown or misspelt flag throws). */
const parseFlags = (command: Command, args: string[]) =>
  parseArgs({ args, options: command.options as never, strict: true, allowPositionals: false }).values as Record<string, unknown>;

describe("the generated project's systemd units", () => {
  it.skipIf(!SYSTEMD_ANALYZE)(
    `pass systemd-analyze verify with no warning${SYSTEMD_ANALYZE ? "" : " (skipped: systemd-analyze is not on this machine; the key checks below still run)"}`,
    () => {
      for (const kit of KITS)
        for (const [role] of ROLES) {
          const unit = join(work, kit, "deploy", `${role}.service`);
          const r = spawnSync(SYSTEMD_ANALYZE!, ["verify", unit], { encoding: "utf8" });
          expect(r.status, `${kit} ${role}: ${r.stderr}`).toBe(0);
          expect(r.stderr.trim(), `${kit} ${role}`).toBe("");
        }
    },
  );

  it("restart, an environment file, a non-root user, hardening, and the npm script's entry with flags the CLI accepts", () => {
    for (const kit of KITS) {
      const dir = join(work, kit);
      for (const [role, command] of ROLES) {
        const what = `${kit} ${role}.service`;
        const unit = parseUnit(readFileSync(join(dir, "deploy", `${role}.service`), "utf8"));
        const s = (key: string) => unit.get("Service")?.get(key);
        expect(s("Restart"), what).toEqual(["always"]);
        expect(Number(s("RestartSec")?.[0]), what).toBeGreaterThan(0);
        expect(unit.get("Unit")?.get("StartLimitIntervalSec"), what).toEqual(["0"]); // never gives up restarting
        expect(s("KillSignal"), what).toEqual(["SIGTERM"]);
        const user = s("User")?.[0];
        expect(user, what).toBeDefined();
        expect(["root", "0"]).not.toContain(user);
        // the validator's secret comes from a file (required); the miner's settings file is optional
        const envFile = s("EnvironmentFile")?.[0] ?? "";
        expect(envFile, what).toMatch(role === "validator" ? /^\/etc\/\S+\.env$/ : /^-\/etc\/\S+\.env$/);
        for (const [key, value] of [
          ["NoNewPrivileges", "yes"],
          ["ProtectSystem", "strict"],
          ["ProtectHome", "read-only"],
          ["PrivateTmp", "yes"],
          ["PrivateDevices", "yes"],
          ["CapabilityBoundingSet", ""],
          ["RestrictNamespaces", "yes"],
          ["SystemCallFilter", "@system-service"],
          ["UMask", "0077"],
        ])
          expect(s(key), `${what} ${key}`).toEqual([value]);
        // Node's JIT writes executable memory: this option would kill it at start
        expect(s("MemoryDenyWriteExecute"), what).toBeUndefined();
        // the one writable place is the project's .tao-subnet/, where the state goes (its default)
        expect(s("ReadWritePaths"), what).toEqual([`${s("WorkingDirectory")![0]}/.tao-subnet`]);
        expect(unit.get("Install")?.get("WantedBy"), what).toEqual(["multi-user.target"]);

        const argv = unitExecArgv(s("ExecStart")![0]!);
        expect(argv.slice(0, 4), what).toEqual(["/usr/bin/env", "node", "--import", "tsx"]);
        expect(argv[4], what).toBe(scriptEntry(dir, role));
        expect(existsSync(join(dir, argv[4]!)), what).toBe(true);
        const flags = parseFlags(command, argv.slice(5));
        expect(flags, what).toMatchObject({ chain: "finney", wallet: "default", "log-format": "json" });
        expect(Number(flags["metrics-port"]), what).toBeGreaterThan(0);
        if (role === "miner") expect(flags, what).toMatchObject({ host: "0.0.0.0", "external-ip": expect.any(String) });
      }
    }
  });
});

describe("the generated project's Dockerfile", () => {
  it("builds the module in a first stage; the image: npm ci --omit=dev, a non-root user, the validator's entry with accepted flags, a health check on its metrics port", () => {
    for (const kit of KITS) {
      const dir = join(work, kit);
      const text = readFileSync(join(dir, "Dockerfile"), "utf8");
      expect(text, kit).not.toMatch(/<%|%>/); // rendered
      const stages = parseDockerfile(text);
      expect(stages.length, kit).toBe(2);
      const [build, image] = stages as [(typeof stages)[0], (typeof stages)[0]];
      expect(build.find((i) => i.op === "RUN" && /\bnpm run build\b/.test(i.args))).toBeDefined();
      const ops = image.map((i) => i.op);
      const runs = image.filter((i) => i.op === "RUN").map((i) => i.args);
      expect(
        runs.some((r) => /^npm ci --omit=dev\b/.test(r)),
        kit,
      ).toBe(true);
      // every file it copies from the project is there (package-lock.json: written by the first npm install)
      for (const copy of [...build, ...image].filter((i) => i.op === "COPY" && !i.args.startsWith("--from"))) {
        const sources = copy.args.split(/\s+/).slice(0, -1);
        for (const src of sources) if (src !== "." && src !== "package-lock.json") expect(existsSync(join(dir, src)), `${kit}: COPY ${src}`).toBe(true);
      }
      expect(image.find((i) => i.op === "COPY" && i.args.startsWith("--from=build"))?.args, kit).toMatch(/\/app\/build \.\/build$/);
      // a non-root user before the command
      const userAt = ops.lastIndexOf("USER");
      expect(userAt, kit).toBeGreaterThan(ops.lastIndexOf("RUN"));
      expect(["root", "0"]).not.toContain(image[userAt]!.args);
      const entrypoint = JSON.parse(image.find((i) => i.op === "ENTRYPOINT")!.args) as string[];
      const cmd = JSON.parse(image.find((i) => i.op === "CMD")!.args) as string[];
      expect(entrypoint, kit).toEqual(["node", "--import", "tsx"]);
      expect(cmd[0], kit).toBe(scriptEntry(dir, "validator"));
      const flags = parseFlags(ROLES[0]![1], cmd.slice(1));
      expect(flags, kit).toMatchObject({ chain: "finney", "log-format": "json" });
      const port = String(flags["metrics-port"]);
      const health = image.find((i) => i.op === "HEALTHCHECK")?.args ?? "";
      expect(health, kit).toContain(`http://127.0.0.1:${port}/metrics`);
      expect(image.find((i) => i.op === "EXPOSE")?.args.split(/\s+/), kit).toContain(port);
      // the speech kit's tools, and only there
      expect(
        runs.some((r) => /apt-get install .*espeak-ng pocketsphinx pocketsphinx-en-us/.test(r)),
        kit,
      ).toBe(kit === "speech");
      const ignored = readFileSync(join(dir, ".dockerignore"), "utf8").split("\n");
      for (const p of ["node_modules", ".tao-subnet", "*.env", ".git"]) expect(ignored, `${kit} .dockerignore`).toContain(p);
      // the README points at how to run it
      expect(readFileSync(join(dir, "README.md"), "utf8"), kit).toContain("deploy/README.md");
      expect(readFileSync(join(dir, "deploy/README.md"), "utf8"), kit).toMatch(/docker run .*--env-file validator\.env/s);
    }
  });
});

describe("the deploy files' parsers (mock-free: fixed texts)", () => {
  it("read continuation lines, repeated keys, quotes and stages", () => {
    const unit = parseUnit("[Service]\n# c\nExecStart=/usr/bin/env node \\\n  a.ts --x 'a b'\nEnvironment=A=1\nEnvironment=B=2\n");
    expect(unit.get("Service")?.get("Environment")).toEqual(["A=1", "B=2"]);
    expect(unitExecArgv(unit.get("Service")!.get("ExecStart")![0]!)).toEqual(["/usr/bin/env", "node", "a.ts", "--x", "a b"]);
    const stages = parseDockerfile('FROM a AS b\nRUN x \\\n  && y\n# note\nFROM c\nCMD ["z"]\n');
    expect(stages).toEqual([
      [
        { op: "FROM", args: "a AS b" },
        { op: "RUN", args: "x && y" },
      ],
      [
        { op: "FROM", args: "c" },
        { op: "CMD", args: '["z"]' },
      ],
    ]);
  });
});
