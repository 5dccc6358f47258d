import { readFile } from "node:fs/promises";
import { ScoringError, ScoringHost } from "@tao-subnet/sdk";
import type { Command } from "../command.js";
import { CliErrorCode, missingArgument, UsageError } from "../errors.js";
import { parseJsonInput } from "../jsonInput.js";

const enc = new TextEncoder();

async function readJson(flag: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read ${path}: ${(e as Error).message}`, flag);
  }
  return parseJsonInput(text, flag, path);
}

/** `tao-subnet score`: runs a scoring module (sandboxed, optionally pinned by sha256) on a challenge and responses. */
export const score: Command = {
  name: "score",
  summary: "score responses with a WASM scoring module in the sandbox",
  usage: "--module <file.wasm> [--sha256 <hex>] --challenge <file.json> --response <file.json> [--timeout-ms N]",
  help: [
    "--module <file.wasm>   the scoring module (ABI: docs/scoring-abi.md)",
    "--sha256 <hex>         refuse the module unless its sha256 is this",
    "--challenge <file>     the challenge, JSON (what the module sees as challenge bytes)",
    "--response <file>      one response (JSON object) or an array of them; latency, where a kit uses it, is a field (latency_ms)",
    "--timeout-ms N         time cap for the batch (default 2000)",
    "",
    'Prints {"score": <u16>} for one response, or an array of them. A refused or stopped module exits 2.',
  ],
  options: {
    module: { type: "string" },
    sha256: { type: "string" },
    challenge: { type: "string" },
    response: { type: "string" },
    "timeout-ms": { type: "string" },
  },
  async run({ values }, io) {
    const modulePath = values.module as string | undefined;
    if (!modulePath) throw missingArgument("--module", "give the scoring module's .wasm file");
    if (!values.challenge) throw missingArgument("--challenge", "give the challenge as a JSON file");
    if (!values.response) throw missingArgument("--response", "give the response(s) as a JSON file");
    const sha = values.sha256 as string | undefined;
    if (sha !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha))
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--sha256: expected 64 hex characters, got ${JSON.stringify(sha)}`, "--sha256");
    const timeout = values["timeout-ms"] === undefined ? 2000 : Number(values["timeout-ms"]);
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600_000)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `--timeout-ms: expected a whole number of milliseconds 1..600000, got ${JSON.stringify(values["timeout-ms"])}`,
        "--timeout-ms",
      );
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(modulePath));
    } catch (e) {
      throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read ${modulePath}: ${(e as Error).message}`, "--module");
    }
    const challenge = await readJson("--challenge", values.challenge as string);
    const responses = await readJson("--response", values.response as string);
    const list = Array.isArray(responses) ? responses : [responses];
    const host = new ScoringHost({ timeoutMs: timeout });
    try {
      const module = await host.load(bytes, sha);
      try {
        const scores = await module.scoreBatch(
          list.map((r) => ({ challenge: enc.encode(JSON.stringify(challenge)), response: enc.encode(JSON.stringify(r)) })),
        );
        const out = scores.map((s) => ({ score: s }));
        io.stdout(JSON.stringify(Array.isArray(responses) ? out : out[0]) + "\n");
        return 0;
      } finally {
        await module.close();
      }
    } catch (e) {
      if (e instanceof ScoringError) throw new UsageError(e.code, e.message, "--module");
      throw e;
    }
  },
};
