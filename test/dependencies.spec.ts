/**
 * Every workspace package declares what it imports and imports what it declares. Read from the
 * tree: each package's package.json and the import specifiers of its files (static and dynamic
 * imports, `export … from`, `require` and `require.resolve`; comments stripped).
 *
 * - Shipped code (`src/` except specs and stories, `bin/`, `assembly/`) imports only packages in
 *   its `dependencies` or `peerDependencies` (or itself, by name).
 * - Build and test files (specs, stories, `test/`, `scripts/`, configs) may also use its
 *   `devDependencies` and the root's (the monorepo's tools: vitest, esbuild, assemblyscript, …).
 * - A package that ships an esbuild bundle instead of its sources (its `files` list `bundle` and
 *   neither `src` nor `dist`: create-tao-subnet, which ships only the .d.ts files of `dist/`) runs only
 *   `bin/` and `bundle/`: its `src/` is the bundle's input, so it may import devDependencies.
 *   The bundle script (generator/scripts/bundle.mjs) refuses a bundle that imports any package.
 * - Every entry of `dependencies` and `peerDependencies` is imported somewhere in the package, so
 *   installing a package pulls in nothing it does not use. (devDependencies are not checked this
 *   way: tools such as storybook are named by configs and bins, not imported.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Manifest {
  name: string;
  files?: string[];
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Manifest;
const rootManifest = readJson(join(root, "package.json"));

/** The workspace directories (globs like `kits/*` expanded). */
function workspaces(): string[] {
  return (rootManifest.workspaces ?? []).flatMap((w) => {
    if (!w.endsWith("/*")) return [w];
    const dir = w.slice(0, -2);
    return readdirSync(join(root, dir))
      .map((d) => `${dir}/${d}`)
      .filter((d) => statSync(join(root, d)).isDirectory());
  });
}

const SKIP_DIRS = new Set(["node_modules", "dist", "build", "bundle", "generated", "data", "test-fixtures", "storybook-static", "coverage"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...sourceFiles(join(dir, e.name)));
    } else if (/\.(ts|mts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(join(dir, e.name));
  }
  return out;
}

/** `from "x"`, a bare `import "x"` statement, `import("x")`, `require("x")`, `require.resolve("x")`, `import.meta.resolve("x")`. */
const SPECIFIER =
  /(?:\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\b(?:require|meta)\.resolve\s*\(\s*|\)\.resolve\s*\(\s*)["'`]([^"'`\s]+)["'`]/gm;
const builtins = new Set(builtinModules);

/** The packages a file imports (bare specifiers, reduced to the package name). */
function importedPackages(text: string): Set<string> {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
  const out = new Set<string>();
  for (const m of code.matchAll(SPECIFIER)) {
    const s = m[1]!;
    if (s.startsWith(".") || s.startsWith("/") || s.startsWith("node:") || s.startsWith("~lib/") || s.includes("${") || builtins.has(s)) continue;
    if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/.*)?$/i.test(s)) continue;
    out.add(s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!);
  }
  return out;
}

/** Shipped code, as opposed to build and test files. */
const isShipped = (rel: string) => /^(src|bin|assembly)\//.test(rel) && !/\.(spec|stories)\.ts$/.test(rel);
/** A package whose published code is its bundle (see above): only bin/ runs as written. */
const shipsBundle = (m: Manifest) => !!m.files?.includes("bundle") && !m.files.includes("src") && !m.files.includes("dist");

function audit(dir: string) {
  const manifest = readJson(join(root, dir, "package.json"));
  const runtime = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), manifest.name]);
  const build = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {}), ...Object.keys(rootManifest.devDependencies ?? {})]);
  const undeclared: string[] = [];
  const used = new Set<string>();
  const bundled = shipsBundle(manifest);
  for (const file of sourceFiles(join(root, dir))) {
    const rel = relative(join(root, dir), file);
    const shipped = isShipped(rel) && (!bundled || rel.startsWith("bin/"));
    for (const pkg of importedPackages(readFileSync(file, "utf8"))) {
      used.add(pkg);
      if (!(shipped ? runtime : build).has(pkg)) undeclared.push(`${rel} imports ${pkg}`);
    }
  }
  const unused = [...runtime].filter((d) => d !== manifest.name && !used.has(d));
  return { name: manifest.name, undeclared, unused };
}

describe("declared dependencies match imports", () => {
  it("reads specifiers the way the packages write them", () => {
    const found = importedPackages(
      `import { a } from "@scope/pkg/sub";\nimport type { T } from "plain";\nexport * from "./local.js";\nconst x = await import("dyn/deep");\n// import { no } from "commented";\n/* from "blocked" */\nrequire.resolve("@assemblyscript/loader");\nimport { readFile } from "node:fs/promises";\nimport { join } from "path";`,
    );
    expect([...found].sort()).toEqual(["@assemblyscript/loader", "@scope/pkg", "dyn", "plain"]);
  });

  for (const dir of workspaces()) {
    it(`${dir}: imports only what it declares, declares only what it imports`, () => {
      const { undeclared, unused } = audit(dir);
      expect(undeclared, "imported but not declared (add it to dependencies, or devDependencies for build and test files)").toEqual([]);
      expect(unused, "declared in dependencies/peerDependencies but never imported (remove it)").toEqual([]);
    });
  }
});
