import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the packed coinbase layout", () => {
  it("has its AssemblyScript constants generated from the TypeScript table (the committed file is the script's output)", async () => {
    const { coinbaseLayoutSource } = await import("../scripts/coinbaseLayout.js");
    const committed = readFileSync(fileURLToPath(new URL("../assembly/coinbase/layout.ts", import.meta.url)), "utf8");
    expect(committed).toBe(coinbaseLayoutSource());
  });
});
