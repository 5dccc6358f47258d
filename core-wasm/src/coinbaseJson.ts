/**
 * The coinbase step's packed arrays back into the JSON shapes of FORMAT.md (`CoinbaseState`,
 * `CoinbaseComputed`): u64 and fixed-point bits as decimal strings, in input order.
 */

import {
  CB_HEADER,
  CB_NEURON,
  CB_OUT_HEADER,
  CB_OUT_NEURON,
  CB_OUT_SUBNET,
  CB_SUBNET,
  COINBASE_EPOCH,
  COINBASE_NEURON,
  COINBASE_NEURON_FLAGS,
  COINBASE_OUT_NEURON,
  COINBASE_OUT_SUBNET,
  COINBASE_SUBNET,
  COINBASE_SUBNET_FLAGS,
} from "./coinbaseLayout.js";
import type {
  CoinbaseArrays,
  CoinbaseComputed,
  CoinbaseComputedArrays,
  CoinbaseNeuron,
  CoinbaseState,
  CoinbaseSubnet,
  CoinbaseSubnetComputed,
} from "./coinbaseTypes.js";

const SW = COINBASE_SUBNET.length;
const NW = COINBASE_NEURON.length;
const OSW = COINBASE_OUT_SUBNET.length;
const ONW = COINBASE_OUT_NEURON.length;

/** Two words (hi, lo) as the decimal bits of a 128-bit value, signed or not. */
const bits128 = (hi: bigint, lo: bigint, signed: boolean) => {
  const v = (hi << 64n) | lo;
  return (signed ? BigInt.asIntN(128, v) : v).toString();
};

/** The packed state as a CoinbaseState (the input's shape without `blockEmission`). */
export function fromCoinbaseArrays(x: CoinbaseArrays): CoinbaseState {
  const h = x.header;
  const subnets: CoinbaseSubnet[] = [];
  let k = 0;
  const count = Number(h[CB_HEADER.subnetCount]);
  for (let s = 0; s < count; s++) {
    const w = (f: keyof typeof CB_SUBNET) => x.subnets[s * SW + CB_SUBNET[f]]!;
    const str = (f: keyof typeof CB_SUBNET) => w(f).toString();
    const flags = Number(w("flags"));
    const has = (f: keyof typeof COINBASE_SUBNET_FLAGS) => (flags & COINBASE_SUBNET_FLAGS[f]) !== 0;
    const neurons: CoinbaseNeuron[] = [];
    const n = Number(w("neuronCount"));
    for (let i = 0; i < n; i++, k++) {
      const v = (f: keyof typeof CB_NEURON) => x.neurons[k * NW + CB_NEURON[f]]!;
      neurons.push({
        alphaStake: v("alphaStake").toString(),
        rootStake: v("rootStake").toString(),
        take: Number(v("take")),
        ownedBySubnetOwner: (Number(v("flags")) & COINBASE_NEURON_FLAGS.ownedBySubnetOwner) !== 0,
        serverShare: BigInt.asIntN(64, v("serverShare")).toString(),
        validatorShare: BigInt.asIntN(64, v("validatorShare")).toString(),
      });
    }
    subnets.push({
      netuid: Number(w("netuid")),
      mechanism: Number(w("mechanism")),
      subnetTao: str("subnetTao"),
      subnetAlphaIn: str("subnetAlphaIn"),
      subnetAlphaOut: str("subnetAlphaOut"),
      subnetProtocolAlpha: str("subnetProtocolAlpha"),
      movingPrice: bits128(w("movingPriceHi"), w("movingPriceLo"), true),
      emaPriceHalvingBlocks: str("emaPriceHalvingBlocks"),
      swapQuoteWeight: str("swapQuoteWeight"),
      palSwapInitialized: has("palSwapInitialized"),
      minerBurned: bits128(w("minerBurnedHi"), w("minerBurnedLo"), false),
      rootProp: bits128(w("rootPropHi"), w("rootPropLo"), false),
      firstEmissionBlock: has("hasFirstEmissionBlock") ? str("firstEmissionBlock") : null,
      subtokenEnabled: has("subtokenEnabled"),
      registrationAllowed: has("registrationAllowed"),
      emissionEnabled: has("emissionEnabled"),
      ownerCutEnabled: has("ownerCutEnabled"),
      tempo: Number(w("tempo")),
      lastEpochBlock: str("lastEpochBlock"),
      pendingEpochAt: str("pendingEpochAt"),
      blocksSinceLastStep: str("blocksSinceLastStep"),
      epochIndex: str("epochIndex"),
      lastMechanismStepBlock: str("lastMechanismStepBlock"),
      pendingServerEmission: str("pendingServerEmission"),
      pendingValidatorEmission: str("pendingValidatorEmission"),
      pendingRootAlphaDivs: str("pendingRootAlphaDivs"),
      pendingOwnerCut: str("pendingOwnerCut"),
      recycleOrBurn: has("recycle") ? "recycle" : "burn",
      ownerHotkeyUid: has("hasOwnerHotkeyUid") ? Number(w("ownerHotkeyUid")) : null,
      neurons,
    });
  }
  return {
    blockNumber: h[CB_HEADER.blockNumber]!.toString(),
    totalIssuance: h[CB_HEADER.totalIssuance]!.toString(),
    totalStake: h[CB_HEADER.totalStake]!.toString(),
    taoWeight: h[CB_HEADER.taoWeight]!.toString(),
    subnetOwnerCut: Number(h[CB_HEADER.subnetOwnerCut]),
    subnetMovingAlpha: bits128(h[CB_HEADER.subnetMovingAlphaHi]!, h[CB_HEADER.subnetMovingAlphaLo]!, true),
    maxEpochsPerBlock: Number(h[CB_HEADER.maxEpochsPerBlock]),
    swapMinimumReserve: h[CB_HEADER.swapMinimumReserve]!.toString(),
    rootSubnetTao: h[CB_HEADER.rootSubnetTao]!.toString(),
    subnets,
  };
}

