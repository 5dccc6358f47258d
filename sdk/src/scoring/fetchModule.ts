/**
 * Getting the bytes of a published scoring module (`published.ts`): from the validator's cache
 * (`<cacheDir>/<sha256>.wasm`), else from its source (an http(s) URL, or an npm package installed
 * beside the validator). The bytes are hashed before anything uses them: a module whose sha256 is
 * not the published one is refused, naming both hashes. A download is capped at the largest module
 * the host takes and at a time limit, so a source cannot stall or flood the validator.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ScoringError, ScoringErrorCode } from "./errors.js";
import { sha256Hex } from "./host.js";
import { SCORING_LIMITS } from "./inspect.js";
import type { PublishedModule } from "./published.js";

export interface FetchModuleOptions {
  /** Where fetched modules are kept by hash (read first, written after a fetch). */
  cacheDir?: string;
  /** Per download, ms (default 30,000). */
  timeoutMs?: number;
  /** Where `npm:` sources are resolved from (default: the working directory). */
  resolveFrom?: string;
}

const unavailable = (m: PublishedModule, why: string, cause?: unknown) =>
  new ScoringError(ScoringErrorCode.MODULE_MISSING, `published scoring module ${m.sha256}: ${why}`, cause === undefined ? undefined : { cause });

async function fromCache(m: PublishedModule, cacheDir: string | undefined): Promise<Uint8Array | null> {
  if (!cacheDir) return null;
  try {
    const bytes = new Uint8Array(await readFile(join(cacheDir, `${m.sha256}.wasm`)));
    return sha256Hex(bytes) === m.sha256 ? bytes : null; // a damaged cache entry is fetched again
  } catch {
    return null;
  }
}

async function download(m: PublishedModule, url: string, timeoutMs: number): Promise<Uint8Array> {
  const limit = SCORING_LIMITS.moduleBytes;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (e) {
    throw unavailable(m, `cannot fetch ${url} (${(e as Error).message}); check the source, or put the module in the cache as <sha256>.wasm`, e);
  }
  if (!response.ok || !response.body) throw unavailable(m, `${url} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limit) throw unavailable(m, `${url} is ${declared} bytes, above the ${limit} a scoring module may have`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > limit) throw unavailable(m, `${url} sent more than the ${limit} bytes a scoring module may have`);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof ScoringError) throw e;
    throw unavailable(m, `download of ${url} failed (${(e as Error).message})`, e);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

async function fromNpm(m: PublishedModule, source: string, resolveFrom: string): Promise<Uint8Array> {
  const spec = source.slice("npm:".length);
  const at = spec.lastIndexOf("@");
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  const require = createRequire(join(resolveFrom, "noop.js"));
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${name}/package.json`);
  } catch (e) {
    throw unavailable(m, `npm package ${name} is not installed here; run \`npm install ${name}@${version}\``, e);
  }
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { version?: string; taoSubnet?: { scoring?: string } };
  if (manifest.version !== version)
    throw unavailable(
      m,
      `npm package ${name} here is ${manifest.version ?? "unversioned"}, the published module is in ${version}; run \`npm install ${name}@${version}\``,
    );
  const file = join(dirname(manifestPath), manifest.taoSubnet?.scoring ?? "build/scoring.wasm");
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    throw unavailable(m, `${file} (in ${name}@${version}) cannot be read`, e);
  }
}

async function toCache(m: PublishedModule, bytes: Uint8Array, cacheDir: string | undefined): Promise<void> {
  if (!cacheDir) return;
  await mkdir(cacheDir, { recursive: true });
  const path = join(cacheDir, `${m.sha256}.wasm`);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/** The bytes of published module `m`, checked against its sha256 (cache first, then its source). */
export async function fetchPublishedModule(m: PublishedModule, options: FetchModuleOptions = {}): Promise<Uint8Array> {
  const cached = await fromCache(m, options.cacheDir);
  if (cached) return cached;
  const source = m.source;
  if (source === undefined) throw unavailable(m, `the owner published no source and it is not in the cache${options.cacheDir ? ` (${options.cacheDir})` : ""}`);
  const bytes = source.startsWith("npm:")
    ? await fromNpm(m, source, options.resolveFrom ?? process.cwd())
    : await download(m, source, options.timeoutMs ?? 30_000);
  const got = sha256Hex(bytes);
  if (got !== m.sha256)
    throw new ScoringError(
      ScoringErrorCode.HASH_MISMATCH,
      `the module from ${source} has sha256 ${got}, but the subnet owner published ${m.sha256}; refusing it (the source changed, or it is not the published module)`,
    );
  await toCache(m, bytes, options.cacheDir);
  return bytes;
}
