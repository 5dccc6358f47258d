/**
 * The devnet's mechanisms (a subnet's several weight sets), as subtensor's mechanism.rs keeps them.
 *
 * State: mechanism 0 lives where a subnet without mechanisms keeps it (`DevSubnet.weights`,
 * `bonds`, each neuron's `lastUpdate` and `incentive`), so a subnet with one mechanism, and a state
 * file from before mechanisms, reads as before. Mechanisms 1… keep their own rows, last updates and
 * incentives in `DevSubnet.mechanisms.rows[mecid − 1]`; hash and timelocked commits carry their
 * `mecid`. The owner sets the count (1..MaxMechanismCount, at most 16, with max allowed uids × count
 * ≤ 256; a change clears the dropped mechanisms and resets the split) and the split (u16 parts
 * summing to 65535, at most one per mechanism).
 *
 * Epoch: the drained alpha is split (`splitEmission`) and one epoch runs per mechanism, on its
 * part and its weights, bonds and last updates; each uid's server and validator alpha is the sum
 * over the mechanisms, handed to the core's coinbase as amounts (COINBASE_NEURON_FLAGS.emissionAmounts). The subnet's
 * dividends, consensus, validator trust, stake weight and emission are mechanism.rs's weighted sums
 * (each mechanism's value × its part / the whole, U64F64, truncated and added); active and new
 * permits are ORed; incentive and bonds stay per mechanism. The chain's quirk is kept: the stored
 * emission is that weighted sum, not the alpha paid.
 *
 * What the devnet records of such an epoch: `lastEpoch`/`exportEpoch` hold mechanism 0's input
 * (its part as `raoEmission`) and the subnet's output (the alpha the coinbase paid);
 * `DevChain.lastMechanismEpochs` holds every mechanism's input, output and part.
 *
 * The drained alpha is known only inside the coinbase step, so on a block where a subnet with
 * several mechanisms is due the devnet runs the step once on copies (`drainedRao`) to read it.
 *
 * Not modelled: the owner's admin window and rate limits on the count and split (the devnet models
 * no owner rate limit for any hyperparameter).
 *
 * see: subtensor pallets/subtensor/src/subnets/mechanism.rs (do_set_mechanism_count,
 * update_mechanism_counts_if_needed, do_set_emission_split, split_emissions, epoch_with_mechanisms,
 * weighted_acc_u16, weighted_acc_alpha), epoch/run_epoch.rs (persist_mechanism_epoch_terms,
 * persist_netuid_epoch_terms), subnets/uids.rs (append_neuron, replace_neuron),
 * pallets/admin-utils/src/lib.rs (sudo_set_mechanism_count, sudo_set_mechanism_emission_split) @ 14bc6f9
 */
import { CB_OUT_SUBNET, COINBASE_NEURON_FLAGS, COINBASE_OUT_SUBNET, type EpochInputArrays, type EpochOutputArrays, runEpochArrays } from "@tao-subnet/core";
import { MAX_MECHANISM_COUNT_PER_SUBNET, splitEmission } from "../mechanisms.js";
import { CB_NEURON, type DevEconomy, type DueNeurons, NEURON_WORDS } from "./economy.js";
import { EMPTY_ROW, type Row } from "./rows.js";
import type { DevMechanismRows, DevSubnet } from "./state.js";

export type { DevMechanismRows, DevMechanisms } from "./state.js";

/** The chain's DefaultMaxMechanismCount (root may raise it up to 16). */
export const DEFAULT_MAX_MECHANISM_COUNT = 2;
/** DefaultMaxAllowedUids: max allowed uids × mechanism count may not pass it. */
export const MAX_UIDS_OVER_ALL_MECHANISMS = 256;

export const mechanismCount = (s: DevSubnet): number => s.mechanisms?.count ?? 1;

const extra = (s: DevSubnet, mecid: number): DevMechanismRows => s.mechanisms!.rows[mecid - 1]!;

export const weightsOf = (s: DevSubnet, mecid: number): Row[] => (mecid === 0 ? s.weights : extra(s, mecid).weights);
export const bondsOf = (s: DevSubnet, mecid: number): Row[] => (mecid === 0 ? s.bonds : extra(s, mecid).bonds);
export const lastUpdateOf = (s: DevSubnet, mecid: number, uid: number): number =>
  mecid === 0 ? s.neurons[uid]!.lastUpdate : (extra(s, mecid).lastUpdate[uid] ?? 0);
export const incentiveOf = (s: DevSubnet, mecid: number, uid: number): number =>
  mecid === 0 ? s.neurons[uid]!.incentive : (extra(s, mecid).incentive[uid] ?? 0);

export function setLastUpdate(s: DevSubnet, mecid: number, uid: number, block: number): void {
  if (mecid === 0) s.neurons[uid]!.lastUpdate = block;
  else extra(s, mecid).lastUpdate[uid] = block;
}

export function setWeightsRow(s: DevSubnet, mecid: number, uid: number, row: Row): void {
  weightsOf(s, mecid)[uid] = row;
}

