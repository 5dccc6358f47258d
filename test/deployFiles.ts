/**
 * Readers for a generated project's deploy files, enough to check them in tests: systemd unit
 * files (sections of `Key=value`, keys repeatable, `\` continues a line, `#`/`;` comments) and
 * Dockerfiles (instructions by stage, `\` continuations joined, comments dropped).
 */

/** A unit file: section → key → every value given (in order). */
export type Unit = Map<string, Map<string, string[]>>;

export function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const line of text.replace(/\\\n/g, " ").split("\n")) {
    const l = line.trim();
    if (l === "" || l.startsWith("#") || l.startsWith(";")) continue;
    const head = /^\[(.+)\]$/.exec(l);
    if (head) {
      section = new Map();
      unit.set(head[1]!, section);
      continue;
    }
    const eq = l.indexOf("=");
    if (!section || eq < 0) throw new Error(`not a unit file line: ${l}`);
    const key = l.slice(0, eq).trim();
    section.set(key, [...(section.get(key) ?? []), l.slice(eq + 1).trim()]);
  }
  return unit;
}

/** `ExecStart=`'s command line as systemd splits it: whitespace, with single or double quotes around a word. */
export function unitExecArgv(value: string): string[] {
  return [...value.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

export interface DockerInstruction {
  op: string;
  args: string;
}

/** A Dockerfile's instructions, one array per stage (each starts with its FROM). */
export function parseDockerfile(text: string): DockerInstruction[][] {
  const stages: DockerInstruction[][] = [];
  const lines = text
    .split("\n")
    .filter((l) => !l.trim().startsWith("#"))
    .join("\n")
    .replace(/\\\n\s*/g, "")
    .split("\n");
  for (const line of lines) {
    const m = /^\s*([A-Za-z]+)\s+(.*\S)\s*$/.exec(line);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    if (op === "FROM") stages.push([]);
    stages.at(-1)?.push({ op, args: m[2]! });
  }
  return stages;
}
