/**
 * The devnet and the simulation at a real subnet's size: 256 uids (the owner, 64 validators, 191
 * miners), tempo 10, Yuma 3, no liquid α.
 *
 * 1. Chain and consensus only, 1,000 epochs: every epoch each validator sets a full weight row
 *    (the chain's checks, max-upscale), the devnet produces 10 blocks and runs the epoch on typed
 *    arrays (`runEpochArrays`). The weight rows are drawn before the clock starts (64 × 8 rows,
 *    rotated) and the validators' keys read their ss58 address once, so the rows time the devnet,
 *    not the bench's generator or the keyring's base58. Baseline in the same run: `runEpochArrays`
 *    alone on the epochs' own typed inputs (and, for reference, `runEpoch`, the JSON API).
 * 2. Each kit: `simulate()` with 191 honest miners, every validator a real `ValidatorRuntime`
 *    querying its default sample of 50 miners per epoch (3,200 answers; `BENCH_SIM_SAMPLE=191`
 *    asks every miner), scoring on one worker per core. Baseline in the same run: the kit's own
 *    round work for those answers, no chain and no runtime: `KitDriver`s challenging the same
 *    samples, the reference miner answering, verify, score (`runRound`), for as many epochs as the
 *    simulation (or, for kits whose answers cost the same whatever came before, a few rounds
 *    scaled to an epoch; `KITS`), before and after the simulation (the faster one).
 * 3. The author's loop: `tao-subnet simulate --kit text --epochs 100` on a 64-validator,
 *    191-miner config (honest 95, noisy 48, lazy 24, copier 24), a fresh process, wall clock;
 *    baseline: the same command with `--epochs 1` (start-up, setup, one epoch).
 * 4. Memory: the same market for 1,000 epochs in a fresh process, RSS every 100 epochs and the
 *    peak; baseline: the RSS after the first epoch (and, for flatness, after the 100th, once the
 *    heap has reached its working size).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { type EpochInputArrays, fromEpochInputArrays, runEpoch, runEpochArrays } from "@tao-subnet/core";
import { imageKit } from "@tao-subnet/kit-image";
import { espeakAvailable, pocketsphinxAvailable, speechKit } from "@tao-subnet/kit-speech";
import { storageKit } from "@tao-subnet/kit-storage";
import { textKit } from "@tao-subnet/kit-text";
import { DevChain, deriveSampleSeed, KitDriver, ScoringHost, type SubnetKit, sampleUids, simulate } from "@tao-subnet/sdk";
import { machine, measure } from "../harness.js";

const TAO = 1_000_000_000n;
const N_VALIDATORS = 64;
const N_MINERS = 191;
const TEMPO = 10;
const root = fileURLToPath(new URL("../..", import.meta.url));
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** Miners each validator queries per epoch (the runtime's default; `BENCH_SIM_SAMPLE=191` asks every miner, as before sampling). */
const SAMPLE = env("BENCH_SIM_SAMPLE", 50);
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3));

/** xorshift32: deterministic weights without Math.random. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** The pair with its ss58 address encoded once (as `simulate` does: a keyring pair base58-encodes it on every read). */
const withAddress = (pair: KeyringPair): KeyringPair => Object.create(pair, { address: { value: pair.address, enumerable: true } }) as KeyringPair;

/** The devnet has a coinbase (issue #17 part 3: pools, start_call); the same suite also runs on a checkout from before it. */
const DEV_DYNAMIC = "startCall" in DevChain.prototype;

