/**
 * A market simulation on the devnet: real kit code (challenges, the reference miner's `serve`,
 * `verify`, the WASM scoring module in the sandbox), real `ValidatorRuntime`s (the deployed
 * validator's code: score moving average, weights processed as the Python SDK does, set or
 * commit-revealed through the chain's checks: rate limit, version key, reveal epoch) that reach
 * the miners through the in-process transport, and the chain's Yuma (DevChain → runEpochArrays)
 * paying everyone. Miner and validator behaviours are profiles; everything is seeded, so the same
 * config gives byte-identical results.
 *
 * Each epoch every validator runtime queries a sample of the miners (`sampleSize`, default 50, as
 * the subnet template's validators do). The first halves of the rounds (sample, challenges, the
 * miners' answers) run one validator after another, so the miners, their shared randomness and
 * their memories see the requests in one fixed order; the second halves (verify, score, weights)
 * run together, and the scoring batches spread over the host's workers (`workers`, one per core),
 * each with its own instance of the kit's module. A score is a function of its item, so the
 * results do not depend on the number of workers.
 *
 * Miner profiles are behaviours (`behaviours.ts`): the generic `honest`, `noisy`, `lazy`, `copier`
 * and `sybil`, and the kit's own adversaries (`SubnetKit.adversaries`). Validator profiles:
 * `honest`, `weightCopier` (copies the consensus it sees as its weights), `cabal` (weights only
 * the cabal's own miners, the sybils), `offline` (no runtime). `weightCopier` and `cabal` are
 * runtimes with another weights source: they query no miner, and send their weights through the
 * same chain path as the honest ones (so commit-reveal hides fresh weights from the copier).
 *
 * The devnet is in dynamic TAO (issue #17): what the uids earn is the subnet's alpha, and the result
 * also values it in TAO at the pool's final spot price (what it is worth at that price, not what
 * selling it all would fetch: a sale moves the price), with the price path, the TAO the coinbase
 * injected, the owner's cut and the registration cost. `market` sets the rest of the network: "my
 * subnet's price starts at X among N subnets".
 *
 * With `mechanisms` above 1 the owner sets the mechanism count and split on chain (after lowering
 * max allowed uids to 256 / mechanisms, as the chain requires), each validator runs one runtime per
 * mechanism (its own secret, so its own challenges, answers and score average; mechanism 0's are
 * those of a run without mechanisms), and the result reports each mechanism's part of the alpha and
 * what each profile earned from it (`mechanisms`, `epochs[].mechanisms`).
 *
 * Every participant is funded by the devnet's faucet, an endowment outside the emission schedule
 * (devChain.ts), so block emission follows the halving curve from `issuance` whatever the number
 * of participants; a run whose block emission is 0 (issuance at the 21M TAO cap) says so in
 * `warnings`.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain, type DevSubnetEconomy } from "../chain/dev/devChain.js";
import type { Metagraph, Signer } from "../chain/types.js";
import type { SubnetKit } from "../kit/contract.js";
import { KitDriver } from "../kit/driver.js";
import { Random } from "../kit/random.js";
import { memoryStateStore } from "../runtime/state.js";
import { inProcessTransport } from "../runtime/transport.js";
import { type RoundReport, ValidatorRuntime } from "../runtime/validator.js";
import type { U16Weights } from "../runtime/weightsPolicy.js";
import { ScoringHost } from "../scoring/host.js";
import { minerBehaviours, VALIDATOR_PROFILES } from "./behaviours.js";
import { type NormalizedSimulationConfig, parseSimulationConfig, type SimulationConfig, type SimulationMarket, splitParts, toU16 } from "./config.js";

/** What one validator's weights transactions did over the simulation (one round per epoch). */
export interface ValidatorTally {
  /** Rounds whose weights were set directly. */
  set: number;
  /** Rounds whose weights were committed (commit-reveal). */
  committed: number;
  /** Commits revealed (accepted by the chain). */
  revealed: number;
  /** Rounds whose weights were held back by the rate limit or refused by the chain. */
  refused: number;
  /** Miners queried over all rounds (at most `sampleSize` a round) and how many of them answered. */
  queried: number;
  answered: number;
}

