/** Named Bittensor networks and their public endpoints (what btcli and the Python SDK use). */
export const NETWORKS = {
  /** A localnet: `tao-subnet localnet` or a subtensor node started with --dev. */
  local: "ws://127.0.0.1:9944",
  test: "wss://test.finney.opentensor.ai:443",
  finney: "wss://entrypoint-finney.opentensor.ai:443",
} as const;
export type NetworkName = keyof typeof NETWORKS;
