import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

describe("tao-subnet emission", () => {
  it("prints the block emission, halvings and next halving issuance as JSON", async () => {
    const r = await runCli(["emission", "--issuance", "10500000000000000"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ blockEmission: "500000000", halvings: 1, nextHalvingIssuance: "15750000000000000" });
  });

  it("prints a null next halving at the supply cap", async () => {
    const r = await runCli(["emission", "--issuance", "21000000000000000"]);
    expect(JSON.parse(r.stdout)).toEqual({ blockEmission: "0", halvings: 0, nextHalvingIssuance: null });
  });

  it.each([["-5"], ["1.5"], ["ten"], ["18446744073709551616"]])("exits 2 with one JSON line naming --issuance for %s", async (v) => {
    const r = await runCli(["emission", `--issuance=${v}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    const err = JSON.parse(lines[0]!) as { error: { argument: string; message: string } };
    expect(err.error.argument).toBe("--issuance");
    expect(err.error.message).toContain("non-negative integer");
  });

  it("exits 2 when --issuance is missing or an unknown option is given", async () => {
    expect((await runCli(["emission"])).code).toBe(2);
    const r = await runCli(["emission", "--issuance", "1", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--bogus");
  });
});
