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