async function chainOnly(epochs: number, alone = false): Promise<{ seconds: number; inputs: EpochInputArrays[]; lastEmission: bigint }> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({
    seed: "bench sim",
    // commit-reveal off (the devnet's default is on, as the chain's): the validators set weights directly
    hyperparameters: {
      tempo: TEMPO,
      weightsRateLimit: 1,
      maxAllowedUids: 256,
      maxAllowedValidators: N_VALIDATORS + 1,
      immunityPeriod: 1_000_000,
      commitRevealWeightsEnabled: false,
    },
    // dynamic TAO: a 1M-TAO pool at 1 TAO per alpha, so the validators' stakes buy alpha at nearly one price and keep their
    // permits (through a small pool the last validators' TAO would buy next to no alpha). The rest of the network: the default.
    // `alone`: no rest of the network and no root TAO (the subnet's own pool only: no chain buy, so no fractional power a block)
    ...(DEV_DYNAMIC ? { networkLockCost: 1_000_000n * TAO, network: alone ? { others: [], rootTao: 0n } : { others: [{ count: 127, price: 1 }] } } : {}),
  });
  const owner = keyring.addFromUri("//bench/owner");
  chain.fund(owner.address, 2_000_000n * TAO);
  const r = await chain.registerNetwork(owner, owner.address);
  if (!r.ok) throw new Error(r.message);
  const netuid = r.value.netuid;
  if (DEV_DYNAMIC) await (chain as unknown as { startCall: (o: KeyringPair, n: number) => Promise<unknown> }).startCall(owner, netuid);
  const validators: KeyringPair[] = [];
  const minerUids: number[] = [];
  for (let i = 0; i < N_VALIDATORS + N_MINERS; i++) {
    const k = withAddress(keyring.addFromUri(`//bench/${i}`));
    chain.fund(k.address, 100_000n * TAO);
    const reg = await chain.burnedRegister(k, netuid, k.address);
    if (!reg.ok) throw new Error(reg.message);
    if (i < N_VALIDATORS) {
      await chain.addStake(k, k.address, netuid, BigInt(1000 + 37 * i) * TAO);
      validators.push(k);
    } else minerUids.push(reg.value.uid);
  }
  await chain.advance(TEMPO); // permits
  const next = rng(7);
  const rows = Array.from({ length: 8 * N_VALIDATORS }, () => minerUids.map(() => 1 + (next() % 65535)));
  const inputs: EpochInputArrays[] = [];
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    for (const [i, v] of validators.entries()) {
      const res = await chain.setWeights(v, netuid, minerUids, rows[(e * N_VALIDATORS + i) % rows.length]!, 0n);
      if (!res.ok) throw new Error(`epoch ${e}: ${res.error} ${res.message}`);
    }
    await chain.advance(TEMPO);
    if (e % 10 === 0) inputs.push(chain.lastEpochArrays(netuid)!.input);
  }
  const seconds = (performance.now() - t0) / 1000;
  const lastEmission = BigInt(chain.lastEpochArrays(netuid)!.input.raoEmission);
  await chain.close();
  return { seconds, inputs, lastEmission };
}

type AnyKit = SubnetKit<unknown, unknown, unknown>;
/**
 * `floor`: how the kit's own work is measured: `epochs`, the simulation's epochs replayed through
 * KitDrivers alone (64 validators, each its own sample, so each (validator, miner) pair has the
 * history it has in the simulation: the storage kit's first rounds with a miner store a blob, later
 * ones prove a chunk, at a third of the cost); `rounds`, that many rounds of one validator, for kits
 * whose answers cost the same whatever came before (image, speech), scaled to an epoch.
 */
const KITS: Array<{ name: string; make: () => AnyKit; epochs: number; floor: { epochs: number } | { rounds: number }; commitReveal?: boolean; skip?: string }> =
  [
    {
      name: "text",
      make: () => textKit({ minerModel: null }) as AnyKit,
      epochs: env("BENCH_SIM_TEXT_EPOCHS", 20),
      floor: { epochs: env("BENCH_SIM_TEXT_EPOCHS", 20) },
    },
    {
      name: "text, commit-reveal on",
      make: () => textKit({ minerModel: null }) as AnyKit,
      epochs: env("BENCH_SIM_TEXT_EPOCHS", 20),
      floor: { epochs: env("BENCH_SIM_TEXT_EPOCHS", 20) },
      commitReveal: true,
    },
    {
      name: "storage",
      make: () => storageKit() as unknown as AnyKit,
      epochs: env("BENCH_SIM_STORAGE_EPOCHS", 10),
      floor: { epochs: env("BENCH_SIM_STORAGE_EPOCHS", 10) },
    },
    { name: "image", make: () => imageKit() as unknown as AnyKit, epochs: env("BENCH_SIM_IMAGE_EPOCHS", 2), floor: { rounds: 4 } },
    {
      name: "speech",
      make: () => speechKit() as unknown as AnyKit,
      epochs: env("BENCH_SIM_SPEECH_EPOCHS", 1),
      floor: { rounds: 2 },
      ...(espeakAvailable() && pocketsphinxAvailable()
        ? {}
        : { skip: "espeak-ng or pocketsphinx is not installed (the speech kit's challenges and reference miner)" }),
    },
  ];

