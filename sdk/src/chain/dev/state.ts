/** The devnet's state, and its JSON form (bigints as decimal strings, rows as `[uid, value]` pairs) for save/load. */

import type { CoinbaseState, SparseRow } from "@tao-subnet/core";
import type { AxonInfo, SubnetHyperparameters } from "../types.js";
import { DevEconomy } from "./economy.js";
import { type Row, rowFromPairs, rowToPairs } from "./rows.js";

export interface DevNeuron {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Alpha staked to this hotkey on the subnet (TotalHotkeyAlpha), alpha rao. */
  stake: bigint;
  /** The same by coldkey (emission gains go to the hotkey's own coldkey). */
  stakes: Record<string, bigint>;
  lastUpdate: number;
  blockAtRegistration: number;
  validatorPermit: boolean;
  axon: AxonInfo | null;
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  emission: bigint;
}

export interface DevCommit {
  hotkey: string;
  hash: string;
  block: number;
  epoch: number;
}

/** A timelocked commit waiting for its reveal epoch and round (`timelocked.ts`). */
export interface DevTimelockedCommit {
  hotkey: string;
  /** The ciphertext, hex. */
  commit: string;
  round: number;
  block: number;
  epoch: number;
}

export interface DevSubnet {
  netuid: number;
  ownerColdkey: string;
  ownerHotkey: string;
  hyperparameters: SubnetHyperparameters;
  neurons: DevNeuron[];
  /** One row per uid (typed arrays; `[uid, value]` pairs in the state file). */
  weights: Row[];
  bonds: Row[];
  lastEpochBlock: number;
  lastMechanismStepBlock: number;
  epochIndex: number;
  /** Alpha accumulated for the next epoch (miners + validators), rao. */
  pendingEmission: bigint;
  commits: DevCommit[];
  /** Timelocked commits (absent in state files written before the devnet had a beacon). */
  timelocked?: DevTimelockedCommit[];
  commitments: Record<string, string>;
  /** Block of registration (NetworkRegisteredAt). */
  registeredAt: number;
  totals: DevSubnetTotals;
}

/** A subnet's running totals since registration (rao / alpha rao). */
export interface DevSubnetTotals {
  /** TAO the coinbase put into the pool (injection and the chain's buys). */
  taoInjected: bigint;
  /** Alpha minted for participants (SubnetAlphaOutEmission). */
  alphaEmitted: bigint;
  /** Owner's cut staked to the owner's hotkey at epochs. */
  ownerCut: bigint;
  /** Incentive to the owner's hotkeys, burned or recycled. */
  incentiveWithheld: bigint;
  /** TAO paid into the subnet by registrations: the lock and every burned registration. */
  registrationTao: bigint;
}

export const emptyTotals = (): DevSubnetTotals => ({ taoInjected: 0n, alphaEmitted: 0n, ownerCut: 0n, incentiveWithheld: 0n, registrationTao: 0n });

export interface DevState {
  seed: string;
  block: number;
  /** Issuance on the emission schedule (rao): what block emission reads (see devChain.ts). */
  issuance: bigint;
  /** Rao endowed by genesis balances and the faucet, outside the schedule. */
  endowed: bigint;
  balances: Record<string, bigint>;
  subnets: DevSubnet[];
  /** The whole network's coinbase state (economy.ts); in the file as FORMAT.md's CoinbaseState. */
  economy: DevEconomy;
}

const BIG = "__bigint:";
type JsonSubnet = Omit<DevSubnet, "weights" | "bonds"> & { weights: SparseRow[]; bonds: SparseRow[] };
type JsonEconomy = { coinbase: CoinbaseState; groups: Array<[number, { count: number; price: number }]>; established?: boolean };

/** Serialises state (bigints tagged, rows as pairs) as deterministic JSON. */
export const stateToJson = (s: DevState): string =>
  JSON.stringify(
    {
      ...s,
      subnets: s.subnets.map((x): JsonSubnet => ({ ...x, weights: x.weights.map(rowToPairs), bonds: x.bonds.map(rowToPairs) })),
      economy: { coinbase: s.economy.toJson(), groups: [...s.economy.groups], established: s.economy.established } satisfies JsonEconomy,
    },
    (_k, v: unknown) => (typeof v === "bigint" ? `${BIG}${v}` : v),
    1,
  );
export const stateFromJson = (text: string): DevState => {
  const s = JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && v.startsWith(BIG) ? BigInt(v.slice(BIG.length)) : v)) as Omit<
    DevState,
    "subnets" | "economy"
  > & {
    subnets: JsonSubnet[];
    economy?: JsonEconomy;
  };
  return {
    ...s,
    subnets: s.subnets.map((x) => ({ ...x, weights: x.weights.map(rowFromPairs), bonds: x.bonds.map(rowFromPairs) })),
    // a state file from before dynamic TAO has none: DevChain.load builds one
    economy: (s.economy ? new DevEconomy(s.economy.coinbase, new Map(s.economy.groups), s.economy.established ?? false) : undefined) as DevEconomy,
  };
};
