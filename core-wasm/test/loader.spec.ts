import { coreWasmBytes, createCore, getCore } from "@tao-subnet/core";
import { describe, expect, it } from "vitest";

describe("core loader", () => {
  it.each(["release", "debug"] as const)("the %s build imports nothing but env.abort", (target) => {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(coreWasmBytes(target)));
    expect(imports.map((i) => `${i.module}.${i.name}`)).toEqual(["env.abort"]);
  });

  it.each(["release", "debug"] as const)("round-trips bytes through the %s build's memory", (target) => {
    const core = createCore(target);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    const ptr = core.lowerBytes(bytes);
    expect(core.liftBytes(ptr)).toEqual(bytes);
    core.release(ptr);
    expect(getCore(target).target).toBe(target);
  });
});