/** A uid (new at the end, or replaced) starts in every mechanism above 0 with empty rows, no incentive, last update `block` (append_neuron, replace_neuron). */
export function resetUid(s: DevSubnet, uid: number, block: number): void {
  for (const m of s.mechanisms?.rows ?? []) {
    m.weights[uid] = EMPTY_ROW;
    m.bonds[uid] = EMPTY_ROW;
    m.lastUpdate[uid] = block;
    m.incentive[uid] = 0;
  }
}

/** Why the count may not be set, as the pallet names it, or null (do_set_mechanism_count). */
export function checkMechanismCount(s: DevSubnet, count: number, maxCount: number): [string, string] | null {
  if (count < 1) return ["InvalidValue", "a subnet runs at least 1 mechanism"];
  if (count > maxCount) return ["InvalidValue", `mechanism count ${count} is above the chain's MaxMechanismCount of ${maxCount}`];
  const uids = s.hyperparameters.maxAllowedUids;
  if (uids * count > MAX_UIDS_OVER_ALL_MECHANISMS)
    return [
      "TooManyUIDsPerMechanism",
      `max allowed uids ${uids} × ${count} mechanisms is above ${MAX_UIDS_OVER_ALL_MECHANISMS}; lower maxAllowedUids to ${Math.floor(MAX_UIDS_OVER_ALL_MECHANISMS / count)} first`,
    ];
  if (count > MAX_MECHANISM_COUNT_PER_SUBNET) return ["InvalidValue", `at most ${MAX_MECHANISM_COUNT_PER_SUBNET} mechanisms per subnet`];
  return null;
}

/** Sets the count (checked): dropped mechanisms' rows, commits and incentives go; new ones start empty; the split resets to even. */
export function applyMechanismCount(s: DevSubnet, count: number): void {
  const old = mechanismCount(s);
  if (old === count) return;
  const n = s.neurons.length;
  const rows = (s.mechanisms?.rows ?? []).slice(0, count - 1);
  while (rows.length < count - 1)
    rows.push({ weights: Array(n).fill(EMPTY_ROW), bonds: Array(n).fill(EMPTY_ROW), lastUpdate: Array(n).fill(0), incentive: Array(n).fill(0) });
  s.commits = s.commits.filter((c) => (c.mecid ?? 0) < count);
  if (s.timelocked) s.timelocked = s.timelocked.filter((c) => (c.mecid ?? 0) < count);
  if (count === 1) delete s.mechanisms;
  else s.mechanisms = { count, split: null, rows };
}

/** Why the split may not be set, or null (do_set_emission_split). */
export function checkEmissionSplit(s: DevSubnet, split: number[] | null): [string, string] | null {
  if (split === null) return null;
  if (split.length === 0) return ["InvalidValue", "an emission split has at least one part"];
  if (split.length > mechanismCount(s)) return ["InvalidValue", `${split.length} parts for ${mechanismCount(s)} mechanism(s)`];
  const total = split.reduce((a, b) => a + b, 0);
  if (total !== 65535) return ["InvalidValue", `the parts must sum to 65535, got ${total}`];
  return null;
}

export function applyEmissionSplit(s: DevSubnet, split: number[] | null): void {
  if (s.mechanisms) s.mechanisms.split = split;
}

// ---- the epoch ----

const U64_MAX = (1n << 64n) - 1n;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** A mechanism's weight, U64F64 bits: floor(part × 2^64 / whole); for a whole of 0, 1 for mechanism 0 and 0 for the others. */
export const mechanismWeightBits = (part: bigint, whole: bigint, mecid: number): bigint =>
  whole === 0n ? (mecid === 0 ? 1n << 64n : 0n) : (part << 64n) / whole;

/** weighted_acc_u16: existing + added × weight, truncated, saturating at 65535. */
export const weightedAccU16 = (existing: number, added: number, w: bigint): number => Math.min(65535, existing + Number((BigInt(added) * w) >> 64n));

/** weighted_acc_alpha: existing + added × weight, truncated, saturating at 2^64 − 1. */
export const weightedAccAlpha = (existing: bigint, added: bigint, w: bigint): bigint => min(U64_MAX, existing + ((added * w) >> 64n));

/** One mechanism's epoch of a due subnet, run on its part of the drained alpha. */
export interface MechanismEpoch {
  mecid: number;
  input: EpochInputArrays;
  output: EpochOutputArrays;
  /** Its part of the drained alpha (split_emissions): the epoch's raoEmission. */
  emission: bigint;
}

/** Neuron records' shares for the step run on copies (what is drained does not depend on them). */
export const noShares = (n: number): Pick<EpochOutputArrays, "serverShare" | "validatorShare"> => ({
  serverShare: new BigInt64Array(n),
  validatorShare: new BigInt64Array(n),
});

/**
 * The drained alpha (`raoEmission`) of each due subnet, read from the coinbase step run on copies
 * of the economy's state and of the neuron records (the distribution does not change what is
 * drained); the economy is left as it was.
 */
