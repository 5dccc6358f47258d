import { CoreTrapError, EmissionInputError, EpochInputError, type ErrorKind } from "@tao-subnet/core";
import { ImageErrorCode, ImageInputError } from "@tao-subnet/kit-image";
import { SpeechError, SpeechErrorCode } from "@tao-subnet/kit-speech";
import { StorageError, StorageErrorCode } from "@tao-subnet/kit-storage";
import { ChainError, ChainErrorCode } from "@tao-subnet/sdk/chain";
import { DevnetErrorCode } from "@tao-subnet/sdk/devnet";
import { KitHookError, SynapseValidationError } from "@tao-subnet/sdk/kit";
import { RuntimeOptionsError } from "@tao-subnet/sdk/runtime";
import { ScoringError, ScoringErrorCode } from "@tao-subnet/sdk/scoring";
import { SimulationConfigError } from "@tao-subnet/sdk/sim";
import { WalletError, WalletErrorCode } from "@tao-subnet/sdk/wallet";
import { describe, expect, it } from "vitest";
import type { CommandIo } from "./command.js";
import { commands } from "./commands/index.js";
import { CliErrorCode, UsageError } from "./errors.js";
import { CLI_KITS } from "./kits.js";
import { EXIT_CODES, reportError } from "./run.js";
import { runCli } from "./testing.js";

describe("tao-subnet", () => {
  it("prints help listing the commands", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: tao-subnet <command>");
    expect(r.stdout).toContain("emission");
  });

  it("every command's help points at no source file, and each --kit lists every kit the CLI loads", async () => {
    for (const command of commands) {
      const r = await runCli([command.name, "--help"]);
      expect(r.code, command.name).toBe(0);
      expect(r.stdout, command.name).not.toMatch(/\bsrc\/|\.ts\b/);
      const kitLine = r.stdout.split("\n").find((l) => l.trimStart().startsWith("--kit "));
      if (kitLine) for (const kit of Object.keys(CLI_KITS)) expect(kitLine, command.name).toContain(kit);
    }
    // the commands that take a kit say so
    for (const name of ["simulate", "miner", "validator"]) expect((await runCli([name, "--help"])).stdout).toMatch(/--kit <name> +the kit: /);
  });

  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.stdout).toMatch(/^tao-subnet \d+\.\d+\.\d+/);
  });

  it("refuses a validator --sample-size that is not a whole number of miners, naming it, before anything else runs", async () => {
    for (const n of ["0", "2.5", "many"]) {
      const r = await runCli(["validator", "--kit", "text", "--netuid", "1", "--sample-size", n]);
      expect(r.code).toBe(2);
      expect((JSON.parse(r.stderr) as { error: { argument: string } }).error.argument).toBe("--sample-size");
    }
  });

  it("lists each command under the name its module gives it (modules load lazily, by that name)", async () => {
    for (const entry of commands) expect((await entry.load()).name).toBe(entry.name);
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });

  it("rejects an unknown command with exit 2 and one JSON line", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr) as { error: { code: string; argument: string } };
    expect(err.error).toMatchObject({ code: "UNKNOWN_COMMAND", argument: "frobnicate" });
  });
});

describe("exit codes from error kinds", () => {
  const cases: Array<[Error, ErrorKind]> = [
    [new UsageError(CliErrorCode.INVALID_ARGUMENT, "--netuid: expected an integer", "--netuid"), "bad-input"],
    [new EpochInputError("weights[2][0][0]", "expected uid < n"), "bad-input"],
    [new EmissionInputError("issuance", "expected a non-negative integer"), "bad-input"],
    [new WalletError(WalletErrorCode.WRONG_PASSWORD, "coldkey: wrong password"), "bad-input"],
    [new ChainError(ChainErrorCode.UNKNOWN_NETWORK, "unknown network"), "bad-input"],
    [new SimulationConfigError("unknown profile", "miners.honset"), "bad-input"],
    [new RuntimeOptionsError("expected a whole number", "sampleSize"), "bad-input"],
    [new ScoringError(ScoringErrorCode.BAD_OPTIONS, "workers: expected 1..256"), "bad-input"],
    [new SynapseValidationError("kit:text", "request", "prompt", "expected a string"), "bad-input"],
    [new StorageError(StorageErrorCode.NOT_HEX, "root", "expected 64 hex characters"), "bad-input"],
    [new ImageInputError(ImageErrorCode.TRUNCATED, "image_png", "ends early", "send the whole file"), "bad-input"],
    [new ChainError(DevnetErrorCode.DEVNET_RPC_FAILED, "stale nonce"), "refused"],
    [new ScoringError(ScoringErrorCode.HASH_MISMATCH, "module sha256 differs"), "refused"],
    [new StorageError(StorageErrorCode.QUOTA, "upload", "over quota"), "refused"],
    [new ChainError(DevnetErrorCode.DEVNET_UNREACHABLE, "cannot reach the devnet"), "unavailable"],
    [new ChainError(ChainErrorCode.CALL_NOT_AVAILABLE, "no such call"), "unavailable"],
    [new ScoringError(ScoringErrorCode.MODULE_MISSING, "build/scoring.wasm cannot be read"), "unavailable"],
    [new SpeechError(SpeechErrorCode.TOOL_MISSING, "espeak-ng", "not installed"), "unavailable"],
    [new KitHookError("kit:speech", "challenge", new SpeechError(SpeechErrorCode.TOOL_MISSING, "espeak-ng", "not installed")), "unavailable"],
    [new CoreTrapError("unreachable"), "internal"],
    [new KitHookError("kit:text", "verify", new Error("boom")), "internal"],
    [new KitHookError("kit:text", "verify", new EpochInputError("n", "bad")), "internal"],
    [new Error("a plain error"), "internal"],
  ];

  it("every error class says its kind", () => {
    for (const [error, kind] of cases) expect((error as { kind?: unknown }).kind ?? "internal", error.message).toBe(kind);
    expect(new Set(cases.map(([, k]) => k))).toEqual(new Set(Object.keys(EXIT_CODES)));
  });

  it("maps each kind to its exit code alone: 2 and one JSON line for bad input, 1 and a message otherwise", () => {
    expect(EXIT_CODES).toEqual({ "bad-input": 2, refused: 1, unavailable: 1, internal: 1 });
    for (const [error, kind] of cases) {
      let stderr = "";
      const io: CommandIo = {
        stdout: () => undefined,
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => "",
        isTTY: false,
      };
      const code = reportError(io, "test", error);
      expect(code, `${error.name}: ${error.message}`).toBe(EXIT_CODES[kind]);
      if (kind === "bad-input") {
        const line = JSON.parse(stderr) as { error: { code: string; message: string; argument?: string } };
        expect(line.error.code).toBe((error as { code?: string }).code);
        expect(line.error.message).toContain(error.message.split(":").pop()!.trim());
      } else {
        expect(stderr).toBe(`tao-subnet test: ${error.message}\n`);
      }
    }
  });

  it("names the field of a bad-input error as the argument", () => {
    let stderr = "";
    reportError(
      {
        stdout: () => undefined,
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => "",
        isTTY: false,
      },
      "epoch",
      new EpochInputError("weights[2][0][0]", "expected uid < n"),
    );
    expect(JSON.parse(stderr)).toEqual({ error: { code: "EPOCH_INPUT_INVALID", argument: "weights[2][0][0]", message: "weights[2][0][0]: expected uid < n" } });
  });
});
