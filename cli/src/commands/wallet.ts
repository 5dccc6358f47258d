import { Wallet, WalletError } from "@tao-subnet/sdk";
import { formatTao } from "@tao-subnet/ui";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { passwordFrom, WALLET_HELP, WALLET_OPTIONS, walletFrom } from "../keys.js";

const SUBCOMMANDS = ["create", "list", "show"] as const;

const wrap = async <T>(p: Promise<T>, argument: string): Promise<T> => {
  try {
    return await p;
  } catch (e) {
    if (e instanceof WalletError) throw new UsageError(e.code, `${argument}: ${e.message}`, argument);
    throw e;
  }
};

async function create(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const wallet = walletFrom(values);
  const hotkeyName = typeof values["wallet-hotkey"] === "string" ? values["wallet-hotkey"] : "default";
  const overwrite = values.overwrite === true;
  const mnemonicOf = (flag: string) => {
    const env = values[flag];
    if (typeof env !== "string") return undefined;
    const m = process.env[env];
    if (!m) throw new UsageError(CliErrorCode.MISSING_ARGUMENT, `--${flag}: the environment variable ${env} is empty or unset`, `--${flag}`);
    return m;
  };
  const coldMnemonic = mnemonicOf("mnemonic-env");
  const hotMnemonic = mnemonicOf("hotkey-mnemonic-env");
  const hasColdkey = await wallet.coldkeyAddress().then(
    () => true,
    () => false,
  );
  const out: Record<string, unknown> = { wallet: wallet.name, path: wallet.path };
  if (!hasColdkey || overwrite || coldMnemonic) {
    const password = await passwordFrom(values, io, `new password for wallet ${wallet.name}'s coldkey: `);
    if (password.length < 8)
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--password-env: the coldkey password must have at least 8 characters", "--password-env");
    io.stderr("… encrypting the coldkey (argon2i, 512 MiB: a few seconds)\n");
    out.coldkey = (await wrap(wallet.createColdkey({ password, ...(coldMnemonic && { mnemonic: coldMnemonic }), overwrite }), "--wallet")).address;
    out.coldkeyCreated = true;
  } else {
    out.coldkey = await wallet.coldkeyAddress();
    out.coldkeyCreated = false;
  }
  out.hotkey = hotkeyName;
  out.hotkeyAddress = (await wrap(wallet.createHotkey(hotkeyName, { ...(hotMnemonic && { mnemonic: hotMnemonic }), overwrite }), "--wallet-hotkey")).address;
  if (values.json) io.stdout(JSON.stringify(out) + "\n");
  else {
    io.stdout(
      [
        `wallet ${wallet.name} (${wallet.path})`,
        `  coldkey ${out.coldkey}${out.coldkeyCreated ? " (new, encrypted)" : " (existing)"}`,
        `  hotkey  ${hotkeyName} ${out.hotkeyAddress}`,
        "Files are mode 0600. Back up the coldkey file and its password: the coldkey holds the mnemonic, encrypted.",
        "",
      ].join("\n"),
    );
  }
  return 0;
}

async function list(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const root = walletFrom(values).root;
  const wallets = await Wallet.list(root);
  if (values.json) {
    io.stdout(JSON.stringify(wallets) + "\n");
    return 0;
  }
  if (!wallets.length) {
    io.stdout(`no wallets under ${root}; create one with tao-subnet wallet create --wallet NAME\n`);
    return 0;
  }
  const lines = [`wallets under ${root}:`];
  for (const w of wallets) {
    lines.push(`  ${w.name}  coldkey ${w.coldkey ?? "(no coldkeypub.txt)"}`);
    for (const h of w.hotkeys) lines.push(`    hotkey ${h.name}  ${h.address ?? "(encrypted, no pub file)"}`);
  }
  io.stdout(lines.join("\n") + "\n");
  return 0;
}

async function show(values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const wallet = walletFrom(values);
  const coldkey = await wrap(wallet.coldkeyAddress(), "--wallet");
  const summary = (await Wallet.list(wallet.root)).find((w) => w.name === wallet.name);
  const out: Record<string, unknown> = { wallet: wallet.name, path: wallet.path, coldkey, hotkeys: summary?.hotkeys ?? [] };
  if (typeof values.chain === "string") {
    const chain = await connectChain(values.chain, io);
    try {
      out.balance = (await chain.balance(coldkey)).toString();
    } finally {
      await chain.close();
    }
  }
  if (values.json) io.stdout(JSON.stringify(out) + "\n");
  else {
    const lines = [
      `wallet ${wallet.name} (${wallet.path})`,
      `  coldkey ${coldkey}${out.balance !== undefined ? `  balance ${formatTao(BigInt(out.balance as string))}` : ""}`,
    ];
    for (const h of summary?.hotkeys ?? []) lines.push(`  hotkey ${h.name}  ${h.address ?? "(encrypted, no pub file)"}`);
    io.stdout(lines.join("\n") + "\n");
  }
  return 0;
}

/** `tao-subnet wallet create|list|show`: btcli-compatible wallets (same files, same formats). */
export const wallet: Command = {
  name: "wallet",
  summary: "create, list and show btcli-compatible wallets (~/.bittensor/wallets)",
  usage: "create|list|show [--wallet NAME] [--wallet-hotkey NAME] [options]",
  help: [
    "create   a coldkey (encrypted; if the wallet has none) and a hotkey (plain, as btcli writes it)",
    "list     every wallet and hotkey under the wallets root, with addresses",
    "show     one wallet's addresses (and the coldkey's balance with --chain)",
    ...WALLET_HELP,
    "--mnemonic-env VAR         regenerate the coldkey from the mnemonic in VAR (btcli wallet regen_coldkey)",
    "--hotkey-mnemonic-env VAR  regenerate the hotkey from the mnemonic in VAR",
    "--overwrite                replace existing key files (back them up first)",
    CHAIN_HELP,
    "--json                     print JSON",
    "No secret (mnemonic, seed, private key, password) is ever printed.",
  ],
  options: {
    ...WALLET_OPTIONS,
    "mnemonic-env": { type: "string" },
    "hotkey-mnemonic-env": { type: "string" },
    overwrite: { type: "boolean" },
    chain: { type: "string" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub) || extra.length) {
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `wallet: expected one of ${SUBCOMMANDS.join(", ")}, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    }
    return sub === "create" ? create(values, io) : sub === "list" ? list(values, io) : show(values, io);
  },
};
