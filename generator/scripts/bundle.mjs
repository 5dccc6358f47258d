// Bundles the package's code (src/cli.ts for the bin, src/index.ts for the library export, the
// generator, yeoman-environment, yeoman-generator and their dependencies) into bundle/ with
// esbuild, so `create-tao-subnet` starts by parsing a few files instead of resolving and linking
// ~1,000 ESM modules (start-up is most of the time a scaffold takes, see bench/suites/scaffold.ts),
// and installing it installs nothing else: its dependencies are in the bundle, so they are
// devDependencies, and a bundle that would import anything but a Node built-in is refused here.
// dist/ (tsc) gives the types.
//
// Incremental: skipped when esbuild's version, this script, every file the last bundle was built
// from (esbuild's metafile inputs, the package.json files read below, the lockfile and the
// tsconfigs) and the bundle itself are unchanged (the stamp is bundle.buildinfo.json, see
// @tao-subnet/core/scripts/buildStamp.mjs); `--force` bundles anyway.
//
// Two changes to the bundled code, both checked here so an upgrade cannot silently undo them:
// - the few `package.json` reads that yeoman-environment and yeoman-generator do relative to their
//   own file are replaced by the values themselves (a bundle has no ../package.json beside it);
// - fly-import (npm's arborist and pacote, which yeoman-environment uses only to install generators
//   on demand; create-tao-subnet registers its one generator and never installs any) is replaced by
//   a stub that throws if it is ever called.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fileSha256, isFresh, removeStamp, writeStamp } from "@tao-subnet/core/scripts/buildStamp.mjs";
import { build, version as esbuildVersion } from "esbuild";

const here = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(here, "bundle");
const stamp = join(here, "bundle.buildinfo.json");
const key = { esbuild: esbuildVersion, script: await fileSha256(fileURLToPath(import.meta.url)) };
if (!process.argv.includes("--force") && (await isFresh(stamp, key))) {
  console.log("bundle: up to date");
  process.exit(0);
}
await removeStamp(stamp);
const startedAt = Date.now();
const packageJsonsRead = new Set();

/** package.json of the npm package a node_modules file belongs to. */
function ownPackage(file) {
  let dir = dirname(file);
  while (!readdirHasPackage(dir)) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}
function readdirHasPackage(dir) {
  try {
    packageJsonsRead.add(join(dir, "package.json"));
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return typeof pkg.name === "string" && typeof pkg.version === "string";
  } catch {
    return false;
  }
}

// [package, file inside it, pattern, what the value is]
const REWRITES = [
  [
    "yeoman-generator",
    "dist/generator.js",
    /JSON\.parse\(readFileSync\(pathJoin\(_dirname, '\.\.\/package\.json'\), 'utf8'\)\)/,
    (p) => JSON.stringify({ name: p.name, version: p.version }),
  ],
  ["yeoman-environment", "dist/environment-base.js", /require\('\.\.\/package\.json'\)\.version/, (p) => JSON.stringify(p.version)],
  [
    "yeoman-environment",
    "dist/module-lookup.js",
    /JSON\.parse\(readFileSync\(join\(PROJECT_ROOT, 'package\.json'\)\)\.toString\(\)\)\.name/,
    (p) => JSON.stringify(p.name),
  ],
];
const applied = new Set();

const inlinePackageJson = {
  name: "inline-package-json",
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]yeoman-(generator|environment)[\\/]dist[\\/].*\.js$/ }, (args) => {
      let source = readFileSync(args.path, "utf8");
      for (const [i, [pkg, file, pattern, value]] of REWRITES.entries()) {
        if (!args.path.replaceAll("\\", "/").endsWith(`node_modules/${pkg}/${file}`)) continue;
        if (!pattern.test(source))
          throw new Error(`bundle: ${pkg}/${file} no longer reads its package.json as expected (${pattern}); update scripts/bundle.mjs`);
        source = source.replace(pattern, value(ownPackage(args.path)));
        applied.add(i);
      }
      return { contents: source, loader: "js" };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: here,
  entryPoints: { cli: join(here, "src/cli.ts"), index: join(here, "src/index.ts") },
  outdir,
  bundle: true,
  splitting: true, // yeoman is a chunk the entry imports only after the arguments are valid
  format: "esm",
  platform: "node",
  target: "node20",
  alias: { "fly-import": join(here, "scripts/flyImportStub.mjs") },
  plugins: [inlinePackageJson],
  // CommonJS dependencies call require() for Node built-ins
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  chunkNames: "[name]-[hash]", // beside cli.js: code in a chunk finds ../templates and ../USAGE as dist/ does
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
});
const missing = REWRITES.filter((_, i) => !applied.has(i)).map(([pkg, file]) => `${pkg}/${file}`);
if (missing.length) throw new Error(`bundle: not rewritten (file not bundled?): ${missing.join(", ")}`);

// the package has no dependencies: the bundle may import Node's built-ins and its own chunks only,
// and the optional requires below (inside try/catch in the bundled code, which runs without them)
const OPTIONAL = new Set([
  "supports-color", // debug: `try { require("supports-color") } catch {}` picks more colours when present
]);
const builtins = new Set(builtinModules);
const external = Object.entries(metafile.outputs).flatMap(([file, out]) =>
  out.imports
    .filter((i) => i.external && !i.path.startsWith("node:") && !builtins.has(i.path) && !(i.kind === "require-call" && OPTIONAL.has(i.path)))
    .map((i) => `${file} imports ${i.path}`),
);
if (external.length) throw new Error(`bundle: imports that installing create-tao-subnet would not provide:\n${external.join("\n")}`);

const inputs = [
  ...Object.keys(metafile.inputs).map((f) => resolve(here, f)),
  ...packageJsonsRead,
  ...["package.json", "tsconfig.json", "../tsconfig.base.json", "../package-lock.json"].map((f) => join(here, f)),
];
const outputs = Object.keys(metafile.outputs).map((f) => resolve(here, f));
await writeStamp(stamp, { key, inputs, outputs, startedAt });
console.log(`bundle: ${outputs.length} files from ${Object.keys(metafile.inputs).length} inputs`);
