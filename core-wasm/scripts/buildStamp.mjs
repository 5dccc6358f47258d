// Build stamps: a build step is skipped when nothing it read or wrote has changed since it last ran.
//
// A stamp (JSON, beside the step's outputs) holds the step's key (what decides its output besides
// the files it reads: tool versions, arguments, the build script's own hash), each file it read
// and each file it wrote as [size, mtime, sha256], each path it looked for and did not find as
// null (a file appearing there would change how imports resolve), and each directory it listed.
// The step is fresh when the key is equal and every file is as recorded: a file whose size and
// mtime are unchanged counts as unchanged; otherwise its bytes are hashed and compared, so a touch
// or a checkout that restores the same bytes does not rebuild. A file modified after the step
// started makes writeStamp record nothing (the next build runs the step again), so an edit during
// a build is never taken as built. Paths are stored relative to the stamp's directory.
//
// Used by ascBuild.mjs (AssemblyScript) and generator/scripts/bundle.mjs (esbuild).

import { createHash } from "node:crypto";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";

const FORMAT = 1;
const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** sha256 of a file's bytes, or null when it cannot be read. */
export async function fileSha256(path) {
  try {
    return sha256(await readFile(path));
  } catch {
    return null;
  }
}

/** [size, mtimeMs, sha256] of a file, or null when it is not a readable file. */
async function fileState(path) {
  try {
    const s = await stat(path);
    if (!s.isFile()) return null;
    return [s.size, s.mtimeMs, sha256(await readFile(path))];
  } catch {
    return null;
  }
}

/** Whether the file at `path` still matches its recorded state (null: still no file there). */
async function unchanged(path, recorded) {
  let s;
  try {
    s = await stat(path);
  } catch {
    return recorded === null;
  }
  if (!s.isFile()) return recorded === null;
  if (recorded === null) return false;
  if (s.size === recorded[0] && s.mtimeMs === recorded[1]) return true;
  return s.size === recorded[0] && (await fileSha256(path)) === recorded[2];
}

/** The sorted names in a directory, hashed; null when it cannot be listed. */
export async function listingSha256(path, filter = () => true) {
  try {
    return sha256(JSON.stringify((await readdir(path)).filter(filter).sort()));
  } catch {
    return null;
  }
}

const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** `fn` over `items`, 64 at a time (a bundle reads thousands of files; one open file each). */
async function mapChunked(items, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += 64) out.push(...(await Promise.all(items.slice(i, i + 64).map(fn))));
  return out;
}

/**
 * Whether the stamp at `stampPath` was written for `key` and every file and listing in it is
 * unchanged. `listFilter` is the filter the step listed directories with (`listingSha256`).
 */
export async function isFresh(stampPath, key, listFilter = () => true) {
  let stamp;
  try {
    stamp = JSON.parse(await readFile(stampPath, "utf8"));
  } catch {
    return false;
  }
  if (stamp?.format !== FORMAT || !sameJson(stamp.key, key)) return false;
  const dir = dirname(stampPath);
  const files = [...Object.entries(stamp.inputs ?? {}), ...Object.entries(stamp.outputs ?? {})];
  if ((await mapChunked(files, ([file, recorded]) => unchanged(resolve(dir, file), recorded))).includes(false)) return false;
  for (const [folder, hash] of Object.entries(stamp.lists ?? {})) if ((await listingSha256(resolve(dir, folder), listFilter)) !== hash) return false;
  return true;
}

/** Removes a stamp, before its step runs: a step that fails or is interrupted leaves none. */
export const removeStamp = (stampPath) => rm(stampPath, { force: true });

/**
 * Records a finished step. `inputs` and `outputs` are paths (an input that is not a file is
 * recorded as missing); `lists` maps directories the step listed to `listingSha256` of them;
 * `startedAt` is Date.now() from before the step read anything. Returns false, and writes
 * nothing, when an input changed after `startedAt`.
 */
export async function writeStamp(stampPath, { key, inputs, outputs, lists = new Map(), startedAt }) {
  const dir = dirname(stampPath);
  const rel = (path) => relative(dir, resolve(path)).replaceAll("\\", "/");
  const byPath = (entries) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const section = async (paths) => byPath(await mapChunked([...new Set(paths)], async (p) => [rel(p), await fileState(resolve(p))]));
  const reads = await section(inputs);
  if (Object.values(reads).some((s) => s !== null && s[1] >= startedAt)) return false;
  const record = { format: FORMAT, key, inputs: reads, lists: byPath([...lists].map(([p, h]) => [rel(p), h])), outputs: await section(outputs) };
  const tmp = `${stampPath}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 1)}\n`);
  await rename(tmp, stampPath);
  return true;
}
