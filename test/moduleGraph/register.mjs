/**
 * The module recorder: `node --import <this file>` with MODULE_GRAPH_LOG=<file> appends the URL
 * of every module the process loads to that file, one a line. ES modules are recorded by a load
 * hook (`hooks.mjs`, registered with node:module `register`, Node 20.6+), as they load; CommonJS
 * modules (which `require` each other without passing the ESM hooks on Node 20) are added from
 * the require cache when the process exits. Used by test/kitImports.spec.ts and bench/suites/imports.ts.
 */
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const log = process.env.MODULE_GRAPH_LOG;
if (!log) throw new Error("MODULE_GRAPH_LOG is not set: give the file the recorder appends module URLs to");
register(new URL("./hooks.mjs", import.meta.url), { data: { log } });
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const files = Object.keys(cache).filter((f) => f.startsWith("/"));
  if (files.length) appendFileSync(log, files.map((f) => pathToFileURL(f).href).join("\n") + "\n");
});
