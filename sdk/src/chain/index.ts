/** `@tao-subnet/sdk/chain`: the `Chain` interface and its shapes, chain errors, networks, and `SubtensorChain` (a real node). */

export { commitHash } from "./commitHash.js";
export { ChainError, ChainErrorCode } from "./errors.js";
export { checkMecid, GLOBAL_MAX_SUBNET_COUNT, MAX_MECHANISM_COUNT_PER_SUBNET, mechanismStorageIndex, splitEmission, splitToU16 } from "./mechanisms.js";
export type { NetworkName } from "./networks.js";
export { NETWORKS } from "./networks.js";
export type { ActivityCutoff, EpochSchedule } from "./subtensor/epochSchedule.js";
export {
  ACTIVITY_CUTOFF_FACTOR_RANGE,
  activityCutoffBlocks,
  activityCutoffFactorFor,
  nextEpochAfter,
  nextEpochBlock,
  OWNER_TEMPO_RANGE,
  readActivityCutoff,
  readEpochSchedule,
  scheduleKind,
} from "./subtensor/epochSchedule.js";
export type { EpochStake } from "./subtensor/epochStake.js";
export { epochStakeTotal, inheritedStake, readEpochStakes } from "./subtensor/epochStake.js";
export { poolErrorName } from "./subtensor/errors.js";
export type { OwnerHyperparameter, PreparedHyperparameter } from "./subtensor/ownerHyperparameters.js";
export {
  availableOwnerHyperparameters,
  closestNames,
  HyperparameterError,
  OWNER_HYPERPARAMETERS,
  prepareHyperparameter,
  readAllHyperparameters,
  setOwnerHyperparameter,
} from "./subtensor/ownerHyperparameters.js";
export type { LimitOptions, Pool, Quote, StakeEntry } from "./subtensor/staking.js";
export {
  addStakeWithLimit,
  estimateStake,
  estimateUnstake,
  limitPriceFor,
  moveStake,
  quote,
  RAO_PER_TAO,
  readPool,
  removeStakeWithLimit,
  stakeOf,
  stakesOf,
} from "./subtensor/staking.js";
export type { StorageSource, StorageValue } from "./subtensor/storage.js";
export { subtensorStorage } from "./subtensor/storage.js";
export type { SettingRuntime, SubtensorChainOptions } from "./subtensor/subtensorChain.js";
export { bigIntToIp, ipToBigInt, resolveEndpoint, SubtensorChain, settingCall } from "./subtensor/subtensorChain.js";
export type { TimelockedCall } from "./subtensor/timelocked.js";
export { timelockedCall } from "./subtensor/timelocked.js";
// the timelock layer's light part (no BLS12-381: that loads on first use; the whole layer is `@tao-subnet/sdk/timelock`)
export type { DrandBeacon, PayloadFormat, RevealRoundInput, WeightsPayload } from "./timelock/light.js";
export {
  decodeWeightsPayload,
  encodeWeightsPayload,
  firstRevealBlock,
  QUICKNET,
  REVEAL_BLOCK_OFFSET,
  revealRound,
  roundAt,
  TimelockError,
  TimelockErrorCode,
  timeOfRound,
} from "./timelock/light.js";
export type {
  AxonInfo,
  Chain,
  ChainEvent,
  Hex,
  KnownChainErrorName,
  MechanismOptions,
  Metagraph,
  NeuronInfo,
  SettableHyperparameters,
  Signer,
  StakeOptions,
  SubnetHyperparameters,
  SubnetMechanisms,
  TimelockedCommit,
  TimelockedCommitOptions,
  TxResult,
} from "./types.js";
