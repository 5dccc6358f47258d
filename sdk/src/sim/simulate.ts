/**
 * A market simulation on the devnet: real kit code (challenges, the reference miner's `serve`,
 * `verify`, the WASM scoring module in the sandbox), validators that keep a score moving average
 * and set weights the way the Python SDK processes them, and the chain's Yuma (DevChain →
 * runEpoch) paying everyone. Miner and validator behaviours are profiles; everything is seeded, so
 * the same config gives byte-identical results.
 *
 * Miner profiles are behaviours (`behaviours.ts`): the generic `honest`, `noisy`, `lazy`, `copier`
 * and `sybil`, and the kit's own adversaries (`SubnetKit.adversaries`). Validator profiles:
 * `honest`, `weightCopier` (copies last epoch's consensus as its weights), `cabal` (weights only
 * the cabal's own miners, the sybils), `offline`.
 */
import { createHash } from "node:crypto";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { processWeights, scoreEma, toU16Weights, type EpochOutput } from "@tao-subnet/core";
import { DevChain } from "../chain/dev/devChain.js";
import type { Signer } from "../chain/types.js";
import type { MinerBehaviour, SubnetKit } from "../kit/contract.js";
import { KitDriver } from "../kit/driver.js";
import { Random } from "../kit/random.js";
import { ScoringHost } from "../scoring/host.js";
import { behaviourFor, behaviourNames } from "./behaviours.js";
import { SimulationConfigError } from "./errors.js";

/** A miner behaviour's name: a generic one (`honest`, `noisy`, `lazy`, `copier`, `sybil`) or one of the kit's adversaries. */
export type MinerProfile = string;
export type ValidatorProfile = "honest" | "weightCopier" | "cabal" | "offline";

export interface SimulationConfig {
  seed: string;
  epochs: number;
  /** Blocks per epoch (default 20). */
  tempo?: number;
  /** Miners per profile (default honest 3, noisy 2, lazy 2, copier 2). */
  miners?: Partial<Record<MinerProfile, number>>;
  /** Validators with their stake in TAO (default honest 1000 and 600, weightCopier 400). */
  validators?: Array<{ profile: ValidatorProfile; stake: number }>;
  /** Miners joining later: `count` of `profile` at epoch `epoch` (e.g. a better miner). */
  joins?: Array<{ profile: MinerProfile; count: number; epoch: number }>;
  /** Yuma 3 (default true) and liquid alpha (default false). */
  yuma3?: boolean;
  liquidAlpha?: boolean;
  /** Score moving-average factor (default 0.3). */
  alpha?: number;
}

export interface SimulationResult {
  config: Required<Omit<SimulationConfig, "joins">> & { joins: NonNullable<SimulationConfig["joins"]> };
  /** Per profile: rao earned (decimal string) and its share of all miner or all validator emission. */
  profiles: Record<string, { role: "miner" | "validator"; uids: number[]; emission: string; share: number }>;
  /** Per epoch: rao earned by each profile in that epoch. */
  epochs: Array<{ epoch: number; block: number; emission: Record<string, string> }>;
  uids: Array<{ uid: number; role: "miner" | "validator"; profile: string; emission: string }>;
  /** The last epoch's u16 outputs per uid (consensus, incentive, dividends). */
  lastEpoch: { consensus: number[]; incentive: number[]; dividends: number[] };
}

interface Participant {
  key: Signer;
  uid: number;
  role: "miner" | "validator";
  profile: string;
  joinEpoch: number;
}

const TAO = 1_000_000_000n;

function normalize(c: SimulationConfig): SimulationResult["config"] {
  return {
    seed: c.seed,
    epochs: c.epochs,
    tempo: c.tempo ?? 20,
    miners: c.miners ?? { honest: 3, noisy: 2, lazy: 2, copier: 2 },
    validators: c.validators ?? [
      { profile: "honest", stake: 1000 },
      { profile: "honest", stake: 600 },
      { profile: "weightCopier", stake: 400 },
    ],
    joins: c.joins ?? [],
    yuma3: c.yuma3 ?? true,
    liquidAlpha: c.liquidAlpha ?? false,
    alpha: c.alpha ?? 0.3,
  };
}

