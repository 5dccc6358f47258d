import { decodeAddress } from "@polkadot/util-crypto";
import {
  addStakeWithLimit,
  type Chain,
  limitPriceFor,
  moveStake,
  type Pool,
  type Quote,
  quote,
  readPool,
  removeStakeWithLimit,
  type Signer,
  type StakeEntry,
  SubtensorChain,
  stakeOf,
  stakesOf,
  type TxResult,
} from "@tao-subnet/sdk";
import { parseFractionPpm, parseTaoAmount, raoText } from "../amount.js";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { confirm, requireConfirmable, YES_HELP } from "../confirm.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { coldkeyAddressFrom, coldkeyFrom, WALLET_HELP, WALLET_OPTIONS, walletFrom } from "../keys.js";
import { printTx } from "../tx.js";
import { netuidOption, requireSubnet } from "./register.js";

const SUBCOMMANDS = ["add", "remove", "move", "list"] as const;
/** The Python SDK's default rate tolerance (0.5 %). */
const DEFAULT_TOLERANCE_PPM = 5_000;

/** An SS58 address from `flag`, or the wallet's hotkey (`--wallet-hotkey`) when `flag` is absent. */
async function hotkeyAddress(values: Record<string, unknown>, flag: string, walletFlag?: string): Promise<string> {
  const raw = values[flag.slice(2)];
  if (typeof raw === "string") {
    try {
      decodeAddress(raw);
      return raw;
    } catch {
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `${flag}: expected an SS58 address, got ${JSON.stringify(raw)}`, flag);
    }
  }
  const name = walletFlag ? values[walletFlag.slice(2)] : undefined;
  if (typeof name === "string") {
    return walletFrom(values)
      .hotkeyAddress(name)
      .catch((e: Error) => {
        throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `${walletFlag}: ${e.message}`, walletFlag);
      });
  }
  throw new UsageError(
    CliErrorCode.MISSING_ARGUMENT,
    `${flag} is required: the hotkey's SS58 address${walletFlag ? ` (or ${walletFlag} NAME for one of the wallet's hotkeys)` : ""}`,
    flag,
  );
}

const priceText = (rao: bigint) => `${raoText(rao)} τ/α`;
const pct = (ppm: number) => `${(ppm / 10_000).toFixed(2)} %`;

/** The limit price: --limit-price, else --tolerance (default 0.5 %) around the pool's price; none with --unsafe. */
function limitFrom(values: Record<string, unknown>, pool: Pool, side: "buy" | "sell"): { limitPrice?: bigint; tolerancePpm?: number } {
  const given = ["limit-price", "tolerance", "unsafe"].filter((k) => values[k] !== undefined);
  if (given.length > 1)
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      `give one of --limit-price, --tolerance or --unsafe, not ${given.map((g) => `--${g}`).join(" and ")}`,
      `--${given[1]}`,
    );
  if (values.unsafe === true) return {};
  if (values["limit-price"] !== undefined) return { limitPrice: parseTaoAmount(values["limit-price"], "--limit-price", "a price in TAO per alpha") };
  const tolerancePpm = values.tolerance === undefined ? DEFAULT_TOLERANCE_PPM : parseFractionPpm(values.tolerance, "--tolerance");
  return { limitPrice: limitPriceFor(pool.price, side, tolerancePpm), tolerancePpm };
}

interface Plan {
  action: string;
  chain: string;
  netuid: number;
  hotkey: string;
  amount: string;
  unit: "TAO" | "alpha";
  pool?: { price: string; priceSource: string; taoReserve: string; alphaReserve: string; fee: string };
  expected?: { amount: string; unit: "TAO" | "alpha"; slippage: string; priceAfter: string; source: "runtime" | "estimate" };
  limitPrice?: string;
  tolerance?: string;
  allowPartial?: boolean;
  warning?: string;
  [k: string]: unknown;
}

