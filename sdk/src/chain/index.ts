/** `@tao-subnet/sdk/chain`: the `Chain` interface and its shapes, chain errors, networks, and `SubtensorChain` (a real node). */

export { commitHash } from "./commitHash.js";
export { ChainError, ChainErrorCode } from "./errors.js";
export type { NetworkName } from "./networks.js";
export { NETWORKS } from "./networks.js";
export { poolErrorName } from "./subtensor/errors.js";
export type { SubtensorChainOptions } from "./subtensor/subtensorChain.js";
export { bigIntToIp, ipToBigInt, nextEpochBlock, resolveEndpoint, SubtensorChain } from "./subtensor/subtensorChain.js";
export type {
  AxonInfo,
  Chain,
  ChainEvent,
  Hex,
  KnownChainErrorName,
  Metagraph,
  NeuronInfo,
  SettableHyperparameters,
  Signer,
  StakeOptions,
  SubnetHyperparameters,
  TxResult,
} from "./types.js";
