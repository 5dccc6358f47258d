/**
 * A scaffolded project leaves the devnet (#18 part 5): the generator's text project, installed
 * from the workspace's packed tarballs and built as the generator's end-to-end test does, runs ITS
 * OWN miner and validator (`npm run miner`, and the validator as its `deploy/validator.service`
 * runs it: `node --import tsx src/validator.ts` with the unit's flags; its kit and scoring module,
 * its tao-subnet.config.json plus flags) against the spec-300 runtime under chopsticks, signing with
 * btcli wallets made by its own `tao-subnet wallet create`. Everything a user does goes through
 * the project's installed CLI: the subnet, its start, the neurons, the stake (the one the
 * validator prints when it has no permit, run as printed), commit-reveal on. The test stands in
 * for what a real network has and a localnet lacks: blocks (it builds one every ~0.3 s), the root
 * settings of a localnet subnet (tempo 10; `prepareSubnet`), the coldkey's funds (set in storage)
 * and drand. For drand, the chain's beacon key (`Drand.BeaconConfig`) is swapped for a local
 * beacon's (sdk's devnet `LocalBeacon`: quicknet's scheme, its own key; the period and genesis stay
 * quicknet's, so the validator picks its round from the wall clock as on finney), and once the
 * validator has committed, the test signs that round and writes the pulse into `Drand.Pulses`, as
 * the pallet's offchain worker would from drand (the 1b test does the same with the real round
 * 1000). The chain then reveals the commit: its stored weights are the ones the validator
 * encrypted. Skips, saying why, without TAO_SUBNET_RUNTIME.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { u8aToHex } from "@polkadot/util";
import { decodeWeightsPayload, tlockDecrypt } from "@tao-subnet/sdk/timelock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBeacon } from "../../sdk/src/chain/dev/timelocked.js";
import { drandBeacon } from "../../sdk/src/chain/subtensor/timelocked.js";
import { parseUnit, unitExecArgv } from "../deployFiles.js";
import { packWorkspaces, publishedDirs, root, useLocalPackages } from "../packing.js";
import { type LocalnetContext, prepareSubnet, pulseValue, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

const PASSWORD_ENV = "TAO_E2E_WALLET_PASSWORD";
const env = {
  ...process.env,
  CI: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  [PASSWORD_ENV]: "e2e-wallet-password",
  VALIDATOR_SECRET: "e2e-secret",
};

function sh(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", out: `${r.stdout ?? ""}\n${r.stderr ?? ""}` };
}

/**
 * `sh` without blocking: the localnet runs in this process (chopsticks), so a command that talks to
 * it must not hold the event loop as spawnSync would.
 */
