import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { espeakAvailable, pocketsphinxAvailable } from "@tao-subnet/kit-speech";
import { textKit } from "@tao-subnet/kit-text";
import { describe, expect, it } from "vitest";
import type { CommandIo } from "../command.js";
import { simulateCommandLine } from "../simulation.js";
import { runCli } from "../testing.js";

const speechTools = [espeakAvailable(), pocketsphinxAvailable()].find((a) => !a.ok) as { reason: string } | undefined;
const kits = ["storage", "image", ...(speechTools ? [] : ["speech"])];

/** `tao-subnet simulate --kit text` with `config` in a file and the report beside it. */
async function simulateConfig(config: object, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "sim-"));
  writeFileSync(join(dir, "c.json"), JSON.stringify(config));
  const r = await runCli(["simulate", "--kit", "text", "--config", join(dir, "c.json"), "--report", join(dir, "r.html"), ...args]);
  return { ...r, report: () => readFileSync(join(dir, "r.html"), "utf8") };
}

describe("tao-subnet simulate", () => {
  it("prints the results object with per-profile emission and share, and writes the HTML report", async () => {
    const report = join(mkdtempSync(join(tmpdir(), "sim-")), "report.html");
    const r = await runCli(["simulate", "--kit", "text", "--epochs", "6", "--seed", "s", "--json", "--report", report]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { profiles: Record<string, { emission: string; share: number }> };
    expect(out.profiles["miner:honest"]!.emission).toMatch(/^\d+$/);
    expect(out.profiles["miner:honest"]!.share).toBeGreaterThan(0);
    const html = readFileSync(report, "utf8");
    expect(html).toContain("Earnings by profile");
    expect(html).toContain(`<tr data-profile="miner:honest">`);
    expect(html).not.toMatch(/<script/);
    const again = await runCli(["simulate", "--kit", "text", "--epochs", "6", "--seed", "s", "--json", "--report", report]);
    expect(again.stdout).toBe(r.stdout);
  }, 60_000);

  it("--epochs 20 --seed 7 --json reports in two currencies: alpha and its TAO value per profile and uid, the price path, TAO injected, the owner's cut, the registration cost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const r = await runCli(["simulate", "--kit", "text", "--epochs", "20", "--seed", "7", "--json", "--report", join(dir, "r.html")]);
    expect(r.code, r.stderr).toBe(0);
    type Out = {
      profiles: Record<string, { alpha: string; tao: string; emission: string; share: number }>;
      uids: Array<{ uid: number; alpha: string; tao: string }>;
      economy: {
        market: { subnets: number; price: number; established: boolean };
        pricePath: Array<{ epoch: number; price: number; movingPrice: number }>;
        finalPrice: number;
        taoInjected: string;
        alphaEmitted: string;
        ownerCut: { alpha: string; tao: string };
        registrationCost: { lock: string; burns: string; total: string };
      };
    };
    const out = JSON.parse(r.stdout) as Out;
    const e = out.economy;
    expect(e.market).toMatchObject({ subnets: 128, price: 0.01, established: false });
    expect(e.pricePath).toHaveLength(21);
    expect(e.pricePath.at(-1)!.price).toBe(e.finalPrice);
    // seeded at 0.01; the validators' stakes bought alpha through the 1,000-TAO pool and raised the price
    expect(e.finalPrice).toBeGreaterThan(0.01);
    expect(BigInt(e.taoInjected)).toBeGreaterThan(0n);
    expect(BigInt(e.alphaEmitted)).toBe(20n * 21n * 1_000_000_000n); // 1 alpha a block from start_call on
    const cut = BigInt(e.ownerCut.alpha);
    expect(cut).toBeGreaterThan(0n);
    expect(Number(e.ownerCut.tao)).toBeCloseTo(Number(cut) * e.finalPrice, -3);
    // 12 registrations in the setup block: 1 TAO, each next one ×1.26 (the chain's BurnIncreaseMult; 1.26 exceeds its
    // f64 by under 10^-17, so b·1.26 floored is b·126/100 floored), no decay within the block
    let burn = 1_000_000_000n;
    let burns = 0n;
    for (let k = 0; k < 12; k++) {
      burns += burn;
      burn = (burn * 126n) / 100n;
    }
    expect(e.registrationCost).toEqual({ lock: "1000000000000", burns: String(burns), total: String(1_000_000_000_000n + burns) });
    const honest = out.profiles["miner:honest"]!;
    expect(honest.alpha).toBe(honest.emission);
    expect(Number(honest.tao)).toBeCloseTo(Number(honest.alpha) * e.finalPrice, -3);
    // honest miners earn the most, cheaters under 5 %
    const miners = Object.entries(out.profiles).filter(([k]) => k.startsWith("miner:"));
    expect(miners.every(([k, v]) => k === "miner:honest" || BigInt(v.alpha) < BigInt(honest.alpha))).toBe(true);
    expect(out.profiles["miner:copier"]!.share).toBeLessThan(0.05);
    expect(out.profiles["miner:lazy"]!.share).toBeLessThan(0.05);
    for (const u of out.uids) expect(Number(u.tao)).toBeCloseTo(Number(u.alpha) * e.finalPrice, -3);
  }, 120_000);

  it("takes the market scenario from the config (my subnet's price starts at X among N subnets) and names a bad field", async () => {
    const r = await simulateConfig({ market: { subnets: 64, price: 0.05 } }, ["--epochs", "3", "--seed", "m", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as { economy: { market: object; pricePath: Array<{ movingPrice: number }>; taoInjected: string } }).economy;
    expect(e.market).toEqual({ subnets: 64, price: 0.05, established: true, rootTao: 1_000_000, lockTao: 1000 });
    // established: the moving price starts at the seeded price, so the subnet gets about 1/64 of each block's TAO
    expect(e.pricePath[0]!.movingPrice).toBeCloseTo(0.05, 6);
    const blocks = 4 * 20;
    expect(Number(e.taoInjected)).toBeGreaterThan((0.8 * blocks * 1e9) / 64);
    expect(Number(e.taoInjected)).toBeLessThan((1.2 * blocks * 1e9) / 64);
    const bad = await simulateConfig({ market: { price: -1 } }, ["--epochs", "1", "--seed", "m", "--json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("market.price");
  }, 120_000);

  it.skipIf(!speechTools)(`simulate --kit speech skipped: ${speechTools?.reason ?? ""}`, () => undefined);

  it.each(kits)(
    "simulates the %s kit: honest miners out-earn lazy and copying ones",
    async (kit) => {
      const report = join(mkdtempSync(join(tmpdir(), "sim-")), "report.html");
      const r = await runCli(["simulate", "--kit", kit, "--epochs", "3", "--seed", "s", "--json", "--report", report]);
      expect(r.code).toBe(0);
      const p = (JSON.parse(r.stdout) as { profiles: Record<string, { emission: string; share: number }> }).profiles;
      expect(p["miner:honest"]!.share).toBeGreaterThan(0.5);
      expect(BigInt(p["miner:lazy"]!.emission)).toBe(0n);
      expect(BigInt(p["miner:copier"]!.emission)).toBe(0n);
    },
    120_000,
  );

  it("runs the kit's adversaries named by --miners (and by the config file's miners), each with its share and description", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const r = await runCli([
      "simulate",
      "--kit",
      "text",
      "--epochs",
      "4",
      "--seed",
      "m",
      "--miners",
      '{"padder":2,"honest":3}',
      "--json",
      "--report",
      join(dir, "r.html"),
    ]);
    expect(r.code).toBe(0);
    const p = (JSON.parse(r.stdout) as { profiles: Record<string, { uids: number[]; emission: string; share: number; description: string }> }).profiles;
    expect(
      Object.keys(p)
        .filter((k) => k.startsWith("miner:"))
        .sort(),
    ).toEqual(["miner:honest", "miner:padder"]);
    expect(p["miner:padder"]!.uids).toHaveLength(2);
    expect(p["miner:padder"]!.description).toMatch(/pads/);
    expect(p["miner:padder"]!.share).toBeLessThan(0.05);
    expect(readFileSync(join(dir, "r.html"), "utf8")).toContain(`<td class="description">${p["miner:padder"]!.description}</td>`);
    // the same from a config file; --miners replaces the file's miners
    writeFileSync(join(dir, "sim.json"), JSON.stringify({ miners: { padder: 2, honest: 3 } }));
    const fromFile = await runCli([
      "simulate",
      "--kit",
      "text",
      "--epochs",
      "4",
      "--seed",
      "m",
      "--config",
      join(dir, "sim.json"),
      "--json",
      "--report",
      join(dir, "r.html"),
    ]);
    expect(fromFile.stdout).toBe(r.stdout);
    const table = await runCli([
      "simulate",
      "--kit",
      "text",
      "--epochs",
      "2",
      "--seed",
      "m",
      "--config",
      join(dir, "sim.json"),
      "--miners",
      '{"truncator":1,"honest":1}',
      "--report",
      join(dir, "r.html"),
    ]);
    expect(table.stdout).toMatch(/miner:truncator .* % of miner emission {2}sends the first half/);
    expect(table.stdout).not.toContain("miner:padder");
  }, 120_000);

  it("at 256 uids (64 validators staking 1000–1063 TAO, 191 miners, each funded by the faucet) pays miners and validators", async () => {
    // the issue #19 case: with ~20 or more faucet-funded participants issuance passed the 21M TAO cap and every profile earned 0 rao
    const validators = Array.from({ length: 64 }, (_, i) => ({ profile: "honest", stake: 1000 + i }));
    // each validator asks a sample of 50 of the 191 miners an epoch (sampleSize): after 2 epochs a stake majority has scored
    // only some of them (consensus, a stake-weighted median, leaves the rest at 0), after 4 every one (seed 1: 74 of 95, then 0)
    // a pool of 1M TAO at 1 TAO per alpha: the validators' 64k TAO of stake buys alpha at nearly one price, so stake weights stay
    // as configured (through the default 1,000-TAO pool the first validators' stake would buy most of the alpha, and a few would
    // decide consensus). At 0.01 the pool would hold 100M alpha, past the subnet's own 21M alpha cap: no alpha would be minted.
    const market = { lockTao: 1_000_000, price: 1, established: false };
    const r = await simulateConfig({ validators, miners: { honest: 95, noisy: 48, lazy: 24, copier: 24 }, market }, ["--epochs", "4", "--seed", "1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      profiles: Record<string, { uids: number[]; emission: string }>;
      uids: Array<{ profile: string; role: string; emission: string }>;
      emission: { issuance: string; blockEmission: string; endowed: string };
      warnings: string[];
    };
    expect(out.uids).toHaveLength(255); // and the owner's uid 0: 256
    expect(out.warnings).toEqual([]);
    expect(out.emission.blockEmission).toBe("1000000000"); // 1 TAO a block: the start of the halving curve
    expect(BigInt(out.emission.endowed)).toBeGreaterThan(21_000_000n * 1_000_000_000n); // the faucet gave more than the cap, outside the schedule
    expect(BigInt(out.profiles["validator:honest"]!.emission)).toBeGreaterThan(0n);
    const honest = out.uids.filter((u) => u.role === "miner" && u.profile === "honest");
    expect(honest.every((u) => BigInt(u.emission) > 0n)).toBe(true);
    const perUid = (name: string) => BigInt(out.profiles[name]!.emission) / BigInt(out.profiles[name]!.uids.length);
    expect(perUid("miner:honest")).toBeGreaterThan(perUid("miner:lazy"));
  }, 120_000);

  it("says so in the text, the JSON and the report when the devnet's block emission is 0 (issuance past the 21M TAO cap)", async () => {
    // 22M TAO: the stakes' swap fees (burned) leave it past the cap (at exactly 21M they would bring emission back, as on the chain)
    const capped = { issuance: "22000000000000000", miners: { honest: 2, lazy: 1 } };
    const json = await simulateConfig(capped, ["--epochs", "1", "--seed", "z", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as {
      emission: { blockEmission: string; issuance: string };
      warnings: string[];
      profiles: Record<string, { emission: string }>;
      economy: { taoInjected: string };
    };
    expect(out.emission.blockEmission).toBe("0");
    expect(BigInt(out.emission.issuance)).toBeGreaterThan(21_000_000n * 1_000_000_000n);
    expect(out.warnings).toEqual([expect.stringMatching(/^block emission is 0: .*21M TAO cap.*set issuance below 21000000000000000$/)]);
    // no TAO into the pool; the subnet's alpha is still minted and paid
    expect(out.economy.taoInjected).toBe("0");
    expect(BigInt(out.profiles["miner:honest"]!.emission)).toBeGreaterThan(0n);
    expect(json.report()).toContain(`<p class="warning" role="alert">block emission is 0: `);
    const text = await simulateConfig(capped, ["--epochs", "1", "--seed", "z"]);
    expect(text.stdout).toContain(`warning: block emission is 0: the devnet's issuance (${out.emission.issuance} rao) has reached the 21M TAO cap`);
    // below the cap: no warning
    const half = JSON.parse((await simulateConfig({ ...capped, issuance: "10500000000000000" }, ["--epochs", "1", "--seed", "z", "--json"])).stdout);
    expect(half).toMatchObject({ emission: { blockEmission: "500000000" }, warnings: [] }); // after the first halving: 0.5 TAO a block
  }, 120_000);

  it.each([["-1"], [21000000000000000], ["18446744073709551616"]])("exits 2 naming issuance for a config issuance of %j", async (issuance) => {
    const r = await simulateConfig({ issuance }, ["--epochs", "1"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.argument).toBe("issuance");
  });

  it("exits 2 with one JSON line naming an unknown --miners profile and listing the known ones", async () => {
    const r = await runCli(["simulate", "--kit", "storage", "--miners", '{"honest":1,"padder":2}']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const error = JSON.parse(r.stderr).error as { code: string; argument: string; message: string };
    expect(error.argument).toBe("miners.padder");
    expect(error.message).toContain("honest, noisy, lazy, copier, sybil, relay, halfChunks, rootOnly");
  });

  it.each([
    [["--kit", "text", "--miners", "{padder: 2}"], "--miners"],
    [["--kit", "text", "--miners", "[1,2]"], "--miners"],
    [["--kit", "text", "--miners", '{"honest":-1}'], "miners.honest"],
    [["--kit", "video"], "--kit"],
    [["--kit", "text", "--epochs", "0"], "--epochs"],
    [["--kit", "text", "--epochs", "abc"], "--epochs"],
    [["--kit", "text", "--epochs", "2.5"], "--epochs"],
    [["--kit", "text", "--seed="], "--seed"],
    [["--kit", "text", "--epoch", "3"], "--epoch"],
    [["--kit", "text", "--config", "/nonexistent.json"], "--config"],
  ])("exits 2 naming the argument for %j", async (args, argument) => {
    const r = await runCli(["simulate", ...args]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.argument).toBe(argument);
  });
});

/** The built bin as a user runs it: its own process, its exit code, its stderr. */
const bin = fileURLToPath(new URL("../../bin/tao-subnet.js", import.meta.url));
function runBin(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, "simulate", ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("tao-subnet simulate refuses bad input as a process: exit 2, one JSON line, no stack", () => {
  const dir = mkdtempSync(join(tmpdir(), "sim-bad-"));
  const file = (name: string, config: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(config));
    return join(dir, name);
  };
  it.each([
    [["--config", file("typo.json", { miners: { honset: 3 } })], "miners.honset", /did you mean "honest"\?/],
    [["--config", file("epoch.json", { epoch: 5 })], "epoch", /unknown key "epoch"; did you mean "epochs"\?/],
    [["--config", file("stake.json", { validators: [{ profile: "honest", stake: -5 }] })], "validators[0].stake", /got -5/],
    [["--config", file("tempo.json", { tempo: 0 })], "tempo", /whole number 1\.\.65535, got 0/],
    [["--config", file("alpha.json", { alpha: 7 })], "alpha", /at most 1, got 7/],
    [["--epochs", "abc"], "--epochs", /got "abc"/],
    [["--epoch", "3"], "--epoch", /Unknown option '--epoch': did you mean --epochs\?/],
  ])("%j names %s", (args, argument, message) => {
    const r = runBin(args as string[], dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    const { error } = JSON.parse(lines[0]!) as { error: { argument: string; message: string } };
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("simulateCommandLine: a project's npm run simulate, for its own kit", () => {
  async function run(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const io: CommandIo = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => "",
      isTTY: false,
    };
    const code = await simulateCommandLine(textKit({ minerModel: null }), { miners: { honest: 2, padder: 1 }, epochs: 20 }, argv, io);
    return { code, stdout, stderr };
  }

  it("runs the project's miners with the CLI's table and report, its default epochs replaced by --epochs", async () => {
    const report = join(mkdtempSync(join(tmpdir(), "sim-")), "r.html");
    const r = await run(["--epochs", "2", "--seed", "p", "--report", report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Simulated 2 epochs of the kit:text market/);
    expect(r.stdout).toMatch(/miner:honest\s+2\s+[\d.]+\s+[\d.]+ % of miner emission/);
    expect(r.stdout).toMatch(/miner:padder\s+1\s+/);
    expect(readFileSync(report, "utf8")).toContain(`<tr data-profile="miner:padder">`);
  }, 60_000);

  it("refuses what the CLI refuses, names itself in help and messages, and has no --kit", async () => {
    const typo = await run(["--epoch", "3"]);
    expect(typo.code).toBe(2);
    expect(JSON.parse(typo.stderr).error.message).toMatch(/did you mean --epochs\? \(see npm run simulate -- --help\)/);
    expect(JSON.parse((await run(["--epochs", "abc"])).stderr).error).toMatchObject({ argument: "--epochs" });
    expect(JSON.parse((await run(["--miners", '{"honset":1}'])).stderr).error).toMatchObject({ argument: "miners.honset" });
    expect((await run(["--kit", "text"])).code).toBe(2);
    const help = await run(["--help"]);
    expect(help.stdout).toMatch(/^npm run simulate: /);
    expect(help.stdout).toContain("Usage: npm run simulate -- [--epochs N]");
    expect(help.stdout).toContain("--epochs N          epochs to run (default 20)");
  });
});
