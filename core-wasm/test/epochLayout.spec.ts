import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the packed epoch's layout", () => {
  it("has its AssemblyScript constants generated from the TypeScript table (the committed file is the script's output)", async () => {
    const { epochLayoutSource } = await import("../scripts/epochLayout.js");
    const committed = readFileSync(fileURLToPath(new URL("../assembly/yuma/epochLayout.ts", import.meta.url)), "utf8");
    expect(committed).toBe(epochLayoutSource());
  });
});