function describePlan(p: Plan): string {
  const lines = [`${p.action} on subnet ${p.netuid} (${p.chain})`, `  hotkey       ${p.hotkey}`, `  amount       ${p.amount} ${p.unit === "TAO" ? "τ" : "α"}`];
  for (const [k, v] of Object.entries(p)) if (k.startsWith("to ")) lines.push(`  ${k.padEnd(12)} ${String(v)}`);
  if (p.pool)
    lines.push(`  pool price   ${p.pool.price} τ/α (${p.pool.priceSource}); reserves ${p.pool.taoReserve} τ, ${p.pool.alphaReserve} α; fee ${p.pool.fee}`);
  if (p.expected) {
    const note =
      p.expected.source === "runtime" ? "the runtime's sim_swap" : "ESTIMATE: constant product over the reserves read from chain, not the chain's exact swap";
    lines.push(`  expected     ${p.expected.amount} ${p.expected.unit === "TAO" ? "τ" : "α"} (${note})`);
    lines.push(`  slippage     ${p.expected.slippage} (fee and price impact)`);
    lines.push(`  price after  ${p.expected.priceAfter} τ/α`);
  }
  if (p.limitPrice)
    lines.push(`  limit price  ${p.limitPrice} τ/α${p.tolerance ? ` (tolerance ${p.tolerance})` : ""}${p.allowPartial ? ", partial fills allowed" : ""}`);
  else if (p.unit && p.action !== "move_stake") lines.push("  limit price  none (--unsafe): the chain fills at any price");
  if (p.warning) lines.push(`  warning: ${p.warning}`);
  return lines.join("\n") + "\n";
}

function poolPlan(pool: Pool): Plan["pool"] {
  return {
    price: raoText(pool.price),
    priceSource: pool.priceSource,
    taoReserve: raoText(pool.taoReserve),
    alphaReserve: raoText(pool.alphaReserve),
    fee: pct(Math.round((pool.feeU16 * 1_000_000) / 65535)),
  };
}

function expectedPlan(q: Quote, unit: "TAO" | "alpha"): Plan["expected"] {
  return { amount: raoText(q.amountOut), unit, slippage: pct(q.slippagePpm), priceAfter: raoText(q.priceAfter), source: q.source };
}

/** Prints the plan, asks (or checks --yes), and signs; `--dry-run` stops after the plan. */
async function signAfterConfirm(
  io: CommandIo,
  values: Record<string, unknown>,
  plan: Plan,
  send: (coldkey: Signer) => Promise<TxResult>,
  describe: () => Record<string, unknown> = () => ({}),
): Promise<number> {
  if (values["dry-run"]) {
    io.stdout(values.json ? JSON.stringify({ dryRun: true, ...plan }) + "\n" : describePlan(plan));
    return 0;
  }
  if (!values.json || !values.yes) io.stderr(describePlan(plan));
  if (!(await confirm(io, values, "sign and send?"))) {
    io.stderr("cancelled: nothing was sent\n");
    return 1;
  }
  const coldkey = await coldkeyFrom(values, io);
  const r = await send(coldkey);
  return printTx(io, values, r, () => ({ action: plan.action, netuid: plan.netuid, hotkey: plan.hotkey, ...(values.json ? { plan } : {}), ...describe() }));
}

const devnetLacks = (what: string): UsageError =>
  new UsageError(
    CliErrorCode.INVALID_ARGUMENT,
    `--chain: this command has no ${what} for the devnet yet (stake add there swaps through the devnet's pool, without a quote or limit); use a subtensor chain (--chain local|test|finney|ws://…)`,
    "--chain",
  );

