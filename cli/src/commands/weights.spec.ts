/**
 * `tao-subnet weights commit|reveal` against a devnet served on loopback with commit-reveal on:
 * the state file is kept by the sdk's CommitReveal, so the CLI and the validator runtime keep and
 * drop pending commits by the same rule. (The same commands against a real runtime: test/chain.)
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain, type PendingCommit, serveDevChain } from "@tao-subnet/sdk";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing.js";

const TAO = 1_000_000_000n;

/**
 * A devnet served on loopback: subnet of //Alice (uid 0), //Bob staked 500 TAO (uid 1, its permit
 * after the first epoch), miners //m1 and //m2 (uids 2, 3); `mechanisms` set by the owner first.
 */
async function servedDevnet(hyperparameters: NonNullable<ConstructorParameters<typeof DevChain>[0]>["hyperparameters"], mechanisms = 1) {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const dev = new DevChain({ hyperparameters });
  const alice = keyring.addFromUri("//Alice");
  const bob = keyring.addFromUri("//Bob");
  dev.fund(alice.address, 10_000n * TAO);
  dev.fund(bob.address, 10_000n * TAO);
  const net = await dev.registerNetwork(alice, alice.address);
  if (!net.ok) throw new Error(net.message);
  const netuid = net.value.netuid;
  await dev.startCall(alice, netuid);
  for (const uri of ["//Bob", "//m1", "//m2"]) {
    const k = keyring.addFromUri(uri);
    dev.fund(k.address, 1000n * TAO);
    await dev.burnedRegister(k, netuid, k.address);
  }
  await dev.addStake(bob, bob.address, netuid, 500n * TAO);
  if (mechanisms > 1 && !(await dev.setMechanismCount(alice, netuid, mechanisms)).ok) throw new Error("setMechanismCount");
  await dev.advance(10); // permits
  const server = await serveDevChain(dev, { port: 0 });
  const state = join(await mkdtemp(join(tmpdir(), "cli-commits-")), "commits.json");
  return { dev, alice, netuid, server, state };
}

