/** The long-running commands' logs and metrics options: checked before anything starts, then filtered by level and formatted. */
import { describe, expect, it } from "vitest";
import type { CommandIo } from "./command.js";
import { UsageError } from "./errors.js";
import { observeOptions, startObserver } from "./observe.js";
import { runCli } from "./testing.js";

const io = (isTTY: boolean): CommandIo => ({ stdout: () => undefined, stderr: () => undefined, readStdin: async () => "", isTTY });

describe("--log-level, --log-format, --metrics-port", () => {
  it("defaults to info, pretty on a terminal and json otherwise, and no metrics", () => {
    expect(observeOptions({}, io(true))).toEqual({ level: "info", format: "pretty", metrics: null });
    expect(observeOptions({}, io(false))).toEqual({ level: "info", format: "json", metrics: null });
    expect(observeOptions({ "metrics-port": "0" }, io(false)).metrics).toEqual({ host: "127.0.0.1", port: 0 });
  });

  it.each([
    ["--log-level", { "log-level": "loud" }],
    ["--log-format", { "log-format": "xml" }],
    ["--metrics-port", { "metrics-port": "70000" }],
    ["--metrics-port", { "metrics-port": "http" }],
    ["--metrics-host", { "metrics-host": "0.0.0.0" }],
  ])("refuses a bad %s, naming it", (argument, values) => {
    let error: unknown;
    try {
      observeOptions(values, io(false));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).argument).toBe(argument);
  });

  it("shows the events at or above the level, once each: JSON lines with time and level, or pretty lines", async () => {
    const lines: string[] = [];
    const json = await startObserver({ level: "info", format: "json", metrics: null }, (l) => lines.push(l));
    json.event({ level: "debug", event: "scores", netuid: 1, miners: [{ uid: 2, score: 0.5 }] });
    json.event({ level: "info", event: "round", netuid: 1, round: 3, weights: "set" });
    json.event({ level: "error", event: "round-failed", netuid: 1, error: "no route" });
    json.axon({ event: "request", synapse: "Echo", status: 200, ms: 3 }); // debug: hidden
    json.axon({ event: "rejected", synapse: "Echo", status: 401, reason: "stale nonce" });
    await json.close();
    expect(lines.every((l) => l.endsWith("\n") && l.indexOf("\n") === l.length - 1)).toBe(true);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((e) => [e.level, e.event])).toEqual([
      ["info", "round"],
      ["error", "round-failed"],
      ["info", "rejected"],
    ]);
    expect(Number.isNaN(Date.parse(String(parsed[0]!.time)))).toBe(false);

    const pretty: string[] = [];
    const p = await startObserver({ level: "debug", format: "pretty", metrics: null }, (l) => pretty.push(l));
    p.event({
      level: "debug",
      event: "scores",
      netuid: 1,
      miners: [
        { uid: 2, score: 0.5 },
        { uid: 7, score: 0.125 },
      ],
    });
    p.event({ level: "warn", event: "no-permit", netuid: 1, why: "no stake" });
    expect(pretty[0]).toMatch(/^\d\d:\d\d:\d\d DEBUG scores netuid=1 miners=2:0\.500,7:0\.125\n$/);
    expect(pretty[1]).toMatch(/^\d\d:\d\d:\d\d WARN {2}no-permit netuid=1 why="no stake"\n$/);
  });

  it("a validator with a bad --log-level exits 2 with one JSON line, before it connects to anything", async () => {
    const r = await runCli(["validator", "--kit", "text", "--netuid", "1", "--secret-env", "PATH", "--hotkey", "//Alice", "--log-level", "loud"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect((JSON.parse(r.stderr) as { error: { argument: string } }).error.argument).toBe("--log-level");
  });
});
