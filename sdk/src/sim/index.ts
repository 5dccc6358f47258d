/** `@tao-subnet/sdk/sim`: the market simulation over the devnet and its miner behaviours. */

export { answerAs, behaviourFor, behaviourNames, GENERIC_BEHAVIOURS, minerBehaviours, VALIDATOR_PROFILES } from "./behaviours.js";
export { SimulationConfigError } from "./errors.js";
export type { MinerProfile, SimulationConfig, SimulationEconomy, SimulationResult, ValidatorProfile, ValidatorTally } from "./simulate.js";
export { simulate } from "./simulate.js";
