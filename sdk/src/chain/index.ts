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