/** The kit's own work for one simulated epoch's answers, through KitDrivers alone (see `KITS`): ms per epoch. */
async function kitFloor(kit: AnyKit, floor: { epochs: number } | { rounds: number }): Promise<number> {
  const host = new ScoringHost({ timeoutMs: 60_000 });
  const miner = new KitDriver(kit, { secret: "miner side", scoringHost: host });
  const validators = Array.from({ length: N_VALIDATORS }, (_, v) => new KitDriver(kit, { secret: `bench floor ${v}`, scoringHost: host }));
  const miners = Array.from({ length: N_MINERS }, (_, i) => N_VALIDATORS + 1 + i);
  const round = (v: number, r: number, uids: number[]) => {
    const coords = { blockHash: `0x${r.toString(16).padStart(64, "0")}`, validatorHotkey: `5bench${v}`, round: r };
    return validators[v]!.runRound(coords, uids, async (uid, request) => ({
      body: await miner.serve(request, { caller: coords.validatorHotkey, timeoutMs: 12_000 }),
      latencyMs: 100 + ((uid * 37) % 400),
    }));
  };
  const sample = (v: number, r: number) =>
    sampleUids(miners, SAMPLE, deriveSampleSeed(`bench floor ${v}`, { blockHash: `0x${r}`, validatorHotkey: `5bench${v}`, round: r }));
  try {
    if ("epochs" in floor) {
      // epoch 0 untimed (module loads, JIT), as the simulation's rate leaves out its first epoch
      const epoch = async (e: number) => {
        for (let v = 0; v < N_VALIDATORS; v++) await round(v, e, sample(v, e));
      };
      await epoch(0);
      const t = performance.now();
      for (let e = 1; e < floor.epochs; e++) await epoch(e);
      return (performance.now() - t) / Math.max(1, floor.epochs - 1);
    }
    const uids = miners.slice(0, SAMPLE);
    await round(0, 0, uids); // module loads, JIT
    const t = performance.now();
    for (let r = 1; r <= floor.rounds; r++) await round(0, r, uids);
    return ((performance.now() - t) / floor.rounds) * N_VALIDATORS;
  } finally {
    for (const v of validators) await v.close();
    await miner.close();
  }
}

/** `simulate()` of `kit` at 256 uids: seconds to the end of the first epoch (setup included) and the epochs after it per second. */
async function kitSim(kit: AnyKit, epochs: number, commitReveal = false): Promise<{ first: number; rate: number | null; reveals: number }> {
  const t0 = performance.now();
  const ends: number[] = [];
  const r = await simulate(
    kit,
    {
      seed: "bench",
      epochs,
      tempo: TEMPO,
      commitReveal,
      sampleSize: SAMPLE,
      miners: { honest: N_MINERS },
      validators: Array.from({ length: N_VALIDATORS }, (_, i) => ({ profile: "honest" as const, stake: 1000 + 37 * i })),
    },
    () => void ends.push(performance.now()),
  );
  const first = (ends[0]! - t0) / 1000;
  const reveals = r.validators.reduce((n, v) => n + v.revealed, 0);
  return { first, rate: epochs > 1 ? (epochs - 1) / ((ends[epochs - 1]! - ends[0]!) / 1000) : null, reveals };
}

