import { type Chain, SubtensorChain } from "@tao-subnet/sdk";
import { formatTao } from "@tao-subnet/ui";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { coldkeyAddressFrom, coldkeyFrom, hotkeyFrom, WALLET_HELP, WALLET_OPTIONS } from "../keys.js";
import { printTx } from "../tx.js";

export const netuidOption = (raw: unknown, required = true): number | undefined => {
  if (raw === undefined) {
    if (required)
      throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--netuid is required: the subnet's number (tao-subnet metagraph lists neurons of one)", "--netuid");
    return undefined;
  }
  if (typeof raw !== "string" || !/^\d+$/.test(raw) || Number(raw) > 65535) throw invalidArgument("--netuid", "an integer 0..65535", raw);
  return Number(raw);
};

/** `--mecid`: the mechanism (the chain's MechId, a u8), as the options of a call; none for the main one (0). */
export const mecidOption = (raw: unknown): { mecid: number } | undefined => {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^\d{1,3}$/.test(raw) || Number(raw) > 255)
    throw invalidArgument("--mecid", "a mechanism id 0..255 (0 is the main one)", raw);
  return Number(raw) === 0 ? undefined : { mecid: Number(raw) };
};

/** Throws SUBNET_NOT_FOUND (exit 2) naming the subnets that do exist. */
export async function requireSubnet(chain: Chain, netuid: number): Promise<void> {
  if (await chain.subnetExists(netuid)) return;
  throw new UsageError(
    "SUBNET_NOT_FOUND",
    `--netuid: subnet ${netuid} does not exist on ${chain.endpoint}; existing: ${(await chain.subnets()).join(", ") || "none"}`,
    "--netuid",
  );
}

/** The cost of registering a subnet, when the runtime can tell (subnetRegistrationRuntimeApi). */
async function networkCost(chain: Chain): Promise<bigint | null> {
  if (!(chain instanceof SubtensorChain)) return null;
  const api = chain.api.call as unknown as { subnetRegistrationRuntimeApi?: { getNetworkRegistrationCost?: () => Promise<{ toString(): string }> } };
  const f = api.subnetRegistrationRuntimeApi?.getNetworkRegistrationCost;
  return f ? BigInt((await f()).toString()) : null;
}

async function subnet(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const chain = await connectChain(values.chain, io);
  try {
    const coldAddress = await coldkeyAddressFrom(values);
    const hotkeyAddress = typeof values["owner-hotkey"] === "string" ? values["owner-hotkey"] : coldAddress;
    const balance = await chain.balance(coldAddress);
    const cost = await networkCost(chain);
    if (values["dry-run"]) {
      io.stdout(
        JSON.stringify({
          dryRun: true,
          action: "register_network",
          chain: chain.endpoint,
          coldkey: coldAddress,
          ownerHotkey: hotkeyAddress,
          balance: balance.toString(),
          lockCost: cost?.toString() ?? null,
          affordable: cost === null ? null : balance >= cost,
        }) + "\n",
      );
      return 0;
    }
    if (cost !== null && balance < cost) {
      throw new UsageError(
        CliErrorCode.INVALID_INPUT,
        `--wallet: the coldkey ${coldAddress} holds ${formatTao(balance)}; registering a subnet locks ${formatTao(cost)}`,
        "--wallet",
      );
    }
    const coldkey = await coldkeyFrom(values, io);
    const r = await chain.registerNetwork(coldkey, hotkeyAddress);
    return printTx(io, values, r, (v) => ({ netuid: v.netuid }));
  } finally {
    await chain.close();
  }
}

async function neuron(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const netuid = netuidOption(values.netuid)!;
  const chain = await connectChain(values.chain, io);
  try {
    await requireSubnet(chain, netuid);
    const hotkey = await hotkeyFrom(values);
    const existing = await chain.uidOf(netuid, hotkey.address);
    const coldAddress = await coldkeyAddressFrom(values);
    const hp = await chain.hyperparameters(netuid);
    const balance = await chain.balance(coldAddress);
    if (values["dry-run"]) {
      io.stdout(
        JSON.stringify({
          dryRun: true,
          action: "burned_register",
          chain: chain.endpoint,
          netuid,
          hotkey: hotkey.address,
          coldkey: coldAddress,
          alreadyUid: existing,
          burn: hp.burn.toString(),
          balance: balance.toString(),
          affordable: balance >= hp.burn,
          registrationAllowed: hp.registrationAllowed,
        }) + "\n",
      );
      return 0;
    }
    if (existing !== null) {
      io.stdout(
        values.json
          ? JSON.stringify({ ok: true, uid: existing, already: true }) + "\n"
          : `hotkey ${hotkey.address} is already uid ${existing} on subnet ${netuid}\n`,
      );
      return 0;
    }
    const coldkey = await coldkeyFrom(values, io);
    const r = await chain.burnedRegister(coldkey, netuid, hotkey.address);
    return printTx(io, values, r, (v) => ({ netuid, uid: v.uid, hotkey: hotkey.address }));
  } finally {
    await chain.close();
  }
}

/** `start_call` (shared with `tao-subnet subnet start`). */
export async function startSubnet(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const netuid = netuidOption(values.netuid)!;
  const chain = await connectChain(values.chain, io);
  try {
    await requireSubnet(chain, netuid);
    // the devnet too: its emission and staking start with start_call, as the chain's
    const coldkey = await coldkeyFrom(values, io);
    return printTx(io, values, await chain.startCall(coldkey, netuid), () => ({ netuid, started: true }));
  } finally {
    await chain.close();
  }
}

/** `tao-subnet register subnet|neuron|start`: register a subnet (locks TAO) or a neuron (burns TAO). */
export const register: Command = {
  name: "register",
  summary: "register a subnet or a neuron (burned registration) on a chain",
  usage: "subnet|neuron|start --chain NAME [--netuid N] [--wallet NAME | --coldkey //Dev] [--dry-run]",
  help: [
    "subnet   register_network: locks the network cost from the coldkey; the owner hotkey defaults to the coldkey",
    "neuron   burned_register of the hotkey on --netuid, paid by the coldkey",
    "start    start_call: the owner starts emission and staking on a new subnet (allowed a set number of blocks after registration)",
    CHAIN_HELP,
    "--netuid N            the subnet (neuron)",
    ...WALLET_HELP,
    "--coldkey //Dev       a development coldkey instead of a wallet (localnet, devnet)",
    "--hotkey //Dev        a development hotkey instead of the wallet's",
    "--owner-hotkey SS58   the subnet's owner hotkey (subnet; default the coldkey)",
    "--dry-run             check and print what would be sent (cost, balance), send nothing",
    "--json                print JSON",
  ],
  options: {
    ...WALLET_OPTIONS,
    chain: { type: "string" },
    netuid: { type: "string" },
    coldkey: { type: "string" },
    hotkey: { type: "string" },
    "hotkey-env": { type: "string" },
    "owner-hotkey": { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if ((sub !== "subnet" && sub !== "neuron" && sub !== "start") || extra.length)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `register: expected subnet, neuron or start, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    return sub === "subnet" ? subnet(values, io) : sub === "neuron" ? neuron(values, io) : startSubnet(values, io);
  },
};
