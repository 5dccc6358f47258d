/**
 * `DevChain`: an in-process Bittensor chain for development and simulation, implementing the same
 * `Chain` interface as the real client. Subnets, burned registration (spec 425's burn price and
 * pruning, registration.ts), stake, weights with the chain's checks, rate limits and error names,
 * commit-reveal (on by default, as the chain's; hash and timelocked commits), epochs computed by the WASM core (`runEpochArrays` on typed
 * arrays built from the state, bit-exact with the chain). Blocks advance on demand (`advance`) or
 * on a timer; the whole state saves to and loads from a JSON file, and any epoch's input can be
 * exported as EpochInput.
 *
 * Dynamic TAO (issue #17): every block runs the core's `coinbaseStepArrays` over the whole network
 * (economy.ts): the devnet's subnets and the configured rest of the network. Each subnet has a
 * pool (seeded with the lock at registration, the median price; nothing staked to the owner);
 * emission waits for `startCall`; the epoch schedule (LastEpochBlock, MaxEpochsPerBlock), pending
 * emission, owner cut and the distribution are the chain's. Stake is alpha: `addStake` and
 * `removeStake` swap through the pool with its fee and an optional price limit; the registration
 * burn is swapped into the pool and its alpha burned. The epoch supplies each uid's emission
 * shares (its serverShare and validatorShare, I32F32).
 *
 * Simplifications (documented, deliberate): no root stake per hotkey (root TAO is one number,
 * `network.rootTao`), so root alpha dividends are counted but claimed by nobody; an emission gain
 * is credited to the hotkey's own coldkey (no nominator share pools); no block author (swap fees
 * to the author are burned, as the chain does without one); a pruned uid's stake goes with it (the
 * chain keeps it on the hotkey); a new subnet's SubnetEmissionEnabled is on (spec 425 registers it
 * off until root turns it on).
 *
 * Issuance: `issuance` is what block emission reads, as subtensor's `TotalIssuance` is: the genesis
 * `issuance` option, plus every block's emission, less what the coinbase recycles and the swap fees
 * burned. Genesis balances, the faucet (`fund`) and the rest of the network's pools and root TAO
 * are endowments, counted apart in `endowed` (so issuance + endowed = balances + every pool's TAO
 * + root TAO, block after block): a localnet's genesis balances stay out of subtensor's `TotalIssuance` the same way,
 * so the schedule starts at 0 issuance however many accounts are funded, and block emission follows
 * the halving curve whatever the number of participants. `emission()` reports both and the block
 * emission; 0 means the 21M TAO cap is reached: no TAO is minted (the subnets still mint their alpha). Every amount the devnet holds
 * comes from `endowed` or `issuance`, and their sum is kept within a u64 (the faucet refuses more),
 * so no balance, stake or emission can overflow the chain's u64.
 *
 * Hostile input: every call's parameters are checked first (`params.ts`: a ChainError
 * INVALID_ARGUMENT naming the parameter), accounts are canonical (any SS58 prefix or hex is one
 * account), hyperparameters are checked as subtensor's AdminUtils checks them, owner or root
 * (`hyperparameters.ts`; `sudoSetHyperparameter` signs as root with the devnet's sudo key,
 * //Alice as on a localnet), and the block loop survives a failing step: the error is logged once
 * (bounded), counted in `faults()`, that subnet's epoch is skipped, and the next block comes.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { blake2AsHex } from "@polkadot/util-crypto";
import {
  blockEmission,
  CB_NEURON,
  CB_OUT_NEURON,
  CB_OUT_SUBNET,
  COINBASE_EPOCH,
  COINBASE_NEURON,
  COINBASE_NEURON_FLAGS,
  COINBASE_OUT_NEURON,
  COINBASE_OUT_SUBNET,
  type CoinbaseComputedArrays,
  EPOCH_NO_COMMIT,
  type EpochInput,
  type EpochInputArrays,
  type EpochOutput,
  type EpochOutputArrays,
  fromEpochInputArrays,
  fromEpochOutputArrays,
  MAX_PRICE_LIMIT,
  MIN_PRICE_LIMIT,
  runEpochArrays,
  type SwapError,
  swapAlphaForTao,
  swapTaoForAlpha,
  TOTAL_SUPPLY,
} from "@tao-subnet/core";
import { commitHash } from "../commitHash.js";
import { ChainError, ChainErrorCode, subnetNotFound } from "../errors.js";
import { mechanismStorageIndex } from "../mechanisms.js";
import type { DrandBeacon } from "../timelock/drand.js";
import type {
  AxonInfo,
  Chain,
  Hex,
  MechanismOptions,
  Metagraph,
  SettableHyperparameters,
  Signer,
  StakeOptions,
  SubnetHyperparameters,
  SubnetMechanisms,
  TimelockedCommit,
  TimelockedCommitOptions,
  TxResult,
} from "../types.js";
import { DevEconomy, type DevNetworkOptions, type DueNeurons } from "./economy.js";
import { checkHyperparameters, DEV_BURN_HALF_LIFE, DEV_BURN_INCREASE_MULT, settable, settableValue } from "./hyperparameters.js";
import {
  applyEmissionSplit,
  applyMechanismCount,
  bondsOf,
  checkEmissionSplit,
  checkMechanismCount,
  DEFAULT_MAX_MECHANISM_COUNT,
  drainedRao,
  incentiveOf,
  lastUpdateOf,
  type MechanismEpoch,
  mechanismCount,
  noShares,
  persistMechanismEpochs,
  resetUid,
  runMechanismEpochs,
  setLastUpdate,
  setWeightsRow,
  weightsOf,
} from "./mechanisms.js";
import { account, canonicalAddress, checkParams, invalidParam, shown, U64_MAX } from "./params.js";
import { bumpedBurn, decayedBurn, neuronToPrune } from "./registration.js";
import { EMPTY_ROW, matrixToRows, rowsToMatrix, rowToPairs } from "./rows.js";
import { type DevNeuron, type DevState, type DevSubnet, emptyTotals, stateFromJson, stateToJson } from "./state.js";
import type { LocalBeacon } from "./timelocked.js";
import { maxUpscaleToU16, maxWeightLimited } from "./upscale.js";

const TAO = 1_000_000_000n;
/** Delegates' default take (u16, 11,796 ≈ 18 %), as the coinbase's neuron word. */
const TAKE_WORD = 11_796n;
/** The coinbase's neuron flag for a hotkey of the subnet owner. */
const OWNED_WORD = BigInt(COINBASE_NEURON_FLAGS.ownedBySubnetOwner);
/** //Alice's account: the devnet's default sudo key, as on a subtensor localnet. */
export const DEV_SUDO_ADDRESS = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
/** NetworkLockReductionInterval: the runtime's 14 × 7,200 blocks. */
const LOCK_REDUCTION_INTERVAL = 100_800n;
/** Distinct faults the block loop logs before it only counts them. */
const MAX_LOGGED_FAULTS = 20;

/** Adds alpha to a neuron's stake, owned by `coldkey`. */
function addStakeOf(x: DevNeuron, coldkey: string, alpha: bigint): void {
  x.stake += alpha;
  x.stakes.set(coldkey, (x.stakes.get(coldkey) ?? 0n) + alpha);
}

/** The chain's error name for a swap the pool refused. */
const SWAP_ERROR_NAMES: Record<Exclude<SwapError, "ok">, string> = {
  "price-limit": "SlippageTooHigh",
  "insufficient-liquidity": "InsufficientLiquidity",
  "reserves-too-low": "InsufficientLiquidity",
  "input-too-large": "InsufficientLiquidity",
};

/**
 * Hyperparameters of a new devnet subnet: the chain's defaults (commit-reveal on with a reveal
 * period of 1 epoch, bonds moving average 900,000, burn half-life 360 blocks and increase ×1.26,
 * one owner-immune uid, 10 non-immune uids kept), except a short tempo for quick iteration, the
 * devnet's burn range (1 TAO, 0.5..100 TAO), and Yuma 3 on: the chain's default is off, but subnets
 * turn it on, and the simulations' defence against weight copiers is Yuma 3's bonds. Set
 * `yuma3Enabled: false` for the chain's default.
 */
export const DEV_DEFAULT_HYPERPARAMETERS: SubnetHyperparameters = {
  tempo: 100,
  kappa: 32767,
  immunityPeriod: 5000,
  minAllowedWeights: 1,
  maxWeightLimit: 65535,
  weightsRateLimit: 100,
  weightsVersion: 0n,
  activityCutoff: 5000,
  maxAllowedUids: 256,
  maxAllowedValidators: 64,
  bondsMovingAverage: 900_000n,
  bondsPenalty: 65535,
  commitRevealWeightsEnabled: true,
  commitRevealPeriod: 1,
  liquidAlphaEnabled: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  yuma3Enabled: true,
  registrationAllowed: true,
  burn: 1n * TAO,
  minBurn: 500_000_000n,
  maxBurn: 100n * TAO,
  stakeThreshold: 0n,
  burnHalfLife: DEV_BURN_HALF_LIFE,
  burnIncreaseMult: DEV_BURN_INCREASE_MULT,
  immuneOwnerUidsLimit: 1,
  minNonImmuneUids: 10,
};