describe("tao-subnet weights commit and reveal (devnet, loopback)", () => {
  it("commits, refuses an early reveal and keeps the commit, reveals in the next epoch, and drops a commit the chain does not hold", async () => {
    const { dev, netuid, server, state } = await servedDevnet({ tempo: 10, weightsRateLimit: 1, commitRevealWeightsEnabled: true, commitRevealPeriod: 1 });
    const read = async () => (JSON.parse(await readFile(state, "utf8")) as { pending: PendingCommit[] }).pending;
    const weights = (sub: string) =>
      runCli([
        "weights",
        sub,
        "--chain",
        server.url,
        "--netuid",
        String(netuid),
        "--hotkey",
        "//Bob",
        "--state",
        state,
        "--json",
        ...(sub === "commit" ? ["--uids", "2,3", "--weights", "1,3"] : []),
      ]);
    try {
      // another subnet's commit in the same file is left alone throughout
      const foreign: PendingCommit = {
        netuid: netuid + 7,
        uids: [1],
        weights: [65535],
        salt: [1, 2, 3, 4, 5, 6, 7, 8],
        versionKey: "0",
        hash: "0x" + "11".repeat(32),
        block: 1,
      };
      await writeFile(state, JSON.stringify({ version: 1, pending: [foreign] }));
      // the devnet takes no timelocked commits: a chosen drand round is refused, and the default falls back to a hash commit
      const timelocked = await runCli([
        "weights",
        "commit",
        "--chain",
        server.url,
        "--netuid",
        String(netuid),
        "--hotkey",
        "//Bob",
        "--uids",
        "2",
        "--weights",
        "1",
        "--reveal-round",
        "1000",
      ]);
      expect(timelocked.code).toBe(2);
      expect(JSON.parse(timelocked.stderr.trim().split("\n").pop()!).error).toMatchObject({ argument: "--reveal-round" });
      const committed = await weights("commit");
      expect(committed.code, committed.stderr).toBe(0);
      expect(JSON.parse(committed.stdout)).toMatchObject({ ok: true });
      const [, mine] = await read();
      expect(mine).toMatchObject({ netuid, uids: [2, 3], weights: [21845, 65535], revealAt: (await dev.metagraph(netuid)).nextEpochBlock });
      expect(mine!.salt).toHaveLength(8);

      const early = await weights("reveal");
      expect(early.code).toBe(1);
      expect(JSON.parse(early.stdout)).toMatchObject({ ok: false, error: "RevealTooEarly" });
      expect(await read()).toEqual([foreign, mine]); // kept

      await dev.advance(10);
      const revealed = await weights("reveal");
      expect(revealed.code, revealed.stdout).toBe(0);
      expect(JSON.parse(revealed.stdout)).toMatchObject({ ok: true });
      expect(await read()).toEqual([foreign]);
      expect((await dev.metagraph(netuid)).weights[1]).toEqual([
        [2, 21845],
        [3, 65535],
      ]);

      // a commit whose send never landed (a crash after the file was written): the chain holds none
      await writeFile(state, JSON.stringify({ version: 1, pending: [foreign, { ...mine!, salt: mine!.salt.map((x) => x ^ 1) }] }));
      const ghost = await weights("reveal");
      expect(ghost.code).toBe(1);
      expect(JSON.parse(ghost.stdout)).toMatchObject({ ok: false, error: "NoWeightsCommitFound" });
      expect(await read()).toEqual([foreign]); // dropped: it can never be revealed
    } finally {
      await server.close();
    }
  }, 60_000);

  it("--mecid: sets, hash-commits and reveals on a mechanism (devnet with two), and refuses a mecid that is not one", async () => {
    const { dev, alice, netuid, server, state } = await servedDevnet(
      { tempo: 10, weightsRateLimit: 1, commitRevealWeightsEnabled: false, commitRevealPeriod: 1, maxAllowedUids: 128 },
      2,
    );
    const weights = (sub: string, ...extra: string[]) =>
      runCli(["weights", sub, "--chain", server.url, "--netuid", String(netuid), "--hotkey", "//Bob", "--state", state, "--json", ...extra]);
    try {
      const set = await weights("set", "--uids", "2,3", "--weights", "1,3", "--mecid", "1");
      expect(set.code, set.stderr).toBe(0);
      expect((await dev.metagraph(netuid, { mecid: 1 })).weights[1]).toEqual([
        [2, 21845],
        [3, 65535],
      ]);
      expect((await dev.metagraph(netuid)).weights[1]).toEqual([]);
      // tao-subnet metagraph --mecid reads that mechanism
      const mg = await runCli(["metagraph", "--chain", server.url, "--netuid", String(netuid), "--mecid", "1", "--json"]);
      expect(mg.code, mg.stderr).toBe(0);
      expect(JSON.parse(mg.stdout)).toMatchObject({
        mecid: 1,
        mechanismCount: 2,
        weights: [
          [],
          [
            [2, 21845],
            [3, 65535],
          ],
          [],
          [],
        ],
      });
      const text = await runCli(["metagraph", "--chain", server.url, "--netuid", String(netuid), "--mecid", "1"]);
      expect(text.stdout).toContain(`subnet ${netuid}, mechanism 1 of 2`);
      const missing = await weights("set", "--uids", "2", "--weights", "1", "--mecid", "2");
      expect(missing.code).toBe(1);
      expect(missing.stdout + missing.stderr).toContain("MechanismDoesNotExist");
      await dev.sudoSetHyperparameter(alice, netuid, "commitRevealWeightsEnabled", true);
      await dev.advance(2);
      const commit = await weights("commit", "--hash", "--uids", "3", "--weights", "1", "--mecid", "1");
      expect(commit.code, commit.stderr).toBe(0);
      const pending = (JSON.parse(await readFile(state, "utf8")) as { pending: PendingCommit[] }).pending;
      expect(pending.map((p) => p.mecid)).toEqual([1]);
      await dev.advance(10); // into the reveal epoch (period 1)
      const reveal = await weights("reveal", "--mecid", "1");
      expect(reveal.code, reveal.stdout + reveal.stderr).toBe(0);
      expect((await dev.metagraph(netuid, { mecid: 1 })).weights[1]).toEqual([[3, 65535]]);
      expect((await dev.metagraph(netuid)).weights[1]).toEqual([]);
    } finally {
      await server.close();
    }
    for (const bad of ["256", "-1", "x"]) {
      const r = await runCli([
        "weights",
        "set",
        "--chain",
        "ws://127.0.0.1:1",
        "--netuid",
        "1",
        "--hotkey",
        "//Bob",
        "--uids",
        "2",
        "--weights",
        "1",
        "--mecid",
        bad,
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(JSON.parse(r.stderr.trim().split("\n").pop()!).error).toMatchObject({ argument: "--mecid" });
    }
  }, 60_000);

  it("refuses --reveal-round that is not a round, or with --hash, before connecting (exit 2, the argument named)", async () => {
    for (const extra of [
      ["--reveal-round", "0"],
      ["--reveal-round", "12x"],
      ["--hash", "--reveal-round", "1000"],
    ]) {
      const r = await runCli([
        "weights",
        "commit",
        "--chain",
        "ws://127.0.0.1:1",
        "--netuid",
        "1",
        "--hotkey",
        "//Bob",
        "--uids",
        "2",
        "--weights",
        "1",
        ...extra,
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(JSON.parse(r.stderr.trim().split("\n").pop()!).error).toMatchObject({ argument: "--reveal-round" });
    }
  });
});
