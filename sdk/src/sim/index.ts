/** `@tao-subnet/sdk/sim`: the market simulation over the devnet and its miner behaviours. */

export { answerAs, behaviourFor, behaviourNames, GENERIC_BEHAVIOURS, minerBehaviours, VALIDATOR_PROFILES } from "./behaviours.js";
export type { MinerProfile, NormalizedSimulationConfig, SimulationConfig, SimulationMarket, ValidatorProfile } from "./config.js";
export { MAX_SIMULATED_STAKE, parseSimulationConfig, simulationConfigSchema } from "./config.js";
export { SimulationConfigError } from "./errors.js";
export type { SimulationEconomy, SimulationResult, ValidatorTally } from "./simulate.js";
export { simulate } from "./simulate.js";
