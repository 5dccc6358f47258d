/**
 * Where the project templates are, and how a template is turned into a project: files are copied
 * as they are, except the few that interpolate (package.json, README.md, tao-subnet.config.json,
 * Dockerfile), and `_name` dotfiles (`_gitignore`) are renamed to `.name`. Dependency versions come
 * from one place, `templates/versions.json`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Files rendered with EJS; everything else is copied byte for byte. */
export const INTERPOLATED = new Set(["package.json", "README.md", "tao-subnet.config.json", "Dockerfile"]);

/** The templates folder: bundled in the package (copied by prepack) or the monorepo's `templates/`. */
export function templatesRoot(): string {
  const candidates = [new URL("../templates", import.meta.url), new URL("../../templates", import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(join(p, "versions.json"))) return p;
  }
  throw new Error(`create-tao-subnet: templates not found (looked in ${candidates.map((c) => fileURLToPath(c)).join(", ")})`);
}

/** Pinned dependency versions for generated projects. */
export function templateVersions(): Record<string, string> {
  return JSON.parse(readFileSync(join(templatesRoot(), "versions.json"), "utf8")) as Record<string, string>;
}

/** Target name of a template file: `_gitignore` → `.gitignore`. */
export function targetName(file: string): string {
  return file.replace(/(^|\/)_(?=[^/]+$)/, "$1.");
}
