// Compiles an AssemblyScript scoring module (the ABI of docs/scoring-abi.md) to a .wasm file:
//   node sdk/scripts/buildScoring.mjs <entry.ts> <out.wasm> [--maximumMemory pages]
// Kits call it from their `build:wasm` script. The stub runtime (a bump allocator reset per batch)
// keeps modules small and deterministic; `--use abort=` is not set, so aborts reach the host's
// env.abort with a message.

import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import asc from "assemblyscript/asc";

const [entry, outFile, ...rest] = process.argv.slice(2);
if (!entry || !outFile) {
  console.error("usage: buildScoring.mjs <entry.ts> <out.wasm> [--maximumMemory pages]");
  process.exit(2);
}
const maxIdx = rest.indexOf("--maximumMemory");
const maximumMemory = maxIdx >= 0 ? rest[maxIdx + 1] : "256";
await mkdir(dirname(outFile), { recursive: true });
const { error, stderr } = await asc.main([entry, "-O3", "--runtime", "stub", "--maximumMemory", maximumMemory, "-o", outFile], {
  stdout: process.stdout,
  stderr: process.stderr,
});
if (error) {
  console.error(stderr.toString());
  process.exit(1);
}
const bytes = await readFile(outFile);
console.log(`${outFile}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
