// Incremental AssemblyScript builds: asc runs only when something it would read has changed.
//
// The stamp (buildStamp.mjs) keys a build by the compiler's version and binaryen's, the asc
// arguments and whatever the caller adds (its build script's hash), and records every file asc
// asked for through the compiler API's readFile and listFiles hooks: the asconfig, the entry, each
// file it imports, package imports such as @tao-subnet/sdk/assembly/scoring found through
// node_modules, and the paths its resolver tried that did not exist (a file appearing there is a
// change too); and every file it wrote. The standard library is inside the compiler package, so its
// version covers it. Not tracked: asc transforms (loaded by Node, not through readFile); no build
// here uses one.
//
// Used by core-wasm/scripts/build.mjs and sdk/scripts/buildScoring.mjs (in this repository and in
// generated projects, which is why @tao-subnet/core publishes this file).

import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isFresh, listingSha256, removeStamp, writeStamp } from "./buildStamp.mjs";

export { fileSha256 } from "./buildStamp.mjs";

/** The compiler's identity, read without loading it (loading asc and binaryen takes ~0.3 s). */
export async function compilerVersions() {
  const ascManifest = fileURLToPath(import.meta.resolve("assemblyscript/package.json"));
  const binaryenManifest = createRequire(ascManifest).resolve("binaryen/package.json");
  const version = async (file) => JSON.parse(await readFile(file, "utf8")).version;
  return { assemblyscript: await version(ascManifest), binaryen: await version(binaryenManifest) };
}

/** asc's own listFiles filter: .ts files that are not .d.ts. */
const isSource = (name) => name.endsWith(".ts") && !name.endsWith(".d.ts");

/**
 * Runs `asc.main(args)` unless the stamp says nothing it depends on has changed.
 * - `stamp`: the stamp file's path (beside the outputs, e.g. build/scoring.buildinfo.json).
 * - `key`: JSON-able values that decide the output besides the files asc reads (the build
 *   script's hash, say); the compiler versions and `args` are added here.
 * - `after`: runs after a successful compile and returns the paths of files it derived from asc's
 *   outputs (they are checked like asc's own).
 * - `force`: compile even when the stamp says the outputs are up to date.
 * Returns `{ built, error, stderr }`: built is false when skipped; error is asc's, if it failed.
 */
export async function ascBuild({ args, stamp, key = {}, after, force = false, stdout = process.stdout, stderr = process.stderr }) {
  const stampPath = resolve(stamp);
  const fullKey = { compiler: await compilerVersions(), args, ...key };
  if (!force && (await isFresh(stampPath, fullKey, isSource))) return { built: false, error: null };

  await removeStamp(stampPath);
  const startedAt = Date.now();
  const inputs = new Set();
  const lists = new Map();
  const outputs = new Set();
  const { default: asc } = await import("assemblyscript/asc");
  const result = await asc.main(args, {
    stdout,
    stderr,
    // asc's own hooks, recording what they touch
    readFile: async (filename, baseDir) => {
      const path = resolve(baseDir, filename);
      inputs.add(path);
      try {
        return await readFile(path, "utf8");
      } catch {
        return null;
      }
    },
    listFiles: async (dirname_, baseDir) => {
      const path = join(baseDir, dirname_);
      lists.set(path, await listingSha256(path, isSource));
      try {
        return (await readdir(path)).filter(isSource);
      } catch {
        return null;
      }
    },
    writeFile: async (filename, contents, baseDir) => {
      const path = resolve(baseDir, filename);
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, contents);
        outputs.add(path);
        return true;
      } catch {
        return false;
      }
    },
  });
  if (result.error) return { built: true, error: result.error, stderr: result.stderr };
  for (const path of (await after?.()) ?? []) outputs.add(resolve(path));
  await writeStamp(stampPath, { key: fullKey, inputs, outputs, lists, startedAt });
  return { built: true, error: null };
}
