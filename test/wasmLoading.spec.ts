/**
 * The core's WASM loads the same way everywhere: here under vitest (every core test), in an
 * esbuild bundle run by plain Node from another directory, and in an esbuild bundle inside
 * Debian's chromium (headless, a file:// page; skipped, saying so, when chromium is absent).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

async function bundle(contents: string, platform: "node" | "browser", format: "esm" | "iife"): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    platform,
    format,
    target: platform === "node" ? "node20" : "chrome120",
    conditions: ["source"],
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

describe("loading the WASM core from bundles", () => {
  it("runs from a single-file esbuild bundle under plain Node, from another directory", async () => {
    const code = await bundle(
      `import { blockEmission, runEpoch } from "@tao-subnet/core";
      const out = runEpoch({ n: 2, stake: ["1", "1"], lastUpdate: [1, 1], blockAtRegistration: [0, 0], validatorPermit: [true, true], weights: [[[1, 65535]], []], bonds: [[], []], currentBlock: 2, tempo: 1, activityCutoff: 100, kappa: 32767, bondsPenalty: 65535, bondsMovingAverage: "900000", yuma3: true, liquidAlpha: false, maxAllowedValidators: 2, raoEmission: "1000", lastMechanismStepBlock: 0, ownerUid: null, stakeThreshold: "0" });
      console.log(JSON.stringify({ e: blockEmission(10500000000000000n).toString(), incentive: out.incentive }));`,
      "node",
      "esm",
    );
    const dir = mkdtempSync(join(tmpdir(), "bundle-"));
    writeFileSync(join(dir, "main.mjs"), code);
    const out = execFileSync(process.execPath, [join(dir, "main.mjs")], { cwd: "/", encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ e: "500000000", incentive: [0, 65535] });
  });

  it.skipIf(!chromium)(`runs in a browser page from an esbuild bundle (Debian chromium${chromium ? "" : ": not installed, skipped"})`, async () => {
    const code = await bundle(
      `import { initCore, blockEmission } from "@tao-subnet/core";
      initCore().then(() => { document.title = "emission " + blockEmission(10500000000000000n); }, (e) => { document.title = "error " + e; });`,
      "browser",
      "iife",
    );
    const dir = mkdtempSync(join(tmpdir(), "page-"));
    const page = join(dir, "index.html");
    writeFileSync(
      page,
      `<!doctype html><html><head><title>loading</title></head><body><script>${code.replace(/<\/script/g, "<\\/script")}</script></body></html>`,
    );
    const r = spawnSync(
      chromium!,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${mkdtempSync(join(tmpdir(), "chromium-"))}`,
        "--virtual-time-budget=5000",
        "--dump-dom",
        `file://${page}`,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(r.stdout).toContain("<title>emission 500000000</title>");
  });
});
