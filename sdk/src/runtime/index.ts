/** `@tao-subnet/sdk/runtime`: the miner and validator runtimes and the validator's durable state. */
export { runMiner } from "./miner.js";
export type { MinerOptions, RunningMiner } from "./miner.js";
export { ValidatorRuntime } from "./validator.js";
export type { RoundReport, ValidatorOptions } from "./validator.js";
export { loadValidatorState, writeDurably } from "./state.js";
export type { PendingCommit, ValidatorState } from "./state.js";
