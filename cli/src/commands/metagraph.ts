import type { Metagraph } from "@tao-subnet/sdk";
import { formatTao } from "@tao-subnet/ui";
import { CHAIN_HELP, connectChain } from "../chainOption.js";
import type { Command } from "../command.js";
import { mecidOption, netuidOption, requireSubnet } from "./register.js";

const u16 = (x: number) => (x / 65535).toFixed(4);
const short = (a: string) => (a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a);

/** A readable table: one row per uid, the columns btcli's `subnets metagraph` shows. */
export function metagraphText(mg: Metagraph): string {
  const head = ["UID", "HOTKEY", "COLDKEY", "STAKE", "VPERMIT", "CONSENSUS", "INCENTIVE", "DIVIDENDS", "VTRUST", "EMISSION", "UPDATED", "AXON"];
  const rows = mg.neurons.map((n) => [
    String(n.uid),
    short(n.hotkey),
    short(n.coldkey),
    formatTao(n.stake),
    n.validatorPermit ? "*" : "",
    u16(n.consensus),
    u16(n.incentive),
    u16(n.dividends),
    u16(n.validatorTrust),
    formatTao(n.emission),
    String(mg.block - n.lastUpdate),
    n.axon?.port ? `${n.axon.ip}:${n.axon.port}` : "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 || i === 11 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const hp = mg.hyperparameters;
  return [
    `subnet ${mg.netuid}${(mg.mechanismCount ?? 1) > 1 ? `, mechanism ${mg.mecid ?? 0} of ${mg.mechanismCount} (its incentive, last update, weights and bonds)` : ""} at block ${mg.block}: ${mg.n} neurons, tempo ${mg.tempo}, next epoch at block ${mg.nextEpochBlock}`,
    `owner ${mg.ownerColdkey}; yuma ${hp.yuma3Enabled ? 3 : 2}, kappa ${hp.kappa}, commit-reveal ${hp.commitRevealWeightsEnabled ? `on (${hp.commitRevealPeriod} epoch)` : "off"}, burn ${formatTao(hp.burn)}`,
    "",
    line(head),
    ...rows.map(line),
    "",
  ].join("\n");
}

const json = (mg: Metagraph) => JSON.stringify(mg, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/** `tao-subnet metagraph`: a subnet's neurons and their last epoch, from any chain. */
export const metagraph: Command = {
  name: "metagraph",
  summary: "show a subnet's metagraph (stake, permits, incentive, dividends, emission, axons)",
  usage: "--netuid N [--mecid N] [--chain NAME] [--json] [--lite]",
  help: [
    CHAIN_HELP,
    "--netuid N  the subnet",
    "--mecid N   one of its mechanisms (default 0): that mechanism's incentive, last update, weights and bonds",
    "--json      print the whole metagraph as JSON (u64 as decimal strings), weights and bonds included",
    "--lite      leave weights and bonds out (faster on large subnets)",
  ],
  options: { chain: { type: "string" }, netuid: { type: "string" }, mecid: { type: "string" }, json: { type: "boolean" }, lite: { type: "boolean" } },
  async run({ values }, io) {
    const netuid = netuidOption(values.netuid)!;
    const mechanism = mecidOption(values.mecid);
    const chain = await connectChain(values.chain, io);
    try {
      await requireSubnet(chain, netuid);
      const mg = await chain.metagraph(netuid, { lite: values.lite === true || !values.json, ...mechanism });
      io.stdout(values.json ? json(mg) + "\n" : metagraphText(mg));
      return 0;
    } finally {
      await chain.close();
    }
  },
};
