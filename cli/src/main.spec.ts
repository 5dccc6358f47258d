import { describe, expect, it } from "vitest";
import { runCli } from "./testing.js";

describe("tao-subnet", () => {
  it("prints help listing the commands", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: tao-subnet <command>");
    expect(r.stdout).toContain("emission");
  });

  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.stdout).toMatch(/^tao-subnet \d+\.\d+\.\d+/);
  });

  it("rejects an unknown command with exit 2 and one JSON line", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr) as { error: { code: string; argument: string } };
    expect(err.error).toMatchObject({ code: "UNKNOWN_COMMAND", argument: "frobnicate" });
  });
});
