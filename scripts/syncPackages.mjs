#!/usr/bin/env node
// Keeps what the published packages copy from one place in step with it:
// - each published workspace's `repository` is the root package.json's, with its own `directory`
//   (the root's is the one place the URL is written; RELEASING.md);
// - templates/versions.json pins each of our packages at its workspace version (after
//   `changeset version`; third-party pins such as typescript are left as they are).
// `--check` changes nothing and exits 1 when something is out of step.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));
const writeJson = (path, value) => writeFileSync(join(root, path), `${JSON.stringify(value, null, 2)}\n`);
const check = process.argv.includes("--check");
const rootManifest = readJson("package.json");
const stale = [];

const versionsPath = "templates/versions.json";
const versions = readJson(versionsPath);
let versionsStale = false;
for (const workspace of rootManifest.workspaces) {
  const path = join(workspace, "package.json");
  const pkg = readJson(path);
  if (pkg.private) continue;
  const repository = { ...rootManifest.repository, directory: workspace };
  if (JSON.stringify(pkg.repository) !== JSON.stringify(repository)) {
    stale.push(`${path} repository`);
    if (!check) writeJson(path, { ...pkg, repository });
  }
  if (pkg.name in versions && versions[pkg.name] !== pkg.version) {
    stale.push(`${versionsPath} ${pkg.name} ${versions[pkg.name]} → ${pkg.version}`);
    versions[pkg.name] = pkg.version;
    versionsStale = true;
  }
}
if (versionsStale && !check) writeJson(versionsPath, versions);
if (check && stale.length > 0) {
  console.error(`out of step: ${stale.join(", ")}; run node scripts/syncPackages.mjs`);
  process.exit(1);
}
if (!check && stale.length > 0) console.log(`updated: ${stale.join(", ")}`);
