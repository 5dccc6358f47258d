import {
  availableOwnerHyperparameters,
  type Chain,
  closestNames,
  DEV_OWNER_HYPERPARAMETERS,
  HyperparameterError,
  prepareHyperparameter,
  readAllHyperparameters,
  type SettableHyperparameters,
  SubtensorChain,
  setOwnerHyperparameter,
} from "@tao-subnet/sdk";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command, CommandIo } from "../command.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { coldkeyFrom, WALLET_HELP, WALLET_OPTIONS } from "../keys.js";
import { printTx } from "../tx.js";
import { netuidOption, requireSubnet, startSubnet } from "./register.js";

/** The devnet's settable hyperparameters by the chain's snake_case name, with the value type each takes. */
const DEVNET_NAMES: Record<string, [keyof SettableHyperparameters, "number" | "bigint" | "bool" | "pair"]> = {
  tempo: ["tempo", "number"],
  kappa: ["kappa", "number"],
  immunity_period: ["immunityPeriod", "number"],
  min_allowed_weights: ["minAllowedWeights", "number"],
  max_weight_limit: ["maxWeightLimit", "number"],
  weights_version: ["weightsVersion", "bigint"],
  activity_cutoff: ["activityCutoff", "number"],
  max_allowed_uids: ["maxAllowedUids", "number"],
  bonds_moving_average: ["bondsMovingAverage", "bigint"],
  bonds_penalty: ["bondsPenalty", "number"],
  commit_reveal_weights_enabled: ["commitRevealWeightsEnabled", "bool"],
  commit_reveal_period: ["commitRevealPeriod", "number"],
  liquid_alpha_enabled: ["liquidAlphaEnabled", "bool"],
  alpha_values: ["alphaValues", "pair"],
  yuma3_enabled: ["yuma3Enabled", "bool"],
  min_burn: ["minBurn", "bigint"],
  max_burn: ["maxBurn", "bigint"],
  burn_half_life: ["burnHalfLife", "number"],
  immune_owner_uids_limit: ["immuneOwnerUidsLimit", "number"],
};

const badValue = (name: string, expected: string, got: string) =>
  new UsageError(CliErrorCode.INVALID_ARGUMENT, `${name}: expected ${expected}, got ${JSON.stringify(got)}`, "VALUE");

/** The devnet's value for NAME VALUE, checked (u16 fields 0..65535, the owner's BondsMovingAverage cap, alpha bounds). */
function devnetValue(name: string, text: string): [keyof SettableHyperparameters, SettableHyperparameters[keyof SettableHyperparameters]] {
  const entry = DEVNET_NAMES[name];
  if (!entry) {
    const near = closestNames(name, Object.keys(DEVNET_NAMES));
    throw new UsageError(
      "UNKNOWN_HYPERPARAMETER",
      `unknown hyperparameter ${JSON.stringify(name)} on the devnet${near.length ? `; did you mean ${near.join(", ")}?` : ""} (settable: ${Object.keys(DEVNET_NAMES).join(", ")})`,
      "NAME",
    );
  }
  const [key, type] = entry;
  const int = (s: string, max: bigint): bigint => {
    if (!/^\d+$/.test(s.trim()) || BigInt(s.trim()) > max) throw badValue(name, `an integer 0..${max}`, s);
    return BigInt(s.trim());
  };
  if (type === "bool") {
    if (/^(true|false)$/i.test(text)) return [key, /^true$/i.test(text)];
    throw badValue(name, "true or false", text);
  }
  if (type === "pair") {
    const parts = text.split(",");
    if (parts.length !== 2) throw badValue(name, "LOW,HIGH", text);
    const [low, high] = parts.map((p) => Number(int(p, 65535n))) as [number, number];
    if (high < 1638 || low < 1638 || low > high) throw badValue(name, "1638 <= LOW <= HIGH <= 65535", text);
    return [key, [low, high]];
  }
  if (type === "bigint") {
    const v = int(text, 2n ** 64n - 1n);
    if (name === "bonds_moving_average" && v > 975_000n) throw badValue(name, "at most 975000 (an owner's cap)", text);
    return [key, v];
  }
  return [key, Number(int(text, 65535n))];
}

