export { simulate } from "./simulate.js";
export type { MinerProfile, SimulationConfig, SimulationResult, ValidatorProfile, ValidatorTally } from "./simulate.js";
export { behaviourFor, behaviourNames, GENERIC_BEHAVIOURS } from "./behaviours.js";
export { SimulationConfigError } from "./errors.js";