async function add(chain: Chain, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const netuid = netuidOption(values.netuid)!;
  const hotkey = await hotkeyAddress(values, "--hotkey", "--wallet-hotkey");
  const amount = parseTaoAmount(values.amount, "--amount", "an amount in TAO");
  await requireSubnet(chain, netuid);
  if (!(chain instanceof SubtensorChain)) {
    if (values["limit-price"] !== undefined || values.tolerance !== undefined)
      throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--limit-price/--tolerance: this command quotes no devnet pool yet; leave them out", "--limit-price");
    const plan: Plan = {
      action: "add_stake",
      chain: chain.endpoint,
      netuid,
      hotkey,
      amount: raoText(amount),
      unit: "TAO",
      note: "the devnet swaps the TAO through the subnet's pool (fee and price as the chain's); no quote here",
    };
    return signAfterConfirm(io, values, plan, (c) => chain.addStake(c, hotkey, netuid, amount));
  }
  const pool = await readPool(chain, netuid);
  const limit = limitFrom(values, pool, "buy");
  const q = await quote(chain, pool, "buy", amount);
  const plan: Plan = {
    action: limit.limitPrice === undefined ? "add_stake" : "add_stake_limit",
    chain: chain.endpoint,
    netuid,
    hotkey,
    amount: raoText(amount),
    unit: "TAO",
    pool: poolPlan(pool),
    expected: expectedPlan(q, "alpha"),
    ...(limit.limitPrice !== undefined && { limitPrice: raoText(limit.limitPrice), allowPartial: values.partial === true }),
    ...(limit.tolerancePpm !== undefined && { tolerance: pct(limit.tolerancePpm) }),
  };
  if (limit.limitPrice !== undefined && q.priceAfter > limit.limitPrice && values.partial !== true)
    plan.warning = `the price after this stake (${priceText(q.priceAfter)}) is above the limit (${priceText(limit.limitPrice)}): the chain will refuse it (SlippageTooHigh); stake less, raise --tolerance, or pass --partial`;
  const balance = await chain.balance(await coldkeyAddressFrom(values));
  if (balance < amount)
    throw new UsageError(CliErrorCode.INVALID_INPUT, `--amount: the coldkey holds ${raoText(balance)} τ; staking ${raoText(amount)} τ needs more`, "--amount");
  return signAfterConfirm(io, values, plan, (c) => addStakeWithLimit(chain, c, hotkey, netuid, amount, { ...limit, allowPartial: values.partial === true }));
}

/** `--amount ALPHA` or `--all` (the whole stake on that hotkey and subnet). */
async function alphaAmount(
  chain: SubtensorChain,
  values: Record<string, unknown>,
  hotkey: string,
  netuid: number,
): Promise<{ amount: bigint; staked: bigint }> {
  if (values.all === true && values.amount !== undefined) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "give --amount or --all, not both", "--all");
  const staked = await stakeOf(chain, hotkey, await coldkeyAddressFrom(values), netuid);
  if (values.all !== true && values.amount === undefined)
    throw new UsageError(CliErrorCode.MISSING_ARGUMENT, "--amount is required: the alpha to take, e.g. 1.5 (or --all)", "--amount");
  const amount = values.all === true ? staked : parseTaoAmount(values.amount, "--amount", "an amount of alpha");
  if (amount === 0n || amount > staked)
    throw new UsageError(
      CliErrorCode.INVALID_INPUT,
      `--amount: the coldkey has ${raoText(staked)} α staked on ${hotkey} in subnet ${netuid}${amount === 0n ? "" : `; cannot take ${raoText(amount)} α`}; see tao-subnet stake list`,
      "--amount",
    );
  return { amount, staked };
}

async function remove(chain: Chain, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const netuid = netuidOption(values.netuid)!;
  const hotkey = await hotkeyAddress(values, "--hotkey", "--wallet-hotkey");
  if (!(chain instanceof SubtensorChain)) throw devnetLacks("remove_stake");
  await requireSubnet(chain, netuid);
  const { amount } = await alphaAmount(chain, values, hotkey, netuid);
  const pool = await readPool(chain, netuid);
  const limit = limitFrom(values, pool, "sell");
  const q = await quote(chain, pool, "sell", amount);
  const plan: Plan = {
    action: limit.limitPrice === undefined ? "remove_stake" : "remove_stake_limit",
    chain: chain.endpoint,
    netuid,
    hotkey,
    amount: raoText(amount),
    unit: "alpha",
    pool: poolPlan(pool),
    expected: expectedPlan(q, "TAO"),
    ...(limit.limitPrice !== undefined && { limitPrice: raoText(limit.limitPrice), allowPartial: values.partial === true }),
    ...(limit.tolerancePpm !== undefined && { tolerance: pct(limit.tolerancePpm) }),
  };
  if (limit.limitPrice !== undefined && q.priceAfter < limit.limitPrice && values.partial !== true)
    plan.warning = `the price after this unstake (${priceText(q.priceAfter)}) is below the limit (${priceText(limit.limitPrice)}): the chain will refuse it (SlippageTooHigh); unstake less, raise --tolerance, or pass --partial`;
  return signAfterConfirm(io, values, plan, (c) => removeStakeWithLimit(chain, c, hotkey, netuid, amount, { ...limit, allowPartial: values.partial === true }));
}

