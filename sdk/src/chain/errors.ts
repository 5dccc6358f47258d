/** Errors of the chain layer: programming errors and transport failures (chain refusals are TxResults). */
import { SdkError } from "../errors.js";

export const ChainErrorCode = {
  /** A read named a subnet that does not exist. */
  SUBNET_NOT_FOUND: "SUBNET_NOT_FOUND",
  /** A devnet state file could not be read. */
  DEVNET_STATE_INVALID: "DEVNET_STATE_INVALID",
} as const;

export class ChainError extends SdkError {}

export const subnetNotFound = (netuid: number): ChainError =>
  new ChainError(ChainErrorCode.SUBNET_NOT_FOUND, `subnet ${netuid} does not exist; list subnets with chain.subnets() or register one with registerNetwork`);
