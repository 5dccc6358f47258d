/**
 * A kit's built scoring module on disk: where it is, its bytes and its sha256 (what a subnet
 * owner publishes and validators pin). Every kit locates its module beside its sources,
 * `scoringModuleFrom(import.meta.url, "../build/scoring.wasm", { build })`; a missing file is a
 * `ScoringError` (SCORING_MODULE_MISSING) naming the file and the command that builds it.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ScoringError, ScoringErrorCode } from "./errors.js";
import { sha256Hex } from "./host.js";

/** A scoring module's file, read and hashed. */
export interface ScoringModuleBytes {
  path: string;
  sha256: string;
  bytes: Uint8Array;
}

/** Where a scoring module lives, and how to read it. */
export interface ScoringModuleFile {
  readonly url: URL;
  readonly path: string;
  /** Reads and hashes the module now. */
  read(): ScoringModuleBytes;
  /** The module's bytes (a kit's `scorer.load`). */
  load(): Promise<Uint8Array>;
}

export interface ScoringModuleFileOptions {
  /** The command that builds the module, for the error when it is missing (e.g. `npm run build:wasm -w @tao-subnet/kit-text`). */
  build?: string;
}

/** The scoring module at `location` (a path or a file URL). */
export function scoringModuleAt(location: string | URL, options: ScoringModuleFileOptions = {}): ScoringModuleFile {
  const url = location instanceof URL ? location : pathToFileURL(location);
  const path = fileURLToPath(url);
  const missing = (e: unknown) =>
    new ScoringError(
      ScoringErrorCode.MODULE_MISSING,
      `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): build the scoring module${options.build ? ` with \`${options.build}\`` : ""}, or give the path of a built one`,
      { cause: e },
    );
  return {
    url,
    path,
    read() {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(path));
      } catch (e) {
        throw missing(e);
      }
      return { path, sha256: sha256Hex(bytes), bytes };
    },
    async load() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (e) {
        throw missing(e);
      }
    },
  };
}

/** The scoring module at `relative` to `base` (a module's `import.meta.url`). */
export function scoringModuleFrom(base: string | URL, relative: string, options: ScoringModuleFileOptions = {}): ScoringModuleFile {
  return scoringModuleAt(new URL(relative, base), options);
}
