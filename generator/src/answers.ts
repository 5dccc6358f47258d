/**
 * The answers a project is generated from, their defaults, and their validation. Flags and prompt
 * answers go through the same `validateAnswers`, so a bad `--netuid` and a bad typed netuid get the
 * same message; the bin validates flags before Yeoman runs, so bad input writes nothing.
 */
import validateNpmName from "validate-npm-package-name";
import { KITS, PACKAGE_MANAGERS, type PackageManager, SCORING_LANGUAGES, type ScoringLanguage } from "./catalogue.js";

export interface Answers {
  /** npm package name of the project (also its folder name unless a directory is given). */
  name: string;
  kit: string;
  netuid: number;
  scoring: ScoringLanguage;
  packageManager: PackageManager;
  git: boolean;
}

export const DEFAULTS: Omit<Answers, "name"> = { kit: "text", netuid: 1, scoring: "assemblyscript", packageManager: "npm", git: true };

/** Bad input to the generator: the bin prints `message` on one line and exits 2. */
export class GeneratorInputError extends Error {
  /** Bad input, as in the CLI's error kinds (exit code 2). */
  readonly kind = "bad-input";
  readonly code = "INVALID_OPTION";
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = "GeneratorInputError";
  }
}

const list = (xs: readonly string[]) => xs.join(", ");

export function checkName(name: string): string | true {
  const r = validateNpmName(name);
  if (r.validForNewPackages) return true;
  const why = [...(r.errors ?? []), ...(r.warnings ?? [])].join("; ");
  return `${JSON.stringify(name)} is not a valid npm package name (${why}); use lowercase letters, digits and -, e.g. my-subnet`;
}

export function checkKit(kit: string): string | true {
  return KITS.some((k) => k.id === kit) ? true : `unknown kit ${JSON.stringify(kit)}; valid kits: ${list(KITS.map((k) => k.id))}`;
}

export function checkNetuid(netuid: string | number): string | true {
  const s = String(netuid).trim();
  const n = Number(s);
  return /^\d+$/.test(s) && n >= 1 && n <= 65535
    ? true
    : `invalid netuid ${JSON.stringify(netuid)}; a netuid is an integer from 1 to 65535 (0 is the root network)`;
}

export function checkScoring(s: string): string | true {
  return SCORING_LANGUAGES.some((l) => l.id === s) ? true : `unknown scoring language ${JSON.stringify(s)}; valid: ${list(SCORING_LANGUAGES.map((l) => l.id))}`;
}

export function checkPackageManager(pm: string): string | true {
  return (PACKAGE_MANAGERS as readonly string[]).includes(pm) ? true : `unknown package manager ${JSON.stringify(pm)}; valid: ${list(PACKAGE_MANAGERS)}`;
}

/** Validates whichever answers are present; throws the first problem as a GeneratorInputError. */
export function validateAnswers(a: Partial<Record<keyof Answers, unknown>>): void {
  const checks: Array<[keyof Answers, string, (v: never) => string | true]> = [
    ["name", "--name", checkName],
    ["kit", "--kit", checkKit],
    ["netuid", "--netuid", checkNetuid],
    ["scoring", "--scoring", checkScoring],
    ["packageManager", "--package-manager", checkPackageManager],
  ];
  for (const [key, option, check] of checks) {
    if (a[key] === undefined) continue;
    const r = check(a[key] as never);
    if (r !== true) throw new GeneratorInputError(option, r);
  }
  if (a.kit !== undefined && a.scoring !== undefined) {
    const r = checkKitScoring(a.kit as string, a.scoring as string);
    if (r !== true) throw new GeneratorInputError("--scoring", r);
  }
}

/** Whether the kit's template comes with a scoring module in that language (catalogue column `scoring`). */
export function checkKitScoring(kit: string, scoring: string): string | true {
  const entry = KITS.find((k) => k.id === kit);
  if (!entry || entry.scoring.includes(scoring as ScoringLanguage)) return true;
  const offering = KITS.filter((k) => k.scoring.includes(scoring as ScoringLanguage)).map((k) => k.id);
  return `the ${kit} template has a scoring module in ${list(entry.scoring)} only; --scoring ${scoring} is available with --kit ${list(offering)}`;
}