/** The subnet's economy over the run (rao and alpha rao as decimal strings; prices in TAO per alpha). */
export interface SimulationEconomy {
  netuid: number;
  /** The market it ran in (SimulationConfig.market, defaults filled in). */
  market: SimulationMarket;
  /** Spot and moving price after each epoch (first entry: before the first epoch), and the owner's cut staked so far (alpha rao, since registration). */
  pricePath: Array<{ epoch: number; block: number; price: number; movingPrice: number; ownerCut: string }>;
  finalPrice: number;
  /** TAO the coinbase put into the pool (injection and the chain's buys), rao. */
  taoInjected: string;
  /** Alpha minted for the subnet's participants (owner's cut included), alpha rao. */
  alphaEmitted: string;
  /** The owner's cut staked to the owner's hotkey, alpha rao and its TAO value at the final price. */
  ownerCut: { alpha: string; tao: string };
  /** Incentive to the owner's own hotkeys, burned (alpha rao). */
  incentiveWithheld: string;
  /** TAO paid to register: the subnet's lock (its pool's seed) and the uids' burns (swapped into the pool, their alpha burned). */
  registrationCost: { lock: string; burns: string; total: string };
}

export interface SimulationResult {
  config: NormalizedSimulationConfig;
  /**
   * Per profile: what it does (one line), alpha earned (alpha rao, decimal string; `emission` is the
   * same number), its TAO value at the final price (rao), and its share of all miner or all
   * validator emission.
   */
  profiles: Record<string, { role: "miner" | "validator"; description: string; uids: number[]; emission: string; alpha: string; tao: string; share: number }>;
  /** Per epoch: alpha rao earned by each profile in that epoch (and, with several mechanisms, each mechanism's part of the alpha). */
  epochs: Array<{ epoch: number; block: number; emission: Record<string, string>; mechanisms?: string[] }>;
  /**
   * With several mechanisms: per mechanism, its u16 part of the split on chain, the alpha its
   * epochs were given over the run, and what each profile earned from them (server plus validator
   * alpha of that mechanism's epochs, alpha rao; before the owner's incentive is withheld).
   */
  mechanisms?: Array<{ mecid: number; part: number; emission: string; profiles: Record<string, string> }>;
  uids: Array<{ uid: number; role: "miner" | "validator"; profile: string; emission: string; alpha: string; tao: string }>;
  /** The subnet's economy in two currencies. */
  economy: SimulationEconomy;
  /** The last epoch's u16 outputs per uid (consensus, incentive, dividends). */
  lastEpoch: { consensus: number[]; incentive: number[]; dividends: number[] };
  /**
   * Per `joins` entry, in the config's order: the uids that joined and, for each epoch from the
   * one they joined at, the alpha rao they earned together (`emission[0]` is the join epoch's).
   */
  joins: Array<{ profile: string; count: number; epoch: number; uids: number[]; emission: string[] }>;
  /** Per validator runtime (offline ones have none): its weights transactions (`mecid`: its mechanism, with several). */
  validators: Array<{ uid: number; profile: string; mecid?: number } & ValidatorTally>;
  /** The devnet at the end (rao, decimal strings): issuance on the emission schedule, the block emission it gives, and the faucet's endowment (outside the schedule). */
  emission: { issuance: string; blockEmission: string; endowed: string };
  /** What makes the results meaningless, one sentence each (a block emission of 0); empty when nothing does. */
  warnings: string[];
}

interface Participant {
  key: Signer;
  /** `key.address`, encoded once (a keyring pair base58-encodes it on every read). */
  address: string;
  uid: number;
  role: "miner" | "validator";
  profile: string;
  joinEpoch: number;
}

