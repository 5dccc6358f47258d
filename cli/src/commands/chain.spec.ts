/**
 * The chain commands' bad input and the wallet commands end to end, without a subtensor node:
 * wallets on a temp root, a devnet served on loopback for a subnet that does not exist, and
 * endpoints where nothing listens. (The same commands against a real runtime: test/chain.)
 */
import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain, serveDevChain } from "@tao-subnet/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const MNEMONIC = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";
process.env.TAO_SUBNET_TEST_PASSWORD = "correct horse battery staple";
process.env.TAO_SUBNET_TEST_MNEMONIC = MNEMONIC;

const oneLine = (r: { code: number; stderr: string; stdout: string }, argument?: string) => {
  expect(r.code).toBe(2);
  const lines = r.stderr
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("…"));
  expect(lines).toHaveLength(1);
  const e = JSON.parse(lines[0]!) as { error: { code: string; argument?: string; message: string } };
  if (argument) expect(e.error.argument).toBe(argument);
  return e.error;
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

describe("tao-subnet wallet", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "cli-wallets-"));
  });

  it("creates (regenerates) a wallet from a mnemonic, lists and shows it, and prints no secret", async () => {
    const r = await runCli([
      "wallet",
      "create",
      "--wallet",
      "owner",
      "--wallet-path",
      root,
      "--password-env",
      "TAO_SUBNET_TEST_PASSWORD",
      "--mnemonic-env",
      "TAO_SUBNET_TEST_MNEMONIC",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { coldkey: string; hotkeyAddress: string; coldkeyCreated: boolean };
    expect(out).toMatchObject({ coldkey: ADDRESS, coldkeyCreated: true });
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain("leopard");
      expect(text).not.toContain(process.env.TAO_SUBNET_TEST_PASSWORD);
    }
    expect((await stat(join(root, "owner", "coldkey"))).mode & 0o777).toBe(0o600);
    const second = await runCli(["wallet", "create", "--wallet", "owner", "--wallet-path", root, "--wallet-hotkey", "miner", "--json"]);
    expect(second.code).toBe(0); // an existing coldkey needs no password: only the hotkey is added
    expect(JSON.parse(second.stdout)).toMatchObject({ coldkey: ADDRESS, coldkeyCreated: false, hotkey: "miner" });
    const list = await runCli(["wallet", "list", "--wallet-path", root, "--json"]);
    expect(JSON.parse(list.stdout)).toEqual([
      {
        name: "owner",
        path: join(root, "owner"),
        coldkey: ADDRESS,
        hotkeys: [{ name: "default", address: out.hotkeyAddress }, expect.objectContaining({ name: "miner" })],
      },
    ]);
    const show = await runCli(["wallet", "show", "--wallet", "owner", "--wallet-path", root]);
    expect(show.stdout).toContain(`coldkey ${ADDRESS}`);
    expect(show.stdout).toContain("hotkey miner");
  }, 120_000);

  it("refuses to overwrite, and a wrong password for a signing command exits 2 with nothing sent or written", async () => {
    const before = await readFile(join(root, "owner", "coldkey"));
    const again = await runCli([
      "wallet",
      "create",
      "--wallet",
      "owner",
      "--wallet-path",
      root,
      "--password-env",
      "TAO_SUBNET_TEST_PASSWORD",
      "--mnemonic-env",
      "TAO_SUBNET_TEST_MNEMONIC",
    ]);
    expect(oneLine(again).code).toBe("KEYFILE_EXISTS");
    process.env.TAO_SUBNET_WRONG = "not the password";
    const dev = new DevChain();
    const server = await serveDevChain(dev, { port: 0 });
    try {
      const r = await runCli(["register", "subnet", "--chain", server.url, "--wallet", "owner", "--wallet-path", root, "--password-env", "TAO_SUBNET_WRONG"]);
      // the devnet has no balance for this coldkey, so check the balance path first…
      expect(r.code).toBe(2);
      await dev.fund(ADDRESS, 10_000n * 1_000_000_000n);
      const wrong = await runCli([
        "register",
        "subnet",
        "--chain",
        server.url,
        "--wallet",
        "owner",
        "--wallet-path",
        root,
        "--password-env",
        "TAO_SUBNET_WRONG",
      ]);
      expect(oneLine(wrong, "--wallet").code).toBe("WRONG_PASSWORD");
      expect(await dev.subnets()).toEqual([]); // nothing half-done on chain
      const ok = await runCli([
        "register",
        "subnet",
        "--chain",
        server.url,
        "--wallet",
        "owner",
        "--wallet-path",
        root,
        "--password-env",
        "TAO_SUBNET_TEST_PASSWORD",
        "--json",
      ]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, netuid: (await dev.subnets())[0] });
    } finally {
      await server.close();
    }
    expect((await readFile(join(root, "owner", "coldkey"))).equals(before)).toBe(true);
    expect((await readdir(join(root, "owner"))).sort()).toEqual(["coldkey", "coldkeypub.txt", "hotkeys"]);
  }, 120_000);

  it("names the subcommands and rejects wallet names that escape the root", async () => {
    expect(oneLine(await runCli(["wallet", "delete"]), "<subcommand>").message).toContain("create, list, show");
    expect(oneLine(await runCli(["wallet", "show", "--wallet", "../x", "--wallet-path", root]), "--wallet").code).toBe("INVALID_ARGUMENT");
    expect(oneLine(await runCli(["wallet", "show", "--wallet", "nobody", "--wallet-path", root]), "--wallet").code).toBe("KEYFILE_NOT_FOUND");
  });
});

