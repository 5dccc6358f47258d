/**
 * A kit's entry loads the kit layer of the sdk and nothing of the chain: each kit is imported in a
 * fresh `node` (sources, `--conditions=source` through tsx) with the module recorder
 * (test/moduleGraph: a load hook registered with node:module `register`, plus the require cache
 * at exit), and the recorded URLs are checked: no `@polkadot/*` module, no devnet code, and of the
 * sdk only `kit/`, `scoring/` and `errors.ts`. The sdk's root, imported the same way, is the
 * control: the recorder does see @polkadot and the devnet when they load.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const recorder = pathToFileURL(join(root, "test/moduleGraph/register.mjs")).href;
const kits = readdirSync(join(root, "kits")).map((dir) => ({
  dir,
  name: (JSON.parse(readFileSync(join(root, "kits", dir, "package.json"), "utf8")) as { name: string }).name,
}));

/** The URLs of every module a fresh process loads to import `specifier`. */
function loadedModules(specifier: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "module-graph-"));
  try {
    const log = join(dir, "modules.log");
    execFileSync(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "--import", recorder, "--input-type=module", "-e", `await import(${JSON.stringify(specifier)});`],
      {
        cwd: root,
        env: { ...process.env, MODULE_GRAPH_LOG: log },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    return [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sdkSrc = pathToFileURL(join(root, "sdk/src")).href + "/";
const polkadot = (urls: string[]) => urls.filter((u) => u.includes("/node_modules/@polkadot/"));
const devnet = (urls: string[]) => urls.filter((u) => u.startsWith(sdkSrc + "chain/dev/"));
const sdkOutsideKitLayer = (urls: string[]) => urls.filter((u) => u.startsWith(sdkSrc) && !/^(kit\/|scoring\/|errors\.ts$)/.test(u.slice(sdkSrc.length)));

describe("the module graph of a kit's entry", () => {
  it("control: importing the sdk's root records @polkadot modules and the devnet", () => {
    const urls = loadedModules("@tao-subnet/sdk");
    expect(polkadot(urls).length).toBeGreaterThan(100);
    expect(devnet(urls)).toContain(sdkSrc + "chain/dev/devChain.ts");
  }, 60_000);

  for (const kit of kits) {
    it(`${kit.name} loads no @polkadot module, no devnet code, and of the sdk only the kit and scoring layers`, () => {
      const urls = loadedModules(kit.name);
      expect(urls).toContain(pathToFileURL(join(root, "kits", kit.dir, "src/index.ts")).href);
      expect(polkadot(urls)).toEqual([]);
      expect(devnet(urls)).toEqual([]);
      expect(sdkOutsideKitLayer(urls)).toEqual([]);
    }, 60_000);
  }
});
