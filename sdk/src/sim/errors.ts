/** Errors of the simulation. */
import { SdkError } from "../errors.js";

/** A `SimulationConfig` field is wrong; `path` names it (`miners.honset`, `validators[2].stake`). */
export class SimulationConfigError extends SdkError {
  readonly kind = "bad-input";
  /** The message without the path: what was expected and what was given. */
  readonly reason: string;
  constructor(
    message: string,
    readonly path: string,
  ) {
    super("SIMULATION_CONFIG_INVALID", `${path}: ${message}`);
    this.reason = message;
  }
}

/** What is wrong with a sweep: a `--vary`, the seeds, a shard, or the slices given to merge. */
export const SweepErrorCode = {
  /** A `--vary` that does not parse, names an unknown key, repeats one, or gives a value the config schema refuses. */
  VARY_INVALID: "SWEEP_VARY_INVALID",
  /** `--seeds`, `--shard` or the grid's size out of range. */
  PLAN_INVALID: "SWEEP_PLAN_INVALID",
  /** A file given to merge is not a sweep's JSON. */
  SLICE_INVALID: "SWEEP_SLICE_INVALID",
  /** Slices of different sweeps (kit, base config, grid, seeds or format differ). */
  SLICE_INCONSISTENT: "SWEEP_SLICE_INCONSISTENT",
  /** Two slices hold the same point. */
  SLICE_OVERLAP: "SWEEP_SLICE_OVERLAP",
  /** Points of the grid that no slice holds. */
  SLICE_MISSING: "SWEEP_SLICE_MISSING",
} as const;
export type SweepErrorCode = (typeof SweepErrorCode)[keyof typeof SweepErrorCode];

/** A sweep's bad input; `argument` names the flag or file at fault (`--vary kappa`, `--shard`, `b.json`). */
export class SweepError extends SdkError {
  readonly kind = "bad-input";
  constructor(
    code: SweepErrorCode,
    message: string,
    readonly argument: string,
  ) {
    super(code, message);
  }
}
