// Compiles an AssemblyScript scoring module (the ABI of docs/scoring-abi.md) to a .wasm file:
//   node sdk/scripts/buildScoring.mjs <entry.ts> <out.wasm> [--maximumMemory pages] [--force]
// Kits call it from their `build:wasm` script, generated projects from `npm run build`. The stub
// runtime (a bump allocator reset per batch) keeps modules small and deterministic; `--use abort=`
// is not set, so aborts reach the host's env.abort with a message.
// Incremental: asc runs only when the entry, a file it imports (the sdk's scoring library and the
// kit's files included), the options, this script or the compiler changed since the last build
// (the stamp is <out>.buildinfo.json beside the module; @tao-subnet/core/scripts/ascBuild.mjs).

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ascBuild, fileSha256 } from "@tao-subnet/core/scripts/ascBuild.mjs";

const argv = process.argv.slice(2);
const force = argv.includes("--force");
const [entry, outFile, ...rest] = argv.filter((a) => a !== "--force");
if (!entry || !outFile) {
  console.error("usage: buildScoring.mjs <entry.ts> <out.wasm> [--maximumMemory pages] [--force]");
  process.exit(2);
}
const maxIdx = rest.indexOf("--maximumMemory");
const maximumMemory = maxIdx >= 0 ? rest[maxIdx + 1] : "256";
const { built, error, stderr } = await ascBuild({
  args: [entry, "-O3", "--runtime", "stub", "--maximumMemory", maximumMemory, "-o", outFile],
  stamp: `${outFile.replace(/\.wasm$/, "")}.buildinfo.json`,
  key: { script: await fileSha256(fileURLToPath(import.meta.url)) },
  force,
});
if (error) {
  console.error(stderr.toString());
  process.exit(1);
}
const bytes = await readFile(outFile);
console.log(`${outFile}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}${built ? "" : " (up to date)"}`);