const TAO = 1_000_000_000n;

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A mechanism's u16 part of an even split, as split_emissions gives it (the rest of the floors to mechanism 0). */
const evenPart = (mecid: number, count: number): number => Math.floor(65535 / count) + (mecid === 0 ? 65535 % count : 0);

/** Runs at most `n` of the functions given to it at once, in the order given. */
function slots(n: number): <T>(fn: () => T | Promise<T>) => Promise<T> {
  let busy = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (busy < n) busy++;
    else await new Promise<void>((go) => waiting.push(go)); // a finishing one hands its slot over
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else busy--;
    }
  };
}

/** `pair` with its ss58 address encoded once: a keyring pair base58-encodes it on every read, and the chain reads it on every transaction. */
const withAddress = (pair: KeyringPair): KeyringPair => Object.create(pair, { address: { value: pair.address, enumerable: true } }) as KeyringPair;

/** The weights of a validator that does no work: the consensus it sees (`weightCopier`), or the cabal's own miners, the sybils (`cabal`). */
function dishonestWeights(profile: "weightCopier" | "cabal", people: readonly Participant[]): (mg: Metagraph) => U16Weights {
  if (profile === "weightCopier") {
    return (mg) => {
      const uids = mg.neurons.filter((n) => n.consensus > 0).map((n) => n.uid);
      return { uids, weights: uids.map((u) => mg.neurons[u]!.consensus) };
    };
  }
  return () => {
    const uids = people.filter((p) => p.profile === "sybil").map((p) => p.uid);
    return { uids, weights: uids.map(() => 65535) };
  };
}

