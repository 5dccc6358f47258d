/**
 * The operator commands on a real terminal: the CLI runs as a process under a pseudo-terminal
 * (util-linux `script`), so `wallet create` shows the new mnemonics with the warning, and
 * `stake add` asks before signing: "n" sends nothing, "y" stakes. Skips, saying so, where `script`
 * is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain, serveDevChain, Wallet } from "@tao-subnet/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/tao-subnet.js", import.meta.url));
const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;
const TAO = 1_000_000_000n;

/** Runs the CLI under a pty; answers `answer` once `prompt` appears. */
function onTerminal(args: string[], env: Record<string, string>, prompt?: string, answer?: string): Promise<{ code: number; out: string }> {
  const quoted = [process.execPath, "--conditions=source", "--import", "tsx", bin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", quoted, "/dev/null"], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let answered = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out; output so far:\n${out}`));
    }, 120_000);
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (prompt && !answered && out.includes(prompt)) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

describe.skipIf(!HAS_SCRIPT)("on a terminal (a pty from util-linux script; skipped without it)", () => {
  let root: string;
  let dev: DevChain;
  let server: Awaited<ReturnType<typeof serveDevChain>>;
  let netuid: number;
  let hot: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    root = await mkdtemp(join(tmpdir(), "cli-tty-"));
    const k = new Keyring({ type: "sr25519" });
    const owner = k.addFromUri("//TtyOwner");
    hot = k.addFromUri("//TtyHot").address;
    dev = new DevChain();
    server = await serveDevChain(dev, { port: 0 });
    dev.fund(owner.address, 1000n * TAO);
    const r = await dev.registerNetwork(owner, owner.address);
    if (!r.ok) throw new Error(r.error);
    netuid = r.value.netuid;
    expect((await dev.startCall(owner, netuid)).ok).toBe(true);
    expect((await dev.burnedRegister(owner, netuid, hot)).ok).toBe(true);
  });
  afterAll(async () => server?.close());

  it("wallet create shows each new mnemonic once, under the warning, and it regenerates the same key", async () => {
    const r = await onTerminal(["wallet", "create", "--wallet", "w", "--wallet-path", root, "--password-env", "TTY_PW"], { TTY_PW: "terminal password" });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("IMPORTANT: store this mnemonic in a secure");
    const hotMnemonic = /hotkey default mnemonic: ((?:[a-z]+ ){11}[a-z]+)/.exec(r.out)?.[1];
    expect(hotMnemonic).toBeDefined();
    expect(r.out.match(/mnemonic: /g)).toHaveLength(2);
    const regen = await onTerminal(["wallet", "regen", "hotkey", "--wallet", "again", "--wallet-path", root, "--mnemonic-env", "TTY_M", "--json"], {
      TTY_M: hotMnemonic!,
    });
    expect(regen.code, regen.out).toBe(0);
    expect(await new Wallet("again", root).hotkeyAddress()).toBe(await new Wallet("w", root).hotkeyAddress());
  }, 180_000);

  it("stake add asks before signing: n sends nothing, y stakes", async () => {
    const stake = async () => (await dev.metagraph(netuid)).neurons.find((n) => n.hotkey === hot)!.stake;
    const args = ["stake", "add", "--chain", server.url, "--netuid", String(netuid), "--hotkey", hot, "--amount", "3", "--coldkey", "//TtyOwner"];
    const before = await stake();
    const no = await onTerminal(args, {}, "[y/N]", "n");
    expect(no.code, no.out).toBe(1);
    expect(no.out).toContain("cancelled: nothing was sent");
    expect(await stake()).toBe(before);
    const yes = await onTerminal(args, {}, "[y/N]", "y");
    expect(yes.code, yes.out).toBe(0);
    expect(yes.out).toMatch(/add_stake on subnet \d+[\s\S]*sign and send\?[\s\S]*ok in block/);
    expect((await stake()) - before).toBeGreaterThan(0n); // alpha, bought through the pool
  }, 180_000);
});
