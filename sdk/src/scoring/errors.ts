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
  /** The module imports something outside the allow-list. */
  FORBIDDEN_IMPORT: "SCORING_FORBIDDEN_IMPORT",
  /** The module declares more memory than the cap. */
  MEMORY_CAP: "SCORING_MEMORY_CAP",
  /** The module tried to grow its memory past the cap while scoring. */
  MEMORY_EXCEEDED: "SCORING_MEMORY_EXCEEDED",
  /** Scoring took longer than the time cap; the worker was terminated. */
  TIMEOUT: "SCORING_TIMEOUT",
  /** The module trapped (unreachable, out of bounds, an AssemblyScript abort). */
  TRAP: "SCORING_TRAP",
  /** The module returned something outside the ABI (wrong count, score above 65535). */
  BAD_OUTPUT: "SCORING_BAD_OUTPUT",
  /** A kit's module file is not there (not built) or cannot be read. */
  MODULE_MISSING: "SCORING_MODULE_MISSING",
  /** A `ScoringHost` option is out of range (the message names it). */
  BAD_OPTIONS: "SCORING_BAD_OPTIONS",
} as const;
export type ScoringErrorCode = (typeof ScoringErrorCode)[keyof typeof ScoringErrorCode];

/** Each code's kind: the host's options are the caller's input; a missing file is `unavailable`; the rest, refusals. */
const KINDS: Partial<Record<ScoringErrorCode, ErrorKind>> = { [ScoringErrorCode.MODULE_MISSING]: "unavailable", [ScoringErrorCode.BAD_OPTIONS]: "bad-input" };

/** A scoring module was refused or stopped (kind `refused`), its file is missing (`unavailable`), or a host option is wrong (`bad-input`). `code` says why; the host is still usable. */
export class ScoringError extends SdkError {
  readonly kind: ErrorKind;
  constructor(code: ScoringErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.kind = KINDS[code] ?? "refused";
  }
}
