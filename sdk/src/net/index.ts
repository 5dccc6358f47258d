/** `@tao-subnet/sdk/net`: Axon and Dendrite (the Python SDK's signed synapse protocol over HTTP). */

export type { AxonLogEntry, AxonOptions, CallerInfo, SynapseHandler } from "./axon.js";
export { Axon } from "./axon.js";
export type { AxonTarget, CallOptions, DendriteResult } from "./dendrite.js";
export { Dendrite } from "./dendrite.js";
export type { TerminalInfo } from "./protocol.js";
export {
  bodyHash,
  NEW_NONCE_RULES_VERSION,
  PROTOCOL_VERSION,
  pythonStr,
  requestMessage,
  responseMessage,
  terminalFromHeaders,
  toHeaders,
  typedTerminal,
} from "./protocol.js";
