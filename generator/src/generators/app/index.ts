/**
 * The Yeoman generator behind `npm create tao-subnet`. Answers come from flags first; what is left
 * is asked only when there is a TTY and `--yes` was not given. Validation happens in the bin before
 * this runs (see `../../answers.ts`), and again on prompt answers.
 */

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import Generator, { type BaseOptions } from "yeoman-generator";
import { type Answers, checkKitScoring, checkName, checkNetuid, DEFAULTS, GeneratorInputError } from "../../answers.js";
import { KITS, PACKAGE_MANAGERS, SCORING_LANGUAGES } from "../../catalogue.js";
import { INTERPOLATED, targetName, templatesRoot, templateVersions } from "../../templates.js";

export interface AppOptions {
  skipInstall?: boolean;
  name?: string;
  directory?: string;
  kit?: string;
  netuid?: number;
  scoring?: Answers["scoring"];
  packageManager?: Answers["packageManager"];
  git?: boolean;
  yes?: boolean;
  interactive?: boolean;
}

const kitEntry = (id: string | undefined) => KITS.find((k) => k.id === id) ?? KITS.find((k) => k.id === DEFAULTS.kit)!;

function walk(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p, root) : [relative(root, p)];
  });
}

export default class TaoSubnetGenerator extends Generator<Record<string, never>, AppOptions & BaseOptions> {
  answers!: Answers;

  async prompting(): Promise<void> {
    const o = this.options;
    const ask = o.interactive === true && o.yes !== true;
    const given: Partial<Answers> = {
      ...(o.name !== undefined && { name: o.name }),
      ...(o.kit !== undefined && { kit: o.kit }),
      ...(o.netuid !== undefined && { netuid: Number(o.netuid) }),
      ...(o.scoring !== undefined && { scoring: o.scoring }),
      ...(o.packageManager !== undefined && { packageManager: o.packageManager }),
      ...(o.git !== undefined && { git: o.git }),
    };
    const asked = ask
      ? await this.prompt<Partial<Answers>>([
          ...(given.name === undefined
            ? [{ type: "input" as const, name: "name" as const, message: "Project name", default: "my-subnet", validate: checkName }]
            : []),
          ...(given.kit === undefined
            ? [
                {
                  type: "select" as const,
                  name: "kit" as const,
                  message: "Commodity (kit)",
                  choices: KITS.filter((k) => given.scoring === undefined || k.scoring.includes(given.scoring)).map((k) => ({
                    name: `${k.id}: ${k.title}`,
                    value: k.id,
                  })),
                  default: DEFAULTS.kit,
                },
              ]
            : []),
          ...(given.netuid === undefined
            ? [
                {
                  type: "input" as const,
                  name: "netuid" as const,
                  message: "netuid (on the devnet; change it when you register)",
                  default: String(DEFAULTS.netuid),
                  validate: checkNetuid,
                  filter: Number,
                },
              ]
            : []),
          // only the languages the chosen kit's template comes in; not asked when there is one
          ...(given.scoring === undefined
            ? [
                {
                  type: "select" as const,
                  name: "scoring" as const,
                  message: "Scoring module",
                  when: (a: Partial<Answers>) => kitEntry(given.kit ?? a.kit).scoring.length > 1,
                  choices: (a: Partial<Answers>) =>
                    SCORING_LANGUAGES.filter((l) => kitEntry(given.kit ?? a.kit).scoring.includes(l.id)).map((l) => ({ name: l.title, value: l.id })),
                  default: DEFAULTS.scoring,
                },
              ]
            : []),
          ...(given.packageManager === undefined
            ? [
                {
                  type: "select" as const,
                  name: "packageManager" as const,
                  message: "Package manager",
                  choices: [...PACKAGE_MANAGERS],
                  default: DEFAULTS.packageManager,
                },
              ]
            : []),
          ...(given.git === undefined
            ? [{ type: "confirm" as const, name: "git" as const, message: "Initialise a git repository?", default: DEFAULTS.git }]
            : []),
        ])
      : {};
    this.answers = { ...DEFAULTS, name: "my-subnet", ...given, ...asked } as Answers;
    this.answers.netuid = Number(this.answers.netuid);
    const ok = checkKitScoring(this.answers.kit, this.answers.scoring);
    if (ok !== true) throw new GeneratorInputError("--scoring", ok);
  }

  configuring(): void {
    this.destinationRoot(this.destinationPath(this.options.directory ?? this.answers.name));
    // Yeoman only watches <env.cwd>/package.json for the automatic install: point it at the project.
    (this.env as unknown as { cwd: string }).cwd = this.destinationRoot();
  }

  writing(): void {
    const kit = KITS.find((k) => k.id === this.answers.kit)!;
    const context = { ...this.answers, kitPackage: kit.package, kitTitle: kit.title, versions: templateVersions() };
    const root = templatesRoot();
    // common files, then the kit's project, then its scoring-language overlay (later layers win)
    const layers: Array<[string, (f: string) => boolean]> = [
      [join(root, "common"), () => true],
      // the AssemblyScript module lives in assembly/; a TypeScript-only project has its score in src/
      [join(root, kit.template), (f) => !f.startsWith("_scoring") && !(this.answers.scoring !== "assemblyscript" && f.startsWith("assembly/"))],
      [join(root, kit.template, "_scoring", this.answers.scoring), () => true],
    ];
    for (const [base, keep] of layers) {
      for (const file of walk(base).filter(keep)) {
        const from = join(base, file);
        const to = this.destinationPath(targetName(file));
        if (INTERPOLATED.has(file)) this.fs.copyTpl(from, to, context);
        else this.fs.copy(from, to);
      }
    }
    if (this.answers.scoring !== "assemblyscript") {
      // a TypeScript-only score (the template's _scoring/typescript overlay): nothing to compile to
      // WASM, so no AssemblyScript and `build` type-checks
      const pkg = this.fs.readJSON(this.destinationPath("package.json")) as { scripts?: Record<string, string>; devDependencies?: Record<string, string> };
      delete pkg.devDependencies?.assemblyscript;
      pkg.scripts = { ...pkg.scripts, build: "tsc" };
      this.fs.writeJSON(this.destinationPath("package.json"), pkg);
    }
  }

  install(): void {
    // yeoman-environment installs with the package manager it is told to use
    (this.env as unknown as { options: Record<string, unknown> }).options.nodePackageManager = this.answers.packageManager;
  }

  end(): void {
    if (this.answers.git) {
      const r = spawnSync("git", ["init", "--quiet"], { cwd: this.destinationRoot(), stdio: "ignore" });
      if (r.status !== 0) this.log("git init failed (is git installed?); the project is fine without it");
    }
    this.log(`\nCreated ${this.answers.name} (${this.answers.kit} kit, netuid ${this.answers.netuid}) in ${this.destinationRoot()}\n`);
    const pm = this.answers.packageManager;
    const steps = [
      `cd ${relative(process.cwd(), this.destinationRoot()) || "."}`,
      ...(this.options.skipInstall === true ? [`${pm} install`] : []),
      `${pm} run build`,
      `${pm} test`,
      `${pm} run simulate`,
      `${pm} run dev`,
    ];
    this.log(`Next:\n${steps.map((s) => `  ${s}`).join("\n")}\n`);
  }
}