/** Runs a simulation; `onEpoch` reports progress (for a progress bar). The config is checked first (`parseSimulationConfig`): a `SimulationConfigError` names the first wrong field. */
export async function simulate<Req, Res, E>(
  kit: SubnetKit<Req, Res, E>,
  config: SimulationConfig,
  onEpoch?: (epoch: number, total: number) => void,
): Promise<SimulationResult> {
  const { config: cfg, workers } = parseSimulationConfig(kit, config, availableParallelism());
  const behaviours = minerBehaviours(kit, cfg.miners, cfg.joins);
  await cryptoWaitReady();
  const seedBytes = createHash("sha256").update(`tao-subnet sim ${cfg.seed}`).digest();
  // each answer's own PRNG, from the seed and (epoch, validator, miner): answers that finish in any order draw the same numbers.
  // sha256 once per (epoch, validator); each miner's seed mixes its uid into those words (a hash per answer cost 10 % of an epoch)
  const roundSeeds = new Map<string, Uint32Array>();
  const answerRandom = (epoch: number, validatorUid: number, uid: number, mecid: number) => {
    const key = mecid === 0 ? `${epoch} ${validatorUid}` : `${epoch} ${validatorUid} mechanism ${mecid}`;
    let base = roundSeeds.get(key);
    if (!base) {
      if (roundSeeds.size > 4096) roundSeeds.clear();
      const digest = createHash("sha256").update(seedBytes).update(`answers ${key}`).digest();
      base = Uint32Array.from({ length: 4 }, (_, i) => digest.readUInt32LE(4 * i));
      roundSeeds.set(key, base);
    }
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) words[i] = fmix32(base[i]! ^ fmix32((uid + Math.imul(i + 1, 0x9e3779b9)) >>> 0));
    return new Random(new Uint8Array(words.buffer));
  };
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({
    seed: `sim ${cfg.seed}`,
    // MaxMechanismCount as root would raise it (the chain's default is 2)
    ...(cfg.mechanisms > 2 && { maxMechanismCount: cfg.mechanisms }),
    issuance: BigInt(cfg.issuance),
    networkLockCost: BigInt(cfg.market.lockTao) * TAO,
    hyperparameters: {
      tempo: cfg.tempo,
      weightsRateLimit: 1,
      yuma3Enabled: cfg.yuma3,
      liquidAlphaEnabled: cfg.liquidAlpha,
      commitRevealWeightsEnabled: cfg.commitReveal,
      commitRevealPeriod: cfg.commitRevealPeriod,
      kappa: toU16(cfg.kappa),
      bondsMovingAverage: BigInt(cfg.bondsMovingAverage),
      bondsPenalty: toU16(cfg.bondsPenalty),
      alphaLow: toU16(cfg.alphaLow),
      alphaHigh: toU16(cfg.alphaHigh),
      immunityPeriod: 1_000_000,
      maxAllowedValidators: Math.max(1, cfg.validators.length + 1),
    },
    network: {
      others: cfg.market.subnets > 1 ? [{ count: cfg.market.subnets - 1, price: cfg.market.price }] : [],
      rootTao: BigInt(cfg.market.rootTao) * TAO,
      established: cfg.market.established,
    },
  });
  const owner = keyring.addFromUri(`//sim/${cfg.seed}/owner`);
  chain.fund(owner.address, 100_000n * TAO + BigInt(cfg.market.lockTao) * TAO);
  const net = await chain.registerNetwork(owner, owner.address);
  if (!net.ok) throw new Error(net.message);
  const netuid = net.value.netuid;
  const started = await chain.startCall(owner, netuid);
  if (!started.ok) throw new Error(started.message);
  const parts = cfg.split ? splitParts(cfg.split) : null;
  if (cfg.mechanisms > 1) {
    // the chain allows max allowed uids × mechanisms ≤ 256: the owner lowers it first
    for (const r of [
      await chain.setHyperparameter(owner, netuid, "maxAllowedUids", Math.floor(256 / cfg.mechanisms)),
      await chain.setMechanismCount(owner, netuid, cfg.mechanisms),
      ...(parts ? [await chain.setMechanismEmissionSplit(owner, netuid, parts)] : []),
    ])
      if (!r.ok) throw new Error(`setting ${cfg.mechanisms} mechanisms: ${r.error}: ${r.message}`);
  }
  const people: Participant[] = [];
  const byUid = new Map<number, Participant>();
  const parents = new Map<string, KeyringPair>();
  const join = async (role: "miner" | "validator", profile: string, index: number, epoch: number, stake = 0) => {
    // the key of //sim/<seed>/<role>/<profile>/<index>, derived from its parent's (the whole path costs ~10× more per key)
    const parentUri = `//sim/${cfg.seed}/${role}/${profile}`;
    const parent = parents.get(parentUri) ?? parents.set(parentUri, keyring.addFromUri(parentUri)).get(parentUri)!;
    const key = withAddress(parent.derive(`/${index}`));
    chain.fund(key.address, 1_000_000n * TAO);
    const r = await chain.burnedRegister(key, netuid, key.address);
    if (!r.ok) throw new Error(`registering ${role} ${profile}: ${r.message}`);
    if (stake > 0) {
      // TAO to rao: exact for whole TAO, rounded to the rao for fractions (stake ≤ 900,000 TAO, so stake·10^9 < 2^53)
      const staked = await chain.addStake(key, key.address, netuid, BigInt(Math.round(stake * 1e9)));
      if (!staked.ok) throw new Error(`staking ${stake} TAO for ${role} ${profile}: ${staked.message}`);
    }
    // a miner announces an axon, as a deployed one does; the in-process transport reaches it by uid
    if (role === "miner") await chain.serveAxon(key, netuid, { ip: "10.0.0.1", port: 8091, ipType: 4, protocol: 4, version: 0 });
    const p: Participant = { key, address: key.address, uid: r.value.uid, role, profile, joinEpoch: epoch };
    people.push(p);
    byUid.set(p.uid, p);
  };
  for (const [i, v] of cfg.validators.entries()) await join("validator", v.profile, i, 0, v.stake);
  for (const [profile, count] of Object.entries(cfg.miners)) for (let i = 0; i < (count ?? 0); i++) await join("miner", profile, i, 0);

  const host = new ScoringHost({ timeoutMs: 30_000, workers });
  const miner = new KitDriver(kit, { secret: "miner side", scoringHost: host });
  let lastAnswers = new Map<number, Res>();
  const memories = new Map<number, Map<string, unknown>>();
  /** This epoch's honest answers by uid: the one given to the last validator (in uid order) that asked. */
  let answers = new Map<number, { validatorUid: number; body: Res }>();
  let epochNow = 0;
  // the miners share this machine: at most one answer per core is being worked out at a time
  const slot = slots(availableParallelism());
  // the miner side: a uid's behaviour answers with the kit's reference miner at hand
  const deliver = (v: Participant, mecid: number) => async (uid: number, request: Req) => {
    const p = byUid.get(uid)!;
    const random = answerRandom(epochNow, v.uid, uid, mecid);
    const latencyMs = 100 + random.int(400);
    const honest = async (): Promise<Res> => miner.serve(request, { caller: v.address, timeoutMs: 12_000 });
    const memory = memories.get(uid) ?? memories.set(uid, new Map()).get(uid)!;
    const answer = await slot(() => behaviours.get(p.profile)!.answer({ request, uid, random, honest, previous: lastAnswers, memory }));
    const body = answer.response;
    if (p.profile === "honest" && body !== null && (answers.get(uid)?.validatorUid ?? -1) < v.uid) answers.set(uid, { validatorUid: v.uid, body });
    return { body, latencyMs: latencyMs + (answer.extraLatencyMs ?? 0) };
  };
  const validators: Array<{ v: Participant; mecid: number; runtime: ValidatorRuntime<Req, Res, E>; tally: ValidatorTally }> = [];
  const mechanismTotals = Array.from({ length: cfg.mechanisms }, () => ({ emission: 0n, profiles: Object.create(null) as Record<string, bigint> }));
  const earned = new Map<number, bigint>();
  const epochs: SimulationResult["epochs"] = [];
  const pricePath: SimulationEconomy["pricePath"] = [];
  const pricePoint = async (epoch: number) => {
    const e = chain.economy().subnets.find((x) => x.netuid === netuid)!;
    pricePath.push({ epoch, block: await chain.bestBlock(), price: e.price, movingPrice: e.movingPrice, ownerCut: e.ownerCut.toString() });
  };
  let economy: DevSubnetEconomy | undefined;
  const joined: SimulationResult["joins"] = cfg.joins.map((j) => ({ ...j, uids: [], emission: [] }));

  // the runtimes (and through their drivers the kit), the miner and the chain close on every way out, errors included
  let finalOut: SimulationResult["lastEpoch"];
  let emission: ReturnType<DevChain["emission"]>;
  try {
    for (const v of people.filter((p) => p.role === "validator")) {
      if (v.profile === "offline") continue;
      for (let mecid = 0; mecid < cfg.mechanisms; mecid++) {
        const runtime = await ValidatorRuntime.start({
          chain,
          netuid,
          ...(mecid > 0 && { mecid }),
          hotkey: v.key,
          kit,
          secret: mecid === 0 ? `validator ${v.uid} ${cfg.seed}` : `validator ${v.uid} ${cfg.seed} mechanism ${mecid}`,
          stateStore: memoryStateStore(),
          transport: inProcessTransport(deliver(v, mecid)),
          weightsSource: v.profile === "weightCopier" || v.profile === "cabal" ? dishonestWeights(v.profile, people) : undefined,
          alpha: cfg.alpha,
          scoringHost: host,
          sampleSize: cfg.sampleSize,
        });
        validators.push({ v, mecid, runtime, tally: { set: 0, committed: 0, revealed: 0, refused: 0, queried: 0, answered: 0 } });
      }
    }
    // first epoch: stake sets the permits
    await chain.advance(cfg.tempo);
    await pricePoint(-1);
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      for (const [k, j] of cfg.joins.entries())
        if (j.epoch === epoch) {
          const before = people.length;
          for (let i = 0; i < j.count; i++) await join("miner", j.profile, 1000 + epoch * 100 + i, epoch);
          joined[k]!.uids = people.slice(before).map((p) => p.uid);
        }
      epochNow = epoch;
      answers = new Map();
      // the miners answer one validator after another; verify, scoring and weights run together
      const finishes: Array<() => Promise<RoundReport>> = [];
      for (const { runtime } of validators) finishes.push(await runtime.beginRound());
      const settled = await Promise.allSettled(finishes.map((finish) => finish()));
      for (const [i, s] of settled.entries()) {
        if (s.status === "rejected") throw s.reason;
        const { tally } = validators[i]!;
        tally.revealed += s.value.revealed;
        tally.queried += s.value.queried;
        tally.answered += s.value.answered;
        if (s.value.weights === "set") tally.set++;
        else if (s.value.weights === "committed") tally.committed++;
        else if (s.value.weights !== "none") tally.refused++;
      }
      lastAnswers = new Map([...answers].sort((a, b) => a[0] - b[0]).map(([uid, a]) => [uid, a.body]));
      await chain.advance(cfg.tempo);
      const emission = chain.lastEpochArrays(netuid)!.output.emission;
      // prototype-free: a profile is named by the config, and no name may reach Object.prototype
      const perProfile: Record<string, bigint> = Object.create(null);
      for (const p of people) {
        const e = emission[p.uid] ?? 0n;
        earned.set(p.uid, (earned.get(p.uid) ?? 0n) + e);
        const name = `${p.role}:${p.profile}`;
        perProfile[name] = (perProfile[name] ?? 0n) + e;
      }
      for (const g of joined) if (g.epoch <= epoch) g.emission.push(g.uids.reduce((a, u) => a + (emission[u] ?? 0n), 0n).toString());
      const entry: SimulationResult["epochs"][number] = {
        epoch,
        block: await chain.bestBlock(),
        emission: Object.fromEntries(Object.entries(perProfile).map(([k, v]) => [k, v.toString()])),
      };
      const split = chain.lastMechanismEpochs(netuid);
      if (cfg.mechanisms > 1 && split) {
        entry.mechanisms = split.mechanisms.map((m) => m.emission.toString());
        for (const m of split.mechanisms) {
          const t = mechanismTotals[m.mecid]!;
          t.emission += m.emission;
          for (const p of people) {
            const name = `${p.role}:${p.profile}`;
            t.profiles[name] = (t.profiles[name] ?? 0n) + (m.output.serverEmission[p.uid] ?? 0n) + (m.output.validatorEmission[p.uid] ?? 0n);
          }
        }
      }
      epochs.push(entry);
      await pricePoint(epoch);
      onEpoch?.(epoch + 1, cfg.epochs);
    }
    const out = chain.lastEpochArrays(netuid)!.output;
    finalOut = { consensus: Array.from(out.consensus), incentive: Array.from(out.incentive), dividends: Array.from(out.dividends) };
    emission = chain.emission();
    economy = chain.economy().subnets.find((x) => x.netuid === netuid)!;
  } finally {
    for (const { runtime } of validators) await runtime.stop();
    await miner.close();
    await chain.close();
  }

  const eco = economy!;
  const finalPrice = eco.price;
  /** Alpha's TAO value at the final spot price (rao). */
  const inTao = (alpha: bigint) => BigInt(Math.floor(Number(alpha) * finalPrice)).toString();
  const lock = BigInt(cfg.market.lockTao) * TAO;
  const totals = { miner: 0n, validator: 0n };
  for (const p of people) totals[p.role] += earned.get(p.uid) ?? 0n;
  const profiles: SimulationResult["profiles"] = Object.create(null);
  for (const p of people) {
    const name = `${p.role}:${p.profile}`;
    const description =
      p.role === "miner"
        ? behaviours.get(p.profile)!.description
        : ((Object.hasOwn(VALIDATOR_PROFILES, p.profile) ? VALIDATOR_PROFILES[p.profile] : undefined) ?? p.profile);
    const e = profiles[name] ?? { role: p.role, description, uids: [], emission: "0", alpha: "0", tao: "0", share: 0 };
    e.uids.push(p.uid);
    e.emission = (BigInt(e.emission) + (earned.get(p.uid) ?? 0n)).toString();
    e.alpha = e.emission;
    e.tao = inTao(BigInt(e.alpha));
    profiles[name] = e;
  }
  for (const e of Object.values(profiles)) {
    const total = totals[e.role];
    e.share = total === 0n ? 0 : Number((BigInt(e.emission) * 1_000_000n) / total) / 1_000_000;
  }
  const warnings: string[] = [];
  if (emission.blockEmission === 0n)
    warnings.push(
      `block emission is 0: the devnet's issuance (${emission.issuance} rao) has reached the 21M TAO cap, so no TAO is minted and the pool gets none (the subnet's alpha is still minted and paid); set issuance below 21000000000000000`,
    );
  // "my subnet's price starts at X": the validators' stakes buy alpha from the pool first, and a shallow pool's price moves far from X
  const start = pricePath[0]?.price;
  if (config.market?.price !== undefined && start !== undefined && (start > 1.5 * cfg.market.price || start < cfg.market.price / 1.5)) {
    const staked = cfg.validators.reduce((a, v) => a + v.stake, 0);
    warnings.push(
      `the validators' stakes (${staked} TAO) swapped into the subnet's ${cfg.market.lockTao}-TAO pool moved its price from market.price ${cfg.market.price} to ${start.toPrecision(4)} TAO per alpha before epoch 0, so these results are for ${start.toPrecision(4)}; raise market.lockTao (the pool's TAO) to keep the price near ${cfg.market.price}`,
    );
  }
  if (eco.alphaEmitted === 0n && cfg.epochs > 0)
    warnings.push(
      `the subnet minted no alpha: its pool's alpha (market.lockTao / market.price = ${Math.round(cfg.market.lockTao / cfg.market.price)}) is at or past the subnet's own 21M alpha cap; lower lockTao or raise price`,
    );
  return {
    config: cfg,
    profiles,
    epochs,
    uids: people.map((p) => {
      const alpha = earned.get(p.uid) ?? 0n;
      return { uid: p.uid, role: p.role, profile: p.profile, emission: alpha.toString(), alpha: alpha.toString(), tao: inTao(alpha) };
    }),
    economy: {
      netuid,
      market: cfg.market,
      pricePath,
      finalPrice,
      taoInjected: eco.taoInjected.toString(),
      alphaEmitted: eco.alphaEmitted.toString(),
      ownerCut: { alpha: eco.ownerCut.toString(), tao: inTao(eco.ownerCut) },
      incentiveWithheld: eco.incentiveWithheld.toString(),
      registrationCost: { lock: lock.toString(), burns: (eco.registrationTao - lock).toString(), total: eco.registrationTao.toString() },
    },
    lastEpoch: finalOut,
    joins: joined,
    validators: validators.map(({ v, mecid, tally }) => ({ uid: v.uid, profile: v.profile, ...(cfg.mechanisms > 1 && { mecid }), ...tally })),
    ...(cfg.mechanisms > 1 && {
      mechanisms: mechanismTotals.map((t, mecid) => ({
        mecid,
        part: parts ? parts[mecid]! : evenPart(mecid, cfg.mechanisms),
        emission: t.emission.toString(),
        profiles: Object.fromEntries(Object.entries(t.profiles).map(([k, v]) => [k, v.toString()])),
      })),
    }),
    emission: { issuance: emission.issuance.toString(), blockEmission: emission.blockEmission.toString(), endowed: emission.endowed.toString() },
    warnings,
  };
}
