/** Errors of the chain layer: programming errors and transport failures (chain refusals are TxResults). */
import { type ErrorKind, SdkError } from "../errors.js";
import type { DevnetErrorCode } from "./dev/errors.js";

export const ChainErrorCode = {
  /** A read named a subnet that does not exist. */
  SUBNET_NOT_FOUND: "SUBNET_NOT_FOUND",
  /** A devnet state file could not be read. */
  DEVNET_STATE_INVALID: "DEVNET_STATE_INVALID",
  /** A network name that is neither local, test, finney nor a ws(s):// URL. */
  UNKNOWN_NETWORK: "UNKNOWN_NETWORK",
  /** Nothing answered at the endpoint within the connect timeout. */
  ENDPOINT_UNREACHABLE: "ENDPOINT_UNREACHABLE",
  /** The endpoint is a Substrate chain without SubtensorModule. */
  NOT_SUBTENSOR: "NOT_SUBTENSOR",
  /** The runtime lacks a call tao-subnet needs (an older or newer spec). */
  CALL_NOT_AVAILABLE: "CALL_NOT_AVAILABLE",
  /** A mechanism above 0 asked of a runtime whose metadata has no `*_mechanism_*` calls. */
  MECHANISMS_UNSUPPORTED: "MECHANISMS_UNSUPPORTED",
  /** An argument the chain would refuse anyway (a bad IP, an oversized commitment). */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
} as const;

export type ChainErrorCode = (typeof ChainErrorCode)[keyof typeof ChainErrorCode];

/** The kind of each code (the devnet client's codes included). */
const KINDS: Record<ChainErrorCode | (typeof DevnetErrorCode)[keyof typeof DevnetErrorCode], ErrorKind> = {
  SUBNET_NOT_FOUND: "bad-input",
  DEVNET_STATE_INVALID: "bad-input",
  UNKNOWN_NETWORK: "bad-input",
  ENDPOINT_UNREACHABLE: "bad-input",
  NOT_SUBTENSOR: "bad-input",
  INVALID_ARGUMENT: "bad-input",
  CALL_NOT_AVAILABLE: "unavailable",
  MECHANISMS_UNSUPPORTED: "unavailable",
  DEVNET_UNREACHABLE: "unavailable",
  DEVNET_RPC_FAILED: "refused",
};

export class ChainError extends SdkError {
  readonly kind: ErrorKind;
  /** The parameter or state-file field at fault, when one is (`burnedRegister.hotkey`, `subnets[0].netuid`). */
  readonly field?: string;
  constructor(code: keyof typeof KINDS, message: string, options?: ErrorOptions & { field?: string }) {
    super(code, message, options);
    this.kind = KINDS[code];
    if (options?.field !== undefined) this.field = options.field;
  }
}

export const subnetNotFound = (netuid: number): ChainError =>
  new ChainError(ChainErrorCode.SUBNET_NOT_FOUND, `subnet ${netuid} does not exist; list subnets with chain.subnets() or register one with registerNetwork`);
