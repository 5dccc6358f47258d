/**
 * `--chain`: which chain a command talks to.
 *
 * - `devnet` (the default) or an `http://…` URL: the in-process devnet served by `tao-subnet devnet`;
 * - `local`, `test`, `finney` or a `ws://`/`wss://` URL: a subtensor node (a localnet from
 *   `tao-subnet localnet`, the testnet, mainnet), through `SubtensorChain`.
 */
import { type Chain, ChainError, DEVNET_DEFAULT_PORT, NETWORKS, RemoteDevChain, SubtensorChain } from "@tao-subnet/sdk";
import type { CommandIo } from "./command.js";
import { CliErrorCode, UsageError } from "./errors.js";

export const DEFAULT_CHAIN = "devnet";
/** What `--chain` accepts, in words (help text). */
export const CHAIN_CHOICES = `devnet (default), an http:// devnet URL, ${Object.keys(NETWORKS).join(", ")}, or a ws(s):// subtensor URL`;
export const CHAIN_HELP = `--chain NAME|URL  ${CHAIN_CHOICES}`;

export async function connectChain(value: unknown, io?: CommandIo): Promise<Chain> {
  const v = typeof value === "string" ? value : DEFAULT_CHAIN;
  const url = v === "devnet" ? `http://127.0.0.1:${DEVNET_DEFAULT_PORT}` : v;
  if (/^https?:\/\//.test(url)) {
    try {
      return await RemoteDevChain.connect(url);
    } catch (e) {
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `--chain: no devnet answers at ${url} (${(e as Error).message}); start one with tao-subnet devnet`,
        "--chain",
      );
    }
  }
  try {
    return await SubtensorChain.connect(url, { onProgress: (line) => io?.stderr(`… ${line}\n`) });
  } catch (e) {
    if (e instanceof ChainError) throw new UsageError(e.code, `--chain: ${e.message}`, "--chain");
    throw e;
  }
}

/** Whether `--chain`'s value names a devnet (`devnet` or an http(s) URL), where development keys are fine. */
export function isDevnetChain(value: unknown): boolean {
  const v = typeof value === "string" ? value : DEFAULT_CHAIN;
  return v === "devnet" || /^https?:\/\//.test(v);
}
