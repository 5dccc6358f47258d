/**
 * The simulate command for a given kit: `tao-subnet simulate --kit <name>` runs it for a kit the
 * CLI knows, and a generated project's `npm run simulate` for its own kit
 * (`simulateCommandLine(myKit(), { miners })`), so both read the same flags and config file, refuse
 * the same input (the sdk's config schema: exit 2, one JSON line, "did you mean"), draw the same
 * progress bar and print the same table and HTML report.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { parseSimulationConfig, SimulationConfigError, simulate } from "@tao-subnet/sdk/sim";
import { simulationReport } from "@tao-subnet/ui";
import type { Command, CommandIo, ParsedArgs } from "./command.js";
import { CliErrorCode, UsageError } from "./errors.js";
import { parseJsonInput } from "./jsonInput.js";
import { defaultIo, runCommand } from "./run.js";

type AnyKit = SubnetKit<never, never, never>;

/** What a program that simulates its own kit starts from: its miners and epochs, replaced by the config file's and the flags. */
export interface SimulationDefaults {
  /** Miners per profile when neither `--miners` nor the config file gives them (default: the sdk's). */
  miners?: Record<string, number>;
  /** Epochs when neither `--epochs` nor the config file gives them (default 30). */
  epochs?: number;
}

/** The option lines every simulate program shows (`--kit` is the CLI's own, before them). */
export const SIMULATE_HELP = [
  "--epochs N          epochs to run (default 30)",
  "--seed S            seed (default 1); the same seed gives byte-identical results",
  '--miners JSON       miners per profile, e.g. \'{"padder":2,"honest":3}\': the generic profiles (honest, noisy, lazy,',
  "                    copier, sybil) and the kit's adversaries (an unknown name lists them); replaces the config's miners",
  "--config file.json  a SimulationConfig (miners per profile, validators with stake, joins, tempo, alpha, yuma3,",
  "                    liquidAlpha, commitReveal, issuance, sampleSize, workers); flags win; unknown keys are refused",
  "--json              print the results object (profiles.<name>.emission / .share, epochs, uids, emission, warnings)",
  "--report file.html  where to write the HTML report (default .tao-subnet/simulation.html)",
];

export const SIMULATE_OPTIONS = {
  epochs: { type: "string" },
  seed: { type: "string" },
  miners: { type: "string" },
  config: { type: "string" },
  json: { type: "boolean" },
  report: { type: "string" },
} as const satisfies Command["options"];

/** A number given as a flag, as a number when it reads as one, else the text itself (which the schema then refuses, quoted). */
const numberFlag = (text: string) => (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : text);

/** The flags (epochs, seed) whose config key a `SimulationConfigError` may name: reported as the flag. */
const FLAG_KEYS = ["epochs", "seed"] as const;

/** The config the flags, the config file and `defaults` make together (flags win, then the file), before the schema checks it. */
async function readConfig(values: ParsedArgs["values"], defaults: SimulationDefaults): Promise<Record<string, unknown>> {
  let file: object = {};
  if (typeof values.config === "string") {
    let text: string;
    try {
      text = await readFile(values.config, "utf8");
    } catch (e) {
      throw new UsageError(CliErrorCode.INVALID_INPUT, `cannot read --config ${values.config}: ${(e as Error).message}`, "--config");
    }
    const parsed = parseJsonInput(text, "--config", `--config ${values.config}`);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new UsageError(
        CliErrorCode.INVALID_INPUT,
        `--config ${values.config}: expected a JSON object (a SimulationConfig), got ${JSON.stringify(parsed)}`,
        "--config",
      );
    file = parsed;
  }
  const config: Record<string, unknown> = { seed: "1", epochs: defaults.epochs ?? 30, ...(defaults.miners && { miners: defaults.miners }), ...file };
  if (typeof values.epochs === "string") config.epochs = numberFlag(values.epochs);
  if (typeof values.seed === "string") config.seed = values.seed;
  if (typeof values.miners === "string") {
    const miners = parseJsonInput(values.miners, "--miners", `--miners (a JSON object of profile → number of miners, e.g. {"padder":2,"honest":3})`);
    if (typeof miners !== "object" || miners === null || Array.isArray(miners))
      throw new UsageError(
        CliErrorCode.INVALID_ARGUMENT,
        `--miners: expected a JSON object of profile → number of miners, e.g. {"padder":2,"honest":3}, got ${JSON.stringify(miners)}`,
        "--miners",
      );
    config.miners = miners;
  }
  return config;
}

