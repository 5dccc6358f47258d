// Building CoinbaseInputs for tests: a subnet and a network with the chain test mock's defaults
// (pallets/subtensor/src/tests/mock.rs @ 14bc6f9: TaoWeight 0, SubnetOwnerCut 0, MaxEpochsPerBlock
// 32, swap MinimumReserve 100, EMAPriceHalvingBlocks 201,600, tempo 360, default take 11,796), and
// reading the core's probe exports.
import { type CoinbaseInput, type CoinbaseNeuron, type CoinbaseSubnet, type CoreTarget, getCore } from "@tao-subnet/core";

export const HALF_WEIGHT = "500000000000000000";
/** I96F32 / U96F32 bits of a whole number. */
export const fx32 = (n: bigint | number) => (BigInt(n) << 32n).toString();

export function neuron(over: Partial<CoinbaseNeuron> = {}): CoinbaseNeuron {
  return { alphaStake: "0", rootStake: "0", take: 11_796, ownedBySubnetOwner: false, serverShare: "0", validatorShare: "0", ...over };
}

/** A dynamic subnet as `add_dynamic_network` leaves it (start_call done at 0, 100 TAO / 100 alpha pool). */
export function subnet(netuid: number, over: Partial<CoinbaseSubnet> = {}): CoinbaseSubnet {
  return {
    netuid,
    mechanism: 1,
    subnetTao: "100000000000",
    subnetAlphaIn: "100000000000",
    subnetAlphaOut: "0",
    subnetProtocolAlpha: "0",
    movingPrice: "0",
    emaPriceHalvingBlocks: "201600",
    swapQuoteWeight: HALF_WEIGHT,
    palSwapInitialized: false,
    minerBurned: "0",
    rootProp: "0",
    firstEmissionBlock: "0",
    subtokenEnabled: true,
    registrationAllowed: true,
    emissionEnabled: true,
    ownerCutEnabled: true,
    tempo: 360,
    lastEpochBlock: "0",
    pendingEpochAt: "0",
    blocksSinceLastStep: "0",
    epochIndex: "0",
    lastMechanismStepBlock: "0",
    pendingServerEmission: "0",
    pendingValidatorEmission: "0",
    pendingRootAlphaDivs: "0",
    pendingOwnerCut: "0",
    recycleOrBurn: "burn",
    ownerHotkeyUid: null,
    neurons: [],
    ...over,
  };
}

export function network(subnets: CoinbaseSubnet[], over: Partial<CoinbaseInput> = {}): CoinbaseInput {
  return {
    blockNumber: "1",
    blockEmission: "0",
    totalIssuance: "0",
    totalStake: "0",
    taoWeight: "0",
    subnetOwnerCut: 0,
    subnetMovingAlpha: "12885",
    maxEpochsPerBlock: 32,
    swapMinimumReserve: "100",
    rootSubnetTao: "0",
    subnets,
    ...over,
  };
}

/** Calls a probe export that returns an ArrayBuffer of u64 words (the arena is reset after). */
export function probeWords(name: string, args: Array<bigint | number>, target: CoreTarget = "release"): bigint[] {
  const core = getCore(target);
  return core.arena(() => {
    const bytes = core.viewBytes(core.call<number>(name, ...args));
    return [...new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3)];
  });
}

/** Calls a probe export that takes and returns an ArrayBuffer of u64 words. */
export function probeBuffer(name: string, input: bigint[], target: CoreTarget = "release"): bigint[] {
  const core = getCore(target);
  return core.arena(() => {
    const ptr = core.lowerWith(input.length * 8, (view) => new BigUint64Array(view.buffer, view.byteOffset, input.length).set(input));
    const bytes = core.viewBytes(core.call<number>(name, ptr));
    return [...new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 3)];
  });
}

/** (hi, lo) words as one unsigned 128-bit value. */
export const wide = (hi: bigint, lo: bigint) => (hi << 64n) | lo;
/** Fixed-point bits with 32 fraction bits as a float (for the chain tests' epsilon asserts). */
export const f32 = (bits: bigint) => Number(bits) / 2 ** 32;
export const f64 = (bits: bigint) => Number(bits) / 2 ** 64;
