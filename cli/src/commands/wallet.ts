import { cryptoWaitReady, mnemonicValidate } from "@polkadot/util-crypto";
import { Wallet, WalletError } from "@tao-subnet/sdk";
import { formatTao } from "@tao-subnet/ui";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { passwordFrom, WALLET_HELP, WALLET_OPTIONS, walletFrom } from "../keys.js";

const SUBCOMMANDS = ["create", "list", "show", "regen"] as const;

/** Shown above a new mnemonic, as btcli does: it is the key. */
const MNEMONIC_WARNING =
  "IMPORTANT: store this mnemonic in a secure (preferably offline) place. Anyone who has it can regenerate the key and take its funds. It is shown once and never again.";

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
  const givenCold = mnemonicOf("mnemonic-env");
  const givenHot = mnemonicOf("hotkey-mnemonic-env");
  // new keys get their mnemonic here, to be shown once below (a given one is the user's already)
  const coldMnemonic = givenCold ?? (await Wallet.generateMnemonic());
  const hotMnemonic = givenHot ?? (await Wallet.generateMnemonic());
  const shown: Array<[string, string]> = [];
  const hasColdkey = await wallet.coldkeyAddress().then(
    () => true,
    () => false,
  );
  const out: Record<string, unknown> = { wallet: wallet.name, path: wallet.path };
  if (!hasColdkey || overwrite || givenCold) {
    const password = await passwordFrom(values, io, `new password for wallet ${wallet.name}'s coldkey: `);
    if (password.length < 8)
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--password-env: the coldkey password must have at least 8 characters", "--password-env");
    io.stderr("… encrypting the coldkey (argon2i, 512 MiB: a few seconds)\n");
    out.coldkey = (await wrap(wallet.createColdkey({ password, mnemonic: coldMnemonic, overwrite }), "--wallet")).address;
    out.coldkeyCreated = true;
    if (!givenCold) shown.push(["coldkey", coldMnemonic]);
  } else {
    out.coldkey = await wallet.coldkeyAddress();
    out.coldkeyCreated = false;
  }
  out.hotkey = hotkeyName;
  out.hotkeyAddress = (await wrap(wallet.createHotkey(hotkeyName, { mnemonic: hotMnemonic, overwrite }), "--wallet-hotkey")).address;
  if (!givenHot) shown.push([`hotkey ${hotkeyName}`, hotMnemonic]);
  showMnemonics(io, values, shown, out);
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

/**
 * Shows new mnemonics once: on the terminal (stderr) with btcli's warning; without a terminal only
 * with --show-mnemonic (then in the output, for a script that stores it itself), else a note that
 * it was not shown. Never in a log line, an error, or argv.
 */
function showMnemonics(io: CommandIo, values: Record<string, unknown>, shown: Array<[string, string]>, out: Record<string, unknown>): void {
  if (!shown.length) return;
  if (values["show-mnemonic"] === true) {
    if (values.json) out.mnemonics = Object.fromEntries(shown);
    else io.stdout([MNEMONIC_WARNING, ...shown.map(([what, m]) => `  ${what} mnemonic: ${m}`), ""].join("\n"));
  } else if (io.isTTY && process.stdin.isTTY) {
    io.stderr(["", MNEMONIC_WARNING, ...shown.map(([what, m]) => `  ${what} mnemonic: ${m}`), ""].join("\n"));
  } else {
    io.stderr(
      `note: the new ${shown.map(([w]) => w).join(" and ")} mnemonic${shown.length > 1 ? "s were" : " was"} not shown (no terminal); rerun on a terminal, or pass --show-mnemonic to print ${shown.length > 1 ? "them" : "it"} once\n`,
    );
  }
}

