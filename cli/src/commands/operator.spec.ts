/**
 * The operator commands (stake, subnet, commitment, wallet create/regen) without a subtensor node:
 * bad input (exit 2, one JSON line naming the argument) before anything connects, the devnet
 * served on loopback where it supports the call, and wallets on a temp root. The same commands
 * against the real runtime: test/chain/operator.spec.ts.
 */
import { mkdtemp, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady, mnemonicValidate } from "@polkadot/util-crypto";
import { DevChain, serveDevChain, Wallet } from "@tao-subnet/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const TAO = 1_000_000_000n;
const HOTKEY = "5H9gJ4GQwxJL81kF7EE8DKWKotF5mwVFJ44sWRazGokkcj32";

const oneLine = (r: { code: number; stderr: string; stdout: string }, argument?: string) => {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("…"));
  expect(lines).toHaveLength(1);
  const e = JSON.parse(lines[0]!) as { error: { code: string; argument?: string; message: string } };
  if (argument) expect(e.error.argument).toBe(argument);
  return e.error;
};

describe("operator commands: bad input exits 2 with one JSON line, before connecting", () => {
  // nothing listens on this port: a command that connected would fail differently
  const chain = ["--chain", "ws://127.0.0.1:1"];
  const cases: Array<[string, string[], string]> = [
    ["unknown subcommand", ["stake", "give"], "<subcommand>"],
    ["no netuid", ["stake", "add", "--hotkey", HOTKEY, "--amount", "1", "--yes"], "--netuid"],
    ["amount not a number", ["stake", "add", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "lots", "--yes"], "--amount"],
    ["amount with 10 decimals", ["stake", "add", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "0.0000000001", "--yes"], "--amount"],
    ["zero amount", ["stake", "add", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "0", "--yes"], "--amount"],
    ["tolerance of 100 %", ["stake", "add", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "1", "--tolerance", "1", "--yes"], "--tolerance"],
    ["negative limit price", ["stake", "add", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "1", "--limit-price", "-1", "--yes"], "--limit-price"],
    ["no terminal and no --yes", ["stake", "add", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "1"], "--yes"],
    ["subnet verb", ["subnet", "hyperparameters", "get", "x", "y"], "<subcommand>"],
    ["set without a value", ["subnet", "hyperparameters", "set", "kappa"], "<subcommand>"],
    ["commitment data too long", ["commitment", "set", "--netuid", "1", "--hotkey", "//Alice", "--data", "x".repeat(129)], "--data"],
    ["commitment get of a bad address", ["commitment", "get", "--netuid", "1", "--hotkey", "not-an-address"], "--hotkey"],
    ["wallet regen of neither key", ["wallet", "regen", "seed"], "<key>"],
  ];
  for (const [what, argv, argument] of cases)
    it(what, async () => {
      const r = await runCli([...argv, ...chain]);
      expect(r.stdout).toBe("");
      oneLine(r, argument);
    });

  it("the confirmation refusal names --yes and the plan's --dry-run", async () => {
    const e = oneLine(await runCli(["stake", "remove", "--netuid", "1", "--hotkey", HOTKEY, "--amount", "1", ...chain]), "--yes");
    expect(e.message).toMatch(/--yes is required.*--dry-run/);
  });
});

