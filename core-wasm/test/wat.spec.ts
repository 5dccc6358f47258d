import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The consensus path must use integer instructions only. The .wat text of each build names every
 * function after its source file (`$core-wasm/assembly/fixed/i32f32/I32F32.saturatingMul`), so we
 * collect the bodies of the functions defined in the integer-only folders and look for float opcodes.
 */
const INTEGER_ONLY = [
  "core-wasm/assembly/fixed/",
  "core-wasm/assembly/emission/",
  "core-wasm/assembly/yuma/",
  "core-wasm/assembly/swap/",
  "core-wasm/assembly/coinbase/",
];

function functionsFrom(wat: string, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^ \(func \$(\S+)/gm;
  const starts = [...wat.matchAll(re)];
  starts.forEach((m, i) => {
    const name = m[1]!;
    if (!name.startsWith(prefix)) return;
    const end = i + 1 < starts.length ? starts[i + 1]!.index : wat.length;
    out.set(name, wat.slice(m.index, end));
  });
  return out;
}

describe.each(["release", "debug"] as const)("the %s build's consensus code", (target) => {
  const wat = readFileSync(fileURLToPath(new URL(`../build/${target}.wat`, import.meta.url)), "utf8");

  it("has functions from fixed/ (so the check below is not vacuous)", () => {
    expect(functionsFrom(wat, INTEGER_ONLY[0]!).size).toBeGreaterThan(target === "debug" ? 10 : 1);
  });

  it.each(INTEGER_ONLY)("has no f32/f64 instruction in functions from %s", (prefix) => {
    for (const [name, body] of functionsFrom(wat, prefix)) {
      const floats = body.match(/\bf(32|64)\.[a-z_0-9]+/g) ?? [];
      expect(floats, `${name} uses ${floats.join(", ")}`).toEqual([]);
    }
  });
});
