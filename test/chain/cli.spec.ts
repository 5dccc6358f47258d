/**
 * The CLI against a real subtensor runtime: a wallet made by `tao-subnet wallet create` registers
 * a subnet and neurons, a validator hotkey sets weights, an epoch pays the better-weighted miner
 * more; then commit-reveal: `weights commit` writes the salt before sending, a later, separate
 * `weights reveal --wait` (a "restarted" process: it knows only the state file) reveals in the
 * reveal epoch, and the next epoch follows the revealed weights (hash commits, `--hash`; the
 * timelocked default is test/chain/timelock.spec.ts). Also: call encoding against the
 * runtime's own metadata.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compactToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { decodeAddress } from "@polkadot/util-crypto";
import { type Metagraph, Wallet } from "@tao-subnet/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/src/testing.js";
import { type LocalnetContext, prepareSubnet, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const TAO = 1_000_000_000n;
const u16 = (x: number) => new Uint8Array([x & 0xff, x >> 8]);
const u64 = (x: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, x, true);
  return b;
};
const vecU16 = (xs: number[]) => u8aConcat(compactToU8a(xs.length), ...xs.map(u16));

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("tao-subnet CLI on a real subtensor runtime (chopsticks)", () => {
    let ctx: LocalnetContext;
    let root: string;
    let ep: string;
    const w = (extra: string[]) => [...extra, "--chain", ep, "--wallet", "owner", "--wallet-path", root, "--password-env", "TAO_SUBNET_CHAIN_TEST_PASSWORD"];
    const json = async (argv: string[]) => {
      const r = await runCli([...argv, "--json"]);
      if (r.code !== 0) throw new Error(`tao-subnet ${argv.join(" ")} → ${r.code}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const metagraph = async (netuid: number) => {
      const r = await runCli(["metagraph", "--netuid", String(netuid), "--chain", ep, "--json"]);
      return JSON.parse(r.stdout) as Metagraph & { neurons: Array<{ incentive: number; dividends: number; hotkey: string; uid: number }> };
    };
    const toNextEpoch = async (netuid: number) => {
      const mg = await metagraph(netuid);
      await ctx.advance(mg.nextEpochBlock - mg.block + 1);
    };

    beforeAll(async () => {
      ctx = await startLocalnetContext();
      ep = ctx.net.endpoint;
      root = await mkdtemp(join(tmpdir(), "chain-wallets-"));
      process.env.TAO_SUBNET_CHAIN_TEST_PASSWORD = "localnet owner password";
    }, 120_000);
    afterAll(async () => ctx?.close(), 60_000);

    it("encodes the calls tao-subnet sends exactly as the runtime's metadata defines them", () => {
      const tx = ctx.chain.api.tx.subtensorModule!;
      const index = (m: string) => u8aToHex(tx[m]!(...tx[m]!.meta.args.map(() => 0)).method.callIndex);
      const hot = ctx.accounts[0]!.address;
      const cases: Array<[string, unknown[], Uint8Array]> = [
        ["setWeights", [2, [3, 4], [65535, 32768], 7n], u8aConcat(u16(2), vecU16([3, 4]), vecU16([65535, 32768]), u64(7n))],
        ["commitWeights", [2, "0x" + "ab".repeat(32)], u8aConcat(u16(2), new Uint8Array(32).fill(0xab))],
        ["revealWeights", [2, [3], [65535], [1, 2], 0n], u8aConcat(u16(2), vecU16([3]), vecU16([65535]), vecU16([1, 2]), u64(0n))],
        ["burnedRegister", [2, hot], u8aConcat(u16(2), decodeAddress(hot))],
        ["addStake", [hot, 2, 5n * TAO], u8aConcat(decodeAddress(hot), u16(2), u64(5n * TAO))],
      ];
      for (const [method, args, body] of cases) {
        const call = tx[method]!(...args);
        expect(u8aToHex(call.method.toU8a()), method).toBe(u8aToHex(u8aConcat(call.method.callIndex, body)));
        expect(index(method)).toBe(u8aToHex(call.method.callIndex));
      }
    });

    it("wallet → register subnet and neurons → set weights → an epoch pays the better-weighted miner more", async () => {
      // a wallet with an encrypted coldkey and three hotkeys, all through the CLI
      const created = await json([
        "wallet",
        "create",
        "--wallet",
        "owner",
        "--wallet-path",
        root,
        "--password-env",
        "TAO_SUBNET_CHAIN_TEST_PASSWORD",
        "--wallet-hotkey",
        "validator",
      ]);
      for (const h of ["m1", "m2"]) await json(["wallet", "create", "--wallet", "owner", "--wallet-path", root, "--wallet-hotkey", h]);
      await ctx.net.fund(created.coldkey as string, 1_000_000n * TAO);
      const dry = await json(w(["register", "subnet", "--dry-run"]));
      expect(dry).toMatchObject({ dryRun: true, affordable: true });
      const { netuid } = (await json(w(["register", "subnet"]))) as { netuid: number };
      expect(netuid).toBeGreaterThan(0);
      await prepareSubnet(ctx.chain, ctx.sudo, ctx.advance, netuid, async () => {
        const r = await runCli([...w(["register", "start", "--netuid", String(netuid)]), "--json"]);
        return JSON.parse(r.stdout) as { ok: boolean; error?: string; message?: string };
      });
      const uid: Record<string, number> = {};
      for (const h of ["validator", "m1", "m2"])
        uid[h] = (await json(w(["register", "neuron", "--netuid", String(netuid), "--wallet-hotkey", h]))).uid as number;
      const wallet = new Wallet("owner", root);
      const cold = await wallet.coldkey(process.env.TAO_SUBNET_CHAIN_TEST_PASSWORD);
      const valHot = await wallet.hotkeyAddress("validator");
      expect((await ctx.chain.addStake(cold, valHot, netuid, 1000n * TAO)).ok).toBe(true);
      expect((await ctx.chain.setHyperparameter(cold, netuid, "commitRevealWeightsEnabled", false)).ok).toBe(true);
      await toNextEpoch(netuid);
      const set = await json(
        w(["weights", "set", "--netuid", String(netuid), "--wallet-hotkey", "validator", "--uids", `${uid.m1},${uid.m2}`, "--weights", "3,1", "--wait"]),
      );
      expect(set).toMatchObject({ ok: true });
      await toNextEpoch(netuid);
      const mg = await metagraph(netuid);
      const n = (h: string) => mg.neurons.find((x) => x.uid === uid[h])!;
      expect(mg.weights[uid.validator!]).toEqual([
        [uid.m1, 65535],
        [uid.m2, 21845],
      ]);
      expect(n("m1").incentive).toBeGreaterThan(n("m2").incentive);
      expect(n("m2").incentive).toBeGreaterThan(0);
      expect(n("validator").dividends).toBeGreaterThan(0);
      console.log(
        `chain epoch (set_weights 3:1): incentive m1 ${n("m1").incentive} m2 ${n("m2").incentive}, dividends validator ${n("validator").dividends}, emission ${mg.neurons.map((x) => x.emission).join("/")}`,
      );
      const table = await runCli(["metagraph", "--netuid", String(netuid), "--chain", ep]);
      expect(table.stdout).toMatch(new RegExp(`subnet ${netuid} at block \\d+: 4 neurons`));

      // commit-reveal: commit 1:3, reveal from the state file in a separate invocation
      expect((await ctx.chain.setHyperparameter(cold, netuid, "commitRevealWeightsEnabled", true)).ok).toBe(true);
      await ctx.advance(3);
      const state = join(root, "commits.json");
      const committed = await json(
        w([
          "weights",
          "commit",
          "--netuid",
          String(netuid),
          "--wallet-hotkey",
          "validator",
          "--uids",
          `${uid.m1},${uid.m2}`,
          "--weights",
          "1,3",
          "--state",
          state,
          "--hash",
          "--wait",
        ]),
      );
      expect(committed).toMatchObject({ ok: true });
      const saved = JSON.parse(await readFile(state, "utf8")) as { pending: Array<{ salt: number[]; hash: string }> };
      expect(saved.pending).toHaveLength(1);
      expect(saved.pending[0]!.salt).toHaveLength(8);
      const early = await runCli([...w(["weights", "reveal", "--netuid", String(netuid), "--wallet-hotkey", "validator", "--state", state]), "--json"]);
      expect(early.code).toBe(1);
      expect(JSON.parse(early.stdout)).toMatchObject({ ok: false, error: "RevealTooEarly" });
      expect((JSON.parse(await readFile(state, "utf8")) as { pending: unknown[] }).pending).toHaveLength(1); // kept
      let producing = true;
      const blocks = (async () => {
        while (producing) await ctx.advance(1);
      })();
      const revealed = await runCli([
        ...w(["weights", "reveal", "--netuid", String(netuid), "--wallet-hotkey", "validator", "--state", state, "--wait"]),
        "--json",
      ]);
      producing = false;
      await blocks;
      expect(revealed.code, revealed.stderr + revealed.stdout).toBe(0);
      expect(JSON.parse(revealed.stdout.trim().split("\n").pop()!)).toMatchObject({ ok: true });
      expect((JSON.parse(await readFile(state, "utf8")) as { pending: unknown[] }).pending).toHaveLength(0);
      const after = await metagraph(netuid);
      expect(after.weights[uid.validator!]).toEqual([
        [uid.m1, 21845],
        [uid.m2, 65535],
      ]);
      await toNextEpoch(netuid);
      await toNextEpoch(netuid);
      const last = await metagraph(netuid);
      const l = (h: string) => last.neurons.find((x) => x.uid === uid[h])!;
      expect(l("m2").incentive).toBeGreaterThan(l("m1").incentive);
      console.log(
        `chain epoch (commit-reveal 1:3): incentive m1 ${l("m1").incentive} m2 ${l("m2").incentive}, dividends validator ${l("validator").dividends}`,
      );
    }, 900_000);
  });
}
