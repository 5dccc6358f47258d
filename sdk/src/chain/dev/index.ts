/** `@tao-subnet/sdk/devnet`: the in-process chain, its HTTP server and the client other processes use. */

export type { DevChainOptions, DevEmission, DevFaults, DevSubnetEconomy } from "./devChain.js";
export { DEV_DEFAULT_HYPERPARAMETERS, DEV_SUDO_ADDRESS, DevChain } from "./devChain.js";
export type { DevNetworkOptions, DevOtherSubnets } from "./economy.js";
export { DEV_DEFAULT_NETWORK } from "./economy.js";
export { DevnetErrorCode } from "./errors.js";
export { DEV_MAX_UIDS, DEV_OWNER_HYPERPARAMETERS } from "./hyperparameters.js";
export type { RemoteDevChainOptions } from "./remote.js";
export { RemoteDevChain } from "./remote.js";
export { DEVNET_DEFAULT_PORT } from "./rpc.js";
export type { DevnetServer, DevnetServerOptions } from "./server.js";
export { serveDevChain } from "./server.js";
