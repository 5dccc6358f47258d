/**
 * @tao-subnet/core: the deterministic core of tao-subnet, compiled from AssemblyScript to WASM.
 * Integers only on the consensus path; the same input gives the same bytes on every machine.
 */

export type { EmissionSchedule, EmissionSchedulePoint, EmissionSplit, EmissionSplitInput, HalvingInfo } from "./emission.js";
export { blockEmission, DEFAULT_BLOCK_EMISSION, emissionSchedule, emissionSplit, halvingInfo, TOTAL_SUPPLY } from "./emission.js";
export { CHAIN_SOURCE, runEpoch, traceEpoch } from "./epoch.js";
export type { EpochOptions } from "./epochArrays.js";
export { runEpochArrays, traceEpochArrays } from "./epochArrays.js";
export { fromEpochInputArrays, fromEpochOutputArrays, fromEpochTraceArrays, fromSparseMatrix, toSparseMatrix } from "./epochJson.js";
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
export { boundMessage, CoreError, CoreErrorCode, CoreTrapError, EmissionInputError, EpochInputError, MAX_ERROR_MESSAGE, WeightsInputError } from "./errors.js";
export { closestName, didYouMean, editDistance } from "./suggest.js";
export type { CoreInstance, CoreRuntimeExports, CoreTarget } from "./wasm.js";
export { coreWasmBytes, createCore, getCore, initCore } from "./wasm.js";
export type { ProcessedWeights, ProcessWeightsInput, ToU16WeightsOptions } from "./weights.js";
export { processWeights, scoreEma, toU16Weights } from "./weights.js";
