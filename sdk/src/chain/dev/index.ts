/** `@tao-subnet/sdk/devnet`: the in-process chain, its HTTP server and the client other processes use. */
export { DEV_DEFAULT_HYPERPARAMETERS, DevChain } from "./devChain.js";
export type { DevChainOptions } from "./devChain.js";
export { RemoteDevChain } from "./remote.js";
export type { RemoteDevChainOptions } from "./remote.js";
export { serveDevChain } from "./server.js";
export type { DevnetServer, DevnetServerOptions } from "./server.js";
export { DEVNET_DEFAULT_PORT } from "./rpc.js";
export { DevnetErrorCode } from "./errors.js";
