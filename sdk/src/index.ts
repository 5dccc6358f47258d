/**
 * @tao-subnet/sdk: the kit contract, the scoring-module host, the chain client and devnet,
 * wallets, Axon/Dendrite and the miner and validator runtimes. Each layer is also a subpath
 * (`@tao-subnet/sdk/kit`, `/scoring`, `/chain`, `/devnet`, `/net`, `/wallet`, `/runtime`, `/sim`,
 * `/testing`; see package.json `exports`): a kit imports `/kit` and `/scoring` only, and loads no
 * chain, network or devnet code. This root re-exports every layer but `/testing`, for projects
 * that want one import.
 */

export * from "./chain/dev/index.js";
export * from "./chain/index.js";
export type { ErrorKind } from "./errors.js";
export { SdkError } from "./errors.js";
export * from "./kit/index.js";
export * from "./net/index.js";
export * from "./runtime/index.js";
export * from "./scoring/index.js";
export * from "./sim/index.js";
export * from "./wallet/index.js";
