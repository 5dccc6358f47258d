/** tao-subnet (the CLI) as a library: run it in-process, e.g. from tests or other tools, or simulate a project's own kit. */

export type { Command, CommandIo, ParsedArgs } from "./command.js";
export { CliErrorCode, UsageError } from "./errors.js";
export { main, versionLines } from "./main.js";
export type { NeuronDefaults } from "./project.js";
export { minerCommandLine, validatorCommandLine } from "./project.js";
export { EXIT_CODES, reportError, runCommand } from "./run.js";
export type { SimulationDefaults } from "./simulation.js";
export { simulateCommandLine } from "./simulation.js";
