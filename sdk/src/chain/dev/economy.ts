/**
 * The devnet's dynamic-TAO economy: the whole network's coinbase state (the chain's pools, moving
 * prices, pending emission and epoch schedule, FORMAT.md's `CoinbaseState`), kept as the core's
 * packed words (`coinbaseLayout.ts`) and stepped once a block by the core's `coinbaseStepArrays`,
 * so the numbers are the chain's (subtensor 14bc6f9, spec 425). The devnet's own subnets sit beside
 * "the rest of the network": configured groups of other subnets that share the block emission by
 * their moving prices (`DevNetworkOptions`).
 *
 * What lives here: the packed state, a subnet's pool as the swap maths reads it, seeding a pool at
 * registration (the lock at the median price), start_call, which subnets' epochs come due (the
 * scheduler's rule, so the devnet runs exactly those epochs before the step) and the step. The
 * neurons (stake, shares) stay in the devnet's state (devChain.ts) and are packed only for the
 * subnets whose epoch runs in the block.
 */
import {
  CB_HEADER,
  CB_NEURON,
  CB_SUBNET,
  COINBASE_NEURON,
  COINBASE_SUBNET,
  COINBASE_SUBNET_FLAGS,
  type CoinbaseArrays,
  type CoinbaseComputedArrays,
  type CoinbaseState,
  type CoinbaseSubnet,
  coinbaseStepArrays,
  fromCoinbaseArrays,
  HALF_WEIGHT,
  type SwapPoolState,
  toCoinbaseArrays,
} from "@tao-subnet/core";
import { ChainError, ChainErrorCode } from "../errors.js";

const TAO = 1_000_000_000n;
const SW = COINBASE_SUBNET.length;
const NW = COINBASE_NEURON.length;
/** MAX_TEMPO: a subnet that has not stepped for more than this many blocks is due. */
const MAX_TEMPO = 50_400n;

/** A group of other subnets: `count` subnets at `price` TAO per alpha, each holding `tao` in its pool. */
export interface DevOtherSubnets {
  count: number;
  /** Price in TAO per alpha (each subnet's spot and moving price at genesis). */
  price: number;
  /** TAO in each subnet's pool, rao (default 10,000 TAO). */
  tao?: bigint;
}

/**
 * The rest of the network, as configuration. Each group is run as one pool that carries the
 * group's summed moving price (so its share of the block emission is the group's), not as
 * `count` pools: one subnet's coinbase costs the core tens to hundreds of microseconds a block.
 */
export interface DevNetworkOptions {
  /** Groups of other subnets (default DEV_DEFAULT_NETWORK.others). `[]`: the devnet's subnets are the whole network. */
  others?: DevOtherSubnets[];
  /** SubnetTAO[0], the root subnet's TAO, rao (default 1,000,000 TAO). */
  rootTao?: bigint;
  /** TaoWeight, raw u64 (fraction x / 2^64; default the runtime's 971,718,665,099,567,868 ≈ 5.27 %). */
  taoWeight?: bigint;
  /** SubnetOwnerCut, u16 (default 11,796 ≈ 18 %). */
  subnetOwnerCut?: number;
  /** MaxEpochsPerBlock (default 2, the runtime's). */
  maxEpochsPerBlock?: number;
  /** EMAPriceHalvingBlocks of a new subnet (default 201,600, the runtime's). */
  emaPriceHalvingBlocks?: bigint;
  /**
   * A subnet registered on the devnet starts with its moving price at its seeded spot price, as an
   * established subnet trades (default false: 0, as the chain starts a new subnet, which then gets
   * next to no TAO for weeks while its moving price catches up).
   */
  established?: boolean;
}

/**
 * The default rest of the network: 128 subnets in all, as mainnet has had since subnet slots
 * filled in 2025 (the chain's limit), so a new subnet enters with about 1/128 of the emission once
 * its moving price has caught up. The 127 others are one group at 0.01 TAO per alpha (a new
 * subnet's pool is seeded at the median price, so it starts at theirs); root holds 1M TAO
 * counted with the runtime's TaoWeight. These are assumptions chosen to be of mainnet's order,
 * not measurements: set `network` to model another market.
 */
