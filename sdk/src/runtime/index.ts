/** `@tao-subnet/sdk/runtime`: the miner and validator runtimes and the validator's durable state. */
export { runMiner } from "./miner.js";
export type { MinerOptions, RunningMiner } from "./miner.js";
export { ValidatorRuntime } from "./validator.js";
export type { RoundReport, ValidatorOptions } from "./validator.js";
export { dendriteTransport, inProcessTransport } from "./transport.js";
export type { MinerReply, MinerTarget, Transport } from "./transport.js";
export { foldScores, weightsFromScores } from "./weightsPolicy.js";
export type { U16Weights, WeightLimits } from "./weightsPolicy.js";
export { CommitReveal, randomSalt, REVEAL_ENDS_COMMIT, revealOutcome } from "./commitReveal.js";
export type { CommitRequest, RevealAttempt, RevealOutcome } from "./commitReveal.js";
export { fileStateStore, loadValidatorState, memoryStateStore, writeDurably } from "./state.js";
export type { PendingCommit, ValidatorState, ValidatorStateStore } from "./state.js";
