/**
 * The packed coinbase step's layout: the one table of what `coinbaseStepPacked` reads and writes,
 * in little-endian u64 words. `coinbasePacking.ts` packs and unpacks by it, and
 * `core-wasm/scripts/coinbaseLayout.ts` generates the AssemblyScript constants
 * (`assembly/coinbase/layout.ts`) from it; a test checks the committed file is that output.
 *
 * Input (and, after the step, the state, written back in place): the header (one word per field),
 * one record per subnet (SUBNET fields, in input order), then one record per neuron (NEURON
 * fields), the neurons of subnet 0 first, then those of subnet 1, … (`neuronCount` per subnet).
 * 128-bit fixed-point values (I96F32, U96F32) take two words, `…Hi` then `…Lo`, two's complement.
 * Output (what the step computed): the OUT_HEADER words, one OUT_SUBNET record per subnet, then one
 * OUT_NEURON record per neuron, in the input's order (zero where no distribution ran).
 * A change here is an ABI change: bump `coreAbiVersion()` (assembly/abi.ts).
 */

import { indexOf } from "./epochLayout.js";

/** Header words of the input and state. `hasBlockEmission` 0: the mint follows the halving curve. */
export const COINBASE_HEADER = [
  "blockNumber",
  "hasBlockEmission",
  "blockEmission",
  "totalIssuance",
  "totalStake",
  "taoWeight",
  "subnetOwnerCut",
  "subnetMovingAlphaHi",
  "subnetMovingAlphaLo",
  "maxEpochsPerBlock",
  "swapMinimumReserve",
  "rootSubnetTao",
  "subnetCount",
  "neuronCount",
] as const;

/** Words of each subnet record. `flags` from COINBASE_SUBNET_FLAGS; absent optional values are 0 with their flag clear. */
export const COINBASE_SUBNET = [
  "netuid",
  "mechanism",
  "flags",
  "subnetTao",
  "subnetAlphaIn",
  "subnetAlphaOut",
  "subnetProtocolAlpha",
  "movingPriceHi",
  "movingPriceLo",
  "emaPriceHalvingBlocks",
  "swapQuoteWeight",
  "minerBurnedHi",
  "minerBurnedLo",
  "rootPropHi",
  "rootPropLo",
  "firstEmissionBlock",
  "tempo",
  "lastEpochBlock",
  "pendingEpochAt",
  "blocksSinceLastStep",
  "epochIndex",
  "lastMechanismStepBlock",
  "pendingServerEmission",
  "pendingValidatorEmission",
  "pendingRootAlphaDivs",
  "pendingOwnerCut",
  "ownerHotkeyUid",
  "neuronCount",
] as const;

/** Bits of a subnet's `flags` word. */
export const COINBASE_SUBNET_FLAGS = {
  palSwapInitialized: 1,
  hasFirstEmissionBlock: 2,
  subtokenEnabled: 4,
  registrationAllowed: 8,
  emissionEnabled: 16,
  ownerCutEnabled: 32,
  recycle: 64,
  hasOwnerHotkeyUid: 128,
} as const;

/**
 * Words of each neuron record. `flags` bit 1: owned by the subnet owner. Shares are I32F32 bits
 * (i64); with `flags` bit 2 (`emissionAmounts`, typed form only) they are the uid's server and
 * validator alpha in rao, which the host computed from the drained emission (a subnet with several
 * mechanisms: one epoch per mechanism on its split, summed as subtensor's mechanism.rs does).
 */
export const COINBASE_NEURON = ["alphaStake", "rootStake", "take", "flags", "serverShare", "validatorShare"] as const;

/** Bits of a neuron's `flags` word. */
export const COINBASE_NEURON_FLAGS = { ownedBySubnetOwner: 1, emissionAmounts: 2 } as const;

/** Header words of the output. */
export const COINBASE_OUT_HEADER = ["blockEmission", "taoRecycled", "rootSellFlag"] as const;

/** Words of each subnet's output record. `epoch` from COINBASE_EPOCH; the drained and distribution words are 0 unless it ran. */
export const COINBASE_OUT_SUBNET = [
  "emitted",
  "taoEmissionHi",
  "taoEmissionLo",
  "alphaOut",
  "taoIn",
  "alphaIn",
  "excessTao",
  "alphaBought",
  "ownerCut",
  "serverAlpha",
  "validatorAlpha",
  "rootAlpha",
  "epoch",
  "drainedServer",
  "drainedValidator",
  "drainedRoot",
  "drainedOwnerCut",
  "raoEmission",
  "incentiveWithheld",
  "ownerCutStaked",
] as const;

/** The `epoch` word of a subnet's output. */
export const COINBASE_EPOCH = { none: 0, ran: 1, deferred: 2 } as const;

/** Words of each neuron's output record (0 unless its subnet's epoch ran). */
export const COINBASE_OUT_NEURON = ["serverEmission", "validatorEmission", "alphaDividends", "alphaTake", "rootAlphaDividends", "rootTake"] as const;

export const CB_HEADER = indexOf(COINBASE_HEADER);
export const CB_SUBNET = indexOf(COINBASE_SUBNET);
export const CB_NEURON = indexOf(COINBASE_NEURON);
export const CB_OUT_HEADER = indexOf(COINBASE_OUT_HEADER);
export const CB_OUT_SUBNET = indexOf(COINBASE_OUT_SUBNET);
export const CB_OUT_NEURON = indexOf(COINBASE_OUT_NEURON);

/** Words of the packed input (and state) with `subnets` subnets and `neurons` neurons in all. */
export const coinbaseInputWords = (subnets: number, neurons: number) =>
  COINBASE_HEADER.length + COINBASE_SUBNET.length * subnets + COINBASE_NEURON.length * neurons;
/** Words of the packed output. */
export const coinbaseOutputWords = (subnets: number, neurons: number) =>
  COINBASE_OUT_HEADER.length + COINBASE_OUT_SUBNET.length * subnets + COINBASE_OUT_NEURON.length * neurons;