export const DEV_DEFAULT_NETWORK: Required<DevNetworkOptions> = {
  others: [{ count: 127, price: 0.01, tao: 10_000n * TAO }],
  rootTao: 1_000_000n * TAO,
  taoWeight: 971_718_665_099_567_868n,
  subnetOwnerCut: 11_796,
  maxEpochsPerBlock: 2,
  emaPriceHalvingBlocks: 201_600n,
  established: false,
};

/** Netuids of the other-subnet groups: 4096 + group index (apart from the devnet's own 1, 2, …). */
export const OTHER_NETUID_BASE = 4096;

/** I96F32 bits of a price in TAO per alpha. */
export const priceBits = (price: number): bigint => BigInt(Math.round(price * 2 ** 32));

function subnetJson(
  netuid: number,
  o: {
    tao: bigint;
    alphaIn: bigint;
    alphaOut: bigint;
    movingPrice: bigint;
    tempo: number;
    lastEpochBlock: bigint;
    halving: bigint;
    started: boolean;
    block: bigint;
  },
): CoinbaseSubnet {
  return {
    netuid,
    mechanism: 1,
    subnetTao: o.tao.toString(),
    subnetAlphaIn: o.alphaIn.toString(),
    subnetAlphaOut: o.alphaOut.toString(),
    subnetProtocolAlpha: "0",
    movingPrice: o.movingPrice.toString(),
    emaPriceHalvingBlocks: o.halving.toString(),
    swapQuoteWeight: HALF_WEIGHT.toString(),
    palSwapInitialized: o.started,
    minerBurned: "0",
    rootProp: "0",
    firstEmissionBlock: o.started ? "0" : null,
    subtokenEnabled: o.started,
    registrationAllowed: true,
    emissionEnabled: true,
    ownerCutEnabled: true,
    tempo: o.tempo,
    lastEpochBlock: o.lastEpochBlock.toString(),
    pendingEpochAt: "0",
    blocksSinceLastStep: "0",
    epochIndex: "0",
    lastMechanismStepBlock: o.block.toString(),
    pendingServerEmission: "0",
    pendingValidatorEmission: "0",
    pendingRootAlphaDivs: "0",
    pendingOwnerCut: "0",
    recycleOrBurn: "burn",
    ownerHotkeyUid: null,
    neurons: [],
  };
}

/** The neuron records of one subnet whose epoch runs this block (COINBASE_NEURON words per uid). */
export interface DueNeurons {
  netuid: number;
  words: BigUint64Array;
  ownerHotkeyUid: number | null;
}

export class DevEconomy {
  header: BigUint64Array;
  /** One record per subnet (neuronCount 0 between steps). */
  subnets: BigUint64Array;
  /** Per-subnet price of each other-subnet group (TAO per alpha), for the median; by netuid. */
  readonly groups: Map<number, { count: number; price: number }>;
  /** New subnets start with their moving price at their spot price (DevNetworkOptions.established). */
  readonly established: boolean;
  private computed: CoinbaseComputedArrays | undefined;

  constructor(state: CoinbaseState, groups: Map<number, { count: number; price: number }>, established = false) {
    const x = toCoinbaseArrays({ ...state, subnets: state.subnets.map((s) => ({ ...s, neurons: [], ownerHotkeyUid: null })) });
    this.header = x.header;
    this.subnets = x.subnets;
    this.groups = groups;
    this.established = established;
  }

