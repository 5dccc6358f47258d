/** Error codes of the devnet client (raised as `ChainError`s). */
export const DevnetErrorCode = {
  /** The devnet's URL did not answer (not started, wrong port). */
  DEVNET_UNREACHABLE: "DEVNET_UNREACHABLE",
  /** The devnet refused or failed a request (bad signature, stale nonce, unknown method, …). */
  DEVNET_RPC_FAILED: "DEVNET_RPC_FAILED",
} as const;
