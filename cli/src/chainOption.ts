/**
 * `--chain`: which chain a command talks to. Today: the devnet (`devnet` = http://127.0.0.1:9946,
 * or any `http://…` devnet URL, served by `tao-subnet devnet`). The real chain client (ws://…,
 * `local`, `test`, `finney`) is the chain issue's; until it lands those values are refused with a
 * clear message. One place to change when it does.
 */
import { DEVNET_DEFAULT_PORT, RemoteDevChain, type Chain } from "@tao-subnet/sdk";
import { CliErrorCode, UsageError } from "./errors.js";

export const DEFAULT_CHAIN = "devnet";

export async function connectChain(value: unknown): Promise<Chain> {
  const v = typeof value === "string" ? value : DEFAULT_CHAIN;
  const url = v === "devnet" ? `http://127.0.0.1:${DEVNET_DEFAULT_PORT}` : v;
  if (/^https?:\/\//.test(url)) {
    try {
      return await RemoteDevChain.connect(url);
    } catch (e) {
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--chain: no devnet answers at ${url} (${(e as Error).message}); start one with tao-subnet devnet`, "--chain");
    }
  }
  throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--chain: expected devnet or a devnet http:// URL; ${JSON.stringify(v)} needs the subtensor client, which is not available yet`, "--chain");
}
