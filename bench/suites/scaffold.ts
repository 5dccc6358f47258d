/**
 * Scaffold time: how long `create-tao-subnet` takes to write a project without installing it,
 * against create-vite (the root devDependency, pinned) writing its vanilla-ts template as the
 * baseline. Every case is one fresh `node <bin> …` process timed from spawn to exit (wall clock):
 * Node's start-up, module loading, argument checks, writing the files, exit. npm itself is not in
 * the measurement (both bins are run with `node` directly, the way `npm create` ends up running
 * them once the package is installed). Cases are interleaved round by round so load on the shared
 * machine hits them alike; the median of the rounds is reported with the range.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { machine } from "../harness.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ours = join(root, "generator/bin/create-tao-subnet.js");
const vite = join(root, "node_modules/create-vite/index.js");
const viteVersion = (JSON.parse(readFileSync(join(root, "node_modules/create-vite/package.json"), "utf8")) as { version: string }).version;
const KITS = ["text", "storage", "image", "speech", "custom"];
const ROUNDS = Number(process.env.SCAFFOLD_ROUNDS ?? 9);

interface Case {
  name: string;
  /** argv after `node`, given the target directory. */
  argv: (dir: string) => string[];
  /** exit code the case must end with */
  code: number;
  writes: boolean;
}

const cases: Case[] = [
  {
    name: `create-vite ${viteVersion} --template vanilla-ts (baseline)`,
    argv: (d) => [vite, d, "--template", "vanilla-ts", "--no-interactive", "--no-immediate"],
    code: 0,
    writes: true,
  },
  ...KITS.map((kit) => ({
    name: `create-tao-subnet --kit ${kit} --yes --skip-install`,
    argv: (d: string) => [ours, d, "--kit", kit, "--yes", "--skip-install", "--no-git"],
    code: 0,
    writes: true,
  })),
  { name: "create-tao-subnet --kit video (bad input: one line, exit 2)", argv: (d) => [ours, d, "--kit", "video", "--yes"], code: 2, writes: false },
  { name: "node -e 0 (Node start-up alone)", argv: () => ["-e", "0"], code: 0, writes: false },
];

function countFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default {
  name: "scaffold",
  async run() {
    const work = mkdtempSync(join(tmpdir(), "tao-bench-scaffold-"));
    const times = cases.map(() => [] as number[]);
    const written = cases.map(() => ({ files: 0, bytes: 0 }));
    const load0 = loadavg()[0]!;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, c] of cases.entries()) {
          const name = `p${round}-${i}`; // relative to work: create-vite joins its argument onto the cwd
          const dir = join(work, name);
          const start = performance.now();
          const r = spawnSync(process.execPath, c.argv(name), { cwd: work, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } });
          const ms = performance.now() - start;
          if (r.status !== c.code) throw new Error(`${c.name}: exit ${r.status}, expected ${c.code}: ${r.stderr}`);
          times[i]!.push(ms);
          if (c.writes) {
            written[i] = countFiles(dir);
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    const load1 = loadavg()[0]!;
    const base = median(times[0]!);
    const rows = cases.map((c, i) => {
      const t = times[i]!;
      const m = median(t);
      const w = c.writes ? `${written[i]!.files} files, ${(written[i]!.bytes / 1024).toFixed(0)} KiB` : "nothing";
      return `| ${c.name} | ${m.toFixed(0)} | ${Math.min(...t).toFixed(0)}–${Math.max(...t).toFixed(0)} | ${(m / base).toFixed(2)}× | ${w} |`;
    });
    const worst = Math.max(...cases.slice(1, 1 + KITS.length).map((_, k) => median(times[k + 1]!)));
    return [
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, load average ${load0.toFixed(1)} → ${load1.toFixed(1)} (1 min) on the shared cores.`,
      `Each case is one fresh \`node <bin> <dir> …\` process, spawn to exit, wall clock; ${ROUNDS} rounds, cases interleaved; median and range. npm is not in the measurement.`,
      "",
      "| case | median ms | range ms | time vs create-vite | written |",
      "|---|---:|---:|---:|---|",
      ...rows,
      "",
      `Slowest kit's median: ${worst.toFixed(0)} ms (target: under 2,000 ms) — ${worst < 2000 ? "met" : "NOT met"} in this run.`,
    ].join("\n");
  },
};