/** Reads a mnemonic from the environment variable named by --mnemonic-env, else a hidden prompt on a terminal; never from argv. */
async function mnemonicFrom(values: Record<string, unknown>, io: CommandIo): Promise<string> {
  const env = values["mnemonic-env"];
  let m: string;
  if (typeof env === "string") {
    m = process.env[env] ?? "";
    if (!m) throw new UsageError(CliErrorCode.MISSING_ARGUMENT, `--mnemonic-env: the environment variable ${env} is empty or unset`, "--mnemonic-env");
  } else {
    if (!process.stdin.isTTY)
      throw new UsageError(
        CliErrorCode.MISSING_ARGUMENT,
        "--mnemonic-env is required: no terminal to ask for the mnemonic (a mnemonic is never taken from the command line, which shell history and ps show)",
        "--mnemonic-env",
      );
    m = await passwordFrom({}, io, "mnemonic (not echoed): ");
  }
  m = m.trim().split(/\s+/).join(" ");
  await cryptoWaitReady();
  if (!mnemonicValidate(m))
    throw new UsageError(
      "INVALID_MNEMONIC",
      `${typeof env === "string" ? "--mnemonic-env" : "mnemonic"}: not a valid BIP-39 mnemonic (${m.split(" ").length} words; 12, 15, 18, 21 or 24 English words with a valid checksum)`,
      typeof env === "string" ? "--mnemonic-env" : "mnemonic",
    );
  return m;
}

/** `wallet regen coldkey|hotkey`: rebuilds a key from its mnemonic (btcli wallet regen_coldkey / regen_hotkey). */
async function regen(which: string | undefined, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  if (which !== "coldkey" && which !== "hotkey")
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `wallet regen: expected coldkey or hotkey, got ${JSON.stringify(which ?? "")}`, "<key>");
  const wallet = walletFrom(values);
  const mnemonic = await mnemonicFrom(values, io);
  const overwrite = values.overwrite === true;
  const out: Record<string, unknown> = { wallet: wallet.name, path: wallet.path, key: which };
  if (which === "coldkey") {
    const password = await passwordFrom(values, io, `new password for wallet ${wallet.name}'s coldkey: `);
    if (password.length < 8)
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--password-env: the coldkey password must have at least 8 characters", "--password-env");
    io.stderr("… encrypting the coldkey (argon2i, 512 MiB: a few seconds)\n");
    out.address = (await wrap(wallet.createColdkey({ password, mnemonic, overwrite }), "--wallet")).address;
  } else {
    const hotkeyName = typeof values["wallet-hotkey"] === "string" ? values["wallet-hotkey"] : "default";
    out.hotkey = hotkeyName;
    out.address = (await wrap(wallet.createHotkey(hotkeyName, { mnemonic, overwrite }), "--wallet-hotkey")).address;
  }
  io.stdout(
    values.json
      ? JSON.stringify(out) + "\n"
      : `regenerated the ${which}${out.hotkey ? ` ${String(out.hotkey)}` : ""} of wallet ${wallet.name}: ${String(out.address)}\n`,
  );
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
  usage: "create|list|show [--wallet NAME] [--wallet-hotkey NAME] [options] | regen coldkey|hotkey [--mnemonic-env VAR]",
  help: [
    "create   a coldkey (encrypted; if the wallet has none) and a hotkey (plain, as btcli writes it); each new",
    "         mnemonic is shown once on the terminal with a warning (without a terminal: only with --show-mnemonic)",
    "regen    rebuild the coldkey or a hotkey from its mnemonic: from --mnemonic-env VAR, else a hidden prompt",
    "         (never from the command line: shell history and ps would show it)",
    "list     every wallet and hotkey under the wallets root, with addresses",
    "show     one wallet's addresses (and the coldkey's balance with --chain)",
    ...WALLET_HELP,
    "--mnemonic-env VAR         regenerate the coldkey from the mnemonic in VAR (btcli wallet regen_coldkey)",
    "--hotkey-mnemonic-env VAR  regenerate the hotkey from the mnemonic in VAR",
    "--overwrite                replace existing key files (back them up first)",
    "--show-mnemonic            create: print new mnemonics in the output once (for scripts without a terminal)",
    CHAIN_HELP,
    "--json                     print JSON",
    "No secret (seed, private key, password) is ever printed; a new mnemonic only once, as above.",
  ],
  options: {
    ...WALLET_OPTIONS,
    "mnemonic-env": { type: "string" },
    "hotkey-mnemonic-env": { type: "string" },
    overwrite: { type: "boolean" },
    "show-mnemonic": { type: "boolean" },
    chain: { type: "string" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub) || extra.length > (sub === "regen" ? 1 : 0)) {
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `wallet: expected one of ${SUBCOMMANDS.join(", ")}, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    }
    if (sub === "regen") return regen(extra.shift(), values, io);
    if (extra.length) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `wallet ${sub}: unexpected ${JSON.stringify(extra.join(" "))}`, "<subcommand>");
    return sub === "create" ? create(values, io) : sub === "list" ? list(values, io) : show(values, io);
  },
};