const EPOCH_NAMES = Object.fromEntries(Object.entries(COINBASE_EPOCH).map(([name, v]) => [v, name])) as Record<number, CoinbaseSubnetComputed["epoch"]>;

/** What the step computed, as CoinbaseComputed; `state` (after the step) gives the netuids and uid counts. */
export function fromCoinbaseComputedArrays(c: CoinbaseComputedArrays, state: CoinbaseArrays): CoinbaseComputed {
  const subnets: CoinbaseSubnetComputed[] = [];
  const count = Number(state.header[CB_HEADER.subnetCount]);
  let k = 0;
  for (let s = 0; s < count; s++) {
    const o = (f: keyof typeof CB_OUT_SUBNET) => c.subnets[s * OSW + CB_OUT_SUBNET[f]]!;
    const str = (f: keyof typeof CB_OUT_SUBNET) => o(f).toString();
    const n = Number(state.subnets[s * SW + CB_SUBNET.neuronCount]);
    const epoch = EPOCH_NAMES[Number(o("epoch"))] ?? "none";
    const ran = epoch === "ran";
    let distribution: CoinbaseSubnetComputed["distribution"] = null;
    if (ran) {
      const neurons = [];
      for (let i = 0; i < n; i++) {
        const v = (f: keyof typeof CB_OUT_NEURON) => c.neurons[(k + i) * ONW + CB_OUT_NEURON[f]]!.toString();
        neurons.push({
          alphaDividends: v("alphaDividends"),
          alphaTake: v("alphaTake"),
          rootAlphaDividends: v("rootAlphaDividends"),
          rootTake: v("rootTake"),
          serverEmission: v("serverEmission"),
          validatorEmission: v("validatorEmission"),
        });
      }
      distribution = { raoEmission: str("raoEmission"), neurons, incentiveWithheld: str("incentiveWithheld"), ownerCutStaked: str("ownerCutStaked") };
    }
    k += n;
    subnets.push({
      netuid: Number(state.subnets[s * SW + CB_SUBNET.netuid]),
      emitted: o("emitted") !== 0n,
      taoEmission: bits128(o("taoEmissionHi"), o("taoEmissionLo"), false),
      alphaOut: str("alphaOut"),
      taoIn: str("taoIn"),
      alphaIn: str("alphaIn"),
      excessTao: str("excessTao"),
      alphaBought: str("alphaBought"),
      ownerCut: str("ownerCut"),
      serverAlpha: str("serverAlpha"),
      validatorAlpha: str("validatorAlpha"),
      rootAlpha: str("rootAlpha"),
      epoch,
      drained: ran ? { server: str("drainedServer"), validator: str("drainedValidator"), root: str("drainedRoot"), ownerCut: str("drainedOwnerCut") } : null,
      distribution,
    });
  }
  return {
    blockEmission: c.header[CB_OUT_HEADER.blockEmission]!.toString(),
    taoRecycled: c.header[CB_OUT_HEADER.taoRecycled]!.toString(),
    rootSellFlag: c.header[CB_OUT_HEADER.rootSellFlag] !== 0n,
    subnets,
  };
}
