/** `@tao-subnet/sdk/sim`: the market simulation over the devnet, its miner behaviours, and sweeps over its parameters. */

export { answerAs, behaviourFor, behaviourNames, GENERIC_BEHAVIOURS, minerBehaviours, VALIDATOR_PROFILES } from "./behaviours.js";
export type { MinerProfile, NormalizedSimulationConfig, SimulationConfig, SimulationMarket, ValidatorProfile } from "./config.js";
export { MAX_SIMULATED_STAKE, parseSimulationConfig, simulationConfigSchema, toU16 } from "./config.js";
export { SimulationConfigError, SweepError, SweepErrorCode } from "./errors.js";
export type { SimulationEconomy, SimulationResult, ValidatorTally } from "./simulate.js";
export { simulate } from "./simulate.js";
export type { SweepPlan, SweepPoint, SweepValue, SweepVary } from "./sweep.js";
export {
  CHAIN_DEFAULTS,
  MAX_SWEEP_POINTS,
  MAX_SWEEP_SEEDS,
  parseShard,
  parseVary,
  planSweep,
  shardRange,
  sweepPoints,
  sweepSeeds,
  withValue,
} from "./sweep.js";
export type { PointMeasures, RunMeasures, Spread } from "./sweepMeasures.js";
export { CATCH_UP, measureRun, pointMeasures, spread } from "./sweepMeasures.js";
export type { SweepPointResult, SweepResult } from "./sweepResult.js";
export { mergeSweeps, SWEEP_FORMAT, sweepResult } from "./sweepResult.js";
