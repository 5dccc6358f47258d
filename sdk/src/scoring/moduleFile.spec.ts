import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScoringError, scoringModuleAt, scoringModuleFrom, sha256Hex } from "../index.js";

describe("a kit's scoring module file", () => {
  it("is located beside the caller, read, hashed and loaded", async () => {
    const file = scoringModuleFrom(import.meta.url, "../../build/exactMatch.wasm");
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL("../../build/exactMatch.wasm", import.meta.url))));
    expect(file.path).toBe(fileURLToPath(new URL("../../build/exactMatch.wasm", import.meta.url)));
    const read = file.read();
    expect(read).toEqual({ path: file.path, sha256: sha256Hex(bytes), bytes });
    expect(await file.load()).toEqual(bytes);
    expect(scoringModuleAt(file.path).read().sha256).toBe(read.sha256);
  });

  it("is a typed error naming the file and the build command when it is missing", async () => {
    const file = scoringModuleFrom(import.meta.url, "../../build/absent.wasm", { build: "npm run build:wasm -w my-kit" });
    for (const attempt of [async () => file.read(), () => file.load()]) {
      const e = await attempt().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ScoringError);
      expect(e).toMatchObject({ code: "SCORING_MODULE_MISSING" });
      expect((e as Error).message).toContain(file.path);
      expect((e as Error).message).toContain("`npm run build:wasm -w my-kit`");
    }
  });
});
