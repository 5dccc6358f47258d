/** A project's `npm run validator|miner` (validatorCommandLine, minerCommandLine): the CLI's commands for the project's kit, with its config's defaults; devnet served on loopback. */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain, serveDevChain } from "@tao-subnet/sdk";
import { describe, expect, it } from "vitest";
import type { CommandIo } from "./command.js";
import { CLI_KITS } from "./kits.js";
import { minerCommandLine, validatorCommandLine } from "./project.js";

const TAO = 1_000_000_000n;

function capture() {
  const out = { stdout: "", stderr: "" };
  const io: CommandIo = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    readStdin: async () => "",
    isTTY: false,
  };
  return { out, io };
}

describe("a project's validator and miner command lines", () => {
  it("runs a round on the config's chain and netuid with the development hotkey on a devnet, keeping state keyed by the chain's genesis", async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519" });
    const dev = new DevChain({ hyperparameters: { tempo: 5, weightsRateLimit: 1 } });
    const owner = keyring.addFromUri("//projowner");
    const validator = keyring.addFromUri("//projvalidator");
    dev.fund(owner.address, 10_000n * TAO);
    dev.fund(validator.address, 1_000n * TAO);
    const net = await dev.registerNetwork(owner, owner.address);
    if (!net.ok) throw new Error(net.message);
    const netuid = net.value.netuid;
    expect((await dev.burnedRegister(validator, netuid, validator.address)).ok).toBe(true);
    await dev.addStake(validator, validator.address, netuid, 500n * TAO);
    await dev.advance(5);
    const server = await serveDevChain(dev, { port: 0 });
    const stateDir = await mkdtemp(join(tmpdir(), "project-validator-"));
    process.env.PROJECT_SPEC_SECRET = "project secret";
    try {
      const { out, io } = capture();
      const code = await validatorCommandLine(
        CLI_KITS.text!(),
        { netuid, chain: server.url, hotkey: "//projvalidator", secretEnv: "PROJECT_SPEC_SECRET" },
        ["--rounds", "1", "--every", "1", "--state-dir", stateDir, "--log-format", "json"],
        io,
      );
      expect(out.stderr).toBe("");
      expect(code).toBe(0);
      const events = out.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { event: string; netuid: number });
      expect(events.filter((e) => e.event === "round")).toHaveLength(1);
      expect(events.every((e) => e.netuid === netuid)).toBe(true);
      const state = JSON.parse(await readFile(join(stateDir, `${netuid}-${validator.address}.json`), "utf8")) as {
        genesis: string;
        hotkey: string;
        round: number;
      };
      expect(state).toMatchObject({ genesis: dev.genesisHash(), hotkey: validator.address, round: 1 });
      expect(out.stdout).not.toContain("project secret");
    } finally {
      delete process.env.PROJECT_SPEC_SECRET;
      await server.close();
    }
  });

  it("runs round after round without piling listeners on its stop signal (no MaxListenersExceededWarning after 15 rounds)", async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519" });
    const dev = new DevChain({ hyperparameters: { tempo: 5, weightsRateLimit: 1 } });
    const owner = keyring.addFromUri("//projowner");
    const validator = keyring.addFromUri("//projvalidator");
    dev.fund(owner.address, 10_000n * TAO);
    dev.fund(validator.address, 1_000n * TAO);
    const net = await dev.registerNetwork(owner, owner.address);
    if (!net.ok) throw new Error(net.message);
    expect((await dev.burnedRegister(validator, net.value.netuid, validator.address)).ok).toBe(true);
    const server = await serveDevChain(dev, { port: 0 });
    const blocks = setInterval(() => void dev.advance(1), 20);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    process.env.PROJECT_SPEC_SECRET = "s";
    try {
      const { out, io } = capture();
      const code = await validatorCommandLine(
        CLI_KITS.text!(),
        { netuid: net.value.netuid, chain: server.url, hotkey: "//projvalidator", secretEnv: "PROJECT_SPEC_SECRET" },
        ["--rounds", "15", "--every", "1", "--state-dir", await mkdtemp(join(tmpdir(), "project-validator-")), "--log-format", "json"],
        io,
      );
      expect(code, out.stderr).toBe(0);
      expect(out.stdout.split("\n").filter((l) => l.includes('"event":"round"'))).toHaveLength(15);
      await new Promise((r) => setImmediate(r)); // a warning is emitted on the next tick
      expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      clearInterval(blocks);
      delete process.env.PROJECT_SPEC_SECRET;
      await server.close();
    }
  });

  it.each([
    ["validator", validatorCommandLine],
    ["miner", minerCommandLine],
  ] as const)(
    "%s: on a chain that is not a devnet, never uses the development hotkey: exit 2 naming --hotkey, before connecting",
    async (_name, commandLine) => {
      process.env.PROJECT_SPEC_SECRET = "s";
      try {
        const { out, io } = capture();
        const code = await commandLine(
          CLI_KITS.text!(),
          { netuid: 3, chain: "ws://127.0.0.1:9", hotkey: "//validator1", secretEnv: "PROJECT_SPEC_SECRET" },
          [],
          io,
        );
        expect(code).toBe(2);
        const { error } = JSON.parse(out.stderr.trim()) as { error: { argument: string; message: string } };
        expect(error.argument).toBe("--hotkey");
        expect(error.message).toMatch(/--wallet NAME/);
      } finally {
        delete process.env.PROJECT_SPEC_SECRET;
      }
    },
  );

  it("flags win over the config: --netuid out of range is refused as the flag", async () => {
    const { out, io } = capture();
    const code = await validatorCommandLine(CLI_KITS.text!(), { netuid: 3, chain: "devnet", hotkey: "//v" }, ["--netuid", "0"], io);
    expect(code).toBe(2);
    expect(JSON.parse(out.stderr.trim())).toMatchObject({ error: { argument: "--netuid" } });
  });

  it("has no --kit: the project's kit is the one", async () => {
    const { out, io } = capture();
    const code = await minerCommandLine(CLI_KITS.text!(), {}, ["--kit", "image"], io);
    expect(code).toBe(2);
    expect(out.stderr).toContain("--kit");
  });

  it("--help names the project's defaults and when the development hotkey applies", async () => {
    const { out, io } = capture();
    const code = await validatorCommandLine(
      CLI_KITS.text!(),
      { netuid: 7, chain: "test", hotkey: "//validator1", secretEnv: "VALIDATOR_SECRET" },
      ["--help"],
      io,
    );
    expect(code).toBe(0);
    expect(out.stdout).toContain("Without flags: --chain test --netuid 7 --secret-env VALIDATOR_SECRET (tao-subnet.config.json).");
    expect(out.stdout).toContain("On a devnet, with no key flag: --hotkey //validator1.");
    expect(out.stdout).not.toContain("--kit");
  });
});
