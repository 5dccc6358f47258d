/**
 * One scenario, two chains: the same `Chain` calls on the spec-300 runtime under chopsticks and on
 * the devnet, with what each side lets us observe of its economy read the same way (a pool's
 * reserves and price, issuance, total stake, the cost of registering a subnet). The scenario
 * (`sideBySide.spec.ts`) only sees a `Side`.
 *
 * Block alignment: on the localnet every transaction is included in a new block whose coinbase
 * runs before it (on_initialize, then the extrinsic); `Side.tx` on the devnet produces one block
 * first and then applies the call, so the two sides see the same number of coinbase steps.
 */
import type { Chain, SubnetHyperparameters } from "@tao-subnet/sdk/chain";
import { readPool } from "@tao-subnet/sdk/chain";
import { DevChain, type DevChainOptions } from "@tao-subnet/sdk/devnet";
import type { LocalnetContext } from "./localnetContext.js";

/** A subnet's pool as both sides report it (rao, alpha rao; prices in TAO per alpha). */
export interface PoolView {
  subnetTao: bigint;
  alphaIn: bigint;
  alphaOut: bigint;
  price: number;
  movingPrice: number;
}

export interface Side {
  name: "spec 300 (chopsticks)" | "devnet (spec 425 maths)";
  chain: Chain;
  /** Produces `n` blocks. */
  advance(n: number): Promise<void>;
  /** Runs one transaction in its own new block (see the file header). */
  tx<T>(call: () => Promise<T>): Promise<T>;
  fund(address: string, rao: bigint): Promise<void>;
  pool(netuid: number): Promise<PoolView>;
  /** Subtensor's TotalIssuance (the devnet's `issuance`): what block emission reads. */
  issuance(): Promise<bigint>;
  totalStake(): Promise<bigint>;
  /** What `registerNetwork` would lock now, rao. */
  lockCost(): Promise<bigint>;
  /** Root settings of a new subnet before its scenario starts (commit-reveal off, and the localnet's test limits). */
  prepare(netuid: number, owner: Parameters<Chain["startCall"]>[0]): Promise<void>;
}

type Codec = { toString(): string; toJSON(): unknown };
type Query = Record<string, (...a: unknown[]) => Promise<Codec>>;
const U96F32_ONE = 2 ** 32;
const bitsOf = (c: Codec): bigint => {
  const j = c.toJSON() as { bits?: unknown } | string | number;
  return BigInt(typeof j === "object" && j !== null && "bits" in j ? String(j.bits) : String(j));
};

/** The spec-300 runtime under chopsticks (`startLocalnetContext`). */
export function chainSide(ctx: LocalnetContext, prepare: (netuid: number, owner: Parameters<Chain["startCall"]>[0]) => Promise<void>): Side {
  const api = ctx.chain.api;
  const q = () => api.query.subtensorModule as unknown as Query;
  const big = async (item: string, ...a: unknown[]) => BigInt((await q()[item]!(...a)).toString());
  return {
    name: "spec 300 (chopsticks)",
    chain: ctx.chain,
    advance: (n) => ctx.advance(n),
    tx: (call) => call(),
    fund: (address, rao) => ctx.net.fund(address, rao),
    async pool(netuid) {
      const p = await readPool(ctx.chain, netuid);
      return {
        subnetTao: p.taoReserve,
        alphaIn: p.alphaReserve,
        alphaOut: await big("subnetAlphaOut", netuid),
        price: Number(p.price) / 1e9,
        movingPrice: Number(bitsOf(await q().subnetMovingPrice!(netuid))) / U96F32_ONE,
      };
    },
    issuance: () => big("totalIssuance"),
    totalStake: () => big("totalStake"),
    async lockCost() {
      const call = (api.call as unknown as Record<string, Record<string, () => Promise<Codec>>>).subnetRegistrationRuntimeApi?.getNetworkRegistrationCost;
      if (!call) throw new Error("spec 300 offers SubnetRegistrationRuntimeApi.get_network_registration_cost; this runtime does not");
      return BigInt((await call()).toString());
    },
    prepare,
  };
}

/** Hyperparameters the devnet takes at genesis, copied from the chain's prepared subnet. */
export function devHyperparameters(h: SubnetHyperparameters): Partial<SubnetHyperparameters> {
  const { burn, minBurn, maxBurn, stakeThreshold, ...rest } = h;
  return { ...rest, burn, minBurn, maxBurn, stakeThreshold };
}

/** The devnet with the chain's constants where it takes them as options. */
export function devSide(options: DevChainOptions): Side & { dev: DevChain } {
  const dev = new DevChain(options);
  const sub = (netuid: number) => {
    const s = dev.economy().subnets.find((x) => x.netuid === netuid);
    if (!s) throw new Error(`devnet: no subnet ${netuid}`);
    return s;
  };
  return {
    name: "devnet (spec 425 maths)",
    dev,
    chain: dev,
    advance: async (n) => void (await dev.advance(n)),
    async tx(call) {
      await dev.advance(1);
      return call();
    },
    fund: async (address, rao) => dev.fund(address, rao),
    async pool(netuid) {
      const s = sub(netuid);
      return { subnetTao: s.subnetTao, alphaIn: s.alphaIn, alphaOut: s.alphaOut, price: s.price, movingPrice: s.movingPrice };
    },
    issuance: async () => dev.emission().issuance,
    totalStake: async () => dev.economy().totalStake,
    lockCost: async () => dev.networkLockCost(),
    // the devnet's subnet starts with the hyperparameters the chain's subnet was given (options.hyperparameters)
    prepare: async () => undefined,
  };
}