function run(cmd: string, args: string[], cwd: string, timeout = 300_000): Promise<{ code: number | null; stdout: string; stderr: string; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    child.once("close", (code) => resolve({ code, stdout, stderr, out: `${stdout}\n${stderr}` }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process (a generated project's npm script, or its entry point as a systemd unit runs it) as a process group of its own; its stdout's JSON lines parsed as they come. */
interface Proc {
  child: ChildProcess;
  /** stdout and stderr as they came. */
  out: string;
  err: string;
  events: Array<Record<string, unknown>>;
}

function startProcess(dir: string, cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const p: Proc = { child, out: "", err: "", events: [] };
  let line = "";
  child.stdout!.on("data", (b: Buffer) => {
    p.out += b.toString();
    line += b.toString();
    for (let i = line.indexOf("\n"); i >= 0; i = line.indexOf("\n")) {
      const text = line.slice(0, i);
      line = line.slice(i + 1);
      if (text.startsWith("{")) p.events.push(JSON.parse(text) as Record<string, unknown>);
    }
  });
  child.stderr!.on("data", (b: Buffer) => {
    p.out += b.toString();
    p.err += b.toString();
  });
  return p;
}

const alive = (p: Proc) => {
  try {
    process.kill(-p.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to the process group (as systemd stops a unit), then waits for it to go; SIGKILL after 20 s. Resolves to whether it went by itself. */
async function stop(p: Proc): Promise<boolean> {
  if (!alive(p)) return true;
  process.kill(-p.child.pid!, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (alive(p) && Date.now() < deadline) await sleep(200);
  if (!alive(p)) return true;
  process.kill(-p.child.pid!, "SIGKILL");
  return false;
}

/** Polls `f` until it gives a value; fails with `what` and the processes' output after `ms`. */
async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms: number, procs: Proc[]): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms / 1000} s\n${procs.map((p) => p.out).join("\n----\n")}`);
    await sleep(250);
  }
}

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
} else {
  describe("a generated project's own miner and validator on the spec-300 localnet (chopsticks)", () => {
    let ctx: LocalnetContext;
    let work: string;
    let dir: string;
    const procs: Proc[] = [];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), "tao-project-chain-"));
      const packDir = join(work, "tarballs");
      mkdirSync(packDir);
      const packed = packWorkspaces(
        publishedDirs().filter((w) => w !== "generator"),
        packDir,
      );
      dir = join(work, "text-net");
      const gen = sh(process.execPath, [join(root, "generator/bin/create-tao-subnet.js"), dir, "--kit", "text", "--yes", "--skip-install", "--no-git"], work);
      expect(gen.code, gen.out).toBe(0);
      useLocalPackages(dir, new Map([...packed.values()].map((p) => [p.name, p.tarball])));
      const install = sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir, 600_000);
      expect(install.code, install.out).toBe(0);
      const build = sh("npm", ["run", "build"], dir);
      expect(build.code, build.out).toBe(0);
      ctx = await startLocalnetContext();
    }, 900_000);

    afterAll(async () => {
      for (const p of procs) await stop(p);
      await ctx?.close();
      if (work && process.env.TAO_E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
    }, 120_000);

    it("wallets, subnet, stake by the validator's own hint, weights set on chain, then timelocked weights revealed by the chain", async () => {
      const { chain } = ctx;
      const api = chain.api;
      const ep = ctx.net.endpoint;
      const wallets = join(work, "wallets");
      const cli = (args: string[]) => run("npx", ["tao-subnet", ...args], dir);
      const json = async (args: string[]) => {
        const r = await cli([...args, "--json"]);
        expect(r.code, r.out).toBe(0);
        return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
      };
      const owner = ["--chain", ep, "--wallet", "owner", "--wallet-path", wallets, "--password-env", PASSWORD_ENV];

      // the user's wallets: one coldkey, a validator and a miner hotkey (btcli's files)
      const created = await json([
        "wallet",
        "create",
        "--wallet",
        "owner",
        "--wallet-path",
        wallets,
        "--password-env",
        PASSWORD_ENV,
        "--wallet-hotkey",
        "validator",
      ]);
      const minerWallet = await json(["wallet", "create", "--wallet", "owner", "--wallet-path", wallets, "--wallet-hotkey", "miner"]);
      expect(existsSync(join(wallets, "owner/hotkeys/miner"))).toBe(true);
      const validatorHot = created.hotkeyAddress as string;
      await ctx.net.fund(created.coldkey as string, 100_000n * 1_000_000_000n);

      // the subnet and its neurons, through the project's CLI
      const netuid = (await json(["register", "subnet", ...owner])).netuid as number;
      // start_call waits DurationOfStartCall blocks after registration: build them first rather than retry
      const startAfter = (api.consts.subtensorModule as unknown as Record<string, { toString(): string } | undefined>).durationOfStartCall;
      if (startAfter) await ctx.advance(Number(startAfter.toString()));
      await prepareSubnet(chain, ctx.sudo, ctx.advance, netuid, async () => {
        const r = await cli(["subnet", "start", ...owner, "--netuid", String(netuid), "--json"]);
        return JSON.parse(r.stdout.trim().split("\n").pop()!) as { ok: boolean; error?: string; message?: string };
      });
      const uid = async (hotkey: string) => (await json(["register", "neuron", ...owner, "--netuid", String(netuid), "--wallet-hotkey", hotkey])).uid as number;
      const uv = await uid("validator");
      const um = await uid("miner");
      const neuron = ["--chain", ep, "--wallet", "owner", "--wallet-path", wallets, "--netuid", String(netuid)];

      // the miner on its default address: the chain refuses 127.0.0.1, and the miner names the flag and the fix
      const refused = await run("npm", ["run", "--silent", "miner", "--", ...neuron, "--wallet-hotkey", "miner", "--port", "0"], dir);
      expect(refused.code, refused.out).toBe(2);
      const error = JSON.parse(refused.stderr.split("\n").find((l) => l.startsWith('{"error"')) ?? "null") as { error: { argument: string; message: string } };
      expect(error?.error, refused.out).toMatchObject({ argument: "--external-ip" });
      expect(error.error.message).toMatch(/refuses 127\.0\.0\.1 .*InvalidIpAddress.*--host 127\.0\.0\.2/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      // and says it once: no polkadot-js console report of the pool's refusal beside it
      expect(refused.stderr).not.toContain("RPC-CORE");

      // the project's own miner and validator, with a block every ~0.3 s
      const miner = startProcess(dir, "npm", ["run", "--silent", "miner", "--", ...neuron, "--wallet-hotkey", "miner", "--host", "127.0.0.2", "--port", "0"]);
      procs.push(miner);
      const listening = await until("listening miner", () => miner.events.find((e) => e.event === "listening"), 120_000, [miner]);
      expect(listening).toMatchObject({ host: "127.0.0.2", hotkey: minerWallet.hotkeyAddress, netuid });
      // the validator as deploy/validator.service runs it: its ExecStart (node --import tsx src/validator.ts and its
      // flags, /usr/bin/env aside), with this localnet's chain, wallet root and subnet after them (the last value wins)
      const execStart = unitExecArgv(
        parseUnit(readFileSync(join(dir, "deploy/validator.service"), "utf8"))
          .get("Service")!
          .get("ExecStart")![0]!,
      );
      expect(execStart.slice(0, 5)).toEqual(["/usr/bin/env", "node", "--import", "tsx", "src/validator.ts"]);
      const validator = startProcess(dir, execStart[1]!, [
        ...execStart.slice(2),
        ...neuron,
        "--wallet-hotkey",
        "validator",
        "--every",
        "2",
        "--metrics-port",
        "0",
      ]);
      procs.push(validator);
      let producing = true;
      const producer = (async () => {
        while (producing) {
          await ctx.advance(1);
          await sleep(300);
        }
      })();
      try {
        // no stake, no permit: the validator says why and prints the stake command, which runs as printed
        const np = await until("no-permit event", () => validator.events.find((e) => e.event === "no-permit"), 180_000, [validator, miner]);
        expect(String(np.why)).toMatch(/validator permits at each epoch to the \d+ hotkeys with the most stake/);
        expect(np.command).toBe(
          `tao-subnet stake add --netuid ${netuid} --hotkey ${validatorHot} --amount 1 --chain ${ep} --wallet owner --wallet-path ${wallets}`,
        );
        const [bin, ...args] = String(np.command).split(" ");
        const staked = await run("npx", [bin!, ...args, "--password-env", PASSWORD_ENV, "--yes"], dir);
        expect(staked.code, staked.out).toBe(0);
        expect(staked.stdout).toMatch(/ok in block \d+: action add_stake/);

        // then its weights go on chain: the miner it queried and scored, through the project's scoring module
        const set = await until("round with weights set", () => validator.events.find((e) => e.event === "round" && e.weights === "set"), 240_000, [
          validator,
          miner,
        ]);
        expect(set).toMatchObject({ netuid, queried: 1, answered: 1 });
        const setRow = (await chain.metagraph(netuid)).weights[uv];
        expect(setRow?.map(([u]) => u)).toContain(um);
        expect(validator.out).not.toContain("round-failed");
        // the metrics endpoint the container's health check reads answers, and counts the rounds that set weights
        const metricsUrl = String(validator.events.find((e) => e.event === "metrics")?.url);
        const metrics = await fetch(`${metricsUrl.replace(/\/metrics$/, "")}/metrics`);
        expect(metrics.status).toBe(200);
        expect(await metrics.text()).toMatch(/tao_subnet_rounds_total\{[^}]*weights="set"[^}]*\} [1-9]/);
        // one line per event: no transaction progress lines beside the rounds on a real chain
        expect(validator.err).not.toContain("waiting for inclusion");
        expect(validator.err).not.toContain("RPC-CORE");
        // its state is this chain's (genesis hash), this subnet's and this hotkey's
        const statePath = join(dir, ".tao-subnet/validator", `${netuid}-${validatorHot}.json`);
        expect(JSON.parse(readFileSync(statePath, "utf8"))).toMatchObject({ genesis: await chain.blockHash(0), netuid, hotkey: validatorHot });

        // commit-reveal on, drand's key swapped for the local beacon's (see the file header)
        const beacon = new LocalBeacon("project e2e");
        const drand = api.query.drand as unknown as Record<
          string,
          ((...a: unknown[]) => Promise<{ toJSON(): unknown; toRawType(): string }>) & { key(...a: unknown[]): string }
        >;
        const config = await drand.beaconConfig!();
        const swapped = api.createType(config.toRawType(), { ...(config.toJSON() as object), publicKey: `0x${beacon.info.publicKey}` });
        await api.rpc("dev_setStorage" as never, [[drand.beaconConfig!.key(), swapped.toHex()]] as never);
        expect(await drandBeacon(api)).toMatchObject({ publicKey: beacon.info.publicKey, period: 3, genesisTime: 1692803367 });
        expect(await json(["subnet", "hyperparameters", "set", "commit_reveal_weights_enabled", "true", ...owner, "--netuid", String(netuid)])).toMatchObject({
          ok: true,
        });

        const committed = await until("timelocked commit", () => validator.events.find((e) => e.event === "committed" && e.timelocked === true), 240_000, [
          validator,
          miner,
        ]);
        producing = false;
        await producer;
        // the validator stops on SIGTERM (what systemd and docker send)
        expect(await stop(validator)).toBe(true);

        // every commit it left on chain: sign its round with the beacon, write the pulse, open it as the chain will
        const commitsNow = async () =>
          (
            (await (
              api.query.subtensorModule as unknown as Record<string, { entries(n: number): Promise<Array<[unknown, { toJSON(): unknown }]>> }>
            ).crv3WeightCommits!.entries(netuid)) as Array<[unknown, { toJSON(): unknown }]>
          ).flatMap(([, v]) => v.toJSON() as Array<[string, string, number]>);
        const stored = await commitsNow();
        const mine = stored.filter(([who]) => who === validatorHot);
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.map(([, , round]) => round)).toContain(committed.revealRound);
        const opened = mine.map(([, commit, round]) => {
          const signature = beacon.sign(round);
          const randomness = createHash("sha256").update(signature).digest("hex");
          return { round, signature, randomness, payload: decodeWeightsPayload(tlockDecrypt(Buffer.from(commit.slice(2), "hex"), signature)) };
        });
        for (const o of opened) {
          await api.rpc(
            "dev_setStorage" as never,
            [
              [
                drand.pulses!.key(o.round),
                u8aToHex(pulseValue({ round: o.round, randomness: o.randomness, signature: Buffer.from(o.signature).toString("hex") })),
              ],
            ] as never,
          );
        }
        // the chain reveals them in its reveal epoch: block by block until none is left
        let revealedAt = 0;
        for (let i = 0; i < 60 && (await commitsNow()).some(([who]) => who === validatorHot); i++) revealedAt = await ctx.net.newBlocks(1);
        expect((await commitsNow()).some(([who]) => who === validatorHot)).toBe(false);
        const events = (await (
          await api.at(await chain.blockHash(revealedAt))
        ).query.system!.events!()) as unknown as Array<{
          event: { section: string; method: string; data: { toJSON(): unknown } };
        }>;
        const reveals = events.filter(({ event }) => event.section === "subtensorModule" && event.method === "CRV3WeightsRevealed");
        expect(reveals.map(({ event }) => (event.data.toJSON() as unknown[])[1])).toContain(validatorHot);
        const last = opened.at(-1)!.payload;
        expect((await chain.metagraph(netuid)).weights[uv]).toEqual(last.uids.map((u, i) => [u, last.values[i]]));
        expect(last.uids).toContain(um);
        console.log(
          `generated project on spec ${ctx.net.specVersion}: weights set (uid ${uv} → ${JSON.stringify(setRow)}); timelocked commit to round ${committed.revealRound} revealed by the chain at block ${revealedAt}`,
        );
      } finally {
        producing = false;
        await producer;
      }
    }, 900_000);
  });
}
