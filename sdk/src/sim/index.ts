/** `@tao-subnet/sdk/sim`: the market simulation over the devnet and its miner behaviours. */
export { simulate } from "./simulate.js";
export type { MinerProfile, SimulationConfig, SimulationResult, ValidatorProfile } from "./simulate.js";
export { behaviourFor, behaviourNames, GENERIC_BEHAVIOURS } from "./behaviours.js";
export { SimulationConfigError } from "./errors.js";
