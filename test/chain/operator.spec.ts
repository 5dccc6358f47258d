/**
 * The operator commands against the real runtime (spec 300 under chopsticks): `subnet start`,
 * `stake add|remove|move|list` through the pool with a price limit (the plan's expected result
 * against what the chain did; a limit the trade would cross is refused by the chain, or filled in
 * part with --partial), `subnet hyperparameters [set]` with checks before sending, and
 * `commitment set|get`. Devnet and bad-input cases: cli/src/commands/operator.spec.ts.
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { readPool, type Signer } from "@tao-subnet/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/src/testing.js";
import { type LocalnetContext, prepareSubnet, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const TAO = 1_000_000_000n;
const rao = (text: string) => {
  const [w = "0", f = ""] = text.split(".");
  return BigInt(w) * TAO + BigInt(f.padEnd(9, "0"));
};

interface StakeList {
  coldkey: string;
  stakes: Array<{ hotkey: string; netuid: number; alpha: string; taoValue: string; price: string }>;
}
interface Plan {
  action: string;
  expected: { amount: string; slippage: string; priceAfter: string; source: string };
  limitPrice?: string;
  warning?: string;
}

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("operator commands on a real subtensor runtime (chopsticks)", () => {
    let ctx: LocalnetContext;
    let ep: string;
    let owner: Signer;
    let hot1: string;
    let hot2: string;
    let netuid: number;
    const cli = (argv: string[]) => runCli([...argv, "--chain", ep]);
    const json = async (argv: string[]) => {
      const r = await cli([...argv, "--json"]);
      if (r.code !== 0) throw new Error(`tao-subnet ${argv.join(" ")} → ${r.code}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const badInput = (r: { code: number; stderr: string }, argument: string) => {
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("…"));
      expect(lines).toHaveLength(1);
      const e = JSON.parse(lines[0]!).error as { argument: string; message: string };
      expect(e.argument).toBe(argument);
      return e.message;
    };
    const stakeOn = async (hotkey: string) => {
      const list = (await json(["stake", "list", "--coldkey", "//Bob"])) as unknown as StakeList;
      return BigInt(list.stakes.find((s) => s.hotkey === hotkey && s.netuid === netuid)?.alpha ?? "0");
    };

    beforeAll(async () => {
      await cryptoWaitReady();
      ctx = await startLocalnetContext();
      ep = ctx.net.endpoint;
      const k = new Keyring({ type: "sr25519" });
      owner = k.addFromUri("//Bob");
      hot1 = k.addFromUri("//OpHot1").address;
      hot2 = k.addFromUri("//OpHot2").address;
      const reg = await ctx.chain.registerNetwork(owner, owner.address);
      if (!reg.ok) throw new Error(`register_network: ${reg.error}`);
      netuid = reg.value.netuid;
    }, 180_000);
    afterAll(async () => ctx?.close(), 60_000);

    it("subnet start: start_call through the CLI once the runtime allows it (refused before, with the chain's reason)", async () => {
      const early = await cli(["subnet", "start", "--netuid", String(netuid), "--coldkey", "//Bob"]);
      expect(early.code).toBe(1);
      expect(early.stderr).toContain("NeedWaitingMoreBlocksToStarCall");
      await prepareSubnet(ctx.chain, ctx.sudo, ctx.advance, netuid, async () => {
        const r = await cli(["subnet", "start", "--netuid", String(netuid), "--coldkey", "//Bob", "--json"]);
        return JSON.parse(r.stdout) as { ok: boolean; error?: string; message?: string };
      });
      for (const h of [hot1, hot2]) expect((await ctx.chain.burnedRegister(owner, netuid, h)).ok).toBe(true);
    });

    it("stake add: the plan's expected alpha is what the chain gives; no --yes without a terminal sends nothing", async () => {
      const args = ["stake", "add", "--netuid", String(netuid), "--hotkey", hot1, "--amount", "1", "--coldkey", "//Bob"];
      badInput(await cli(args), "--yes");
      expect(await stakeOn(hot1)).toBe(0n);
      const dry = (await json([...args, "--dry-run"])) as unknown as Plan & { dryRun: boolean };
      expect(dry).toMatchObject({ dryRun: true, action: "add_stake_limit" });
      // 1 TAO into the new subnet's 1000-TAO pool moves the price about 0.2 %: inside the default tolerance
      expect(dry.warning).toBeUndefined();
      const pool = await readPool(ctx.chain, netuid);
      // the default tolerance, 0.5 %, around the pool's price
      expect(rao(dry.limitPrice!)).toBe((pool.price * 1_005_000n) / 1_000_000n);
      const r = (await json([...args, "--yes"])) as { ok: boolean; plan: Plan };
      expect(r.ok).toBe(true);
      const got = await stakeOn(hot1);
      const expected = rao(r.plan.expected.amount);
      expect(got).toBeGreaterThan(0n);
      // the constant-product estimate against the runtime's concentrated-liquidity pool: within 0.1 %
      const diff = got > expected ? got - expected : expected - got;
      expect(diff * 1000n <= got, `expected ${expected}, chain gave ${got}`).toBe(true);
      // the price moved the way the plan said
      const after = await readPool(ctx.chain, netuid);
      const pa = rao(r.plan.expected.priceAfter);
      expect((after.price > pa ? after.price - pa : pa - after.price) * 1000n <= after.price).toBe(true);
    });

    it("stake add: a limit the trade would cross is refused by the chain (plan warned); --partial fills up to the limit", async () => {
      const before = await stakeOn(hot1);
      const args = ["stake", "add", "--netuid", String(netuid), "--hotkey", hot1, "--amount", "200", "--tolerance", "0.01", "--coldkey", "//Bob", "--yes"];
      const dry = (await json([...args, "--dry-run"])) as unknown as Plan;
      expect(dry.warning).toMatch(/above the limit.*SlippageTooHigh/);
      const refused = await cli(args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("SlippageTooHigh");
      expect(await stakeOn(hot1)).toBe(before);
      const partial = (await json([...args, "--partial"])) as { ok: boolean; plan: Plan };
      expect(partial.ok).toBe(true);
      const added = (await stakeOn(hot1)) - before;
      expect(added).toBeGreaterThan(0n);
      expect(added).toBeLessThan(rao(dry.expected.amount));
      const after = await readPool(ctx.chain, netuid);
      expect(after.price).toBeLessThanOrEqual(rao(partial.plan.limitPrice!) + 1n);
    });

    it("stake list shows alpha and its TAO value; stake remove returns TAO near the plan; move --all moves it to another hotkey", async () => {
      const list = (await json(["stake", "list", "--coldkey", "//Bob"])) as unknown as StakeList;
      const mine = list.stakes.find((s) => s.hotkey === hot1 && s.netuid === netuid)!;
      expect(BigInt(mine.taoValue)).toBe((BigInt(mine.alpha) * BigInt(mine.price)) / TAO);
      const text = await cli(["stake", "list", "--coldkey", "//Bob"]);
      expect(text.stdout).toContain(hot1);
      // more than staked: bad input, before signing
      const tooMuch = badInput(
        await cli(["stake", "remove", "--netuid", String(netuid), "--hotkey", hot1, "--amount", "1000000", "--coldkey", "//Bob", "--yes"]),
        "--amount",
      );
      expect(tooMuch).toContain("see tao-subnet stake list");
      const balance0 = await ctx.chain.balance(owner.address);
      const alpha0 = await stakeOn(hot1);
      const r = (await json(["stake", "remove", "--netuid", String(netuid), "--hotkey", hot1, "--amount", "2", "--coldkey", "//Bob", "--yes"])) as {
        ok: boolean;
        fee: string;
        plan: Plan;
      };
      expect(r.plan.action).toBe("remove_stake_limit");
      expect(alpha0 - (await stakeOn(hot1))).toBe(2n * TAO);
      const received = (await ctx.chain.balance(owner.address)) - balance0 + BigInt(r.fee);
      const expected = rao(r.plan.expected.amount);
      const diff = received > expected ? received - expected : expected - received;
      expect(diff * 100n <= expected, `expected ${expected}, received ${received}`).toBe(true);
      const rest = await stakeOn(hot1);
      const moved = (await json([
        "stake",
        "move",
        "--netuid",
        String(netuid),
        "--hotkey",
        hot1,
        "--to-hotkey",
        hot2,
        "--all",
        "--coldkey",
        "//Bob",
        "--yes",
      ])) as {
        ok: boolean;
      };
      expect(moved.ok).toBe(true);
      expect(await stakeOn(hot1)).toBe(0n);
      const onHot2 = await stakeOn(hot2);
      // within one subnet no pool is crossed: the alpha arrives (less any fee the runtime takes)
      expect(onHot2).toBeGreaterThan((rest * 99n) / 100n);
      expect(onHot2).toBeLessThanOrEqual(rest);
    });

    it("stake move across subnets sells on one pool and buys on the other, near the plan's estimate", async () => {
      const reg = await ctx.chain.registerNetwork(owner, owner.address);
      if (!reg.ok) throw new Error(`register_network: ${reg.error}`);
      const other = reg.value.netuid;
      await prepareSubnet(ctx.chain, ctx.sudo, ctx.advance, other, () => ctx.chain.startCall(owner, other));
      expect((await ctx.chain.burnedRegister(owner, other, hot2)).ok).toBe(true);
      const from = await stakeOn(hot2);
      const args = [
        "stake",
        "move",
        "--netuid",
        String(netuid),
        "--hotkey",
        hot2,
        "--to-netuid",
        String(other),
        "--amount",
        "1",
        "--coldkey",
        "//Bob",
        "--yes",
      ];
      badInput(await cli([...args, "--tolerance", "0.01"]), "--tolerance");
      const r = (await json(args)) as { ok: boolean; plan: Plan };
      expect(r.ok).toBe(true);
      expect(from - (await stakeOn(hot2))).toBe(TAO);
      const list = (await json(["stake", "list", "--coldkey", "//Bob"])) as unknown as StakeList;
      const got = BigInt(list.stakes.find((s) => s.hotkey === hot2 && s.netuid === other)?.alpha ?? "0");
      const expected = rao(r.plan.expected.amount);
      const diff = got > expected ? got - expected : expected - got;
      expect(diff * 100n <= expected, `expected ${expected}, chain gave ${got}`).toBe(true);
    });

    it("subnet hyperparameters reads every one; set checks name and range before sending; the owner's set lands; others are refused", async () => {
      const read = (await json(["subnet", "hyperparameters", "--netuid", String(netuid)])) as {
        hyperparameters: Record<string, unknown>;
        ownerSettable: string[];
      };
      expect(read.hyperparameters.tempo).toBe(10);
      expect(Object.keys(read.hyperparameters).length).toBeGreaterThan(20);
      expect(read.ownerSettable).toEqual(expect.arrayContaining(["kappa", "immunity_period", "bonds_moving_average", "alpha_values"]));
      // spec 300 has no owner tempo call (sudo only): not offered
      expect(read.ownerSettable).not.toContain("tempo");
      const set = ["subnet", "hyperparameters", "set"];
      const on = ["--netuid", String(netuid), "--coldkey", "//Bob"];
      expect(badInput(await cli([...set, "kapa", "100", ...on]), "NAME")).toContain("did you mean kappa");
      expect(badInput(await cli([...set, "tempo", "20", ...on]), "NAME")).toContain("no owner call on this runtime");
      expect(badInput(await cli([...set, "kappa", "65536", ...on]), "VALUE")).toContain("out of range for a u16");
      expect(badInput(await cli([...set, "activity_cutoff", "10", ...on]), "VALUE")).toContain("MinActivityCutoff = 360");
      expect(badInput(await cli([...set, "bonds_moving_average", "975001", ...on]), "VALUE")).toContain("975000");
      expect(badInput(await cli([...set, "alpha_values", "100,200", ...on]), "VALUE")).toContain("AlphaHighTooLow");
      expect(badInput(await cli([...set, "alpha_values", "40000,50000", ...on]), "VALUE")).toContain("liquid_alpha_enabled");
      expect(badInput(await cli([...set, "yuma3_enabled", "maybe", ...on]), "VALUE")).toContain("true or false");
      const sets: Array<[string, string, string, unknown]> = [
        ["kappa", "100", "kappa", 100],
        ["immunity_period", "1234", "immunity_period", 1234],
        ["bonds_moving_average", "950000", "bonds_moving_avg", 950000],
        ["liquid_alpha_enabled", "true", "liquid_alpha_enabled", true],
        ["alpha_values", "40000,50000", "alpha_low", 40000],
        ["yuma3_enabled", "true", "yuma_version", 3],
        ["activity_cutoff", "400", "activity_cutoff", 400],
      ];
      for (const [name, value] of sets) expect(await json([...set, name, value, ...on]), name).toMatchObject({ ok: true, name });
      const after = (await json(["subnet", "hyperparameters", "--netuid", String(netuid)])) as { hyperparameters: Record<string, unknown> };
      for (const [name, , field, want] of sets) expect(after.hyperparameters[field], name).toBe(want);
      const other = await cli([...set, "kappa", "200", "--netuid", String(netuid), "--coldkey", "//Charlie"]);
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(/BadOrigin|NotSubnetOwner/);
    });

    it("commitment set and get through the commitments pallet (a Raw field)", async () => {
      const data = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
      expect(await json(["commitment", "set", "--netuid", String(netuid), "--hotkey", "//OpHot1", "--data", data])).toMatchObject({ ok: true });
      expect(await json(["commitment", "get", "--netuid", String(netuid), "--hotkey", hot1])).toEqual({ netuid, hotkey: hot1, data });
      expect(await json(["commitment", "get", "--netuid", String(netuid), "--hotkey", hot2])).toEqual({ netuid, hotkey: hot2, data: null });
    });
  });
}