async function move(chain: Chain, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  const netuid = netuidOption(values.netuid)!;
  const hotkey = await hotkeyAddress(values, "--hotkey", "--wallet-hotkey");
  const toNetuid = values["to-netuid"] === undefined ? netuid : netuidOption(values["to-netuid"])!;
  const toHotkey = values["to-hotkey"] === undefined ? hotkey : await hotkeyAddress(values, "--to-hotkey");
  if (toNetuid === netuid && toHotkey === hotkey)
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, "--to-hotkey/--to-netuid: the destination is the origin; give another hotkey or subnet", "--to-hotkey");
  if (values["limit-price"] !== undefined || values.tolerance !== undefined)
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      "--limit-price/--tolerance: the runtime's move_stake takes no price limit; the plan shows the estimate before you sign",
      values["limit-price"] !== undefined ? "--limit-price" : "--tolerance",
    );
  if (!(chain instanceof SubtensorChain)) throw devnetLacks("move_stake");
  await requireSubnet(chain, netuid);
  await requireSubnet(chain, toNetuid);
  const { amount } = await alphaAmount(chain, values, hotkey, netuid);
  const plan: Plan = {
    action: "move_stake",
    chain: chain.endpoint,
    netuid,
    hotkey,
    amount: raoText(amount),
    unit: "alpha",
    "to hotkey": toHotkey,
    "to netuid": toNetuid,
  };
  if (toNetuid !== netuid) {
    // across subnets: sold on the origin's pool, bought on the destination's
    const [from, to] = await Promise.all([readPool(chain, netuid), readPool(chain, toNetuid)]);
    const sold = await quote(chain, from, "sell", amount);
    const bought = await quote(chain, to, "buy", sold.amountOut);
    const ideal = from.price > 0n && to.price > 0n ? (amount * from.price) / to.price : 0n;
    plan.pool = poolPlan(from);
    plan.expected = {
      amount: raoText(bought.amountOut),
      unit: "alpha",
      slippage: pct(ideal > 0n ? Number(((ideal - bought.amountOut) * 1_000_000n) / ideal) : 0),
      priceAfter: raoText(sold.priceAfter),
      source: sold.source === "runtime" && bought.source === "runtime" ? "runtime" : "estimate",
    };
    plan["to pool"] = `${priceText(to.price)} (${to.priceSource})`;
  }
  return signAfterConfirm(
    io,
    values,
    plan,
    (c) => moveStake(chain, c, { hotkey, netuid }, { hotkey: toHotkey, netuid: toNetuid }, amount),
    () => ({
      toHotkey,
      toNetuid,
    }),
  );
}

async function list(chain: Chain, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  if (!(chain instanceof SubtensorChain)) throw devnetLacks("per-coldkey stake record");
  let coldkey: string;
  if (typeof values.address === "string") coldkey = await hotkeyAddress(values, "--address");
  else coldkey = await coldkeyAddressFrom(values);
  const stakes: StakeEntry[] = await stakesOf(chain, coldkey);
  if (values.json) {
    io.stdout(
      JSON.stringify({
        coldkey,
        stakes: stakes.map((s) => ({
          hotkey: s.hotkey,
          netuid: s.netuid,
          alpha: s.alpha.toString(),
          taoValue: s.taoValue.toString(),
          price: s.price.toString(),
        })),
        totalTaoValue: stakes.reduce((a, s) => a + s.taoValue, 0n).toString(),
      }) + "\n",
    );
    return 0;
  }
  if (!stakes.length) {
    io.stdout(`coldkey ${coldkey} has no stake on ${chain.endpoint}\n`);
    return 0;
  }
  const lines = [
    `stakes of coldkey ${coldkey} (TAO value at the pool's price, before slippage):`,
    "  netuid  hotkey                                              alpha            TAO value",
  ];
  for (const s of stakes)
    lines.push(`  ${String(s.netuid).padStart(6)}  ${s.hotkey.padEnd(50)}  ${`${raoText(s.alpha)} α`.padStart(15)}  ${raoText(s.taoValue)} τ`);
  lines.push(`  total TAO value ${raoText(stakes.reduce((a, s) => a + s.taoValue, 0n))} τ`);
  io.stdout(lines.join("\n") + "\n");
  return 0;
}

