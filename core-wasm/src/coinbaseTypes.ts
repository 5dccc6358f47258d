/**
 * The shapes of one coinbase step (one block of the chain's emission over the whole network), as
 * `test/vectors/coinbase/FORMAT.md` defines them: camelCase, every u64 a decimal string, u8/u16
 * values JSON numbers, fixed-point values their raw bits as decimal strings (U96F32/I96F32/I32F32:
 * value × 2^32; Perquintill: parts per 10^18), `null` for "not set". The typed form
 * (`CoinbaseArrays`) is the packed layout of `coinbaseLayout.ts` as three BigUint64Arrays.
 */

/** One uid of a subnet (uid = index). */
export interface CoinbaseNeuron {
  /** TotalHotkeyAlpha[hotkey, netuid] (alpha rao). */
  alphaStake: string;
  /** TotalHotkeyAlpha[hotkey, 0] (rao). */
  rootStake: string;
  /** Delegates[hotkey] (u16). */
  take: number;
  /** The hotkey is one of the subnet owner's (its incentive is burned or recycled). */
  ownedBySubnetOwner: boolean;
  /** The epoch's normalised server / validator emission, I32F32 bits; read only when the epoch runs. */
  serverShare: string;
  validatorShare: string;
}

/** One non-root subnet. */
export interface CoinbaseSubnet {
  netuid: number;
  /** 1 dynamic (balancer pool), anything else stable. */
  mechanism: number;
  subnetTao: string;
  subnetAlphaIn: string;
  subnetAlphaOut: string;
  subnetProtocolAlpha: string;
  /** I96F32 bits. */
  movingPrice: string;
  emaPriceHalvingBlocks: string;
  /** Perquintill parts of the pool's quote (TAO) weight. */
  swapQuoteWeight: string;
  palSwapInitialized: boolean;
  /** U96F32 bits. */
  minerBurned: string;
  /** U96F32 bits. */
  rootProp: string;
  firstEmissionBlock: string | null;
  subtokenEnabled: boolean;
  registrationAllowed: boolean;
  emissionEnabled: boolean;
  ownerCutEnabled: boolean;
  tempo: number;
  lastEpochBlock: string;
  pendingEpochAt: string;
  blocksSinceLastStep: string;
  epochIndex: string;
  lastMechanismStepBlock: string;
  pendingServerEmission: string;
  pendingValidatorEmission: string;
  pendingRootAlphaDivs: string;
  pendingOwnerCut: string;
  recycleOrBurn: "burn" | "recycle";
  ownerHotkeyUid: number | null;
  neurons: CoinbaseNeuron[];
}

/** The network's state before the block (FORMAT.md "CoinbaseInput"). */
export interface CoinbaseInput {
  blockNumber: string;
  /** The TAO minted this block; absent or null: the halving formula on `totalIssuance`. */
  blockEmission?: string | null;
  totalIssuance: string;
  totalStake: string;
  taoWeight: string;
  subnetOwnerCut: number;
  /** I96F32 bits. */
  subnetMovingAlpha: string;
  maxEpochsPerBlock: number;
  swapMinimumReserve: string;
  rootSubnetTao: string;
  subnets: CoinbaseSubnet[];
}

/** The state after the block: the input's shape without `blockEmission`. */
export type CoinbaseState = Omit<CoinbaseInput, "blockEmission">;

export interface CoinbaseNeuronDistribution {
  alphaDividends: string;
  alphaTake: string;
  rootAlphaDividends: string;
  rootTake: string;
  serverEmission: string;
  validatorEmission: string;
}

export interface CoinbaseSubnetComputed {
  netuid: number;
  emitted: boolean;
  /** U96F32 bits. */
  taoEmission: string;
  alphaOut: string;
  taoIn: string;
  alphaIn: string;
  excessTao: string;
  alphaBought: string;
  ownerCut: string;
  serverAlpha: string;
  validatorAlpha: string;
  rootAlpha: string;
  epoch: "ran" | "deferred" | "none";
  drained: { server: string; validator: string; root: string; ownerCut: string } | null;
  distribution: { raoEmission: string; neurons: CoinbaseNeuronDistribution[]; incentiveWithheld: string; ownerCutStaked: string } | null;
}

export interface CoinbaseComputed {
  blockEmission: string;
  taoRecycled: string;
  rootSellFlag: boolean;
  subnets: CoinbaseSubnetComputed[];
}

export interface CoinbaseOutput {
  state: CoinbaseState;
  computed: CoinbaseComputed;
}

/**
 * The typed form: the packed words of `coinbaseLayout.ts`. `header` has COINBASE_HEADER.length
 * words, `subnets` COINBASE_SUBNET.length per subnet (input order), `neurons` COINBASE_NEURON.length
 * per neuron (subnet 0's uids first). Signed values (I96F32 hi words, I32F32 shares) are two's
 * complement.
 */
export interface CoinbaseArrays {
  header: BigUint64Array;
  subnets: BigUint64Array;
  neurons: BigUint64Array;
}

/** What a step computed, packed the same way (COINBASE_OUT_* records). */
export interface CoinbaseComputedArrays {
  header: BigUint64Array;
  subnets: BigUint64Array;
  neurons: BigUint64Array;
}

export interface CoinbaseOutputArrays {
  state: CoinbaseArrays;
  computed: CoinbaseComputedArrays;
}