describe("operator commands on the devnet (where it supports the call)", () => {
  let dev: DevChain;
  let server: Awaited<ReturnType<typeof serveDevChain>>;
  let url: string;
  let netuid: number;
  const owner = "//Owner";
  let hot: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    const k = new Keyring({ type: "sr25519" });
    dev = new DevChain();
    server = await serveDevChain(dev, { port: 0 });
    url = server.url;
    const o = k.addFromUri(owner);
    hot = k.addFromUri("//OpHot").address;
    dev.fund(o.address, 10_000n * TAO);
    netuid = (await dev.registerNetwork(o, o.address)).ok ? (await dev.subnets()).at(-1)! : -1;
    expect((await dev.startCall(o, netuid)).ok).toBe(true);
    expect((await dev.burnedRegister(o, netuid, hot)).ok).toBe(true);
  });
  afterAll(async () => server?.close());

  it("stake add swaps through the devnet's pool after --yes; remove and move say the command lacks them for the devnet", async () => {
    const before = (await dev.metagraph(netuid)).neurons.find((n) => n.hotkey === hot)!.stake;
    const r = await runCli([
      "stake",
      "add",
      "--chain",
      url,
      "--netuid",
      String(netuid),
      "--hotkey",
      hot,
      "--amount",
      "2.5",
      "--coldkey",
      owner,
      "--yes",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, action: "add_stake", netuid });
    // alpha bought with 2.5 TAO at the pool's price (the seeded 0.01 TAO per alpha, plus the fee and slippage)
    const gained = (await dev.metagraph(netuid)).neurons.find((n) => n.hotkey === hot)!.stake - before;
    expect(gained).toBeGreaterThan(200n * TAO);
    expect(gained).toBeLessThan(250n * TAO);
    const e = oneLine(
      await runCli(["stake", "remove", "--chain", url, "--netuid", String(netuid), "--hotkey", hot, "--amount", "1", "--coldkey", owner, "--yes"]),
      "--chain",
    );
    expect(e.message).toContain("no remove_stake for the devnet");
    oneLine(
      await runCli([
        "stake",
        "add",
        "--chain",
        url,
        "--netuid",
        String(netuid),
        "--hotkey",
        hot,
        "--amount",
        "1",
        "--tolerance",
        "0.01",
        "--coldkey",
        owner,
        "--yes",
      ]),
      "--limit-price",
    );
  });

  it("subnet hyperparameters reads, and set checks the name (did you mean) and the value before sending", async () => {
    const set = await runCli([
      "subnet",
      "hyperparameters",
      "set",
      "immunity_period",
      "4000",
      "--chain",
      url,
      "--netuid",
      String(netuid),
      "--coldkey",
      owner,
      "--json",
    ]);
    expect(set.code, set.stderr).toBe(0);
    const read = await runCli(["subnet", "hyperparameters", "--chain", url, "--netuid", String(netuid), "--json"]);
    const hp = JSON.parse(read.stdout) as { hyperparameters: Record<string, unknown>; ownerSettable: string[] };
    expect(hp.hyperparameters.immunity_period).toBe(4000);
    expect(hp.ownerSettable).toContain("immunity_period");
    // the devnet follows spec 425: kappa is root's (the owner's call is refused on chain, BadOrigin), so it is not listed
    expect(hp.ownerSettable).not.toContain("kappa");
    // spec 425's registration price: the owner sets the burn's half-life
    const half = await runCli([
      "subnet",
      "hyperparameters",
      "set",
      "burn_half_life",
      "720",
      "--chain",
      url,
      "--netuid",
      String(netuid),
      "--coldkey",
      owner,
      "--json",
    ]);
    expect(half.code, half.stderr).toBe(0);
    const hp2 = JSON.parse((await runCli(["subnet", "hyperparameters", "--chain", url, "--netuid", String(netuid), "--json"])).stdout) as typeof hp;
    expect(hp2.hyperparameters.burn_half_life).toBe(720);
    const kappa = await runCli([
      "subnet",
      "hyperparameters",
      "set",
      "kappa",
      "40000",
      "--chain",
      url,
      "--netuid",
      String(netuid),
      "--coldkey",
      owner,
      "--json",
    ]);
    expect(kappa.code).toBe(1);
    expect(kappa.stdout + kappa.stderr).toContain("BadOrigin");
    const typo = oneLine(
      await runCli(["subnet", "hyperparameters", "set", "kapa", "1", "--chain", url, "--netuid", String(netuid), "--coldkey", owner]),
      "NAME",
    );
    expect(typo.message).toContain("did you mean kappa");
    oneLine(await runCli(["subnet", "hyperparameters", "set", "kappa", "70000", "--chain", url, "--netuid", String(netuid), "--coldkey", owner]), "VALUE");
    oneLine(
      await runCli(["subnet", "hyperparameters", "set", "bonds_moving_average", "975001", "--chain", url, "--netuid", String(netuid), "--coldkey", owner]),
      "VALUE",
    );
    expect((await dev.hyperparameters(netuid)).kappa).toBe(32767);
  });

  it("subnet start: the devnet's emission starts with start_call, once", async () => {
    const o = new Keyring({ type: "sr25519" }).addFromUri(owner);
    const second = await dev.registerNetwork(o, o.address);
    if (!second.ok) throw new Error(second.message);
    const fresh = second.value.netuid;
    const r = await runCli(["subnet", "start", "--chain", url, "--netuid", String(fresh), "--coldkey", owner, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, netuid: fresh, started: true });
    const again = await runCli(["subnet", "start", "--chain", url, "--netuid", String(fresh), "--coldkey", owner, "--json"]);
    expect(again.code).not.toBe(0);
    expect(again.stdout + again.stderr).toContain("FirstEmissionBlockNumberAlreadySet");
    oneLine(await runCli(["subnet", "start", "--chain", url, "--netuid", "999", "--coldkey", owner]), "--netuid");
  });

  it("commitment set and get round-trip", async () => {
    const s = await runCli(["commitment", "set", "--chain", url, "--netuid", String(netuid), "--hotkey", "//OpHot", "--data", "sha256:00ff", "--json"]);
    expect(s.code, s.stderr).toBe(0);
    const g = await runCli(["commitment", "get", "--chain", url, "--netuid", String(netuid), "--hotkey", hot, "--json"]);
    expect(JSON.parse(g.stdout)).toEqual({ netuid, hotkey: hot, data: "sha256:00ff" });
  });
});

