/**
 * Errors of the scoring-module host. Each says what the module did and what the module author
 * (or the validator) can do about it; the host keeps serving other modules after any of them.
 */
import { type ErrorKind, SdkError } from "../errors.js";

export const ScoringErrorCode = {
  /** The module's sha256 is not the one the validator pinned. */
  HASH_MISMATCH: "SCORING_HASH_MISMATCH",
  /** Not a WebAssembly module, or it lacks the ABI's exports. */
  BAD_MODULE: "SCORING_BAD_MODULE",
  /** The module is larger than the host takes (module, code section, function body, data). */
  MODULE_TOO_LARGE: "SCORING_MODULE_TOO_LARGE",
  /** Too many functions, types, parameters, globals, or blocks nested too deep. */
  FUNCTION_LIMIT: "SCORING_FUNCTION_LIMIT",
  /** Too many locals in one function or in all of them. */
  LOCALS_LIMIT: "SCORING_LOCALS_LIMIT",
  /** A table, or its element segments, above the limit (entries, count). */
  TABLE_LIMIT: "SCORING_TABLE_LIMIT",
  /** A WebAssembly feature the ABI does not need (GC, memory64, shared memory, SIMD, exceptions, table.grow, …). */
  UNSUPPORTED_FEATURE: "SCORING_UNSUPPORTED_FEATURE",
  /** The module imports something outside the allow-list (or a memory, table, global or tag). */
  FORBIDDEN_IMPORT: "SCORING_FORBIDDEN_IMPORT",
  /** The module declares more memory than the cap. */
  MEMORY_CAP: "SCORING_MEMORY_CAP",
  /** The module tried to grow its memory past the cap while scoring. */
  MEMORY_EXCEEDED: "SCORING_MEMORY_EXCEEDED",
  /** Scoring took longer than the time cap; the worker was terminated. */
  TIMEOUT: "SCORING_TIMEOUT",
  /** The module trapped (unreachable, out of bounds, stack overflow). */
  TRAP: "SCORING_TRAP",
  /** The module called `env.abort` (an AssemblyScript abort or thrown error); the message says where. */
  ABORT: "SCORING_ABORT",
  /** The module returned something outside the ABI (wrong count, score above 65535). */
  BAD_OUTPUT: "SCORING_BAD_OUTPUT",
  /** A kit's module file is not there (not built) or cannot be read. */
  MODULE_MISSING: "SCORING_MODULE_MISSING",
  /** The worker process could not be started or crashed outside the module (the message says how). */
  WORKER_FAILED: "SCORING_WORKER_FAILED",
  /** A `ScoringHost` option is out of range (the message names it). */
  BAD_OPTIONS: "SCORING_BAD_OPTIONS",
} as const;
export type ScoringErrorCode = (typeof ScoringErrorCode)[keyof typeof ScoringErrorCode];

/** Each code's kind: the host's options are the caller's input; a missing file is `unavailable`; the rest, refusals. */
const KINDS: Partial<Record<ScoringErrorCode, ErrorKind>> = {
  [ScoringErrorCode.MODULE_MISSING]: "unavailable",
  [ScoringErrorCode.WORKER_FAILED]: "unavailable",
  [ScoringErrorCode.BAD_OPTIONS]: "bad-input",
};

/** A scoring module was refused or stopped (kind `refused`), its file is missing (`unavailable`), or a host option is wrong (`bad-input`). `code` says why; the host is still usable. */
export class ScoringError extends SdkError {
  readonly kind: ErrorKind;
  constructor(code: ScoringErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.kind = KINDS[code] ?? "refused";
  }
}
