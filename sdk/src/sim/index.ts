export { simulate } from "./simulate.js";
export type { MinerProfile, SimulationConfig, SimulationResult, ValidatorProfile } from "./simulate.js";