  /** The network at genesis (`block`, `issuance`): the other-subnet groups and root, nothing of the devnet's. */
  static genesis(options: DevNetworkOptions, block: number, issuance: bigint): DevEconomy {
    const o = { ...DEV_DEFAULT_NETWORK, ...options };
    const groups = new Map<number, { count: number; price: number }>();
    const subnets = o.others.map((g, k) => {
      const netuid = OTHER_NETUID_BASE + k;
      groups.set(netuid, { count: g.count, price: g.price });
      const tao = BigInt(g.count) * (g.tao ?? 10_000n * TAO);
      const summed = priceBits(g.price * g.count);
      const alphaIn = summed === 0n ? 0n : (tao << 32n) / summed;
      // staggered as init_new_network staggers LastEpochBlock (netuid mod tempo)
      return subnetJson(netuid, {
        tao,
        alphaIn,
        alphaOut: alphaIn,
        movingPrice: summed,
        tempo: 360,
        lastEpochBlock: BigInt(Math.max(0, block - (netuid % 360))),
        halving: o.emaPriceHalvingBlocks,
        started: true,
        block: BigInt(block),
      });
    });
    const state: CoinbaseState = {
      blockNumber: String(block),
      totalIssuance: issuance.toString(),
      totalStake: (subnets.reduce((a, s) => a + BigInt(s.subnetTao), 0n) + o.rootTao).toString(),
      taoWeight: o.taoWeight.toString(),
      subnetOwnerCut: o.subnetOwnerCut,
      subnetMovingAlpha: "12885",
      maxEpochsPerBlock: o.maxEpochsPerBlock,
      swapMinimumReserve: "1000000",
      rootSubnetTao: o.rootTao.toString(),
      subnets,
    };
    return new DevEconomy(state, groups, o.established);
  }

  /** The state as FORMAT.md's JSON (neurons empty: they are the devnet's), for the state file and `tao-subnet coinbase`. */
  toJson(): CoinbaseState {
    return fromCoinbaseArrays({ header: this.header, subnets: this.subnets, neurons: new BigUint64Array(0) });
  }

  /** dueAt's subnet order (the chain's storage order) for the `subnets` array it was computed on. */
  private storageOrder: { of: BigUint64Array; order: Array<{ netuid: number; s: number }> } | undefined;