export function drainedRao(econ: DevEconomy, block: number, due: DueNeurons[]): Map<number, bigint> {
  const header = econ.header.slice();
  const subnets = econ.subnets.slice();
  try {
    const computed = econ.step(
      block,
      due.map((d) => ({ ...d, words: d.words.slice() })),
    );
    const W = COINBASE_OUT_SUBNET.length;
    return new Map(due.map((d) => [d.netuid, computed.subnets[econ.index(d.netuid) * W + CB_OUT_SUBNET.raoEmission]!]));
  } finally {
    econ.header.set(header);
    econ.subnets.set(subnets);
  }
}

/**
 * Runs one epoch per mechanism of `s` on its part of `rao` (`inputOf(mecid, part)` builds the
 * mechanism's input), and writes each uid's server and validator alpha summed over the mechanisms
 * into the neuron records `words` as amounts (the flag tells the core).
 */
export function runMechanismEpochs(
  s: DevSubnet,
  rao: bigint,
  words: BigUint64Array,
  inputOf: (mecid: number, emission: bigint) => EpochInputArrays,
): MechanismEpoch[] {
  const parts = splitEmission(rao, mechanismCount(s), s.mechanisms?.split ?? null);
  const epochs = parts.map((emission, mecid) => {
    const input = inputOf(mecid, emission);
    return { mecid, input, output: runEpochArrays(input), emission };
  });
  const amounts = BigInt(COINBASE_NEURON_FLAGS.emissionAmounts);
  for (let i = 0; i < s.neurons.length; i++) {
    let server = 0n;
    let validator = 0n;
    for (const e of epochs) {
      server = min(U64_MAX, server + e.output.serverEmission[i]!);
      validator = min(U64_MAX, validator + e.output.validatorEmission[i]!);
    }
    const k = i * NEURON_WORDS;
    words[k + CB_NEURON.serverShare] = server;
    words[k + CB_NEURON.validatorShare] = validator;
    words[k + CB_NEURON.flags] = words[k + CB_NEURON.flags]! | amounts;
  }
  return epochs;
}

/** The subnet's terms aggregated over its mechanisms (epoch_with_mechanisms' fold, in mechanism order). */
export interface AggregatedTerms {
  active: Uint8Array;
  validatorPermit: Uint8Array;
  consensus: Uint16Array;
  dividends: Uint16Array;
  validatorTrust: Uint16Array;
  stakeWeight: Uint16Array;
  /** The weighted emission the chain stores (see the file header). */
  emission: BigUint64Array;
}

export function aggregateTerms(epochs: readonly MechanismEpoch[], rao: bigint): AggregatedTerms {
  const n = epochs[0]!.output.consensus.length;
  const t: AggregatedTerms = {
    active: new Uint8Array(n),
    validatorPermit: new Uint8Array(n),
    consensus: new Uint16Array(n),
    dividends: new Uint16Array(n),
    validatorTrust: new Uint16Array(n),
    stakeWeight: new Uint16Array(n),
    emission: new BigUint64Array(n),
  };
  for (const e of epochs) {
    const w = mechanismWeightBits(e.emission, rao, e.mecid);
    const o = e.output;
    for (let i = 0; i < n; i++) {
      t.dividends[i] = weightedAccU16(t.dividends[i]!, o.dividends[i]!, w);
      t.stakeWeight[i] = weightedAccU16(t.stakeWeight[i]!, o.stakeWeight[i]!, w);
      t.consensus[i] = weightedAccU16(t.consensus[i]!, o.consensus[i]!, w);
      t.validatorTrust[i] = weightedAccU16(t.validatorTrust[i]!, o.validatorTrust[i]!, w);
      t.emission[i] = weightedAccAlpha(t.emission[i]!, o.emission[i]!, w);
      t.active[i] = t.active[i]! | o.active[i]!;
      t.validatorPermit[i] = t.validatorPermit[i]! | o.validatorPermit[i]!;
    }
  }
  return t;
}

/**
 * Writes back what stays per mechanism (mechanisms 1…: bonds and incentive; mechanism 0's are
 * written with the subnet's) and the subnet's aggregated terms (persist_mechanism_epoch_terms,
 * persist_netuid_epoch_terms).
 */
export function persistMechanismEpochs(
  s: DevSubnet,
  epochs: readonly MechanismEpoch[],
  rao: bigint,
  toRows: (out: EpochOutputArrays) => Row[],
): AggregatedTerms {
  const t = aggregateTerms(epochs, rao);
  for (const e of epochs) {
    if (e.mecid === 0) continue;
    const m = extra(s, e.mecid);
    m.bonds = toRows(e.output);
    m.incentive = Array.from(e.output.incentive);
  }
  s.neurons.forEach((x, i) => {
    x.consensus = t.consensus[i]!;
    x.dividends = t.dividends[i]!;
    x.validatorTrust = t.validatorTrust[i]!;
    x.validatorPermit = t.validatorPermit[i] === 1;
    x.emission = t.emission[i]!;
  });
  return t;
}