/** Runs a simulation of `kit` with the parsed flags: checks, simulates, writes the report, prints the table (or `--json`). */
export async function runSimulate(kit: AnyKit, values: ParsedArgs["values"], io: CommandIo, defaults: SimulationDefaults = {}): Promise<number> {
  const config = await readConfig(values, defaults);
  try {
    parseSimulationConfig(kit, config, 1);
  } catch (e) {
    const flag = e instanceof SimulationConfigError ? FLAG_KEYS.find((k) => e.path === k && typeof values[k] === "string") : undefined;
    if (flag) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--${flag}: ${(e as SimulationConfigError).reason}`, `--${flag}`);
    throw e;
  }
  const bar = (done: number, total: number) => {
    if (!io.isTTY || values.json) return;
    const w = 30;
    const fill = Math.round((done / total) * w);
    io.stderr(`\r[${"#".repeat(fill)}${".".repeat(w - fill)}] epoch ${done}/${total}${done === total ? "\n" : ""}`);
  };
  const result = await simulate(kit, config as never, bar);
  const reportPath = resolve(String(values.report ?? ".tao-subnet/simulation.html"));
  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, simulationReport(result));
  if (values.json) {
    io.stdout(JSON.stringify(result) + "\n");
    return 0;
  }
  const { seed, epochs, yuma3 } = result.config;
  const tao = (rao: string) => (Number(BigInt(rao) / 1_000_000n) / 1000).toFixed(3).padStart(12);
  io.stdout(`Simulated ${epochs} epochs of the ${kit.name} market on the devnet (seed ${seed}, Yuma ${yuma3 ? 3 : 2}).\n\n`);
  for (const w of result.warnings) io.stdout(`warning: ${w}\n\n`);
  io.stdout(`${"profile".padEnd(24)} ${"uids".padStart(4)} ${"earned (TAO)".padStart(12)}   share\n`);
  for (const [name, p] of Object.entries(result.profiles))
    io.stdout(
      `${name.padEnd(24)} ${String(p.uids.length).padStart(4)} ${tao(p.emission)}  ${(p.share * 100).toFixed(1).padStart(5)} % of ${p.role} emission  ${p.description}\n`,
    );
  io.stdout(`\nHTML report: ${reportPath}\n`);
  return 0;
}

/**
 * A project's `npm run simulate`: the CLI's simulate for `kit` (its own scoring module and
 * adversaries), with the same flags but `--kit`, the same checks, progress bar, table and report.
 * Resolves to the exit code (0; 2 for bad input, with one JSON line on stderr):
 *   process.exitCode = await simulateCommandLine(myKit(), { miners: { honest: 3, parrot: 2 } });
 */
export async function simulateCommandLine<Req, Res, E>(
  kit: SubnetKit<Req, Res, E>,
  defaults: SimulationDefaults = {},
  argv: string[] = process.argv.slice(2),
  io: CommandIo = defaultIo(),
  name = "npm run simulate --",
): Promise<number> {
  const command: Command = {
    name: "simulate",
    summary: `simulate the ${kit.name} market on the devnet: who earns what, per behaviour profile`,
    usage: "[--epochs N] [--seed S] [--miners JSON] [--config file.json] [--json] [--report file.html]",
    help: SIMULATE_HELP.map((l) => l.replace("(default 30)", `(default ${defaults.epochs ?? 30})`)),
    options: SIMULATE_OPTIONS,
    run: ({ values }, io) => runSimulate(kit as unknown as AnyKit, values, io, defaults),
  };
  return runCommand(command, argv, io, name);
}
