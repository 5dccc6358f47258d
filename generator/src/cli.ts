/**
 * `create-tao-subnet [directory] [options]`: validates every flag before anything is written, then
 * runs the Yeoman generator through yeoman-environment (no global `yo`). Bad input prints one line
 * and exits 2; without a TTY nothing is ever prompted (defaults fill what flags leave open).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Answers, GeneratorInputError, validateAnswers } from "./answers.js";
import { KITS } from "./catalogue.js";

export interface CreateIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  interactive: boolean;
  cwd: string;
}

const OPTIONS = {
  yes: { type: "boolean", short: "y" },
  "skip-install": { type: "boolean" },
  force: { type: "boolean" },
  kit: { type: "string" },
  netuid: { type: "string" },
  scoring: { type: "string" },
  "package-manager": { type: "string" },
  name: { type: "string" },
  git: { type: "boolean" },
  "no-git": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

/** The USAGE file with its `<kits>` line filled from the catalogue (one row per kit). */
export function usage(): string {
  const width = Math.max(...KITS.map((k) => k.id.length));
  const rows = KITS.map((k) => `  ${k.id.padEnd(width)}  ${k.title}${k.scoring.length > 1 ? ` (--scoring ${k.scoring.join(" | ")})` : ""}`).join("\n");
  return readFileSync(new URL("../USAGE", import.meta.url), "utf8").replace(/^<kits>$/m, rows);
}

function fail(io: CreateIo, message: string): number {
  io.stderr(`create-tao-subnet: ${message}\n`);
  return 2;
}

/** Runs create-tao-subnet with `argv` (flags and an optional directory); resolves to the exit code. */
export async function createTaoSubnet(argv: string[], io: CreateIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return fail(
      io,
      `${(e as Error).message.replace(/\s+/g, " ")}; valid options: ${Object.keys(OPTIONS)
        .map((o) => `--${o}`)
        .join(", ")}`,
    );
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    io.stdout(usage());
    return 0;
  }
  if (v.version) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    io.stdout(`${pkg.version}\n`);
    return 0;
  }
  if (positionals.length > 1) return fail(io, `expected one directory, got ${positionals.length}: ${positionals.join(" ")}`);
  const directory = positionals[0];
  const name = v.name ?? (directory !== undefined ? basename(resolve(io.cwd, directory)) : undefined);
  const given: Partial<Answers> = {
    ...(name !== undefined && { name }),
    ...(v.kit !== undefined && { kit: v.kit }),
    ...(v.netuid !== undefined && { netuid: v.netuid as unknown as number }),
    ...(v.scoring !== undefined && { scoring: v.scoring as Answers["scoring"] }),
    ...(v["package-manager"] !== undefined && { packageManager: v["package-manager"] as Answers["packageManager"] }),
    ...(v.git !== undefined && { git: v.git }),
    ...(v["no-git"] === true && { git: false }),
  };
  try {
    validateAnswers(given);
  } catch (e) {
    if (e instanceof GeneratorInputError) {
      const fromDirectory = e.option === "--name" && v.name === undefined;
      return fail(io, fromDirectory ? `${e.message} (the name comes from the directory; pass --name <name> to choose one)` : `${e.option}: ${e.message}`);
    }
    throw e;
  }
  const interactive = io.interactive && v.yes !== true;
  if (!interactive && name === undefined) given.name = "my-subnet";
  const target = resolve(io.cwd, directory ?? given.name ?? "my-subnet");
  if (existsSync(target) && !statSync(target).isDirectory()) {
    return fail(io, `${target} exists and is not a directory; choose another directory`);
  }
  if (existsSync(target) && readdirSync(target).length > 0 && v.force !== true) {
    return fail(io, `${target} exists and is not empty; choose another directory or pass --force to write into it`);
  }
  // loaded only now: Yeoman is most of the start-up time, and bad input never needs it
  const [{ createEnv }, { default: TaoSubnetGenerator }] = await Promise.all([import("yeoman-environment"), import("./generators/app/index.js")]);
  const env = createEnv({ cwd: io.cwd, skipInstall: v["skip-install"] === true, force: v.force === true });
  // registered as a class (not a path for Yeoman to import), so the bin's bundle holds it too
  env.register(TaoSubnetGenerator, { namespace: "tao-subnet:app", resolved: fileURLToPath(new URL("./generators/app/index.js", import.meta.url)) });
  const options: Record<string, unknown> = {
    ...given,
    ...(given.netuid !== undefined && { netuid: Number(given.netuid) }),
    directory: target,
    yes: !interactive,
    interactive,
    skipInstall: v["skip-install"] === true,
    force: v.force === true,
  };
  try {
    await env.run(["tao-subnet:app"], options);
  } catch (e) {
    // the package manager's own output is above; the files are written by the time it runs
    const pm = e as { command?: unknown; exitCode?: unknown };
    if (typeof pm.command !== "string") throw e;
    io.stderr(
      `create-tao-subnet: the project is written to ${target}, but \`${pm.command}\` failed (exit ${String(pm.exitCode)}; its output is above); fix that and run it there again\n`,
    );
    return 1;
  }
  return 0;
}