async function read(chain: Chain, netuid: number, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  await requireSubnet(chain, netuid);
  const all: Record<string, unknown> =
    chain instanceof SubtensorChain
      ? ((await readAllHyperparameters(chain, netuid)) ?? {})
      : Object.fromEntries(Object.entries(await chain.hyperparameters(netuid)).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
  // the devnet's owner calls are spec 425's (tempo, kappa … are root's there: sudoSetHyperparameter)
  const settable =
    chain instanceof SubtensorChain
      ? availableOwnerHyperparameters(chain).map((h) => h.name)
      : Object.keys(DEVNET_NAMES).filter((k) => DEV_OWNER_HYPERPARAMETERS.includes(DEVNET_NAMES[k]![0]));
  const text = (v: unknown) => (typeof v === "bigint" ? v.toString() : typeof v === "object" ? JSON.stringify(v) : String(v));
  if (values.json) {
    io.stdout(
      JSON.stringify({
        netuid,
        chain: chain.endpoint,
        hyperparameters: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])),
        ownerSettable: settable,
      }) + "\n",
    );
    return 0;
  }
  const width = Math.max(...Object.keys(all).map((k) => k.length));
  io.stdout(
    [
      `subnet ${netuid} hyperparameters (${chain.endpoint}):`,
      ...Object.entries(all).map(([k, v]) => `  ${k.padEnd(width)}  ${text(v)}`),
      `owner-settable here (tao-subnet subnet hyperparameters set NAME VALUE): ${settable.join(", ")}`,
      "",
    ].join("\n"),
  );
  return 0;
}

async function set(chain: Chain, netuid: number, name: string, value: string, values: Record<string, unknown>, io: CommandIo): Promise<number> {
  await requireSubnet(chain, netuid);
  if (!(chain instanceof SubtensorChain)) {
    const [key, v] = devnetValue(name, value);
    const owner = await coldkeyFrom(values, io);
    return printTx(io, values, await chain.setHyperparameter(owner, netuid, key, v as never), () => ({ netuid, name, value }));
  }
  let prepared: Awaited<ReturnType<typeof prepareHyperparameter>>;
  try {
    prepared = await prepareHyperparameter(chain, netuid, name, value);
  } catch (e) {
    if (e instanceof HyperparameterError)
      throw new UsageError(e.field === "name" ? "UNKNOWN_HYPERPARAMETER" : CliErrorCode.INVALID_ARGUMENT, e.message, e.field === "name" ? "NAME" : "VALUE");
    throw e;
  }
  if (values["dry-run"]) {
    io.stdout(
      JSON.stringify({
        dryRun: true,
        netuid,
        name: prepared.hyperparameter.name,
        call: `${prepared.hyperparameter.pallet}.${prepared.hyperparameter.method}`,
        values: prepared.values.map(String),
        types: prepared.types,
      }) + "\n",
    );
    return 0;
  }
  const owner = await coldkeyFrom(values, io);
  const r = await setOwnerHyperparameter(chain, owner, netuid, prepared);
  return printTx(io, values, r, () => ({ netuid, name: prepared.hyperparameter.name, value }));
}

/** `tao-subnet subnet start | hyperparameters [set NAME VALUE]`: what a subnet owner runs. */
export const subnet: Command = {
  name: "subnet",
  summary: "a subnet owner's commands: start the subnet, read and set its hyperparameters",
  usage: "start | hyperparameters | hyperparameters set NAME VALUE --chain NAME --netuid N [--wallet NAME | --coldkey //Dev]",
  help: [
    "start                       start_call: start emission and staking on a new subnet (the owner, once allowed)",
    "hyperparameters             every hyperparameter as the runtime reports it, and the names the owner may set",
    "hyperparameters set N V     set one (admin-utils sudo_set_*, signed by the owner's coldkey); the name and the",
    "                            value's type and range are checked against the runtime before anything is sent;",
    "                            alpha_values takes LOW,HIGH; booleans true|false",
    CHAIN_HELP,
    "--netuid N            the subnet",
    ...WALLET_HELP,
    "--coldkey //Dev       a development coldkey instead of a wallet (localnet, devnet)",
    "--dry-run             set: check and print the call, send nothing",
    "--json                print JSON",
  ],
  options: {
    ...WALLET_OPTIONS,
    chain: { type: "string" },
    netuid: { type: "string" },
    coldkey: { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const [sub, verb, name, value, ...extra] = positionals;
    const ok =
      (sub === "start" && verb === undefined) ||
      (sub === "hyperparameters" && (verb === undefined || (verb === "set" && name !== undefined && value !== undefined && extra.length === 0)));
    if (!ok)
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `subnet: expected start, hyperparameters, or hyperparameters set NAME VALUE, got ${JSON.stringify(positionals.join(" "))}`,
        "<subcommand>",
      );
    if (sub === "start") return startSubnet(values, io);
    const netuid = netuidOption(values.netuid)!;
    const chain = await connectChain(values.chain, io);
    try {
      return verb === "set" ? await set(chain, netuid, name!, value!, values, io) : await read(chain, netuid, values, io);
    } finally {
      await chain.close();
    }
  },
};
