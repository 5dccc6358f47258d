import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type SimulationConfig, simulate } from "@tao-subnet/sdk/sim";
import { simulationReport } from "@tao-subnet/ui";
import type { Command } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { parseJsonInput } from "../jsonInput.js";
import { kitHelp, loadKit } from "../kits.js";

/** `--miners`: a JSON object of profile → count (the names and counts are checked by `simulate`, which knows the kit's adversaries). */
function parseMiners(text: unknown): Record<string, number> {
  const value = parseJsonInput(String(text), "--miners", `--miners (a JSON object of profile → number of miners, e.g. {"padder":2,"honest":3})`);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalidArgument("--miners", `a JSON object of profile → number of miners, e.g. {"padder":2,"honest":3}`, text);
  return value as Record<string, number>;
}

/** `tao-subnet simulate`: a seeded market simulation of a kit on the devnet. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "simulate a kit's market on the devnet: who earns what, per behaviour profile",
  usage: "--kit <name> [--epochs N] [--seed S] [--miners JSON] [--config file.json] [--json] [--report file.html]",
  help: [
    kitHelp(20),
    "--epochs N          epochs to run (default 30)",
    "--seed S            seed (default 1); the same seed gives byte-identical results",
    '--miners JSON       miners per profile, e.g. \'{"padder":2,"honest":3}\': the generic profiles (honest, noisy, lazy,',
    "                    copier, sybil) and the kit's adversaries (an unknown name lists them); replaces the config's miners",
    "--config file.json  a SimulationConfig (miners per profile, validators with stake, joins, yuma3, issuance, sampleSize,",
    "                    workers, …); flags win",
    "--json              print the results object (profiles.<name>.emission / .share, epochs, uids, emission, warnings)",
    "--report file.html  where to write the HTML report (default .tao-subnet/simulation.html)",
  ],
  options: {
    kit: { type: "string" },
    epochs: { type: "string" },
    seed: { type: "string" },
    miners: { type: "string" },
    config: { type: "string" },
    json: { type: "boolean" },
    report: { type: "string" },
  },
  async run({ values }, io) {
    const kit = loadKit(values.kit ?? "text");
    let config: Partial<SimulationConfig> = {};
    if (typeof values.config === "string") {
      let text: string;
      try {
        text = await readFile(values.config, "utf8");
      } catch (e) {
        throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read --config ${values.config}: ${(e as Error).message}`, "--config");
      }
      config = parseJsonInput(text, "--config", `--config ${values.config}`) as Partial<SimulationConfig>;
    }
    const epochs = values.epochs === undefined ? (config.epochs ?? 30) : Number(values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100_000) throw invalidArgument("--epochs", "an integer 1..100000", values.epochs);
    const seed = String(values.seed ?? config.seed ?? "1");
    const full: SimulationConfig = { ...config, seed, epochs, ...(values.miners === undefined ? {} : { miners: parseMiners(values.miners) }) };
    const bar = (done: number, total: number) => {
      if (!io.isTTY || values.json) return;
      const w = 30;
      const fill = Math.round((done / total) * w);
      io.stderr(`\r[${"#".repeat(fill)}${".".repeat(w - fill)}] epoch ${done}/${total}${done === total ? "\n" : ""}`);
    };
    const result = await simulate(kit, full, bar);
    const reportPath = resolve(String(values.report ?? ".tao-subnet/simulation.html"));
    await mkdir(dirname(reportPath), { recursive: true });
    await writeFile(reportPath, simulationReport(result));
    if (values.json) {
      io.stdout(JSON.stringify(result) + "\n");
      return 0;
    }
    const tao = (rao: string) => (Number(BigInt(rao) / 1_000_000n) / 1000).toFixed(3).padStart(12);
    io.stdout(`Simulated ${epochs} epochs of the ${kit.name} market on the devnet (seed ${seed}, Yuma ${result.config.yuma3 ? 3 : 2}).\n\n`);
    for (const w of result.warnings) io.stdout(`warning: ${w}\n\n`);
    io.stdout(`${"profile".padEnd(24)} ${"uids".padStart(4)} ${"earned (TAO)".padStart(12)}   share\n`);
    for (const [name, p] of Object.entries(result.profiles))
      io.stdout(
        `${name.padEnd(24)} ${String(p.uids.length).padStart(4)} ${tao(p.emission)}  ${(p.share * 100).toFixed(1).padStart(5)} % of ${p.role} emission  ${p.description}\n`,
      );
    io.stdout(`\nHTML report: ${reportPath}\n`);
    return 0;
  },
};