/** Runs a simulation; `onEpoch` reports progress (for a progress bar). */
export async function simulate<Req, Res, E>(kit: SubnetKit<Req, Res, E>, config: SimulationConfig, onEpoch?: (epoch: number, total: number) => void): Promise<SimulationResult> {
  await cryptoWaitReady();
  const cfg = normalize(config);
  const behaviours = new Map<string, MinerBehaviour<Req, Res>>();
  for (const profile of [...Object.keys(cfg.miners), ...cfg.joins.map((j) => j.profile)]) {
    const b = behaviourFor(kit, profile);
    if (!b) throw new SimulationConfigError(`unknown miner profile "${profile}" for ${kit.name}; known: ${behaviourNames(kit).join(", ")}`, `miners.${profile}`);
    behaviours.set(profile, b);
  }
  const seedBytes = createHash("sha256").update(`tao-subnet sim ${cfg.seed}`).digest();
  const rng = new Random(new Uint8Array(seedBytes));
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({ seed: `sim ${cfg.seed}`, hyperparameters: { tempo: cfg.tempo, weightsRateLimit: 1, yuma3Enabled: cfg.yuma3, liquidAlphaEnabled: cfg.liquidAlpha, immunityPeriod: 1_000_000, maxAllowedValidators: Math.max(1, cfg.validators.length + 1) } });
  const owner = keyring.addFromUri(`//sim/${cfg.seed}/owner`);
  chain.fund(owner.address, 100_000n * TAO);
  const net = await chain.registerNetwork(owner, owner.address);
  if (!net.ok) throw new Error(net.message);
  const netuid = net.value.netuid;
  const people: Participant[] = [];
  const join = async (role: "miner" | "validator", profile: string, index: number, epoch: number, stake = 0) => {
    const key = keyring.addFromUri(`//sim/${cfg.seed}/${role}/${profile}/${index}`);
    chain.fund(key.address, 1_000_000n * TAO);
    const r = await chain.burnedRegister(key, netuid, key.address);
    if (!r.ok) throw new Error(`registering ${role} ${profile}: ${r.message}`);
    if (stake > 0) await chain.addStake(key, key.address, netuid, BigInt(stake) * TAO);
    people.push({ key, uid: r.value.uid, role, profile, joinEpoch: epoch });
  };
  for (const [i, v] of cfg.validators.entries()) await join("validator", v.profile, i, 0, v.stake);
  for (const [profile, count] of Object.entries(cfg.miners)) for (let i = 0; i < (count ?? 0); i++) await join("miner", profile, i, 0);

  const host = new ScoringHost({ timeoutMs: 30_000 });
  const drivers = new Map<number, KitDriver<Req, Res, E>>();
  const miner = new KitDriver(kit, { secret: "miner side", scoringHost: host });
  const scores = new Map<number, Float32Array>();
  let lastAnswers = new Map<number, Res>();
  const earned = new Map<number, bigint>();
  const epochs: SimulationResult["epochs"] = [];

  // the drivers (and through them the kit) and the chain close on every way out, errors included
  let finalOut: EpochOutput;
  try {
    // first epoch: stake sets the permits
    await chain.advance(cfg.tempo);
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      for (const j of cfg.joins) if (j.epoch === epoch) for (let i = 0; i < j.count; i++) await join("miner", j.profile, 1000 + epoch * 100 + i, epoch);
      const mg = await chain.metagraph(netuid);
      const minerUids = people.filter((p) => p.role === "miner").map((p) => p.uid);
      const blockHash = await chain.blockHash();
      const answers = new Map<number, Res>();
      for (const v of people.filter((p) => p.role === "validator")) {
        if (v.profile === "offline") continue;
        let uids: number[];
        let weights: number[];
        if (v.profile === "weightCopier") {
          uids = mg.neurons.map((n) => n.uid).filter((u) => mg.neurons[u]!.consensus > 0);
          weights = uids.map((u) => mg.neurons[u]!.consensus);
          if (uids.length === 0) continue;
        } else if (v.profile === "cabal") {
          uids = people.filter((p) => p.profile === "sybil").map((p) => p.uid);
          weights = uids.map(() => 65535);
          if (uids.length === 0) continue;
        } else {
          let driver = drivers.get(v.uid);
          if (!driver) {
            driver = new KitDriver(kit, { secret: `validator ${v.uid} ${cfg.seed}`, scoringHost: host });
            drivers.set(v.uid, driver);
          }
          const round = await driver.runRound({ blockHash, validatorHotkey: v.key.address, round: epoch }, minerUids, async (uid, request) => {
            const p = people.find((x) => x.uid === uid)!;
            const latencyMs = 100 + rng.int(400);
            const honest = async (): Promise<Res> => miner.serve(request, { caller: v.key.address, timeoutMs: 12_000 });
            const answer = await behaviours.get(p.profile)!.answer({ request, uid, random: rng, honest, previous: lastAnswers });
            const body = answer.response;
            if (p.profile === "honest" && body !== null) answers.set(uid, body);
            return { body, latencyMs: latencyMs + (answer.extraLatencyMs ?? 0) };
          });
          const n = mg.n;
          const prev = scores.get(v.uid) ?? new Float32Array(n);
          const grown = new Float32Array(n);
          grown.set(prev.subarray(0, Math.min(prev.length, n)));
          const next = scoreEma(grown, round.rewards, cfg.alpha);
          scores.set(v.uid, next);
          const minerSet = new Set(minerUids);
          const processed = processWeights({ uids: Array.from(next.keys()), weights: Array.from(next, (s, u) => (minerSet.has(u) ? s : 0)), numNeurons: n, minAllowedWeights: mg.hyperparameters.minAllowedWeights, maxWeightLimit: mg.hyperparameters.maxWeightLimit });
          ({ uids, weights } = toU16Weights(processed.uids, processed.weights));
          if (uids.length === 0) continue;
        }
        await chain.setWeights(v.key, netuid, uids, weights, 0n);
      }
      lastAnswers = answers;
      const before = new Map(people.map((p) => [p.uid, 0n]));
      const mgBefore = await chain.metagraph(netuid);
      for (const n of mgBefore.neurons) before.set(n.uid, n.stake);
      await chain.advance(cfg.tempo);
      const out = chain.lastEpoch(netuid)!.output;
      const perProfile: Record<string, bigint> = {};
      for (const p of people) {
        const e = BigInt(out.emission[p.uid] ?? "0");
        earned.set(p.uid, (earned.get(p.uid) ?? 0n) + e);
        const name = `${p.role}:${p.profile}`;
        perProfile[name] = (perProfile[name] ?? 0n) + e;
      }
      epochs.push({ epoch, block: await chain.bestBlock(), emission: Object.fromEntries(Object.entries(perProfile).map(([k, v]) => [k, v.toString()])) });
      onEpoch?.(epoch + 1, cfg.epochs);
    }
    finalOut = chain.lastEpoch(netuid)!.output;
  } finally {
    for (const d of drivers.values()) await d.close();
    await miner.close();
    await chain.close();
  }

  const totals = { miner: 0n, validator: 0n };
  for (const p of people) totals[p.role] += earned.get(p.uid) ?? 0n;
  const profiles: SimulationResult["profiles"] = {};
  for (const p of people) {
    const name = `${p.role}:${p.profile}`;
    const e = profiles[name] ?? { role: p.role, uids: [], emission: "0", share: 0 };
    e.uids.push(p.uid);
    e.emission = (BigInt(e.emission) + (earned.get(p.uid) ?? 0n)).toString();
    profiles[name] = e;
  }
  for (const e of Object.values(profiles)) {
    const total = totals[e.role];
    e.share = total === 0n ? 0 : Number((BigInt(e.emission) * 1_000_000n) / total) / 1_000_000;
  }
  return {
    config: cfg,
    profiles,
    epochs,
    uids: people.map((p) => ({ uid: p.uid, role: p.role, profile: p.profile, emission: (earned.get(p.uid) ?? 0n).toString() })),
    lastEpoch: { consensus: finalOut.consensus, incentive: finalOut.incentive, dividends: finalOut.dividends },
  };
}
