/**
 * @tao-subnet/sdk: the kit contract, the scoring-module host, the chain client and devnet,
 * wallets, Axon/Dendrite and the miner and validator runtimes. This file is the only public surface.
 */
export { SdkError } from "./errors.js";
export * from "./chain/index.js";
export * from "./wallet/index.js";
export * from "./scoring/index.js";
export * from "./kit/index.js";
export * from "./net/index.js";
export * from "./sim/index.js";
export * from "./runtime/index.js";