/** `tao-subnet simulate --kit text` on the issue's 64-validator config, a fresh process: wall seconds. */
function cli(epochs: number): number {
  const dir = mkdtempSync(join(tmpdir(), "tao-bench-sim-"));
  const config = join(dir, "config.json");
  writeFileSync(
    config,
    JSON.stringify({
      validators: Array.from({ length: N_VALIDATORS }, (_, i) => ({ profile: "honest", stake: 1000 + i })),
      miners: { honest: 95, noisy: 48, lazy: 24, copier: 24 },
    }),
  );
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      join(root, "cli/bin/tao-subnet.js"),
      "simulate",
      "--kit",
      "text",
      "--epochs",
      String(epochs),
      "--seed",
      "1",
      "--config",
      config,
      "--report",
      join(dir, "r.html"),
    ],
    { cwd: dir, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`tao-subnet simulate exited ${r.status}: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}

/** The memory run (bench/fixtures/simMemory.ts) in a fresh process. */
function memoryRun(epochs: number): { samples: Array<{ epoch: number; rssMiB: number; heapMiB: number; seconds: number }>; peakRssMiB: number } {
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", join(root, "bench/fixtures/simMemory.ts"), String(epochs), "100"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`simMemory exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/** Section 1: the devnet, chain and consensus only, against the typed epoch alone. */
async function devnetSection(EPOCHS: number): Promise<string[]> {
  const out = ["", "**Devnet, chain and consensus only**", "", "| case | epochs | epochs/s | ms/epoch | ratio vs baseline |", "|---|---:|---:|---:|---:|"];
  const a = await chainOnly(EPOCHS);
  let k = 0;
  const typed = measure("runEpochArrays", () => runEpochArrays(a.inputs[k++ % a.inputs.length]!), { budgetMs: 1000, samples: 5 }).opsPerSec;
  const json = a.inputs.map(fromEpochInputArrays);
  const jsonRate = measure("runEpoch", () => runEpoch(json[k++ % json.length]!), { budgetMs: 1000, samples: 5 }).opsPerSec;
  const chainRate = EPOCHS / a.seconds;
  out.push(
    `| \`runEpochArrays\` alone (typed arrays), cycling over ${a.inputs.length} of the run's epoch inputs (baseline; median of 5 × 1 s) | – | ${fmt(typed)} | ${fmt(1000 / typed)} | 1.00× |`,
    `| \`runEpoch\` (JSON API) alone on the same inputs, for reference | – | ${fmt(jsonRate)} | ${fmt(1000 / jsonRate)} | ${(jsonRate / typed).toFixed(2)}× |`,
    `| devnet: 64 full weight rows set (the chain's checks, max-upscale) + ${TEMPO} blocks + the epoch | ${EPOCHS} | ${fmt(chainRate)} | ${fmt(1000 / chainRate)} | ${(chainRate / typed).toFixed(2)}× |`,
    "",
    `Emission the devnet's last epoch distributed: ${a.lastEmission} rao${a.lastEmission === 0n ? " (the faucet's 26.5M TAO put issuance past the 21M cap, so block emission is 0: issue #19 part 1)" : ""}${DEV_DYNAMIC ? " (alpha rao: the drained server, validator and root alpha)" : ""}.`,
  );
  if (DEV_DYNAMIC) {
    const b = await chainOnly(EPOCHS, true);
    const rate = EPOCHS / b.seconds;
    out.splice(
      out.length - 2,
      0,
      `| the same devnet without the rest of the network (its own pool only, no root TAO: no chain buy a block) | ${EPOCHS} | ${fmt(rate)} | ${fmt(1000 / rate)} | ${(rate / typed).toFixed(2)}× |`,
    );
  }
  return out;
}

export default {
  name: "sim",
  async run() {
    const EPOCHS = env("BENCH_SIM_EPOCHS", 1000);
    const MEMORY_EPOCHS = env("BENCH_SIM_MEMORY_EPOCHS", 1000);
    // which parts after the devnet: kits by name ("text" includes its commit-reveal row), "cli", "memory"
    const only = (process.env.BENCH_SIM_PARTS ?? "text,storage,image,speech,cli,memory").split(",");
    const out: string[] = [
      `Machine: ${machine()}. 256 uids (owner + ${N_VALIDATORS} validators + ${N_MINERS} miners), tempo ${TEMPO}, Yuma 3, no liquid α. \`npm run bench -- sim\``,
    ];
    if (EPOCHS > 0) out.push(...(await devnetSection(EPOCHS)));
    out.push(
      "",
      `**Simulation per kit** (191 honest miners; each validator queries a sample of ${SAMPLE} a round: ${N_VALIDATORS * SAMPLE} answers per epoch)`,
      "",
      "| kit | kit's own round work for one epoch's answers (baseline) | setup + first epoch | epochs | epochs/s after the first | ratio vs baseline |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const kit of KITS) {
      if (!only.includes(kit.name.split(",")[0]!)) continue;
      if (kit.skip) {
        out.push(`| ${kit.name} | skipped: ${kit.skip} | | | | |`);
        continue;
      }
      process.stderr.write(`bench sim: ${kit.name}…\n`);
      // the baseline before and after the simulation, the faster of the two (the first one of a process runs JIT-cold)
      const floorBefore = await kitFloor(kit.make(), kit.floor);
      const sim = await kitSim(kit.make(), kit.epochs, kit.commitReveal);
      const floorMs = Math.min(floorBefore, await kitFloor(kit.make(), kit.floor));
      const floorRate = 1000 / floorMs;
      const rate = sim.rate ?? 1 / sim.first;
      out.push(
        `| ${kit.name}${kit.commitReveal ? ` (${sim.reveals} reveals)` : ""} | ${fmt(floorMs / 1000)} s/epoch = ${fmt(floorRate)} epochs/s (${"epochs" in kit.floor ? `${kit.floor.epochs} epochs of 64 rounds` : `from ${kit.floor.rounds} rounds`}) | ${fmt(sim.first)} s | ${kit.epochs} | ${sim.rate === null ? `${fmt(rate)} (setup included)` : fmt(rate)} | ${(rate / floorRate).toFixed(2)}× |`,
      );
    }
    if (only.includes("cli")) {
      process.stderr.write("bench sim: the author's loop…\n");
      const one = cli(1);
      const hundred = cli(100);
      out.push(
        "",
        "**The author's loop**: `tao-subnet simulate --kit text --config c.json` (64 validators of stake 1000–1063; honest 95, noisy 48, lazy 24, copier 24), a fresh process each, wall clock",
        "",
        "| case | seconds | ratio vs baseline |",
        "|---|---:|---:|",
        `| \`--epochs 1\` (start-up, setup, one epoch; baseline) | ${fmt(one)} | 1.00× |`,
        `| \`--epochs 100\` (goal: ≤ 60 s) | ${fmt(hundred)} | ${(hundred / one).toFixed(2)}× |`,
      );
    }
    if (only.includes("memory")) {
      process.stderr.write(`bench sim: memory over ${MEMORY_EPOCHS} epochs…\n`);
      const m = memoryRun(MEMORY_EPOCHS);
      const base = m.samples.find((s) => s.epoch === 1)!;
      const warm = m.samples.find((s) => s.epoch === 100) ?? base;
      out.push(
        "",
        `**Memory**: the author's loop's market (text kit, 256 uids) for ${MEMORY_EPOCHS} epochs in a fresh process; peak RSS ${fmt(m.peakRssMiB)} MiB (goal < 1024)`,
        "",
        `| after epoch | RSS MiB | V8 heap MiB | seconds | RSS vs after epoch 1 (baseline) | RSS vs after epoch ${warm.epoch} |`,
        "|---:|---:|---:|---:|---:|---:|",
        ...m.samples.map(
          (s) =>
            `| ${s.epoch} | ${fmt(s.rssMiB)} | ${fmt(s.heapMiB)} | ${fmt(s.seconds)} | ${(s.rssMiB / base.rssMiB).toFixed(2)}× | ${(s.rssMiB / warm.rssMiB).toFixed(2)}× |`,
        ),
      );
    }
    return out.join("\n");
  },
};
