/** Errors of the wallet layer; messages name the file and the fix, never a secret. */
import { SdkError } from "../errors.js";

export const WalletErrorCode = {
  /** No keyfile at the path (wallet or hotkey not created). */
  KEYFILE_NOT_FOUND: "KEYFILE_NOT_FOUND",
  /** A keyfile is already there and `overwrite` was not given. */
  KEYFILE_EXISTS: "KEYFILE_EXISTS",
  /** The file is not a keyfile tao-subnet or btcli can read. */
  KEYFILE_INVALID: "KEYFILE_INVALID",
  /** The keyfile is encrypted and no password was given. */
  PASSWORD_REQUIRED: "PASSWORD_REQUIRED",
  /** The password does not open the keyfile. */
  WRONG_PASSWORD: "WRONG_PASSWORD",
  /** The mnemonic is not a valid BIP-39 phrase. */
  INVALID_MNEMONIC: "INVALID_MNEMONIC",
  /** A wallet or hotkey name that is not a plain file name. */
  INVALID_NAME: "INVALID_NAME",
} as const;

/** A wallet or keyfile problem; every code is bad input (a name, a path, a password, a phrase). */
export class WalletError extends SdkError {
  readonly kind = "bad-input";
}
