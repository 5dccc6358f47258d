/**
 * The docs are true: every shell block in README.md and docs/*.md carries a marker on the line
 * before it, either `<!-- doc-test: run -->` (this test runs it, command by command, with
 * `npx tao-subnet` meaning the built CLI) or `<!-- doc-test: not run: <why> -->` (where it cannot run
 * here, and what covers it instead). `run, given a.json b.json` names the files the block reads:
 * a JSON block of the same page marked `<!-- doc-test: file a.json -->`, or a fixture below.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "cli/bin/tao-subnet.js");
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Files a block may be given that no page holds: an EpochInput from the copied chain vectors. */
const FIXTURES: Record<string, () => string> = {
  "state.json": () =>
    JSON.stringify(
      (JSON.parse(readFileSync(join(root, "test/vectors/yuma/test_bonds.json"), "utf8")) as { epochs: Array<{ input: unknown }> }).epochs[3]!.input,
    ),
};

interface Block {
  page: string;
  line: number;
  lang: string;
  marker: string | null;
  body: string;
}

function blocks(page: string): Block[] {
  const lines = readFileSync(join(root, page), "utf8").split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, k) => k > i && l.startsWith("```"));
    const marker = /^<!-- doc-test: (.*) -->$/.exec(lines[i - 1] ?? "")?.[1] ?? null;
    out.push({ page, line: i + 1, lang: open[1] ?? "", marker, body: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return out;
}

const all = pages.flatMap(blocks);
const shell = all.filter((b) => ["sh", "bash", "shell", "console"].includes(b.lang));
const runs = shell.filter((b) => b.marker?.startsWith("run"));

describe("the docs' shell blocks", () => {
  it("each is marked: run here, or not run with the reason", () => {
    expect(shell.length).toBeGreaterThan(5);
    const bad = shell
      .filter((b) => !b.marker || !(/^run(, given [\w.\- ]+)?$/.test(b.marker) || /^not run: \S.{20,}$/.test(b.marker)))
      .map((b) => `${b.page}:${b.line} ${b.marker ?? "(no marker)"}`);
    expect(bad, "mark each block `<!-- doc-test: run -->` or `<!-- doc-test: not run: <why, and what covers it> -->`").toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(2);
  });

  for (const b of runs) {
    it(`${b.page}:${b.line} runs`, () => {
      const dir = mkdtempSync(join(tmpdir(), "doc-test-"));
      mkdirSync(join(dir, "home"));
      for (const name of /given (.*)$/.exec(b.marker!)?.[1]?.split(/\s+/) ?? []) {
        const file = all.find((f) => f.page === b.page && f.marker === `file ${name}`)?.body ?? FIXTURES[name]?.();
        expect(file, `${b.page}:${b.line} is given ${name}: mark a block of the page \`<!-- doc-test: file ${name} -->\` or add a fixture`).toBeDefined();
        writeFileSync(join(dir, name), file!);
      }
      // `npx tao-subnet` is the built CLI; any other npx would reach the registry
      const prelude = [
        "set -euo pipefail",
        `npx() { if [ "$1" = tao-subnet ]; then shift; node ${JSON.stringify(bin)} "$@"; else echo "doc-test: npx $1 is not available here" >&2; return 127; fi; }`,
      ].join("\n");
      const r = spawnSync("bash", ["-c", `${prelude}\n${b.body}\n`], {
        cwd: dir,
        env: { ...process.env, HOME: join(dir, "home"), CI: "true" },
        encoding: "utf8",
        timeout: 240_000,
      });
      expect(r.status, `${b.page}:${b.line}\n${r.stderr}`).toBe(0);
    }, 300_000);
  }
});
