/** The devnet's state, and its JSON form (bigints as decimal strings, rows as `[uid, value]` pairs) for save/load. */

import type { SparseRow } from "@tao-subnet/core";
import type { AxonInfo, SubnetHyperparameters } from "../types.js";
import { type Row, rowFromPairs, rowToPairs } from "./rows.js";

export interface DevNeuron {
  uid: number;
  hotkey: string;
  coldkey: string;
  stake: bigint;
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
}

export interface DevState {
  seed: string;
  block: number;
  /** Issuance on the emission schedule (rao): what block emission reads (see devChain.ts). */
  issuance: bigint;
  /** Rao endowed by genesis balances and the faucet, outside the schedule. */
  endowed: bigint;
  balances: Record<string, bigint>;
  subnets: DevSubnet[];
}

const BIG = "__bigint:";
type JsonSubnet = Omit<DevSubnet, "weights" | "bonds"> & { weights: SparseRow[]; bonds: SparseRow[] };

/** Serialises state (bigints tagged, rows as pairs) as deterministic JSON. */
export const stateToJson = (s: DevState): string =>
  JSON.stringify(
    { ...s, subnets: s.subnets.map((x): JsonSubnet => ({ ...x, weights: x.weights.map(rowToPairs), bonds: x.bonds.map(rowToPairs) })) },
    (_k, v: unknown) => (typeof v === "bigint" ? `${BIG}${v}` : v),
    1,
  );
export const stateFromJson = (text: string): DevState => {
  const s = JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && v.startsWith(BIG) ? BigInt(v.slice(BIG.length)) : v)) as Omit<
    DevState,
    "subnets"
  > & {
    subnets: JsonSubnet[];
  };
  return { ...s, subnets: s.subnets.map((x) => ({ ...x, weights: x.weights.map(rowFromPairs), bonds: x.bonds.map(rowFromPairs) })) };
};