/** `tao-subnet stake add|remove|move|list`: stake through a subnet's pool, with a price limit and the expected result shown before signing. */
export const stake: Command = {
  name: "stake",
  summary: "add, remove, move and list stake (through the subnet's pool, with a price limit)",
  usage: "add|remove|move|list --chain NAME --netuid N --hotkey SS58 --amount X [--tolerance F | --limit-price P | --unsafe] [--yes] [options]",
  help: [
    "add      stake --amount TAO from the coldkey to --hotkey on --netuid (add_stake_limit; add_stake with --unsafe)",
    "remove   unstake --amount ALPHA (or --all) back to TAO (remove_stake_limit; remove_stake with --unsafe)",
    "move     move --amount ALPHA (or --all) to --to-hotkey and/or --to-netuid (move_stake; the runtime has no limit form)",
    "list     the coldkey's stakes per hotkey and subnet: alpha and its TAO value at the pool's price",
    "Before signing, the command prints the pool's price and reserves (read from chain), the expected result,",
    "the slippage and the price after the trade: the runtime's sim_swap where it has one, else an ESTIMATE",
    "(constant product over SubnetTAO and SubnetAlphaIn with the pool's fee).",
    CHAIN_HELP,
    "--netuid N            the subnet",
    "--hotkey SS58         the hotkey staked to (or --wallet-hotkey NAME: one of the wallet's)",
    "--amount X            TAO to stake (add) or alpha to take (remove, move), decimals allowed",
    "--all                 the whole stake on that hotkey and subnet (remove, move)",
    "--tolerance F         price tolerance as a fraction (default 0.005 = 0.5 %, as btcli's rate tolerance)",
    "--limit-price P       the price limit itself, TAO per alpha (instead of --tolerance)",
    "--partial             let the chain fill what it can within the limit",
    "--unsafe              no price limit (the plain add_stake / remove_stake)",
    "--to-hotkey SS58      move: the destination hotkey (default the same)",
    "--to-netuid N         move: the destination subnet (default the same)",
    "--address SS58        list: a coldkey address instead of the wallet's",
    ...WALLET_HELP,
    "--coldkey //Dev       a development coldkey instead of a wallet (localnet, devnet)",
    "--dry-run             print the plan, sign nothing",
    `${YES_HELP}`,
    "--json                print JSON",
  ],
  options: {
    ...WALLET_OPTIONS,
    chain: { type: "string" },
    netuid: { type: "string" },
    hotkey: { type: "string" },
    coldkey: { type: "string" },
    amount: { type: "string" },
    all: { type: "boolean" },
    tolerance: { type: "string" },
    "limit-price": { type: "string" },
    partial: { type: "boolean" },
    unsafe: { type: "boolean" },
    "to-hotkey": { type: "string" },
    "to-netuid": { type: "string" },
    address: { type: "string" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub) || extra.length)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `stake: expected one of ${SUBCOMMANDS.join(", ")}, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    // check what needs no chain first: bad input exits before connecting
    if (sub !== "list") netuidOption(values.netuid);
    if (sub === "add") parseTaoAmount(values.amount, "--amount", "an amount in TAO");
    if (values.tolerance !== undefined) parseFractionPpm(values.tolerance, "--tolerance");
    if (values["limit-price"] !== undefined) parseTaoAmount(values["limit-price"], "--limit-price", "a price in TAO per alpha");
    if (sub !== "list") requireConfirmable(io, values);
    const chain = await connectChain(values.chain, io);
    try {
      if (sub === "add") return await add(chain, values, io);
      if (sub === "remove") return await remove(chain, values, io);
      if (sub === "move") return await move(chain, values, io);
      return await list(chain, values, io);
    } finally {
      await chain.close();
    }
  },
};
