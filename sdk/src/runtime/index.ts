/** `@tao-subnet/sdk/runtime`: the miner and validator runtimes and the validator's durable state. */

export type { CommitRequest, RevealAttempt, RevealOutcome } from "./commitReveal.js";
export { CommitReveal, REVEAL_ENDS_COMMIT, randomSalt, revealOutcome } from "./commitReveal.js";
export { RuntimeOptionsError } from "./errors.js";
export { LOG_LEVELS, type LogLevel, type RuntimeEvent, shows } from "./events.js";
export type { MinerOptions, RunningMiner } from "./miner.js";
export { runMiner } from "./miner.js";
export { DEFAULT_SAMPLE_SIZE, sampleUids } from "./sample.js";
export type { PendingCommit, StateKey, ValidatorState, ValidatorStateStore } from "./state.js";
export { fileStateStore, loadValidatorState, memoryStateStore, stateMismatch, writeDurably } from "./state.js";
export type { MinerReply, MinerTarget, Transport } from "./transport.js";
export { dendriteTransport, inProcessTransport } from "./transport.js";
export type { RoundReport, ValidatorOptions } from "./validator.js";
export { ValidatorRuntime } from "./validator.js";
export type { U16Weights, WeightLimits } from "./weightsPolicy.js";
export { foldScores, weightsFromScores } from "./weightsPolicy.js";