describe("tao-subnet chain commands: bad input", () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    await cryptoWaitReady();
    const dev = new DevChain();
    const alice = new Keyring({ type: "sr25519" }).addFromUri("//Alice");
    dev.fund(alice.address, 10_000n * 1_000_000_000n);
    await dev.registerNetwork(alice, alice.address);
    const server = await serveDevChain(dev, { port: 0 });
    url = server.url;
    close = () => server.close();
  });
  afterAll(() => close());

  it("an unknown network name: one line naming the valid ones, exit 2", async () => {
    const e = oneLine(await runCli(["metagraph", "--netuid", "1", "--chain", "mainnet"]), "--chain");
    expect(e.code).toBe("UNKNOWN_NETWORK");
    expect(e.message).toContain("local, test, finney");
  });

  it("an unreachable endpoint: one line, exit 2, no retry noise", async () => {
    const r = await runCli(["metagraph", "--netuid", "1", "--chain", `ws://127.0.0.1:${await freePort()}`]);
    expect(oneLine(r, "--chain").code).toBe("ENDPOINT_UNREACHABLE");
  }, 30_000);

  it("a netuid that does not exist: one line listing the subnets, exit 2, for every command that takes one", async () => {
    for (const argv of [
      ["metagraph", "--netuid", "42"],
      ["register", "neuron", "--netuid", "42", "--coldkey", "//Alice", "--hotkey", "//Bob"],
      ["weights", "set", "--netuid", "42", "--hotkey", "//Bob", "--uids", "0", "--weights", "1"],
    ]) {
      const e = oneLine(await runCli([...argv, "--chain", url]), "--netuid");
      expect(e.code).toBe("SUBNET_NOT_FOUND");
      expect(e.message).toContain("existing: 1");
    }
  });

  it("bad weights, netuids and subcommands are refused before anything is sent", async () => {
    expect(
      oneLine(await runCli(["weights", "set", "--chain", url, "--netuid", "1", "--hotkey", "//Bob", "--uids", "0,1", "--weights", "1"]), "--weights").message,
    ).toContain("one per uid");
    expect(
      oneLine(await runCli(["weights", "set", "--chain", url, "--netuid", "1", "--hotkey", "//Bob", "--uids", "0,0", "--weights", "1,1"]), "--uids").message,
    ).toContain("twice");
    expect(
      oneLine(await runCli(["weights", "set", "--chain", url, "--netuid", "1", "--hotkey", "//Bob", "--uids", "0", "--weights=-1"]), "--weights[0]").code,
    ).toBe("INVALID_ARGUMENT");
    expect(
      oneLine(await runCli(["weights", "set", "--chain", url, "--netuid", "1", "--hotkey", "//Bob", "--uids", "0", "--weights", "1"]), "--hotkey").message,
    ).toContain("not registered");
    expect(oneLine(await runCli(["metagraph", "--netuid", "70000", "--chain", url]), "--netuid").code).toBe("INVALID_ARGUMENT");
    expect(
      oneLine(
        await runCli([
          "weights",
          "set",
          "--chain",
          url,
          "--netuid",
          "1",
          "--hotkey",
          "//Alice",
          "--uids",
          "0",
          "--weights",
          "1",
          "--version-key",
          "18446744073709551616",
        ]),
        "--version-key",
      ).message,
    ).toContain("0..2^64-1");
    expect(oneLine(await runCli(["register", "everything"]), "<subcommand>").code).toBe("INVALID_ARGUMENT");
    expect(oneLine(await runCli(["localnet"]), "--runtime").code).toBe("MISSING_ARGUMENT");
    expect(oneLine(await runCli(["localnet", "--runtime", "/nonexistent.wasm"]), "--runtime").message).toContain("cannot read");
  });

  it("reads the devnet's metagraph as a table and as JSON", async () => {
    const t = await runCli(["metagraph", "--netuid", "1", "--chain", url]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/subnet 1 at block \d+: 1 neurons/);
    expect(t.stdout).toMatch(/UID\s+HOTKEY/);
    const j = JSON.parse((await runCli(["metagraph", "--netuid", "1", "--chain", url, "--json"])).stdout) as { netuid: number; neurons: unknown[] };
    expect(j.netuid).toBe(1);
    expect(j.neurons).toHaveLength(1);
  });
});

describe("tao-subnet localnet: bad input (no runtime needed)", () => {
  it("refuses a file that is not a runtime, a spec without genesis.raw, two sources, and a bad block mode", async () => {
    const dir = await mkdtemp(join(tmpdir(), "localnet-"));
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "x.wasm"), "not wasm at all");
    await writeFile(join(dir, "plain.json"), JSON.stringify({ name: "x", genesis: { runtimeGenesis: {} } }));
    expect(oneLine(await runCli(["localnet", "--runtime", join(dir, "x.wasm")]), "--runtime").message).toContain("not a runtime WASM");
    expect(oneLine(await runCli(["localnet", "--spec", join(dir, "plain.json")]), "--spec").message).toContain("genesis.raw.top");
    expect(oneLine(await runCli(["localnet", "--spec", join(dir, "x.wasm")]), "--spec").message).toContain("not JSON");
    expect(oneLine(await runCli(["localnet", "--runtime", "a", "--spec", "b"]), "--runtime").message).toContain("exactly one");
    expect(oneLine(await runCli(["localnet", "--runtime", "a", "--blocks", "sometimes"]), "--blocks").code).toBe("INVALID_ARGUMENT");
    expect(oneLine(await runCli(["localnet", "--fork", "mainnet"]), "--fork").message).toContain("finney, test");
  });
});
