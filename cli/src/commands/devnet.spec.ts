/**
 * `tao-subnet devnet --state` with bad state files, in a child process as a user runs it: each
 * exits 2 with one JSON line, code DEVNET_STATE_INVALID, naming the field at fault; never a
 * TypeError stack, never a devnet that runs on a bad file ("block": "abc").
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain } from "@tao-subnet/sdk";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "devnet-state-"));

/** Runs `tao-subnet <args>` from the sources in a child process; resolves once it exits (or is stopped after its first stdout line). */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `import { main } from ${JSON.stringify(join(root, "cli/src/main.ts"))}; process.exitCode = await main(process.argv.slice(1));`,
      ...args,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    // a devnet that started: stop it (the test then fails on its exit code)
    if (stdout.includes("\n")) child.kill("SIGTERM");
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

/** A valid state file's JSON (a devnet with one subnet), to break field by field. */
async function validState(): Promise<Record<string, unknown>> {
  await cryptoWaitReady();
  const alice = new Keyring({ type: "sr25519" }).addFromUri("//Alice");
  const chain = new DevChain();
  chain.fund(alice.address, 1000n * 1_000_000_000n);
  await chain.registerNetwork(alice, alice.address);
  await chain.advance(3);
  const file = join(dir, "valid.json");
  await chain.save(file);
  const { readFileSync } = await import("node:fs");
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

describe("tao-subnet devnet --state", () => {
  it("exits 2 with one JSON line naming the field for each bad state file (child process)", async () => {
    const valid = await validState();
    const subnet = (valid.subnets as Array<Record<string, unknown>>)[0]!;
    const cases: Array<[name: string, text: string, field: string]> = [
      ["null", "null", "(the whole file)"],
      ["empty object", "{}", "seed"],
      ["array", "[]", "(the whole file)"],
      ["not JSON", "{", "(the whole file)"],
      ["block abc", JSON.stringify({ ...valid, block: "abc" }), "block"],
      ["subnet without fields", JSON.stringify({ ...valid, subnets: [{ netuid: 1 }] }), "subnets[0].ownerColdkey"],
      [
        "kappa 70000",
        JSON.stringify({ ...valid, subnets: [{ ...subnet, hyperparameters: { ...(subnet.hyperparameters as object), kappa: 70000 } }] }),
        "subnets[0].hyperparameters.kappa",
      ],
      ["huge bigint", JSON.stringify({ ...valid, issuance: `__bigint:${"9".repeat(100_000)}` }), "issuance"],
      [
        "uid out of place",
        JSON.stringify({ ...valid, subnets: [{ ...subnet, neurons: [{ ...(subnet.neurons as object[])[0], uid: 5 }] }] }),
        "subnets[0].neurons[0].uid",
      ],
      ["balances an array", JSON.stringify({ ...valid, balances: [1, 2] }), "balances"],
    ];
    // three in child processes as a user runs them; every case through the same main() in this process
    const CHILD = new Set(["null", "block abc", "subnet without fields"]);
    const results = await Promise.all(
      cases.map(async ([name, text]) => {
        const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
        writeFileSync(file, text);
        const args = ["devnet", "--port", "0", "--block-time", "0", "--state", file];
        return CHILD.has(name) ? cli(args) : runCli(args);
      }),
    );
    for (const [i, [name, , field]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, `${name}: ${r.stderr.slice(0, 300)}`).toBe(2);
      expect(r.stdout, name).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines, name).toHaveLength(1);
      expect(r.stderr.length, name).toBeLessThan(3000);
      const { error } = JSON.parse(lines[0]!) as { error: { code: string; argument: string; message: string } };
      expect(error, name).toMatchObject({ code: "DEVNET_STATE_INVALID", argument: field });
      expect(error.message, name).not.toMatch(/TypeError|at .*\.ts:\d+/);
    }
  }, 180_000);
});
