/** Fetching a published scoring module over real loopback HTTP and from an installed npm package: checked by hash, capped, cached. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ScoringError, ScoringErrorCode } from "./errors.js";
import { fetchPublishedModule } from "./fetchModule.js";
import { sha256Hex } from "./host.js";
import { SCORING_LIMITS } from "./inspect.js";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tao-fetch-"));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A loopback server answering each path with its handler; counts requests. */
async function serve(routes: Record<string, (res: import("node:http").ServerResponse) => void>): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    const route = routes[req.url ?? ""];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  cleanup.push(() => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

async function refusal(p: Promise<unknown>): Promise<ScoringError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ScoringError);
  return e as ScoringError;
}

const bytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7) & 255));
const sha = sha256Hex(bytes);

describe("fetchPublishedModule", () => {
  it("downloads the module, checks its hash, caches it, and reads the cache next time without the source", async () => {
    const { url, hits } = await serve({ "/m.wasm": (res) => res.end(bytes) });
    const cacheDir = join(tempDir(), "cache");
    const got = await fetchPublishedModule({ sha256: sha, source: `${url}/m.wasm` }, { cacheDir });
    expect(sha256Hex(got)).toBe(sha);
    expect(hits()).toBe(1);
    expect(sha256Hex(readFileSync(join(cacheDir, `${sha}.wasm`)))).toBe(sha);
    const again = await fetchPublishedModule({ sha256: sha, source: `${url}/gone.wasm` }, { cacheDir });
    expect(sha256Hex(again)).toBe(sha);
    expect(hits()).toBe(1);
  });

  it("refuses bytes whose hash is not the published one, naming both hashes, and caches nothing", async () => {
    const other = bytes.slice(1);
    const { url } = await serve({ "/m.wasm": (res) => res.end(other) });
    const cacheDir = join(tempDir(), "cache");
    const e = await refusal(fetchPublishedModule({ sha256: sha, source: `${url}/m.wasm` }, { cacheDir }));
    expect(e.code).toBe(ScoringErrorCode.HASH_MISMATCH);
    expect(e.message).toContain(sha);
    expect(e.message).toContain(sha256Hex(other));
    expect(() => readFileSync(join(cacheDir, `${sha}.wasm`))).toThrow();
  });

  it("a damaged cache entry is fetched again", async () => {
    const { url, hits } = await serve({ "/m.wasm": (res) => res.end(bytes) });
    const cacheDir = tempDir();
    writeFileSync(join(cacheDir, `${sha}.wasm`), "tampered");
    expect(sha256Hex(await fetchPublishedModule({ sha256: sha, source: `${url}/m.wasm` }, { cacheDir }))).toBe(sha);
    expect(hits()).toBe(1);
  });

  it("stops a download past the module size limit, and one that never answers, and says why", async () => {
    const big = SCORING_LIMITS.moduleBytes + 1;
    const { url } = await serve({
      "/declared": (res) => res.writeHead(200, { "content-length": String(big) }).end(),
      "/streamed": (res) => {
        res.writeHead(200); // no length: chunks until past the limit
        const chunk = new Uint8Array(1 << 20);
        for (let i = 0; i < 5; i++) res.write(chunk);
        res.end();
      },
      "/silent": () => {},
      "/missing": (res) => res.writeHead(404).end(),
    });
    expect((await refusal(fetchPublishedModule({ sha256: sha, source: `${url}/declared` }))).message).toMatch(/above the \d+ a scoring module may have/);
    expect((await refusal(fetchPublishedModule({ sha256: sha, source: `${url}/streamed` }))).message).toMatch(/more than the \d+ bytes/);
    expect((await refusal(fetchPublishedModule({ sha256: sha, source: `${url}/silent` }, { timeoutMs: 300 }))).message).toMatch(/cannot fetch/);
    expect((await refusal(fetchPublishedModule({ sha256: sha, source: `${url}/missing` }))).message).toMatch(/HTTP 404/);
  });

  it("with no source and no cache entry, says where to put the module", async () => {
    const e = await refusal(fetchPublishedModule({ sha256: sha }, { cacheDir: tempDir() }));
    expect(e.code).toBe(ScoringErrorCode.MODULE_MISSING);
    expect(e.kind).toBe("unavailable");
    expect(e.message).toMatch(/no source/);
  });

  it("reads an npm source from the installed package of that version (its taoSubnet.scoring file)", async () => {
    const root = tempDir();
    const pkg = join(root, "node_modules", "@acme", "scoring");
    mkdirSync(join(pkg, "dist"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@acme/scoring", version: "1.2.0", taoSubnet: { scoring: "dist/s.wasm" } }));
    writeFileSync(join(pkg, "dist", "s.wasm"), bytes);
    expect(sha256Hex(await fetchPublishedModule({ sha256: sha, source: "npm:@acme/scoring@1.2.0" }, { resolveFrom: root }))).toBe(sha);
    const wrongVersion = await refusal(fetchPublishedModule({ sha256: sha, source: "npm:@acme/scoring@1.3.0" }, { resolveFrom: root }));
    expect(wrongVersion.message).toMatch(/here is 1\.2\.0.*npm install @acme\/scoring@1\.3\.0/);
    const absent = await refusal(fetchPublishedModule({ sha256: sha, source: "npm:@acme/other@1.0.0" }, { resolveFrom: root }));
    expect(absent.message).toMatch(/not installed here/);
  });
});