export interface DevChainOptions {
  /** Seeds block hashes (default "tao-subnet devnet"). */
  seed?: string;
  /** Initial balances by ss58 address (rao). */
  balances?: Record<string, bigint>;
  /** Total issuance at genesis (rao; default 0, the start of the curve). */
  issuance?: bigint;
  /** Overrides of DEV_DEFAULT_HYPERPARAMETERS for new subnets. */
  hyperparameters?: Partial<SubnetHyperparameters>;
  /**
   * The minimum lock of `registerNetwork` (NetworkMinLockCost; default 100 TAO): the first lock, and
   * the floor of the lock cost, which doubles with each registration and falls back linearly over
   * NetworkLockReductionInterval blocks (`networkLockCost()`).
   */
  networkLockCost?: bigint;
  /** Maximum number of subnets (default 32). */
  maxSubnets?: number;
  /** How many past epochs' inputs each subnet keeps for `exportEpoch` (default 100; not saved to the state file). */
  keepEpochInputs?: number;
  /** Seed of a local drand-like beacon: with one, the devnet takes timelocked commits and reveals them (`timelocked.ts`). */
  beacon?: string;
  /** The rest of the network and the chain-wide economics (economy.ts: DEV_DEFAULT_NETWORK). Genesis only: a loaded state keeps its own. */
  network?: DevNetworkOptions;
  /** Blocks after registration before `startCall` is allowed (StartCallDelay; default 0, the runtime's). */
  startCallDelay?: number;
  /** The account `sudoSetHyperparameter` accepts as root (default //Alice, as on a localnet). */
  sudo?: string;
  /** Where the block loop reports a failed step (default stderr); each distinct fault once, at most 20, each line bounded. */
  log?: (line: string) => void;
  /** MaxMechanismCount: the most mechanisms an owner may set (default 2, the chain's; root may raise it to 16). */
  maxMechanismCount?: number;
}

/** A subnet's economy as `DevChain.economy()` reports it (rao and alpha rao; prices TAO per alpha). */
export interface DevSubnetEconomy {
  netuid: number;
  /** Spot price of the pool and the moving price the emission shares read. */
  price: number;
  movingPrice: number;
  subnetTao: bigint;
  alphaIn: bigint;
  alphaOut: bigint;
  /** null until `startCall`. */
  firstEmissionBlock: number | null;
  /** Since registration: TAO injected into the pool (taoIn + the chain's buys), alpha minted for participants, the owner's cut (alpha), incentive to the owner's hotkeys withheld (alpha), TAO spent by registrations. */
  taoInjected: bigint;
  alphaEmitted: bigint;
  ownerCut: bigint;
  incentiveWithheld: bigint;
  registrationTao: bigint;
}

/** The block loop's failed steps (`DevChain.faults()`). */
export interface DevFaults {
  /** Steps that failed since start (an epoch skipped, a listener that threw). */
  count: number;
  /** The last one, bounded to 300 characters; null when none. */
  last: string | null;
}

/** The devnet's emission accounting (`DevChain.emission()`). */
export interface DevEmission {
  /** Issuance on the emission schedule (rao): what block emission reads. */
  issuance: bigint;
  /** Rao given by genesis balances and the faucet: outside the schedule, never counted in `issuance`. */
  endowed: bigint;
  /** Block emission at `issuance` (rao per block): 0 from the 21M TAO cap on (no TAO minted; the subnets still mint their alpha). */
  blockEmission: bigint;
}

type Ok<T> = Extract<TxResult<T>, { ok: true }>;
type Timelock = { m: typeof import("./timelocked.js"); beacon: LocalBeacon };

export class DevChain implements Chain {
  readonly kind = "dev" as const;
  readonly endpoint = "devnet";
  private state: DevState;
  private readonly options: Required<Pick<DevChainOptions, "networkLockCost" | "maxSubnets">> & DevChainOptions;
  private readonly listeners = new Set<(block: number, hash: Hex) => void>();
  private timer: NodeJS.Timeout | null = null;
  /** The last epoch's input and output per subnet, as typed arrays, and as JSON once asked for (`lastEpoch`). */
  private readonly epochs = new Map<
    number,
    { input: EpochInputArrays; output: EpochOutputArrays; block: number; json?: { input: EpochInput; output: EpochOutput; block: number } }
  >();
  /** Neurons by hotkey per subnet (dropped when a registration changes the subnet; `load` gives new subnet objects). */
  private readonly hotkeyIndex = new WeakMap<DevSubnet, Map<string, DevNeuron>>();
  /** `applyWeights`' duplicate check: `marks[uid] === mark` once the uid was seen in the current call. */
  private marks = new Uint32Array(256);
  private mark = 0;
  /** A subnet's last epoch with several mechanisms: each mechanism's input, output and part of the alpha. */
  private readonly mechanismEpochs = new Map<number, { block: number; epochs: MechanismEpoch[] }>();
  /** Past epochs' inputs per subnet, oldest first (for `exportEpoch`). */
  private readonly epochHistory = new Map<number, Array<{ epoch: number; block: number; input: EpochInputArrays }>>();
  /** Hyperparameters of new subnets (defaults and options, checked once). */
  private readonly newSubnetHyperparameters: SubnetHyperparameters;
  private readonly sudo: string;
  private readonly faultLog = { count: 0, last: null as string | null, logged: new Set<string>() };
  /**
   * The local beacon (`options.beacon`) and its module, loaded on first use (@noble/curves'
   * BLS12-381 takes about 0.4 s to import, which a devnet without a beacon never pays).
   */
  private timelock: Promise<Timelock> | null = null;
  private loadedTimelock: Timelock | null = null;

