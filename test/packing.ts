/**
 * The published packages as users get them: `npm pack` of every workspace that is not private, and
 * a generated project pointed at those tarballs instead of the registry's versions of our packages.
 * Shared by the pack-and-install test (release.spec.ts) and the generator's end-to-end runs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  files?: string[];
  workspaces?: string[];
  repository?: { type: string; url: string; directory?: string };
  publishConfig?: { access?: string };
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest;

/** Every workspace directory (globs like `kits/*` expanded), in the root's order. */
export function workspaceDirs(): string[] {
  return (manifest(".").workspaces ?? []).flatMap((w) => {
    if (!w.endsWith("/*")) return [w];
    const dir = w.slice(0, -2);
    return readdirSync(join(root, dir))
      .map((d) => `${dir}/${d}`)
      .filter((d) => statSync(join(root, d)).isDirectory());
  });
}

/** The workspaces npm publishes: every one that is not private. */
export const publishedDirs = (): string[] => workspaceDirs().filter((w) => manifest(w).private !== true);

export interface Packed {
  name: string;
  version: string;
  /** The workspace directory it was packed from. */
  dir: string;
  /** The tarball's path. */
  tarball: string;
  /** The paths inside the tarball (under `package/`), as `npm pack --json` lists them. */
  files: string[];
}

/**
 * Runs `fn` holding the checkout's pack lock: create-tao-subnet's prepack and postpack swap
 * `generator/templates` and rebuild `generator/bundle`, so two packs at once (test files run in
 * parallel) could each ship the other's half-made copy. A lock older than 10 minutes is a dead
 * run's, and is taken over.
 */
function withPackLock<T>(fn: () => T): T {
  const lock = join(root, "node_modules", ".tao-pack.lock");
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} held for 15 minutes: remove it if no test is packing`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `npm pack` of `dirs` into `dest` (their `prepack` scripts run, as at publish), one pack of the checkout at a time; by package name. */
export function packWorkspaces(dirs: readonly string[], dest: string): Map<string, Packed> {
  const out = withPackLock(() =>
    execFileSync("npm", ["pack", ...dirs.flatMap((w) => ["-w", w]), "--pack-destination", dest, "--json"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 * 2 ** 20,
    }),
  );
  // a prepack script's own output comes before the JSON array
  const list = JSON.parse(out.slice(out.search(/^\[/m))) as Array<{ name: string; version: string; filename: string; files: Array<{ path: string }> }>;
  const packed = new Map<string, Packed>();
  for (const p of list) {
    const dir = dirs.find((w) => manifest(w).name === p.name)!;
    packed.set(p.name, { name: p.name, version: p.version, dir, tarball: join(dest, p.filename), files: p.files.map((f) => f.path) });
  }
  return packed;
}

/**
 * Points a generated project at the tarballs: its dependencies on our packages become `file:`
 * tarballs, and `overrides` send every other request for one of them (a kit's own dependency on
 * the sdk) to the same tarball, so nothing of ours comes from the registry.
 */
export function useLocalPackages(dir: string, tarballs: ReadonlyMap<string, string>): void {
  const path = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, string> | undefined>;
  const overrides: Record<string, string> = {};
  for (const field of ["dependencies", "devDependencies"]) {
    const deps = pkg[field];
    if (!deps) continue;
    for (const name of Object.keys(deps)) if (tarballs.has(name)) deps[name] = `file:${tarballs.get(name)}`;
  }
  const direct = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  for (const [name, file] of tarballs) if (!direct.has(name)) overrides[name] = `file:${file}`;
  pkg.overrides = overrides;
  writeFileSync(path, JSON.stringify(pkg, null, 2));
}
