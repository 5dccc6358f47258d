// The storage template (templates/storage) ships its own copy of the scoring module: the copies of
// the kit's verification primitives and scoring policy must not drift from the kit's.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const kitDir = fileURLToPath(new URL("../assembly/", import.meta.url));
const templateDir = fileURLToPath(new URL("../../../templates/storage/assembly/", import.meta.url));
/** The file without the template's banner (its leading "// Copied from …" comment block). */
const body = (text: string) => text.replace(/^(\/\/ Copied from[^\n]*\n)(\/\/[^\n]*\n)*?(\/\/\n)?(?=\/\/ (SHA-256|Merkle|The Wilson|The storage kit))/, "");

describe.skipIf(!existsSync(templateDir))("the storage template's scoring module", () => {
  it.each(["sha256.ts", "merkle.ts", "wilson.ts", "scoring.ts"])("carries the kit's %s unchanged (below its banner)", (f) => {
    expect(body(readFileSync(templateDir + f, "utf8"))).toBe(readFileSync(kitDir + f, "utf8"));
  });
});
