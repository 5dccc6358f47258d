/**
 * Keys for commands that sign. A key comes from a btcli wallet (`--wallet NAME`, hotkey
 * `--wallet-hotkey NAME`, root `--wallet-path DIR`, the coldkey's password from the environment
 * variable named by `--password-env`, else a hidden prompt on a terminal), from a development URI
 * (`//Alice`: localnet and devnet only), or from a mnemonic in an environment variable. A secret
 * is never printed or logged.
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady, mnemonicValidate } from "@polkadot/util-crypto";
import { DEFAULT_WALLETS_PATH, type Signer, Wallet, WalletError } from "@tao-subnet/sdk";
import type { CommandIo } from "./command.js";
import { CliErrorCode, UsageError } from "./errors.js";

export const WALLET_OPTIONS = {
  wallet: { type: "string" },
  "wallet-hotkey": { type: "string" },
  "wallet-path": { type: "string" },
  "password-env": { type: "string" },
} as const;

export const WALLET_HELP = [
  "--wallet NAME         btcli wallet to sign with (~/.bittensor/wallets/NAME)",
  "--wallet-hotkey NAME  the wallet's hotkey (default: default)",
  "--wallet-path DIR     wallets root (default ~/.bittensor/wallets, or TAO_SUBNET_WALLET_PATH)",
  "--password-env VAR    environment variable holding the coldkey password (else a prompt on a terminal)",
];

export function walletFrom(values: Record<string, unknown>): Wallet {
  const name = typeof values.wallet === "string" ? values.wallet : "default";
  const root = typeof values["wallet-path"] === "string" ? values["wallet-path"] : (process.env.TAO_SUBNET_WALLET_PATH ?? DEFAULT_WALLETS_PATH);
  try {
    return new Wallet(name, root);
  } catch (e) {
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--wallet: ${(e as Error).message}`, "--wallet");
  }
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(io: CommandIo, question: string): Promise<string> {
  const { stdin } = process;
  if (!stdin.isTTY)
    throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--password-env is required: no terminal to ask for the coldkey password", "--password-env");
  io.stderr(question);
  stdin.setRawMode(true);
  stdin.resume();
  let answer = "";
  try {
    answer = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString("utf8")) {
          if (ch === "\r" || ch === "\n") return done(resolve, answer);
          if (ch === "\u0003") return done(() => reject(new UsageError(CliErrorCode.MISSING_ARGUMENT, "cancelled", "--password-env")), "");
          if (ch === "\u007f") answer = answer.slice(0, -1);
          else answer += ch;
        }
      };
      const done = (f: (v: string) => void, v: string) => {
        stdin.off("data", onData);
        f(v);
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr("\n");
  }
  return answer;
}

export async function passwordFrom(values: Record<string, unknown>, io: CommandIo, what = "coldkey password: "): Promise<string> {
  const env = values["password-env"];
  if (typeof env === "string") {
    const p = process.env[env];
    if (!p) throw new UsageError(CliErrorCode.MISSING_ARGUMENT, `--password-env: the environment variable ${env} is empty or unset`, "--password-env");
    return p;
  }
  return promptHidden(io, what);
}

const rethrow =
  (argument: string) =>
  (e: unknown): never => {
    if (e instanceof WalletError) throw new UsageError(e.code, `${argument}: ${e.message}`, argument);
    throw e;
  };

/** The coldkey: `--coldkey //Dev` (development) or the wallet's, opened with its password. */
export async function coldkeyFrom(values: Record<string, unknown>, io: CommandIo): Promise<Signer> {
  await cryptoWaitReady();
  if (typeof values.coldkey === "string") return devKey(values.coldkey, "--coldkey");
  const wallet = walletFrom(values);
  const password = await passwordFrom(values, io, `password for wallet ${wallet.name}'s coldkey: `);
  return wallet.coldkey(password).catch(rethrow("--wallet"));
}

/** The coldkey's address only (no password): `--coldkey //Dev` or the wallet's coldkeypub.txt. */
export async function coldkeyAddressFrom(values: Record<string, unknown>): Promise<string> {
  await cryptoWaitReady();
  if (typeof values.coldkey === "string") return devKey(values.coldkey, "--coldkey").address;
  return walletFrom(values).coldkeyAddress().catch(rethrow("--wallet"));
}

function devKey(uri: string, argument: string): Signer {
  if (!uri.startsWith("//"))
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `${argument}: expected a development URI such as //Alice (or use --wallet NAME)`, argument);
  return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(uri);
}

/** The hotkey: `--hotkey //Dev`, `--hotkey-env VAR` (a mnemonic), or the wallet's `--wallet-hotkey`. */
export async function hotkeyFrom(values: Record<string, unknown>): Promise<Signer> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const uri = values.hotkey;
  const env = values["hotkey-env"];
  if (typeof uri === "string") return devKey(uri, "--hotkey");
  if (typeof env === "string") {
    const mnemonic = process.env[env];
    if (!mnemonic || !mnemonicValidate(mnemonic))
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--hotkey-env: ${env} does not hold a valid mnemonic`, "--hotkey-env");
    return keyring.addFromMnemonic(mnemonic);
  }
  if (typeof values.wallet === "string" || typeof values["wallet-hotkey"] === "string") {
    const hotkey = typeof values["wallet-hotkey"] === "string" ? values["wallet-hotkey"] : "default";
    return walletFrom(values).hotkey(hotkey).catch(rethrow("--wallet-hotkey"));
  }
  throw new UsageError(
    CliErrorCode.MISSING_ARGUMENT,
    "--hotkey is required: --wallet NAME [--wallet-hotkey NAME], a development URI such as //miner1, or --hotkey-env NAME",
    "--hotkey",
  );
}