describe("wallet create shows a new mnemonic once; wallet regen rebuilds the key from it", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "cli-op-wallets-"));
    process.env.TAO_SUBNET_OP_PASSWORD = "operator password";
  });

  it("without a terminal the mnemonic is not printed unless --show-mnemonic; regen from it gives the same keys", async () => {
    const quiet = await runCli(["wallet", "create", "--wallet", "q", "--wallet-path", root, "--password-env", "TAO_SUBNET_OP_PASSWORD", "--json"]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toMatch(/mnemonic/);
    expect(quiet.stderr).toMatch(/not shown \(no terminal\).*--show-mnemonic/);
    const shown = await runCli([
      "wallet",
      "create",
      "--wallet",
      "a",
      "--wallet-path",
      root,
      "--password-env",
      "TAO_SUBNET_OP_PASSWORD",
      "--show-mnemonic",
      "--json",
    ]);
    expect(shown.code, shown.stderr).toBe(0);
    const out = JSON.parse(shown.stdout) as { coldkey: string; hotkeyAddress: string; mnemonics: Record<string, string> };
    const cold = out.mnemonics.coldkey!;
    const hotM = out.mnemonics["hotkey default"]!;
    expect(mnemonicValidate(cold) && mnemonicValidate(hotM)).toBe(true);
    expect(cold).not.toBe(hotM);
    // files 0600
    expect((await stat(join(root, "a", "coldkey"))).mode & 0o777).toBe(0o600);
    process.env.TAO_SUBNET_OP_COLD = `  ${cold.replace(/ /g, "   ")}\n`; // whitespace is normalised
    process.env.TAO_SUBNET_OP_HOT = hotM;
    const rc = await runCli([
      "wallet",
      "regen",
      "coldkey",
      "--wallet",
      "b",
      "--wallet-path",
      root,
      "--mnemonic-env",
      "TAO_SUBNET_OP_COLD",
      "--password-env",
      "TAO_SUBNET_OP_PASSWORD",
      "--json",
    ]);
    expect(rc.code, rc.stderr).toBe(0);
    expect(JSON.parse(rc.stdout).address).toBe(out.coldkey);
    expect(rc.stdout + rc.stderr).not.toContain(cold.split(" ")[0]! + " " + cold.split(" ")[1]!);
    const rh = await runCli([
      "wallet",
      "regen",
      "hotkey",
      "--wallet",
      "b",
      "--wallet-path",
      root,
      "--wallet-hotkey",
      "v",
      "--mnemonic-env",
      "TAO_SUBNET_OP_HOT",
      "--json",
    ]);
    expect(JSON.parse(rh.stdout).address).toBe(out.hotkeyAddress);
    expect(await new Wallet("b", root).hotkeyAddress("v")).toBe(out.hotkeyAddress);
    expect((await new Wallet("b", root).coldkey("operator password")).address).toBe(out.coldkey);
    // a second regen without --overwrite keeps the file
    expect(
      (await runCli(["wallet", "regen", "hotkey", "--wallet", "b", "--wallet-path", root, "--wallet-hotkey", "v", "--mnemonic-env", "TAO_SUBNET_OP_HOT"])).code,
    ).toBe(2);
  }, 180_000);

  it("regen refuses an invalid mnemonic and, without a terminal, one not given through the environment", async () => {
    process.env.TAO_SUBNET_OP_BAD = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon";
    oneLine(await runCli(["wallet", "regen", "hotkey", "--wallet", "c", "--wallet-path", root, "--mnemonic-env", "TAO_SUBNET_OP_BAD"]), "--mnemonic-env");
    oneLine(await runCli(["wallet", "regen", "hotkey", "--wallet", "c", "--wallet-path", root]), "--mnemonic-env");
  });
});
