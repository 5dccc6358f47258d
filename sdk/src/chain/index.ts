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