  constructor(options: DevChainOptions = {}) {
    this.options = { networkLockCost: 100n * TAO, maxSubnets: 32, ...options };
    const tempo = options.hyperparameters?.tempo;
    if (tempo !== undefined && !(Number.isInteger(tempo) && tempo >= 0 && tempo <= 65535))
      throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `hyperparameters.tempo: expected a u16 (0..65535), the chain's Tempo, got ${String(tempo)}`);
    const issuance = options.issuance ?? 0n;
    if (typeof issuance !== "bigint" || issuance < 0n || issuance > U64_MAX)
      throw invalidParam("issuance", `expected rao as a bigint 0..2^64-1 (the cap, 21M TAO, is ${TOTAL_SUPPLY}n), got ${shown(issuance)}`);
    const seed = options.seed ?? "tao-subnet devnet";
    if (typeof seed !== "string" || seed.length > 1024) throw invalidParam("seed", `expected a string of at most 1024 characters, got ${shown(seed)}`);
    const o = this.options;
    if (typeof o.networkLockCost !== "bigint" || o.networkLockCost < 0n || o.networkLockCost > U64_MAX)
      throw invalidParam("networkLockCost", `expected rao as a bigint 0..2^64-1, got ${shown(o.networkLockCost)}`);
    if (!Number.isInteger(o.maxSubnets) || o.maxSubnets < 1 || o.maxSubnets > 65535)
      throw invalidParam("maxSubnets", `expected an integer 1..65535, got ${shown(o.maxSubnets)}`);
    if (o.keepEpochInputs !== undefined && (!Number.isInteger(o.keepEpochInputs) || o.keepEpochInputs < 0 || o.keepEpochInputs > 10_000))
      throw invalidParam("keepEpochInputs", `expected an integer 0..10000, got ${shown(o.keepEpochInputs)}`);
    this.newSubnetHyperparameters = checkHyperparameters({ ...DEV_DEFAULT_HYPERPARAMETERS, ...options.hyperparameters }, "hyperparameters");
    const sudo = canonicalAddress(typeof options.sudo === "string" ? options.sudo : DEV_SUDO_ADDRESS);
    if (sudo === null) throw invalidParam("sudo", `expected an SS58 address or 0x account id, got ${shown(options.sudo)}`);
    this.sudo = sudo;
    const balances = new Map<string, bigint>();
    let endowed = 0n;
    for (const [address, amount] of Object.entries(options.balances ?? {})) {
      const who = canonicalAddress(address);
      if (who === null) throw invalidParam(`balances.${address.slice(0, 66)}`, "expected an SS58 address or the 0x hex of a 32-byte account id");
      if (typeof amount !== "bigint" || amount < 0n || amount > U64_MAX)
        throw invalidParam(`balances.${address}`, `expected rao as a bigint 0..2^64-1, got ${shown(amount)}`);
      balances.set(who, (balances.get(who) ?? 0n) + amount);
      endowed += amount;
    }
    if (endowed + issuance > U64_MAX) throw invalidParam("balances", `genesis balances and issuance add up to ${endowed + issuance} rao, above 2^64-1`);
    const economy = DevEconomy.genesis(options.network ?? {}, 0, issuance);
    // the rest of the network's TAO (its pools, root) is an endowment, like genesis balances
    endowed += economy.headerWord("totalStake");
    this.state = { seed, block: 0, issuance, endowed, balances, subnets: [], nonces: new Map(), economy };
  }

  // ---- blocks ----

  async bestBlock(): Promise<number> {
    return this.state.block;
  }
  async blockHash(block?: number): Promise<Hex> {
    const [b] = checkParams("blockHash", [block]);
    return this.hashOf(b ?? this.state.block);
  }
  private hashOf(block: number): Hex {
    return blake2AsHex(`${this.state.seed}:${block}`, 256) as Hex;
  }
  /** The devnet's genesis hash (block 0's): signed transactions name it, so a signature is good on this devnet only. */
  genesisHash(): Hex {
    return this.hashOf(0);
  }
  /**
   * Accepts a transaction nonce for `account` (canonical) when it is above the last one accepted,
   * and records it (saved with the state, so a transaction never replays after a restart).
   */
  acceptNonce(account: string, nonce: number): boolean {
    const last = this.state.nonces.get(account);
    if (last !== undefined && nonce <= last) return false;
    this.state.nonces.set(account, nonce);
    return true;
  }
  /** The last nonce accepted for an account (any encoding), or null. */
  lastNonce(address: string): number | null {
    return this.state.nonces.get(canonicalAddress(address) ?? address) ?? null;
  }
  async subscribeBlocks(onBlock: (block: number, hash: Hex) => void): Promise<() => void> {
    this.listeners.add(onBlock);
    return () => void this.listeners.delete(onBlock);
  }
  async waitForBlock(block: number): Promise<void> {
    checkParams("dev_waitBlockAfter", [block]);
    if (this.state.block >= block) return;
    await new Promise<void>((resolve) => {
      const off = (b: number) => {
        if (b >= block) {
          this.listeners.delete(off);
          resolve();
        }
      };
      this.listeners.add(off);
    });
  }

  /**
   * Produces `n` blocks (0..100,000 a call): emission accrues every block, epochs run when their tempo is due. A step
   * that fails (an epoch, a listener) is logged and counted (`faults()`), and the blocks go on.
   */
  async advance(n = 1): Promise<number> {
    checkParams("dev_advance", [n]);
    // timelocked commits to reveal (from a loaded state file too): the beacon's module first
    if (!this.loadedTimelock && this.state.subnets.some((s) => s.timelocked?.length)) await this.timelocked();
    for (let i = 0; i < n; i++) {
      this.state.block += 1;
      const block = this.state.block;
      this.blockStep(block);
      if (this.listeners.size === 0) continue;
      const hash = this.hashOf(block);
      for (const l of [...this.listeners]) {
        try {
          l(block, hash);
        } catch (e) {
          this.fault(`block ${block}: a block listener threw`, e);
        }
      }
    }
    return this.state.block;
  }

  /** Advances one block every `ms` milliseconds until `stop()`. */
  start(ms: number): void {
    this.stop();
    this.timer = setInterval(() => void this.advance(1).catch((e: unknown) => this.fault("the block timer", e)), ms);
    this.timer.unref();
  }

  /** The block loop's failed steps so far (see `advance`). */
  faults(): DevFaults {
    return { count: this.faultLog.count, last: this.faultLog.last };
  }

  /** Records a failed step: counted always, logged once per distinct message (at most 20), bounded. */
  private fault(where: string, e: unknown): void {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const line = `devnet: ${where} failed and was skipped (${message.length > 300 ? `${message.slice(0, 300)}…` : message})`;
    const f = this.faultLog;
    f.count += 1;
    f.last = line;
    const key = `${where.replace(/\d+/g, "#")}|${message.slice(0, 300)}`;
    if (f.logged.has(key) || f.logged.size >= MAX_LOGGED_FAULTS) return;
    f.logged.add(key);
    try {
      (this.options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
    } catch {
      // a log sink that throws must not stop the block loop either
    }
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One block: the epochs that come due run first (their shares feed the distribution), then the
   * core's coinbase step over the whole network, then the distribution is written back.
   */
  private blockStep(block: number): void {
    // registration prices first, as the chain's block_step
    for (const s of this.state.subnets) {
      const h = s.hyperparameters;
      h.burn = decayedBurn(h.burn, h.burnHalfLife ?? DEV_BURN_HALF_LIFE, h.minBurn, h.maxBurn, block);
    }
    const t = this.loadedTimelock;
    if (t) {
      try {
        for (const s of this.state.subnets)
          t.m.revealTimelocked(s, block, t.beacon, (hotkey, u, w, v, mecid) => this.applyWeights(s, hotkey, u, w, v, false, mecid));
      } catch (e) {
        this.fault(`block ${block}: timelocked reveals`, e);
      }
    }
    try {
      this.economyStep(block);
    } catch (e) {
      this.fault(`block ${block}: the coinbase`, e);
    }
  }

  /** The block's economy: due epochs, the core's coinbase step, the distribution written back. */
  private economyStep(block: number): void {
    const econ = this.state.economy;
    econ.setHeaderWord("totalIssuance", this.state.issuance);
    for (const s of this.state.subnets) econ.set(s.netuid, "tempo", BigInt(s.hyperparameters.tempo));
    const due = econ.dueAt(block);
    const runs: Array<{ s: DevSubnet; input: EpochInputArrays; output: EpochOutputArrays; due: DueNeurons; mechanisms?: MechanismEpoch[]; rao?: bigint }> = [];
    const several: Array<{ s: DevSubnet; due: DueNeurons }> = [];
    for (const s of this.state.subnets) {
      if (!due.has(s.netuid)) continue;
      if (mechanismCount(s) > 1) {
        several.push({ s, due: this.neuronRecords(s, noShares(s.neurons.length) as EpochOutputArrays) });
        continue;
      }
      // this epoch's index (the step increments it): commits expire by it
      const input = this.epochInputArrays(s, block, s.pendingEmission, s.epochIndex + 1);
      const output = runEpochArrays(input);
      runs.push({ s, input, output, due: this.neuronRecords(s, output) });
    }
    if (several.length > 0) {
      // several mechanisms: their epochs run on parts of the drained alpha (mechanisms.ts)
      const drained = drainedRao(econ, block, [...runs.map((r) => r.due), ...several.map((x) => x.due)]);
      for (const { s, due: records } of several) {
        const rao = drained.get(s.netuid)!;
        const epochs = runMechanismEpochs(s, rao, records.words, (mecid, part) => this.epochInputArrays(s, block, part, s.epochIndex + 1, mecid));
        // the subnet's record of the epoch: mechanism 0's output, its emissions the coinbase's (applyEpoch writes them)
        const n = s.neurons.length;
        const output = {
          ...epochs[0]!.output,
          emission: new BigUint64Array(n),
          serverEmission: new BigUint64Array(n),
          validatorEmission: new BigUint64Array(n),
        };
        runs.push({ s, input: epochs[0]!.input, output, due: records, mechanisms: epochs, rao });
      }
    }
    const computed = econ.step(
      block,
      runs.map((r) => r.due),
    );
    this.state.issuance = econ.headerWord("totalIssuance");
    const W = COINBASE_OUT_SUBNET.length;
    let injected = 0n;
    // the output's subnet records are in the state's record order
    for (let o = 0, end = econ.count * W; o < end; o += W)
      injected += computed.subnets[o + CB_OUT_SUBNET.taoIn]! + computed.subnets[o + CB_OUT_SUBNET.excessTao]!;
    econ.setHeaderWord("totalStake", econ.headerWord("totalStake") + injected);
    // neuron records of the output are in subnet record order
    const ordered = [...runs].sort((a, b) => econ.index(a.s.netuid) - econ.index(b.s.netuid));
    let first = 0;
    const firstOf = new Map<DevSubnet, number>();
    for (const r of ordered) {
      firstOf.set(r.s, first);
      first += r.s.neurons.length;
    }
    for (const s of this.state.subnets) {
      const o = econ.index(s.netuid) * W;
      const word = (f: keyof typeof CB_OUT_SUBNET) => computed.subnets[o + CB_OUT_SUBNET[f]]!;
      s.totals.taoInjected += word("taoIn") + word("excessTao");
      s.totals.alphaEmitted += word("alphaOut");
      const ran = word("epoch") === BigInt(COINBASE_EPOCH.ran);
      const run = runs.find((r) => r.s === s);
      if (ran !== (run !== undefined))
        throw new ChainError(
          ChainErrorCode.INVALID_ARGUMENT,
          `devnet internal: subnet ${s.netuid}'s epoch ${ran ? "ran" : "did not run"} in the coinbase at block ${block}, unlike the devnet's schedule`,
        );
      if (run) this.applyEpoch(s, block, run, computed, o, firstOf.get(s)!);
      if (run?.mechanisms) {
        run.input.raoEmission = run.mechanisms[0]!.emission;
        persistMechanismEpochs(s, run.mechanisms, run.rao!, (out) => matrixToRows(out.bonds));
        this.mechanismEpochs.set(s.netuid, { block, epochs: run.mechanisms });
      } else if (run) this.mechanismEpochs.delete(s.netuid);
      s.lastEpochBlock = Number(econ.get(s.netuid, "lastEpochBlock"));
      s.epochIndex = Number(econ.get(s.netuid, "epochIndex"));
      s.pendingEmission =
        econ.get(s.netuid, "pendingServerEmission") + econ.get(s.netuid, "pendingValidatorEmission") + econ.get(s.netuid, "pendingRootAlphaDivs");
    }
  }

  /** The coinbase's neuron records for a subnet whose epoch runs: stake, take, owner's hotkeys, and the epoch's I32F32 emission shares. */
  private neuronRecords(s: DevSubnet, out: EpochOutputArrays): DueNeurons {
    const n = s.neurons.length;
    const NW = COINBASE_NEURON.length;
    const words = new BigUint64Array(n * NW);
    // the I32F32 shares' bits as u64 words: the same bytes read unsigned (no BigInt.asUintN a uid)
    const server = new BigUint64Array(out.serverShare.buffer, out.serverShare.byteOffset, n);
    const validator = new BigUint64Array(out.validatorShare.buffer, out.validatorShare.byteOffset, n);
    const { alphaStake, take, flags, serverShare, validatorShare } = CB_NEURON;
    for (let i = 0; i < n; i++) {
      const x = s.neurons[i]!;
      const k = i * NW;
      words[k + alphaStake] = x.stake;
      words[k + take] = TAKE_WORD;
      if (x.coldkey === s.ownerColdkey || x.hotkey === s.ownerHotkey) words[k + flags] = OWNED_WORD;
      words[k + serverShare] = server[i]!;
      words[k + validatorShare] = validator[i]!;
    }
    return { netuid: s.netuid, words, ownerHotkeyUid: this.neuronOf(s, s.ownerHotkey)?.uid ?? null };
  }

  /** Writes an epoch and the coinbase's distribution back: outputs, stakes (gains to the hotkey's coldkey), per-uid alpha emission. */
  private applyEpoch(
    s: DevSubnet,
    block: number,
    run: { input: EpochInputArrays; output: EpochOutputArrays; due: DueNeurons },
    computed: CoinbaseComputedArrays,
    o: number,
    first: number,
  ): void {
    const out = run.output;
    const NW = COINBASE_NEURON.length;
    const ON = COINBASE_OUT_NEURON.length;
    const sub = (f: keyof typeof CB_OUT_SUBNET) => computed.subnets[o + CB_OUT_SUBNET[f]]!;
    s.totals.ownerCut += sub("ownerCutStaked");
    s.totals.incentiveWithheld += sub("incentiveWithheld");
    const paid = computed.neurons;
    const words = run.due.words;
    const { serverEmission, validatorEmission } = CB_OUT_NEURON;
    const alphaStake = CB_NEURON.alphaStake;
    const n = s.neurons.length;
    for (let i = 0; i < n; i++) {
      const x = s.neurons[i]!;
      const k = (first + i) * ON;
      const server = paid[k + serverEmission]!;
      const validator = paid[k + validatorEmission]!;
      const emission = server + validator;
      out.serverEmission[i] = server;
      out.validatorEmission[i] = validator;
      out.emission[i] = emission;
      x.validatorPermit = out.validatorPermit[i] === 1;
      x.consensus = out.consensus[i]!;
      x.incentive = out.incentive[i]!;
      x.dividends = out.dividends[i]!;
      x.validatorTrust = out.validatorTrust[i]!;
      x.emission = emission;
      const stake = words[i * NW + alphaStake]!;
      if (stake > x.stake) addStakeOf(x, x.coldkey, stake - x.stake);
    }
    run.input.raoEmission = sub("raoEmission");
    s.bonds = matrixToRows(out.bonds);
    s.lastMechanismStepBlock = block;
    this.epochs.set(s.netuid, { input: run.input, output: out, block });
    const past = this.epochHistory.get(s.netuid) ?? [];
    past.push({ epoch: s.epochIndex + 1, block, input: run.input });
    if (past.length > (this.options.keepEpochInputs ?? 100)) past.shift();
    this.epochHistory.set(s.netuid, past);
  }

  /** The EpochInput the chain would build for this subnet's next epoch, run at `block`. */
  epochInput(s: DevSubnet, block: number, raoEmission: bigint): EpochInput {
    return fromEpochInputArrays(this.epochInputArrays(s, block, raoEmission, s.epochIndex + 1));
  }

  /**
   * Per uid, the block of its hotkey's earliest commit, hash or timelocked, that has not expired at
   * epoch `epoch` (expired: epoch > the commit's epoch + the reveal period, as the chain's
   * is_commit_expired), or 2^64 − 1 for none: what the epoch's commit-reveal mask compares with
   * registrations (run_epoch.rs reads WeightCommits and TimelockedWeightCommits alike).
   */
  private commitBlocks(s: DevSubnet, epoch: number, mecid: number): BigUint64Array {
    const out = new BigUint64Array(s.neurons.length).fill(EPOCH_NO_COMMIT);
    if (!s.hyperparameters.commitRevealWeightsEnabled) return out;
    const period = s.hyperparameters.commitRevealPeriod;
    // the mechanism's own commits (they are kept under its storage index)
    const earliest = (c: { hotkey: string; block: number; epoch: number; mecid?: number }) => {
      if ((c.mecid ?? 0) !== mecid || epoch > c.epoch + period) return;
      const uid = this.neuronOf(s, c.hotkey)?.uid;
      if (uid !== undefined && BigInt(c.block) < out[uid]!) out[uid] = BigInt(c.block);
    };
    for (const c of s.commits) earliest(c);
    for (const c of s.timelocked ?? []) earliest(c);
    return out;
  }

  /** The same input as typed arrays (copies of the state: the epoch runs on these) for the subnet's epoch number `epoch`, of mechanism `mecid`. */
  private epochInputArrays(s: DevSubnet, block: number, raoEmission: bigint, epoch: number, mecid = 0): EpochInputArrays {
    const h = s.hyperparameters;
    const ownerUid = this.neuronOf(s, s.ownerHotkey)?.uid ?? null;
    const n = s.neurons.length;
    const stake = new BigUint64Array(n);
    const lastUpdate = new Float64Array(n);
    const blockAtRegistration = new Float64Array(n);
    const validatorPermit = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = s.neurons[i]!;
      stake[i] = x.stake;
      lastUpdate[i] = lastUpdateOf(s, mecid, i);
      blockAtRegistration[i] = x.blockAtRegistration;
      validatorPermit[i] = x.validatorPermit ? 1 : 0;
    }
    return {
      n,
      stake,
      lastUpdate,
      blockAtRegistration,
      validatorPermit,
      weights: rowsToMatrix(weightsOf(s, mecid)),
      bonds: rowsToMatrix(bondsOf(s, mecid)),
      currentBlock: block,
      tempo: h.tempo,
      activityCutoff: h.activityCutoff,
      kappa: h.kappa,
      bondsPenalty: h.bondsPenalty,
      bondsMovingAverage: h.bondsMovingAverage,
      yuma3: h.yuma3Enabled,
      liquidAlpha: h.liquidAlphaEnabled,
      alphaLow: h.alphaLow,
      alphaHigh: h.alphaHigh,
      alphaSigmoidSteepness: h.alphaSigmoidSteepness,
      maxAllowedValidators: h.maxAllowedValidators,
      raoEmission,
      lastMechanismStepBlock: s.lastMechanismStepBlock,
      ownerUid,
      stakeThreshold: h.stakeThreshold,
      commitRevealEnabled: h.commitRevealWeightsEnabled,
      commitBlock: this.commitBlocks(s, epoch, mecid),
    };
  }

  /**
   * The EpochInput a past epoch ran with (by the subnet's epoch index, or the last one), as JSON
   * `tao-subnet epoch` replays; null when that epoch is older than `keepEpochInputs` or not run yet.
   * `epochs` lists the indices kept.
   */
  exportEpoch(netuid: number, epoch?: number): { epoch: number; block: number; input: EpochInput; epochs: number[] } | null {
    [netuid, epoch] = checkParams("dev_exportEpoch", [netuid, epoch]);
    this.subnet(netuid);
    const past = this.epochHistory.get(netuid) ?? [];
    const hit = epoch === undefined ? past[past.length - 1] : past.find((e) => e.epoch === epoch);
    return hit ? { epoch: hit.epoch, block: hit.block, input: fromEpochInputArrays(hit.input), epochs: past.map((e) => e.epoch) } : null;
  }

  /** The last epoch a subnet ran: its EpochInput (replayable with `tao-subnet epoch`) and output. */
  lastEpoch(netuid: number): { input: EpochInput; output: EpochOutput; block: number } | null {
    checkParams("dev_lastEpoch", [netuid]);
    this.subnet(netuid);
    const last = this.epochs.get(netuid);
    if (!last) return null;
    last.json ??= { input: fromEpochInputArrays(last.input), output: fromEpochOutputArrays(last.output), block: last.block };
    return last.json;
  }

  /** The last epoch a subnet ran, as the typed arrays it ran on (no conversion: what a simulation reads each epoch). */
  lastEpochArrays(netuid: number): { input: EpochInputArrays; output: EpochOutputArrays; block: number } | null {
    checkParams("dev_lastEpoch", [netuid]);
    this.subnet(netuid);
    const last = this.epochs.get(netuid);
    return last ? { input: last.input, output: last.output, block: last.block } : null;
  }

  /** The EpochInput the next epoch would run with (current state, pending emission). */
  nextEpochInput(netuid: number): EpochInput {
    checkParams("dev_nextEpochInput", [netuid]);
    const s = this.subnet(netuid);
    return this.epochInput(s, s.lastEpochBlock + s.hyperparameters.tempo, s.pendingEmission);
  }

  // ---- reads ----

  /** The neuron of `hotkey` on `s` (through an index by hotkey, rebuilt when registration changed the subnet). */
  private neuronOf(s: DevSubnet, hotkey: string): DevNeuron | undefined {
    let index = this.hotkeyIndex.get(s);
    if (!index) {
      index = new Map(s.neurons.map((x) => [x.hotkey, x]));
      this.hotkeyIndex.set(s, index);
    }
    return index.get(hotkey);
  }

  private subnet(netuid: number): DevSubnet {
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) throw subnetNotFound(netuid);
    return s;
  }
  /** Issuance on the schedule, the endowment beside it, and the block emission they give (see the file header). */
  emission(): DevEmission {
    return { issuance: this.state.issuance, endowed: this.state.endowed, blockEmission: blockEmission(this.state.issuance) };
  }
  async balance(address: string): Promise<bigint> {
    const [who] = checkParams("balance", [address]);
    return this.state.balances.get(who) ?? 0n;
  }
  async subnets(): Promise<number[]> {
    return this.state.subnets.map((s) => s.netuid);
  }
  async subnetExists(netuid: number): Promise<boolean> {
    checkParams("subnetExists", [netuid]);
    return this.state.subnets.some((s) => s.netuid === netuid);
  }
  async hyperparameters(netuid: number): Promise<SubnetHyperparameters> {
    checkParams("hyperparameters", [netuid]);
    return { ...this.subnet(netuid).hyperparameters };
  }
  async uidOf(netuid: number, hotkey: string): Promise<number | null> {
    const [n, who] = checkParams("uidOf", [netuid, hotkey]);
    return this.neuronOf(this.subnet(n), who)?.uid ?? null;
  }
  async commitment(netuid: number, hotkey: string): Promise<string | null> {
    const [n, who] = checkParams("commitment", [netuid, hotkey]);
    return this.subnet(n).commitments.get(who) ?? null;
  }

  async metagraph(netuid: number, options?: { lite?: boolean } & MechanismOptions): Promise<Metagraph> {
    [netuid, options] = checkParams("metagraph", [netuid, options]);
    const s = this.subnet(netuid);
    const h = s.hyperparameters;
    const cutoff = this.state.block - h.activityCutoff;
    // weights, bonds, incentive and last update are the mechanism's; the rest the subnet's
    const mecid = options?.mecid ?? 0;
    const count = mechanismCount(s);
    if (mecid >= count) throw invalidParam("metagraph.options.mecid", `subnet ${netuid} runs ${count} mechanism(s) (0..${count - 1}), got ${mecid}`);
    return {
      netuid,
      mecid,
      mechanismCount: count,
      block: this.state.block,
      n: s.neurons.length,
      tempo: h.tempo,
      nextEpochBlock: s.lastEpochBlock + h.tempo,
      ownerColdkey: s.ownerColdkey,
      ownerHotkey: s.ownerHotkey,
      hyperparameters: { ...h },
      neurons: s.neurons.map((x) => ({
        uid: x.uid,
        hotkey: x.hotkey,
        coldkey: x.coldkey,
        stake: x.stake,
        active: x.lastUpdate >= cutoff,
        validatorPermit: x.validatorPermit,
        lastUpdate: lastUpdateOf(s, mecid, x.uid),
        blockAtRegistration: x.blockAtRegistration,
        axon: x.axon ? { ...x.axon } : null,
        consensus: x.consensus,
        incentive: incentiveOf(s, mecid, x.uid),
        dividends: x.dividends,
        validatorTrust: x.validatorTrust,
        emission: x.emission,
      })),
      weights: options?.lite ? [] : weightsOf(s, mecid).map(rowToPairs),
      bonds: options?.lite ? [] : bondsOf(s, mecid).map(rowToPairs),
    };
  }

  async mechanisms(netuid: number): Promise<SubnetMechanisms> {
    checkParams("mechanisms", [netuid]);
    const s = this.subnet(netuid);
    return { count: mechanismCount(s), emissionSplit: s.mechanisms?.split ? [...s.mechanisms.split] : null, maxCount: this.maxMechanismCount };
  }

  private get maxMechanismCount(): number {
    return this.options.maxMechanismCount ?? DEFAULT_MAX_MECHANISM_COUNT;
  }

  /**
   * The last epoch of a subnet with several mechanisms: per mechanism its part of the alpha, its
   * input and output (server and validator alpha of its part); null when the subnet's last epoch
   * ran one mechanism.
   */
  lastMechanismEpochs(
    netuid: number,
  ): { block: number; mechanisms: Array<{ mecid: number; emission: bigint; input: EpochInputArrays; output: EpochOutputArrays }> } | null {
    checkParams("dev_lastEpoch", [netuid]);
    this.subnet(netuid);
    const last = this.mechanismEpochs.get(netuid);
    return last ? { block: last.block, mechanisms: last.epochs.map((e) => ({ ...e })) } : null;
  }

  /** sudo_set_mechanism_count signed by the owner (or the devnet's sudo key): the pallet's checks, then the count (mechanisms.ts). */
  async setMechanismCount(signer: Signer, netuidParam: number, countParam: number): Promise<TxResult> {
    const who = this.signer("setMechanismCount", signer);
    const [netuid, count] = checkParams("setMechanismCount", [netuidParam, countParam]);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("MechanismDoesNotExist", `subnet ${netuid} does not exist`);
    if (who !== s.ownerColdkey && who !== this.sudo) return this.fail("BadOrigin", `${who} does not own subnet ${netuid}`);
    const refused = checkMechanismCount(s, count, this.maxMechanismCount);
    if (refused) return this.fail(refused[0], refused[1]);
    applyMechanismCount(s, count);
    return this.ok(undefined, [{ method: "MechanismCountSet", data: [netuid, count] }]);
  }

  /** sudo_set_mechanism_emission_split signed by the owner (or the devnet's sudo key): parts summing to 65535, or null for even. */
  async setMechanismEmissionSplit(signer: Signer, netuidParam: number, splitParam: number[] | null): Promise<TxResult> {
    const who = this.signer("setMechanismEmissionSplit", signer);
    const [netuid, split] = checkParams("setMechanismEmissionSplit", [netuidParam, splitParam]);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("MechanismDoesNotExist", `subnet ${netuid} does not exist`);
    if (who !== s.ownerColdkey && who !== this.sudo) return this.fail("BadOrigin", `${who} does not own subnet ${netuid}`);
    const refused = checkEmissionSplit(s, split);
    if (refused) return this.fail(refused[0], refused[1]);
    applyEmissionSplit(s, split);
    return this.ok(undefined, [{ method: "MechanismEmissionSplitSet", data: [netuid, split] }]);
  }

  // ---- extrinsics ----

  private ok<T>(value: T, events: Array<{ method: string; data: unknown[] }> = []): Ok<T> {
    return { ok: true, value, block: this.state.block, fee: 0n, events: events.map((e) => ({ section: "subtensorModule", ...e })) } as Ok<T>;
  }
  private fail(error: string, message: string): TxResult<never> {
    return { ok: false, error, message, block: this.state.block, fee: 0n, events: [] };
  }
  private credit(address: string, amount: bigint): void {
    this.state.balances.set(address, (this.state.balances.get(address) ?? 0n) + amount);
  }
  private debit(address: string, amount: bigint): boolean {
    const b = this.state.balances.get(address) ?? 0n;
    if (b < amount) return false;
    this.state.balances.set(address, b - amount);
    return true;
  }
  /** The signer's canonical account (a Signer whose address does not decode is a programming error). */
  private signer(call: string, signer: Signer): string {
    const r = account.safeParse((signer as { address?: unknown } | null)?.address);
    if (!r.success)
      throw invalidParam(
        `${call}.signer`,
        `expected a Signer whose address is an SS58 address or 0x account id, got ${shown((signer as { address?: unknown } | null)?.address)}`,
      );
    return r.data;
  }

  /**
   * Test and devnet helper: gives `amount` rao to an address (the devnet's faucet), as an endowment
   * outside the emission schedule. Refused (INVALID_ARGUMENT naming `amount`) when the devnet's rao,
   * endowed plus issued, would pass 2^64−1: every balance and stake then stays a u64.
   */
  fund(address: string, amount: bigint): void {
    const [who, rao] = checkParams("dev_fund", [address, amount]);
    const total = this.state.endowed + this.state.issuance;
    if (total + rao > U64_MAX)
      throw invalidParam("dev_fund.amount", `the devnet holds ${total} rao; ${rao} more would pass 2^64−1 (u64), which no balance can hold`);
    this.credit(who, rao);
    this.state.endowed += rao;
  }

  /**
   * What `registerNetwork` locks now, rao (get_network_lock_cost, the same on spec 300 and 425): the
   * last lock doubled, less lastLock / NetworkLockReductionInterval for each block since, at least
   * the minimum (`networkLockCost`); before the first registration, the minimum.
   */
  networkLockCost(): bigint {
    const min = this.options.networkLockCost;
    const last = this.state.lastLock;
    if (!last) return min;
    // see: subtensor pallets/subtensor/src/coinbase/root.rs get_network_lock_cost @ 14bc6f9 (mult 1 when the last lock block is 0)
    const doubled = last.rao * (last.block === 0 ? 1n : 2n);
    const decay = (last.rao / LOCK_REDUCTION_INTERVAL) * BigInt(Math.max(0, this.state.block - last.block));
    const cost = doubled > decay ? doubled - decay : 0n;
    return cost < min ? min : cost > U64_MAX ? U64_MAX : cost;
  }

  async registerNetwork(signer: Signer, hotkeyAddress: string): Promise<TxResult<{ netuid: number }>> {
    const coldkey = this.signer("registerNetwork", signer);
    const [hotkey] = checkParams("registerNetwork", [hotkeyAddress]);
    if (this.state.subnets.length >= this.options.maxSubnets)
      return this.fail("SubnetLimitReached", `the devnet holds at most ${this.options.maxSubnets} subnets`);
    const lock = this.networkLockCost();
    if (!this.debit(coldkey, lock)) return this.fail("NotEnoughBalanceToStake", `registering a subnet locks ${lock} rao now; the coldkey has less`);
    this.state.lastLock = { rao: lock, block: this.state.block };
    let netuid = 1;
    while (this.state.subnets.some((s) => s.netuid === netuid)) netuid++;
    const block = this.state.block;
    const hyperparameters = { ...this.newSubnetHyperparameters };
    const s: DevSubnet = {
      netuid,
      ownerColdkey: coldkey,
      ownerHotkey: hotkey,
      hyperparameters,
      neurons: [],
      weights: [],
      bonds: [],
      lastEpochBlock: block,
      lastMechanismStepBlock: 0,
      epochIndex: 0,
      pendingEmission: 0n,
      commits: [],
      commitments: new Map(),
      registeredAt: block,
      totals: emptyTotals(),
    };
    // the lock seeds the pool (at the median price); nothing is staked to the owner
    this.state.economy.addSubnet(netuid, lock, this.options.networkLockCost, block, hyperparameters.tempo);
    s.totals.registrationTao += lock;
    s.lastEpochBlock = Number(this.state.economy.get(netuid, "lastEpochBlock"));
    this.state.subnets.push(s);
    this.state.subnets.sort((a, b) => a.netuid - b.netuid);
    this.addNeuron(s, hotkey, coldkey);
    return this.ok({ netuid }, [{ method: "NetworkAdded", data: [netuid, 1] }]);
  }

  /** start_call: the subnet's emission starts next block (owner only, once, StartCallDelay blocks after registration). */
  async startCall(signer: Signer, netuidParam: number): Promise<TxResult> {
    const who = this.signer("startCall", signer);
    const [netuid] = checkParams("startCall", [netuidParam]);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    if (who !== s.ownerColdkey) return this.fail("NotSubnetOwner", `${who} does not own subnet ${netuid}`);
    const econ = this.state.economy;
    if (econ.flag(netuid, "hasFirstEmissionBlock"))
      return this.fail("FirstEmissionBlockNumberAlreadySet", `subnet ${netuid}'s emission started at block ${econ.get(netuid, "firstEmissionBlock")}`);
    const at = s.registeredAt + (this.options.startCallDelay ?? 0);
    if (this.state.block < at) return this.fail("NeedWaitingMoreBlocksToStarCall", `start_call is allowed from block ${at}`);
    econ.startCall(netuid, this.state.block);
    return this.ok(undefined, [{ method: "FirstEmissionBlockNumberSet", data: [netuid, this.state.block + 1] }]);
  }

  private addNeuron(s: DevSubnet, hotkey: string, coldkey: string): number {
    this.hotkeyIndex.delete(s);
    const block = this.state.block;
    const h = s.hyperparameters;
    const fresh = (uid: number): DevNeuron => ({
      uid,
      hotkey,
      coldkey,
      stake: 0n,
      stakes: new Map(),
      lastUpdate: block,
      blockAtRegistration: block,
      validatorPermit: false,
      axon: null,
      consensus: 0,
      incentive: 0,
      dividends: 0,
      validatorTrust: 0,
      emission: 0n,
    });
    if (s.neurons.length < h.maxAllowedUids) {
      const uid = s.neurons.length;
      s.neurons.push(fresh(uid));
      s.weights.push(EMPTY_ROW);
      s.bonds.push(EMPTY_ROW);
      resetUid(s, uid, block);
      return uid;
    }
    const uid = this.uidToPrune(s);
    if (uid === null) return -1;
    s.neurons[uid] = fresh(uid);
    s.weights[uid] = EMPTY_ROW;
    s.bonds[uid] = EMPTY_ROW;
    resetUid(s, uid, block);
    return uid;
  }

  /** The uid a registration on the full subnet `s` replaces, as the chain chooses it (registration.ts), or null. */
  private uidToPrune(s: DevSubnet): number | null {
    const h = s.hyperparameters;
    const block = this.state.block;
    return neuronToPrune(s.neurons, {
      ownerColdkey: s.ownerColdkey,
      ownerHotkey: s.ownerHotkey,
      immuneOwnerUidsLimit: h.immuneOwnerUidsLimit ?? 1,
      minNonImmuneUids: h.minNonImmuneUids ?? 10,
      immune: (x) => block - x.blockAtRegistration < h.immunityPeriod,
    });
  }

  async burnedRegister(signer: Signer, netuidParam: number, hotkeyAddress: string): Promise<TxResult<{ uid: number }>> {
    const coldkey = this.signer("burnedRegister", signer);
    const [netuid, hotkey] = checkParams("burnedRegister", [netuidParam, hotkeyAddress]);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    if (!s.hyperparameters.registrationAllowed) return this.fail("SubNetRegistrationDisabled", `registration is disabled on subnet ${netuid}`);
    if (this.neuronOf(s, hotkey)) return this.fail("HotKeyAlreadyRegisteredInSubNet", `${hotkey} is already registered on subnet ${netuid}`);
    // do_register (spec 425): the burn as this block's decay left it and earlier registrations raised it
    const h = s.hyperparameters;
    const burn = h.burn;
    if ((this.state.balances.get(coldkey) ?? 0n) < burn) return this.fail("NotEnoughBalanceToStake", `registration burns ${burn} rao; the coldkey has less`);
    if (h.maxAllowedUids === 0 || (s.neurons.length >= h.maxAllowedUids && this.uidToPrune(s) === null))
      return this.fail("NoNeuronIdAvailable", `subnet ${netuid} is full and no uid may be pruned (immune, or the owner's)`);
    this.debit(coldkey, burn);
    s.totals.registrationTao += burn;
    // the burn buys alpha from the pool and that alpha is burned (out of SubnetAlphaOut as soon as it
    // is paid out); if the pool refuses, the TAO is recycled
    const econ = this.state.economy;
    const before = econ.pool(netuid);
    const r = swapTaoForAlpha(before, burn, MAX_PRICE_LIMIT);
    if (r.error === "ok") {
      econ.setPool(netuid, r.pool);
      econ.setHeaderWord("totalStake", econ.headerWord("totalStake") + burn);
      this.burnTao(burn - (r.pool.taoReserve - before.taoReserve));
    } else this.burnTao(burn);
    const uid = this.addNeuron(s, hotkey, coldkey);
    h.burn = bumpedBurn(burn, h.burnIncreaseMult ?? DEV_BURN_INCREASE_MULT, h.minBurn, h.maxBurn);
    return this.ok({ uid }, [{ method: "NeuronRegistered", data: [netuid, uid, hotkey] }]);
  }

  async serveAxon(signer: Signer, netuidParam: number, axonParam: AxonInfo): Promise<TxResult> {
    const hotkey = this.signer("serveAxon", signer);
    const [netuid, axon] = checkParams("serveAxon", [netuidParam, axonParam]);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    const n = this.neuronOf(s, hotkey);
    if (!n) return this.fail("HotKeyNotRegisteredInSubNet", `${hotkey} is not registered on subnet ${netuid}`);
    if (axon.port < 1) return this.fail("InvalidPort", `port ${axon.port} is not 1..65535`);
    if (!/^(\d{1,3}\.){3}\d{1,3}$|:/.test(axon.ip)) return this.fail("InvalidIpAddress", `${axon.ip} is not an IPv4 or IPv6 address`);
    n.axon = { ip: axon.ip, port: axon.port, ipType: axon.ipType, protocol: axon.protocol, version: axon.version, block: this.state.block };
    return this.ok(undefined, [{ method: "AxonServed", data: [netuid, hotkey] }]);
  }

  /** TAO leaving the system (fees with no block author, refused burns): issuance drops (`recycle_tao`, `burn_tao`). */
  private burnTao(amount: bigint): void {
    // past the schedule's issuance, the burned TAO was endowed TAO: the endowment shrinks instead
    if (this.state.issuance >= amount) this.state.issuance -= amount;
    else {
      this.state.endowed -= amount - this.state.issuance;
      this.state.issuance = 0n;
    }
  }

  /**
   * add_stake (add_stake_limit with `limitPrice`): the TAO buys alpha from the subnet's pool, with
   * the pool's fee, and the alpha is staked to `hotkey` for `coldkey`. Needs the subnet started.
   */
  async addStake(signer: Signer, hotkeyAddress: string, netuidParam: number, amountParam: bigint, options: StakeOptions = {}): Promise<TxResult> {
    const coldkey = this.signer("addStake", signer);
    const [hotkey, netuid, amount, checked] = checkParams("addStake", [hotkeyAddress, netuidParam, amountParam, options]);
    const limit = checked?.limitPrice;
    const target = this.stakeTarget(netuid, hotkey);
    if ("ok" in target) return target;
    const { n, econ } = target;
    if (amount <= 0n || (this.state.balances.get(coldkey) ?? 0n) < amount)
      return this.fail("NotEnoughBalanceToStake", `cannot stake ${amount} rao from ${coldkey}`);
    const before = econ.pool(netuid);
    const r = swapTaoForAlpha(before, amount, limit ?? MAX_PRICE_LIMIT);
    if (r.error !== "ok") return this.fail(SWAP_ERROR_NAMES[r.error], `the pool refused the swap (${r.error})`);
    if (r.amountPaidOut === 0n) return this.fail("AmountTooLow", `${amount} rao buys no alpha at this price`);
    const spent = r.amountPaidIn + r.feePaid;
    // add_stake_limit without partial fills: the whole amount within the limit, or nothing
    if (spent < amount) return this.fail("SlippageTooHigh", `only ${spent} of ${amount} rao fill before the price limit ${limit}`);
    this.debit(coldkey, spent);
    econ.setPool(netuid, r.pool);
    econ.set(netuid, "subnetAlphaOut", econ.get(netuid, "subnetAlphaOut") + r.amountPaidOut);
    econ.setHeaderWord("totalStake", econ.headerWord("totalStake") + spent);
    this.burnTao(spent - (r.pool.taoReserve - before.taoReserve));
    addStakeOf(n, coldkey, r.amountPaidOut);
    return this.ok(undefined, [{ method: "StakeAdded", data: [coldkey, hotkey, spent.toString(), r.amountPaidOut.toString(), netuid, r.feePaid.toString()] }]);
  }

  /** The neuron a stake call moves alpha on, once the subnet exists, the hotkey is registered on it and it has started; else the chain's refusal. */
  private stakeTarget(netuid: number, hotkey: string): { n: DevNeuron; econ: DevEconomy } | TxResult<never> {
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    const n = this.neuronOf(s, hotkey);
    if (!n) return this.fail("HotKeyNotRegisteredInSubNet", `${hotkey} is not registered on subnet ${netuid}`);
    const econ = this.state.economy;
    if (!econ.flag(netuid, "subtokenEnabled")) return this.fail("SubtokenDisabled", `subnet ${netuid} has not started: its owner calls startCall first`);
    return { n, econ };
  }

  /** remove_stake (remove_stake_limit with `limitPrice`): `amount` alpha of `coldkey`'s stake on `hotkey` sold to the pool, with its fee. */
  async removeStake(signer: Signer, hotkeyAddress: string, netuidParam: number, amountParam: bigint, options: StakeOptions = {}): Promise<TxResult> {
    const coldkey = this.signer("removeStake", signer);
    const [hotkey, netuid, amount, checked] = checkParams("removeStake", [hotkeyAddress, netuidParam, amountParam, options]);
    const limit = checked?.limitPrice;
    const target = this.stakeTarget(netuid, hotkey);
    if ("ok" in target) return target;
    const { n, econ } = target;
    const held = n.stakes.get(coldkey) ?? 0n;
    if (amount <= 0n || held < amount) return this.fail("NotEnoughStakeToWithdraw", `${coldkey} holds ${held} alpha on ${hotkey}, asked ${amount}`);
    const before = econ.pool(netuid);
    const r = swapAlphaForTao(before, amount, limit ?? MIN_PRICE_LIMIT);
    if (r.error !== "ok") return this.fail(SWAP_ERROR_NAMES[r.error], `the pool refused the swap (${r.error})`);
    const sold = r.amountPaidIn + r.feePaid;
    if (sold < amount) return this.fail("SlippageTooHigh", `only ${sold} of ${amount} alpha fill before the price limit ${limit}`);
    const tao = before.taoReserve - r.pool.taoReserve;
    n.stake -= sold;
    n.stakes.set(coldkey, held - sold);
    econ.setPool(netuid, r.pool);
    // alpha that left circulation: into the reserve, or (the author's fee, with no author) burned
    const out = econ.get(netuid, "subnetAlphaOut");
    econ.set(netuid, "subnetAlphaOut", out > sold ? out - sold : 0n);
    const total = econ.headerWord("totalStake");
    econ.setHeaderWord("totalStake", total > tao ? total - tao : 0n);
    this.credit(coldkey, tao);
    return this.ok(undefined, [{ method: "StakeRemoved", data: [coldkey, hotkey, tao.toString(), sold.toString(), netuid, r.feePaid.toString()] }]);
  }

  /** The network's economy: every devnet subnet's pool, prices and totals, and the rest of the network (other-subnet groups' netuids from 4096). */
  economy(): {
    block: number;
    rootTao: bigint;
    totalStake: bigint;
    issuance: bigint;
    subnets: DevSubnetEconomy[];
    others: Array<{ netuid: number; movingPrice: number }>;
  } {
    const econ = this.state.economy;
    const subnets = this.state.subnets.map(
      (s): DevSubnetEconomy => ({
        netuid: s.netuid,
        price: econ.spotPrice(s.netuid),
        movingPrice: econ.movingPrice(s.netuid),
        subnetTao: econ.get(s.netuid, "subnetTao"),
        alphaIn: econ.get(s.netuid, "subnetAlphaIn"),
        alphaOut: econ.get(s.netuid, "subnetAlphaOut"),
        firstEmissionBlock: econ.flag(s.netuid, "hasFirstEmissionBlock") ? Number(econ.get(s.netuid, "firstEmissionBlock")) : null,
        ...s.totals,
      }),
    );
    const others = econ
      .netuids()
      .filter((u) => econ.groups.has(u))
      .map((netuid) => ({ netuid, movingPrice: econ.movingPrice(netuid) }));
    return {
      block: this.state.block,
      rootTao: econ.headerWord("rootSubnetTao"),
      totalStake: econ.headerWord("totalStake"),
      issuance: this.state.issuance,
      subnets,
      others,
    };
  }

  /** The whole network's coinbase state (FORMAT.md's CoinbaseState; neurons empty), as `tao-subnet coinbase` reads it. */
  coinbaseState() {
    return this.state.economy.toJson();
  }

  /** The chain's `do_set_weights` checks, in its order; stores max-upscaled u16 weights. */
  /** A fresh mark for `marks[0..size)` (no allocation per call; cleared when the counter wraps). */
  private nextMark(size: number): number {
    if (this.marks.length < size) this.marks = new Uint32Array(Math.max(size, 2 * this.marks.length));
    if (this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 0;
    }
    return ++this.mark;
  }

  private applyWeights(s: DevSubnet, hotkey: string, uids: number[], weights: number[], versionKey: bigint, rateLimit: boolean, mecid = 0): TxResult {
    const h = s.hyperparameters;
    if (uids.length !== weights.length) return this.fail("WeightVecNotEqualSize", `${uids.length} uids but ${weights.length} weights`);
    if (uids.length > s.neurons.length) return this.fail("UidsLengthExceedUidsInSubNet", `more uids than the subnet's ${s.neurons.length}`);
    const n = this.neuronOf(s, hotkey);
    if (!n) return this.fail("HotKeyNotRegisteredInSubNet", `${hotkey} is not registered on subnet ${s.netuid}`);
    if (hotkey !== s.ownerHotkey && n.stake < h.stakeThreshold)
      return this.fail("NotEnoughStakeToSetWeights", `stake ${n.stake} below the threshold ${h.stakeThreshold}`);
    // see: subtensor pallets/subtensor/src/subnets/weights.rs check_version_key @ 14bc6f9 (found by the real-chain suite: 0 is not a wildcard)
    if (!(h.weightsVersion === 0n || versionKey >= h.weightsVersion))
      return this.fail("IncorrectWeightVersionKey", `version key ${versionKey} below the subnet's ${h.weightsVersion}`);
    // the rate limit is per mechanism (its own last update)
    const last = lastUpdateOf(s, mecid, n.uid);
    if (rateLimit && last > 0 && this.state.block - last < h.weightsRateLimit) {
      return this.fail(
        "SettingWeightsTooFast",
        `weights were set at block ${last}${mecid ? ` on mechanism ${mecid}` : ""}; the rate limit is ${h.weightsRateLimit} blocks (next at ${last + h.weightsRateLimit})`,
      );
    }
    const selfOnly = weights.length === 1 && uids[0] === n.uid;
    if (!selfOnly && !n.validatorPermit) return this.fail("NeuronNoValidatorPermit", `uid ${n.uid} has no validator permit`);
    // one pass over the uids (duplicates, then invalid ones, in the chain's order), into the row's
    // one buffer: cols, then values
    const size = s.neurons.length;
    const len = uids.length;
    const row = new Uint16Array(2 * len);
    const cols = row.subarray(0, len);
    const mark = this.nextMark(size);
    const marks = this.marks;
    let duplicate = false;
    let invalid = false;
    for (let k = 0; k < len; k++) {
      const u = uids[k]!;
      // a number is an integer 0..65535 exactly when `u & 0xffff` is u (uids are at most DEV_MAX_UIDS)
      if ((u & 0xffff) !== u || u >= size) invalid = true;
      else {
        if (marks[u] === mark) duplicate = true;
        marks[u] = mark;
        cols[k] = u;
      }
    }
    if (duplicate || (invalid && new Set(uids).size !== uids.length)) return this.fail("DuplicateUids", "a uid appears twice");
    if (invalid) return this.fail("UidVecContainInvalidOne", `uids must be 0..${size - 1}`);
    for (let k = 0; k < len; k++) {
      const w = weights[k]!;
      if ((w & 0xffff) !== w) return this.fail("WeightVecNotEqualSize", "weights must be u16 values");
    }
    if (!selfOnly && weights.length < Math.min(h.minAllowedWeights, size))
      return this.fail("WeightVecLengthIsLow", `at least ${h.minAllowedWeights} weights are required`);
    const stored = maxUpscaleToU16(weights, row.subarray(len));
    if (!selfOnly && h.maxWeightLimit !== 65535 && !maxWeightLimited(stored, h.maxWeightLimit))
      return this.fail("MaxWeightExceeded", `a weight exceeds the limit ${h.maxWeightLimit}/65535`);
    setWeightsRow(s, mecid, n.uid, { cols, values: stored });
    if (rateLimit) setLastUpdate(s, mecid, n.uid, this.state.block);
    return this.ok(undefined, [{ method: "WeightsSet", data: [mechanismStorageIndex(s.netuid, mecid), n.uid] }]);
  }

  /** MechanismDoesNotExist as the chain names it (ensure_mechanism_exists), or null. */
  private noMechanism(s: DevSubnet, mecid: number): TxResult<never> | null {
    const count = mechanismCount(s);
    return mecid < count ? null : this.fail("MechanismDoesNotExist", `subnet ${s.netuid} runs ${count} mechanism(s) (0..${count - 1}); got mecid ${mecid}`);
  }

  async setWeights(
    signer: Signer,
    netuidParam: number,
    uidsParam: number[],
    weightsParam: number[],
    versionKeyParam: bigint,
    optionsParam?: MechanismOptions,
  ): Promise<TxResult> {
    const hotkey = this.signer("setWeights", signer);
    const [netuid, uids, weights, versionKey, options] = checkParams("setWeights", [netuidParam, uidsParam, weightsParam, versionKeyParam, optionsParam]);
    const mecid = options?.mecid ?? 0;
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    if (s.hyperparameters.commitRevealWeightsEnabled)
      return this.fail("CommitRevealEnabled", `subnet ${netuid} uses commit-reveal: commitWeights, then revealWeights`);
    return this.noMechanism(s, mecid) ?? this.applyWeights(s, hotkey, uids, weights, versionKey, true, mecid);
  }

  async commitWeights(signer: Signer, netuidParam: number, hashParam: Hex, optionsParam?: MechanismOptions): Promise<TxResult> {
    const hotkey = this.signer("commitWeights", signer);
    const [netuid, hash, options] = checkParams("commitWeights", [netuidParam, hashParam, optionsParam]);
    const mecid = options?.mecid ?? 0;
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    const missing = this.noMechanism(s, mecid);
    if (missing) return missing;
    if (!s.hyperparameters.commitRevealWeightsEnabled) return this.fail("CommitRevealDisabled", `subnet ${netuid} does not use commit-reveal: use setWeights`);
    const n = this.neuronOf(s, hotkey);
    if (!n) return this.fail("HotKeyNotRegisteredInSubNet", `${hotkey} is not registered on subnet ${netuid}`);
    const last = lastUpdateOf(s, mecid, n.uid);
    if (last > 0 && this.state.block - last < s.hyperparameters.weightsRateLimit)
      return this.fail("CommittingWeightsTooFast", `the rate limit is ${s.hyperparameters.weightsRateLimit} blocks`);
    const mine = s.commits.filter((c) => c.hotkey === hotkey && (c.mecid ?? 0) === mecid);
    if (mine.length >= 10) return this.fail("TooManyUnrevealedCommits", "at most 10 unrevealed commits");
    s.commits.push({ hotkey, hash: hash.toLowerCase(), block: this.state.block, epoch: s.epochIndex, ...(mecid > 0 && { mecid }) });
    setLastUpdate(s, mecid, n.uid, this.state.block);
    return this.ok(undefined, [{ method: "WeightsCommitted", data: [hotkey, mechanismStorageIndex(netuid, mecid), hash] }]);
  }

  async revealWeights(
    signer: Signer,
    netuidParam: number,
    uidsParam: number[],
    weightsParam: number[],
    saltParam: number[],
    versionKeyParam: bigint,
    optionsParam?: MechanismOptions,
  ): Promise<TxResult> {
    const hotkey = this.signer("revealWeights", signer);
    const [netuid, uids, weights, salt, versionKey, options] = checkParams("revealWeights", [
      netuidParam,
      uidsParam,
      weightsParam,
      saltParam,
      versionKeyParam,
      optionsParam,
    ]);
    const mecid = options?.mecid ?? 0;
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    const missing = this.noMechanism(s, mecid);
    if (missing) return missing;
    if (!s.hyperparameters.commitRevealWeightsEnabled) return this.fail("CommitRevealDisabled", `subnet ${netuid} does not use commit-reveal`);
    const period = s.hyperparameters.commitRevealPeriod;
    const mine = s.commits.filter((c) => c.hotkey === hotkey && (c.mecid ?? 0) === mecid);
    if (mine.length === 0) return this.fail("NoWeightsCommitFound", `no commit from ${hotkey} on subnet ${netuid}${mecid ? ` mechanism ${mecid}` : ""}`);
    // the chain hashes the mechanism's storage index in place of the netuid
    const hash = commitHash(hotkey, mechanismStorageIndex(netuid, mecid), uids, weights, salt, versionKey);
    const c = mine.find((x) => x.hash === hash);
    if (!c) return this.fail("InvalidRevealCommitHashNotMatch", "no commit matches these weights, salt and version key");
    if (s.epochIndex < c.epoch + period) return this.fail("RevealTooEarly", `reveal in epoch ${c.epoch + period} (now ${s.epochIndex})`);
    if (s.epochIndex > c.epoch + period) {
      s.commits = s.commits.filter((x) => x !== c);
      return this.fail("ExpiredWeightCommit", `the reveal window was epoch ${c.epoch + period} (now ${s.epochIndex})`);
    }
    const r = this.applyWeights(s, hotkey, uids, weights, versionKey, false, mecid);
    if (r.ok) s.commits = s.commits.filter((x) => x !== c);
    return r.ok ? this.ok(undefined, [{ method: "WeightsRevealed", data: [hotkey, netuid] }]) : r;
  }

  /** The beacon's module and key (`options.beacon`); null without a beacon. */
  private timelocked(): Promise<Timelock> | null {
    const seed = this.options.beacon;
    if (seed === undefined) return null;
    this.timelock ??= import("./timelocked.js").then((m) => {
      this.loadedTimelock = { m, beacon: new m.LocalBeacon(seed) };
      return this.loadedTimelock;
    });
    return this.timelock;
  }

  /** The local beacon's key, period and genesis (period 1 block, genesis block 0), or null without one. */
  async beaconInfo(): Promise<DrandBeacon | null> {
    return (await this.timelocked())?.beacon.info ?? null;
  }

  async supportsTimelockedCommits(): Promise<boolean> {
    return this.options.beacon !== undefined;
  }

  /** A timelocked commit to the local beacon (`options.beacon`), with the chain's commit checks; revealed in `advance`. */
  async commitTimelockedWeights(
    signer: Signer,
    netuidParam: number,
    uidsParam: number[],
    weightsParam: number[],
    versionKeyParam: bigint,
    optionsParam: TimelockedCommitOptions = {},
  ): Promise<TxResult<TimelockedCommit>> {
    const hotkey = this.signer("commitTimelockedWeights", signer);
    const [netuid, uids, weights, versionKey, options] = checkParams("commitTimelockedWeights", [
      netuidParam,
      uidsParam,
      weightsParam,
      versionKeyParam,
      optionsParam,
    ]);
    const t = await this.timelocked();
    if (!t) throw new ChainError(ChainErrorCode.CALL_NOT_AVAILABLE, "this devnet has no beacon: create it with { beacon: seed } for timelocked commits");
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    const mecid = options?.mecid ?? 0;
    const missing = this.noMechanism(s, mecid);
    if (missing) return missing;
    if (!s.hyperparameters.commitRevealWeightsEnabled) return this.fail("CommitRevealDisabled", `subnet ${netuid} does not use commit-reveal: use setWeights`);
    const n = this.neuronOf(s, hotkey);
    if (!n) return this.fail("HotKeyNotRegisteredInSubNet", `${hotkey} is not registered on subnet ${netuid}`);
    const last = lastUpdateOf(s, mecid, n.uid);
    if (last > 0 && this.state.block - last < s.hyperparameters.weightsRateLimit)
      return this.fail("CommittingWeightsTooFast", `the rate limit is ${s.hyperparameters.weightsRateLimit} blocks`);
    s.timelocked ??= [];
    if (s.timelocked.filter((c) => c.hotkey === hotkey && (c.mecid ?? 0) === mecid).length >= 10)
      return this.fail("TooManyUnrevealedCommits", "at most 10 unrevealed commits");
    const round = options?.revealRound ?? t.m.devRevealRound(s);
    const commit = t.m.devCommitBytes(t.beacon, hotkey, round, uids, weights, versionKey);
    s.timelocked.push({ hotkey, commit, round, block: this.state.block, epoch: s.epochIndex, ...(mecid > 0 && { mecid }) });
    setLastUpdate(s, mecid, n.uid, this.state.block);
    const commitHash = blake2AsHex(Buffer.from(commit, "hex"), 256) as Hex;
    return this.ok({ revealRound: round, call: "commitTimelockedWeights", commitHash }, [
      { method: "TimelockedWeightsCommitted", data: [hotkey, netuid, commitHash, round] },
    ]);
  }

  /**
   * Sets a hyperparameter signed by the subnet owner, as AdminUtils' `sudo_set_*` does: a name the
   * chain lets only root set (tempo, kappa, weightsRateLimit, maxAllowedValidators,
   * registrationAllowed) is `BadOrigin` (use `sudoSetHyperparameter`); the pallet's range checks
   * refuse with its error names. A name or value the call cannot encode throws INVALID_ARGUMENT.
   */
  async setHyperparameter<K extends keyof SettableHyperparameters>(
    owner: Signer,
    netuid: number,
    name: K,
    value: SettableHyperparameters[K],
  ): Promise<TxResult> {
    return this.adminSet("setHyperparameter", owner, netuid, name, value, false);
  }

  /** Sets a hyperparameter with root origin, signed by the devnet's sudo key (default //Alice), as `sudo.sudo(adminUtils.sudo_set_*)` on a localnet. */
  async sudoSetHyperparameter<K extends keyof SettableHyperparameters>(
    sudoKey: Signer,
    netuid: number,
    name: K,
    value: SettableHyperparameters[K],
  ): Promise<TxResult> {
    return this.adminSet("sudoSetHyperparameter", sudoKey, netuid, name, value, true);
  }

  private adminSet(
    call: "setHyperparameter" | "sudoSetHyperparameter",
    signer: Signer,
    netuidParam: number,
    nameParam: string,
    valueParam: unknown,
    root: boolean,
  ) {
    const who = this.signer(call, signer);
    const [netuid, name, raw] = checkParams(call, [netuidParam, nameParam, valueParam]);
    const entry = settable(call, name);
    const value = settableValue(call, name, entry, raw);
    if (root && who !== this.sudo) return this.fail("RequireSudo", `${who} is not the devnet's sudo key`);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    if (!root && who !== s.ownerColdkey) return this.fail("BadOrigin", `${who} does not own subnet ${netuid}`);
    if (!root && entry.origin === "root") return this.fail("BadOrigin", `only root sets ${name} (sudoSetHyperparameter with the devnet's sudo key)`);
    const refused = entry.check?.(value, { current: s.hyperparameters, n: s.neurons.length, root, mechanisms: mechanismCount(s) });
    if (refused) return this.fail(refused[0], refused[1]);
    const next = { ...s.hyperparameters };
    entry.apply(next, value);
    // the model's own bounds (they keep every epoch runnable) hold after any setting
    s.hyperparameters = checkHyperparameters(next, `${call}.value`);
    return this.ok(undefined, [{ method: "HyperparameterSet", data: [netuid, name] }]);
  }

  async setCommitment(signer: Signer, netuidParam: number, dataParam: string): Promise<TxResult> {
    const hotkey = this.signer("setCommitment", signer);
    const [netuid, data] = checkParams("setCommitment", [netuidParam, dataParam]);
    const s = this.state.subnets.find((x) => x.netuid === netuid);
    if (!s) return this.fail("SubNetworkDoesNotExist", `subnet ${netuid} does not exist`);
    if (!this.neuronOf(s, hotkey)) return this.fail("HotKeyNotRegisteredInSubNet", `${hotkey} is not registered on subnet ${netuid}`);
    s.commitments.set(hotkey, data);
    return this.ok(undefined, [{ method: "CommitmentSet", data: [netuid, hotkey] }]);
  }

  // ---- persistence ----

  /** Writes the whole state to `path` (atomically: temp file, then rename). */
  async save(path: string): Promise<void> {
    await writeFile(`${path}.tmp`, stateToJson(this.state));
    await rename(`${path}.tmp`, path);
  }

  /** A devnet restored from a file written by `save`. */
  /**
   * A devnet restored from a file written by `save`. The whole file is checked first (`state.ts`):
   * a bad one is a ChainError DEVNET_STATE_INVALID whose `field` names the JSON path at fault.
   */
  static async load(path: string, options: DevChainOptions = {}): Promise<DevChain> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      throw new ChainError(ChainErrorCode.DEVNET_STATE_INVALID, `cannot read devnet state from ${path}: ${(e as Error).message}`, {
        cause: e,
        field: "--state",
      });
    }
    let state: DevState;
    try {
      state = stateFromJson(text);
    } catch (e) {
      if (e instanceof ChainError)
        throw new ChainError(e.code as ChainErrorCode, `${path}: ${e.message}`, { cause: e, ...(e.field !== undefined && { field: e.field }) });
      throw e;
    }
    const chain = new DevChain(options);
    state.endowed ??= 0n; // state files written before the faucet was counted apart
    if (!state.economy) {
      // a state file from before dynamic TAO: the configured network, each subnet's pool seeded with the lock and started, stake kept as alpha
      state.economy = DevEconomy.genesis(options.network ?? {}, state.block, state.issuance);
      state.endowed += state.economy.headerWord("totalStake");
      for (const s of state.subnets) {
        const lock = chain.options.networkLockCost;
        state.economy.addSubnet(s.netuid, lock, 0n, s.lastEpochBlock, s.hyperparameters.tempo);
        state.economy.set(s.netuid, "lastEpochBlock", BigInt(s.lastEpochBlock));
        state.economy.startCall(s.netuid, state.block);
        state.endowed += lock;
        s.registeredAt ??= 0;
        s.totals ??= emptyTotals();
        for (const x of s.neurons) if (x.stakes.size === 0 && x.stake > 0n) x.stakes.set(x.coldkey, x.stake);
      }
    }
    chain.state = state;
    return chain;
  }

  async close(): Promise<void> {
    this.stop();
    this.listeners.clear();
  }
}
