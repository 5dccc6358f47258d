// Entry of the core's WASM: re-exports every public kernel. One file per concept lives beside it.
export { coreAbiVersion, coreReset } from "./abi";
export * from "./fixed/exports";
export * from "./emission/index";
export { runEpochPacked } from "./yuma/epoch";
