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
  SubnetHyperparameters,
  TxResult,
} from "./types.js";
export { commitHash } from "./commitHash.js";
export { ChainError, ChainErrorCode } from "./errors.js";
export { DEV_DEFAULT_HYPERPARAMETERS, DevChain } from "./dev/devChain.js";
export type { DevChainOptions } from "./dev/devChain.js";
export { RemoteDevChain } from "./dev/remote.js";
export type { RemoteDevChainOptions } from "./dev/remote.js";
export { serveDevChain } from "./dev/server.js";
export type { DevnetServer, DevnetServerOptions } from "./dev/server.js";
export { DEVNET_DEFAULT_PORT } from "./dev/rpc.js";
export { DevnetErrorCode } from "./dev/errors.js";
export { chainSuite } from "./chainSuite.js";
export type { ChainSuiteContext, SuiteRunner } from "./chainSuite.js";
export { NETWORKS } from "./networks.js";
export type { NetworkName } from "./networks.js";
export { SubtensorChain, resolveEndpoint, nextEpochBlock, ipToBigInt, bigIntToIp } from "./subtensor/subtensorChain.js";
export type { SubtensorChainOptions } from "./subtensor/subtensorChain.js";
export { poolErrorName } from "./subtensor/errors.js";
