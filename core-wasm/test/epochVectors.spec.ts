import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EpochInput, type EpochOutput, runEpoch } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

// The chain's own epoch tests, as conformance vectors beside the repository (read in place).
const dir = fileURLToPath(new URL("../../test/vectors/yuma/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.startsWith("test_") && f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { name: string; epochs: Array<{ label: string; input: EpochInput; expected: EpochOutput }> });

describe.each(["release", "debug"] as const)("Yuma epoch vs the chain's tests (%s build)", (target) => {
  it("has vector cases to check", () => expect(cases.length).toBeGreaterThanOrEqual(3));

  for (const c of cases) {
    it(`${c.name}: every epoch matches every expected field, run in order`, () => {
      for (const e of c.epochs) {
        const out = runEpoch(e.input, { target });
        for (const field of Object.keys(e.expected) as Array<keyof EpochOutput>) {
          expect(out[field], `${c.name} ${e.label} ${field}`).toEqual(e.expected[field]);
        }
      }
    });
  }
});
