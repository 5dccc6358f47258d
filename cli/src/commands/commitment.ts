import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady, decodeAddress } from "@polkadot/util-crypto";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { hotkeyFrom, WALLET_HELP, WALLET_OPTIONS, walletFrom } from "../keys.js";
import { printTx } from "../tx.js";
import { netuidOption, requireSubnet } from "./register.js";

/** The most a commitment field holds (the commitments pallet's `BigRaw`; `Raw0..Raw128` below 129 bytes). */
const MAX_BYTES = 512;

/** The hotkey to read: `--hotkey SS58` (or a development URI), else the wallet's `--wallet-hotkey`. */
async function hotkeyAddress(values: Record<string, unknown>): Promise<string> {
  const raw = values.hotkey;
  if (typeof raw === "string") {
    if (raw.startsWith("//")) {
      await cryptoWaitReady();
      return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(raw).address;
    }
    try {
      decodeAddress(raw);
      return raw;
    } catch {
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--hotkey: expected an SS58 address, got ${JSON.stringify(raw)}`, "--hotkey");
    }
  }
  if (typeof values["wallet-hotkey"] === "string") return walletFrom(values).hotkeyAddress(values["wallet-hotkey"]);
  throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--hotkey is required: the hotkey's SS58 address (or --wallet-hotkey NAME)", "--hotkey");
}

function dataOption(raw: unknown): string {
  if (typeof raw !== "string" || raw === "")
    throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--data is required: the text to publish, e.g. sha256:<hex> of your scoring module", "--data");
  const bytes = new TextEncoder().encode(raw).length;
  if (bytes > MAX_BYTES)
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      `--data: at most ${MAX_BYTES} bytes, got ${bytes}; publish a hash (sha256:<hex>) of the data instead`,
      "--data",
    );
  return raw;
}

async function set(values: Record<string, unknown>, io: CommandIo, netuid: number): Promise<number> {
  const data = dataOption(values.data);
  const hotkey = await hotkeyFrom(values);
  const chain = await connectChain(values.chain, io);
  try {
    await requireSubnet(chain, netuid);
    return printTx(io, values, await chain.setCommitment(hotkey, netuid, data), () => ({ netuid, hotkey: hotkey.address, data }));
  } finally {
    await chain.close();
  }
}

async function get(values: Record<string, unknown>, io: CommandIo, netuid: number): Promise<number> {
  const hotkey = await hotkeyAddress(values);
  const chain = await connectChain(values.chain, io);
  try {
    await requireSubnet(chain, netuid);
    const data = await chain.commitment(netuid, hotkey);
    if (values.json) io.stdout(JSON.stringify({ netuid, hotkey, data }) + "\n");
    else io.stdout(data === null ? `hotkey ${hotkey} has no commitment on subnet ${netuid}\n` : `${data}\n`);
    return 0;
  } finally {
    await chain.close();
  }
}

/** `tao-subnet commitment set|get`: a hotkey's published commitment (the commitments pallet, a Raw field). */
export const commitment: Command = {
  name: "commitment",
  summary: "publish or read a hotkey's commitment on a subnet (commitments pallet, up to 512 bytes)",
  usage: "set --netuid N --data TEXT (--wallet NAME --wallet-hotkey H | --hotkey //Dev) | get --netuid N --hotkey SS58 [--chain NAME]",
  help: [
    "set   set_commitment with one Raw field, signed by the hotkey",
    "get   the hotkey's commitment as text (null when it has none)",
    CHAIN_HELP,
    "--netuid N            the subnet",
    "--data TEXT           set: what to publish, at most 512 bytes (publish a hash of anything larger)",
    "--hotkey SS58|//Dev   get: the hotkey to read; set: a development hotkey instead of the wallet's",
    "--hotkey-env VAR      set: the hotkey's mnemonic from the environment variable VAR",
    ...WALLET_HELP,
    "--json                print JSON",
  ],
  options: {
    ...WALLET_OPTIONS,
    chain: { type: "string" },
    netuid: { type: "string" },
    hotkey: { type: "string" },
    "hotkey-env": { type: "string" },
    data: { type: "string" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if ((sub !== "set" && sub !== "get") || extra.length)
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `commitment: expected set or get, got ${JSON.stringify(positionals.join(" "))}`, "<subcommand>");
    const netuid = netuidOption(values.netuid)!;
    return sub === "set" ? set(values, io, netuid) : get(values, io, netuid);
  },
};
