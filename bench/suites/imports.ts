/**
 * What importing a kit costs: each case is one fresh `node --input-type=module -e "await
 * import(<specifier>)"` process, run from the repository root so workspace packages resolve as an
 * installed project resolves them (their `default` condition: the built `dist/`, which
 * `npm run bench` builds first). The child reports the import's own time (performance.now around
 * the `import()`), its RSS and V8 heap after it; the parent times spawn to exit. Baseline in the
 * same run: the same script with no import (Node start-up alone); zod alone is the floor a kit
 * cannot go under (every kit validates its synapses with it). Cases are interleaved round by round
 * so load on the shared machine hits them alike; medians of the rounds. One extra run per case
 * with the module recorder (test/moduleGraph) counts the modules the import loads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { machine } from "../harness.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const recorder = join(root, "test/moduleGraph/register.mjs");
const ROUNDS = Number(process.env.IMPORTS_ROUNDS ?? 11);

const cases: Array<{ name: string; specifier: string | null }> = [
  { name: "no import (Node start-up alone, baseline)", specifier: null },
  { name: "zod", specifier: "zod" },
  { name: "@tao-subnet/sdk/kit", specifier: "@tao-subnet/sdk/kit" },
  { name: "@tao-subnet/sdk (root)", specifier: "@tao-subnet/sdk" },
  { name: "@tao-subnet/kit-text", specifier: "@tao-subnet/kit-text" },
  { name: "@tao-subnet/kit-image", specifier: "@tao-subnet/kit-image" },
  { name: "@tao-subnet/kit-speech", specifier: "@tao-subnet/kit-speech" },
  { name: "@tao-subnet/kit-storage", specifier: "@tao-subnet/kit-storage" },
];

const script = (specifier: string | null) =>
  `const t0 = performance.now(); ${specifier ? `await import(${JSON.stringify(specifier)});` : ""} const ms = performance.now() - t0; const m = process.memoryUsage(); process.stdout.write(JSON.stringify({ ms, rss: m.rss, heap: m.heapUsed }));`;

interface Sample {
  wall: number;
  ms: number;
  rss: number;
  heap: number;
}

function run(specifier: string | null, extra: string[] = [], env: NodeJS.ProcessEnv = process.env): Sample | null {
  const start = performance.now();
  const r = spawnSync(process.execPath, [...extra, "--input-type=module", "-e", script(specifier)], { cwd: root, encoding: "utf8", env });
  const wall = performance.now() - start;
  if (r.status !== 0) {
    if (/ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_MODULE_NOT_FOUND/.test(r.stderr)) return null; // a subpath this tree does not export
    throw new Error(`import ${specifier}: exit ${r.status}: ${r.stderr}`);
  }
  return { wall, ...(JSON.parse(r.stdout) as Omit<Sample, "wall">) };
}

/** Modules an import loads (beyond the empty script): all, and those of @polkadot/*. */
function moduleCount(specifier: string | null): { all: number; polkadot: number } {
  const dir = mkdtempSync(join(tmpdir(), "tao-bench-imports-"));
  try {
    const log = join(dir, "modules.log");
    run(specifier, ["--import", pathToFileURL(recorder).href], { ...process.env, MODULE_GRAPH_LOG: log });
    const urls = new Set(
      readFileSync(log, "utf8")
        .split("\n")
        .filter((u) => u && !u.startsWith("node:")),
    );
    return { all: urls.size, polkadot: [...urls].filter((u) => u.includes("/node_modules/@polkadot/")).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

export default {
  name: "imports",
  async run() {
    const load0 = loadavg()[0]!;
    const samples = cases.map(() => [] as Sample[]);
    const absent = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, c] of cases.entries()) {
        if (absent.has(i)) continue;
        const s = run(c.specifier);
        if (s) samples[i]!.push(s);
        else absent.add(i);
      }
    }
    const load1 = loadavg()[0]!;
    const base = samples[0]!;
    const baseWall = median(base.map((s) => s.wall));
    const baseRss = median(base.map((s) => s.rss));
    const rows = cases.map((c, i) => {
      if (absent.has(i)) return `| ${c.name} | not exported | | | | | | |`;
      const s = samples[i]!;
      const wall = median(s.map((x) => x.wall));
      const rss = median(s.map((x) => x.rss));
      const mods = c.specifier ? moduleCount(c.specifier) : { all: 0, polkadot: 0 };
      return `| ${c.name} | ${wall.toFixed(0)} | ${(wall / baseWall).toFixed(2)}× | ${median(s.map((x) => x.ms)).toFixed(1)} | ${mib(rss)} | +${mib(rss - baseRss)} | ${mib(median(s.map((x) => x.heap)))} | ${mods.all} (${mods.polkadot}) |`;
    });
    return [
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, load average ${load0.toFixed(1)} → ${load1.toFixed(1)} (1 min) on the shared cores.`,
      `Each case is one fresh \`node --input-type=module -e "await import(…)"\` process from the repository root (packages resolve to their built dist/); ${ROUNDS} rounds, cases interleaved; medians.`,
      "",
      "| import | process ms | vs no import | import() ms | RSS MiB | RSS vs no import | heap MiB | modules loaded (@polkadot) |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...rows,
    ].join("\n");
  },
};