  get count(): number {
    return Number(this.header[CB_HEADER.subnetCount]);
  }
  /** The record index of `netuid` (-1 when absent). */
  index(netuid: number): number {
    const n = this.count;
    for (let s = 0; s < n; s++) if (this.subnets[s * SW + CB_SUBNET.netuid] === BigInt(netuid)) return s;
    return -1;
  }
  private at(netuid: number): number {
    const s = this.index(netuid);
    if (s < 0) throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `subnet ${netuid} has no pool in the devnet's economy`);
    return s * SW;
  }
  get(netuid: number, field: keyof typeof CB_SUBNET): bigint {
    return this.subnets[this.at(netuid) + CB_SUBNET[field]]!;
  }
  set(netuid: number, field: keyof typeof CB_SUBNET, value: bigint): void {
    this.subnets[this.at(netuid) + CB_SUBNET[field]] = value;
  }
  flag(netuid: number, f: keyof typeof COINBASE_SUBNET_FLAGS): boolean {
    return (Number(this.get(netuid, "flags")) & COINBASE_SUBNET_FLAGS[f]) !== 0;
  }
  setFlag(netuid: number, f: keyof typeof COINBASE_SUBNET_FLAGS, on: boolean): void {
    const flags = this.get(netuid, "flags");
    const bit = BigInt(COINBASE_SUBNET_FLAGS[f]);
    this.set(netuid, "flags", on ? flags | bit : flags & ~bit);
  }
  headerWord(f: keyof typeof CB_HEADER): bigint {
    return this.header[CB_HEADER[f]]!;
  }
  setHeaderWord(f: keyof typeof CB_HEADER, v: bigint): void {
    this.header[CB_HEADER[f]] = v;
  }
  /** Netuids of every subnet, the devnet's and the other groups. */
  netuids(): number[] {
    return Array.from({ length: this.count }, (_, s) => Number(this.subnets[s * SW + CB_SUBNET.netuid]));
  }

  /** A subnet's pool as the swap maths takes it. */
  pool(netuid: number): SwapPoolState {
    return {
      mechanism: Number(this.get(netuid, "mechanism")),
      taoReserve: this.get(netuid, "subnetTao"),
      alphaReserve: this.get(netuid, "subnetAlphaIn"),
      quoteWeight: this.get(netuid, "swapQuoteWeight"),
      initialized: this.flag(netuid, "palSwapInitialized"),
      minimumReserve: this.headerWord("swapMinimumReserve"),
    };
  }
  /** Writes a pool back after a swap (reserves, weight, initialized). */
  setPool(netuid: number, p: Required<SwapPoolState>): void {
    this.set(netuid, "subnetTao", p.taoReserve);
    this.set(netuid, "subnetAlphaIn", p.alphaReserve);
    this.set(netuid, "swapQuoteWeight", p.quoteWeight);
    this.setFlag(netuid, "palSwapInitialized", p.initialized);
  }

  /** Spot price in TAO per alpha as a float (for reports; the chain's maths uses the pool). */
  spotPrice(netuid: number): number {
    const tao = Number(this.get(netuid, "subnetTao"));
    const alpha = Number(this.get(netuid, "subnetAlphaIn"));
    const w = Number(this.get(netuid, "swapQuoteWeight")) / 1e18;
    // balancer price: (tao / w) / (alpha / (1 − w))
    return alpha === 0 || w === 0 ? 0 : (tao * (1 - w)) / (alpha * w);
  }
  /** Moving price in TAO per alpha as a float. */
  movingPrice(netuid: number): number {
    const hi = BigInt.asIntN(64, this.get(netuid, "movingPriceHi"));
    const lo = this.get(netuid, "movingPriceLo");
    return Number((hi << 64n) | lo) / 2 ** 32;
  }

  /**
   * The median alpha price over the subnets with a price (get_median_subnet_alpha_price: an
   * other-subnet group counts `count` times at its per-subnet price), TAO per alpha; 1 when none.
   */
  medianPrice(): number {
    const prices: Array<[number, number]> = [];
    for (const netuid of this.netuids()) {
      const g = this.groups.get(netuid);
      const p = g ? g.price : this.spotPrice(netuid);
      if (p > 0) prices.push([p, g ? g.count : 1]);
    }
    const total = prices.reduce((a, [, c]) => a + c, 0);
    if (total === 0) return 1;
    prices.sort((a, b) => a[0] - b[0]);
    const pick = (i: number) => {
      let k = 0;
      for (const [p, c] of prices) {
        k += c;
        if (i < k) return p;
      }
      return prices[prices.length - 1]![0];
    };
    const last = total - 1;
    const lo = pick(Math.floor(last / 2));
    return last % 2 === 0 ? lo : (lo + pick(Math.floor(last / 2) + 1)) / 2;
  }

  /**
   * A new subnet's pool as do_register_network seeds it: the whole lock as SubnetTAO (at least
   * `minLock`), alpha at the median price, nothing outstanding and nothing staked to the owner;
   * LastEpochBlock staggered by netuid mod tempo; emission waits for start_call. Returns the
   * TAO that went into the pool.
   */
  addSubnet(netuid: number, lock: bigint, minLock: bigint, block: number, tempo: number): bigint {
    const tao = lock >= minLock ? lock : minLock;
    const median = priceBits(this.medianPrice());
    const alphaIn = median === 0n ? 0n : (tao << 32n) / median;
    const stagger = tempo > 0 ? netuid % tempo : 0;
    const record = toCoinbaseArrays({
      ...this.toJson(),
      subnets: [
        subnetJson(netuid, {
          tao,
          alphaIn,
          alphaOut: 0n,
          movingPrice: this.established ? median : 0n,
          tempo,
          lastEpochBlock: BigInt(Math.max(0, block - stagger)),
          halving: this.emaHalving(),
          started: false,
          block: 0n,
        }),
      ],
    }).subnets;
    const next = new BigUint64Array(this.subnets.length + SW);
    next.set(this.subnets);
    next.set(record, this.subnets.length);
    this.subnets = next;
    this.header[CB_HEADER.subnetCount] = BigInt(this.count + 1);
    this.header[CB_HEADER.totalStake] = this.header[CB_HEADER.totalStake]! + tao;
    this.computed = undefined;
    return tao;
  }
  private emaHalving(): bigint {
    for (const netuid of this.netuids()) if (this.groups.has(netuid)) return this.get(netuid, "emaPriceHalvingBlocks");
    return DEV_DEFAULT_NETWORK.emaPriceHalvingBlocks;
  }

  /** do_start_call: FirstEmissionBlockNumber = block + 1 and the subtoken enabled. */
  startCall(netuid: number, block: number): void {
    this.set(netuid, "firstEmissionBlock", BigInt(block + 1));
    this.setFlag(netuid, "hasFirstEmissionBlock", true);
    this.setFlag(netuid, "subtokenEnabled", true);
  }

  /**
   * Netuids whose epoch runs at `block`: the scheduler's rule (BlocksSinceLastStep + 1, PendingEpochAt,
   * MAX_TEMPO, LastEpochBlock + tempo) in the chain's storage order, at most MaxEpochsPerBlock.
   */
  dueAt(block: number): Set<number> {
    const b = BigInt(block);
    // the storage order changes only when a record is added (a new subnets array): computed once per array
    if (this.storageOrder?.of !== this.subnets)
      this.storageOrder = {
        of: this.subnets,
        order: this.netuids()
          .map((netuid, s) => ({ netuid, s }))
          .sort((x, y) => (x.netuid & 0xff) - (y.netuid & 0xff) || (x.netuid >> 8) - (y.netuid >> 8)),
      };
    const order = this.storageOrder.order;
    const cap = Number(this.headerWord("maxEpochsPerBlock"));
    const out = new Set<number>();
    let ran = 0;
    const words = this.subnets;
    for (const { netuid, s } of order) {
      // plain indexing, no closure a subnet: this runs every block
      const o = s * SW;
      const tempo = words[o + CB_SUBNET.tempo]!;
      if (tempo === 0n) continue;
      const pending = words[o + CB_SUBNET.pendingEpochAt]!;
      const last = words[o + CB_SUBNET.lastEpochBlock]!;
      const due = (pending > 0n && b >= pending) || words[o + CB_SUBNET.blocksSinceLastStep]! + 1n > MAX_TEMPO || (b > last ? b - last : 0n) >= tempo;
      if (!due) continue;
      if (ran >= cap) continue;
      ran++;
      out.add(netuid);
    }
    return out;
  }

  /**
   * One block: the core's coinbase step over the whole network, in place. `due` carries the neuron
   * records of the subnets whose epoch runs (from `dueAt`); after the step their words hold the
   * stakes the distribution paid. Returns what the block computed (arrays reused between blocks).
   */
  step(block: number, due: DueNeurons[]): CoinbaseComputedArrays {
    this.header[CB_HEADER.blockNumber] = BigInt(block);
    let total = 0;
    for (const d of due) total += d.words.length / NW;
    const neurons = new BigUint64Array(total * NW);
    // neuron records in subnet record order
    const order = due.map((d) => ({ d, s: this.index(d.netuid) })).sort((a, b) => a.s - b.s);
    let k = 0;
    for (const { d, s } of order) {
      neurons.set(d.words, k);
      k += d.words.length;
      this.subnets[s * SW + CB_SUBNET.neuronCount] = BigInt(d.words.length / NW);
      if (d.ownerHotkeyUid !== null) {
        this.subnets[s * SW + CB_SUBNET.ownerHotkeyUid] = BigInt(d.ownerHotkeyUid);
        this.subnets[s * SW + CB_SUBNET.flags] = this.subnets[s * SW + CB_SUBNET.flags]! | BigInt(COINBASE_SUBNET_FLAGS.hasOwnerHotkeyUid);
      }
    }
    this.header[CB_HEADER.neuronCount] = BigInt(total);
    const input: CoinbaseArrays = { header: this.header, subnets: this.subnets, neurons };
    if (this.computed && this.computed.neurons.length !== total * 6) this.computed = undefined;
    const out = coinbaseStepArrays(input, { inPlace: true, computed: this.computed });
    if (total === 0) this.computed = out.computed;
    k = 0;
    for (const { d, s } of order) {
      d.words.set(neurons.subarray(k, k + d.words.length));
      k += d.words.length;
      this.subnets[s * SW + CB_SUBNET.neuronCount] = 0n;
      this.subnets[s * SW + CB_SUBNET.ownerHotkeyUid] = 0n;
      this.subnets[s * SW + CB_SUBNET.flags] = this.subnets[s * SW + CB_SUBNET.flags]! & ~BigInt(COINBASE_SUBNET_FLAGS.hasOwnerHotkeyUid);
    }
    this.header[CB_HEADER.neuronCount] = 0n;
    return out.computed;
  }
}

/** Neuron record words (COINBASE_NEURON order) for `n` uids. */
export const neuronWords = (n: number) => new BigUint64Array(n * NW);
export const NEURON_WORDS = NW;
export { CB_NEURON };
