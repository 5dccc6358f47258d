#!/usr/bin/env node
// After `changeset version`: writes each workspace package's new version into
// templates/versions.json, the versions a generated project depends on (create-tao-subnet pins its
// own release's packages). Third-party pins (typescript, vitest, …) are left as they are.
// `--check` changes nothing and exits 1 when the file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));
const path = "templates/versions.json";
const versions = readJson(path);
const stale = [];
for (const workspace of readJson("package.json").workspaces) {
  const { name, version } = readJson(join(workspace, "package.json"));
  if (name in versions && versions[name] !== version) {
    stale.push(`${name} ${versions[name]} → ${version}`);
    versions[name] = version;
  }
}
if (process.argv.includes("--check")) {
  if (stale.length > 0) {
    console.error(`${path} is out of date: ${stale.join(", ")}; run node scripts/syncTemplateVersions.mjs`);
    process.exit(1);
  }
} else if (stale.length > 0) {
  writeFileSync(join(root, path), `${JSON.stringify(versions, null, 2)}\n`);
  console.log(`${path}: ${stale.join(", ")}`);
}
