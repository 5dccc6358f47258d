// Entry of the core's WASM: re-exports every public kernel. One file per concept lives beside it.
export { coreAbiVersion, coreHeapTop, coreReset } from "./abi";
export * from "./fixed/exports";
export * from "./emission/index";
export * from "./swap/exports";
export { runEpochPacked, weightedMedianPacked } from "./yuma/epoch";
export { liquidAlphaCertifiedCheck, liquidAlphaCertifiedOpen } from "./yuma/liquidAlpha";
export { normalizeMaxWeightF32, normalizeMaxWeightF64, scoreEmaF32, sumF32, sumF64, toU16WeightsF64 } from "./scoring/weights";
export * from "./coinbase/index";
