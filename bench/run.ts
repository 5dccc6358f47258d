/**
 * `npm run bench`: runs every suite in bench/suites (or those named on the command line), prints
 * each suite's markdown section, and writes them all to bench/out/latest.md to paste into
 * RESULTS.md.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchSuite, machine } from "./harness.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(join(here, "suites"))).filter((f) => f.endsWith(".ts")).sort();
const sections = [`Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`];
for (const file of files) {
  const suite = (await import(pathToFileURL(join(here, "suites", file)).href)).default as BenchSuite;
  if (only.length && !only.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  const section = `## ${suite.name}\n\n${await suite.run()}\n`;
  process.stdout.write(section + "\n");
  sections.push(section);
}
await mkdir(join(here, "out"), { recursive: true });
await writeFile(join(here, "out", "latest.md"), sections.join("\n\n"));
