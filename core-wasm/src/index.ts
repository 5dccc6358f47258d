/**
 * @tao-subnet/core: the deterministic core of tao-subnet, compiled from AssemblyScript to WASM.
 * Integers only on the consensus path; the same input gives the same bytes on every machine.
 */

export type { CoinbaseArraysOptions, CoinbaseOptions } from "./coinbase.js";
export { coinbaseStep, coinbaseStepArrays } from "./coinbase.js";
export { fromCoinbaseArrays, fromCoinbaseComputedArrays } from "./coinbaseJson.js";
export {
  CB_HEADER,
  CB_NEURON,
  CB_OUT_HEADER,
  CB_OUT_NEURON,
  CB_OUT_SUBNET,
  CB_SUBNET,
  COINBASE_EPOCH,
  COINBASE_HEADER,
  COINBASE_NEURON,
  COINBASE_NEURON_FLAGS,
  COINBASE_OUT_HEADER,
  COINBASE_OUT_NEURON,
  COINBASE_OUT_SUBNET,
  COINBASE_SUBNET,
  COINBASE_SUBNET_FLAGS,
  coinbaseInputWords,
  coinbaseOutputWords,
} from "./coinbaseLayout.js";
export type {
  CoinbaseArrays,
  CoinbaseComputed,
  CoinbaseComputedArrays,
  CoinbaseInput,
  CoinbaseNeuron,
  CoinbaseNeuronDistribution,
  CoinbaseOutput,
  CoinbaseOutputArrays,
  CoinbaseState,
  CoinbaseSubnet,
  CoinbaseSubnetComputed,
} from "./coinbaseTypes.js";
export { COINBASE_MAX_SUBNETS, COINBASE_MAX_UIDS, toCoinbaseArrays, validateCoinbaseArrays } from "./coinbaseValidate.js";
export type { EmissionSchedule, EmissionSchedulePoint, EmissionSplit, EmissionSplitInput, HalvingInfo } from "./emission.js";
export { blockEmission, DEFAULT_BLOCK_EMISSION, emissionSchedule, emissionSplit, halvingInfo, TOTAL_SUPPLY } from "./emission.js";
export { CHAIN_SOURCE, runEpoch, traceEpoch } from "./epoch.js";
export type { EpochOptions } from "./epochArrays.js";
export { runEpochArrays, traceEpochArrays } from "./epochArrays.js";
export { fromEpochInputArrays, fromEpochOutputArrays, fromEpochTraceArrays, fromSparseMatrix, toSparseMatrix } from "./epochJson.js";
export { EPOCH_NO_COMMIT } from "./epochLayout.js";
export type {
  EpochFixed,
  EpochFixedArrays,
  EpochFixedMatrix,
  EpochInput,
  EpochInputArrays,
  EpochOutput,
  EpochOutputArrays,
  EpochSparseMatrix,
  EpochTrace,
  EpochTraceArrays,
  FixedRow,
  SparseRow,
} from "./epochTypes.js";
export { toEpochInputArrays, validateEpochInput, validateEpochInputArrays } from "./epochValidate.js";
export type { ErrorKind } from "./errors.js";
export {
  boundMessage,
  CoinbaseInputError,
  CoreError,
  CoreErrorCode,
  CoreTrapError,
  EmissionInputError,
  EpochInputError,
  MAX_ERROR_MESSAGE,
  SwapInputError,
  WeightsInputError,
} from "./errors.js";
export { closestName, didYouMean, editDistance } from "./suggest.js";
export type { InjectionOutcome, SwapError, SwapOptions, SwapOutcome, SwapPoolState } from "./swap.js";
export {
  adjustProtocolLiquidity,
  balancer,
  doSwap,
  HALF_WEIGHT,
  injectAndMaybeSwap,
  MAX_PRICE_LIMIT,
  MIN_PRICE_LIMIT,
  PERQUINTILL_ONE,
  poolPrice,
  poolPriceU96F32,
  powRatioScaled,
  swapAlphaForTao,
  swapTaoForAlpha,
} from "./swap.js";
export type { CoreInstance, CoreRuntimeExports, CoreTarget } from "./wasm.js";
export { coreWasmBytes, createCore, getCore, initCore } from "./wasm.js";
export type { ProcessedWeights, ProcessWeightsInput, ToU16WeightsOptions } from "./weights.js";
export { processWeights, scoreEma, toU16Weights } from "./weights.js";
