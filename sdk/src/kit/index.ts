export type { Challenge, ChallengeContext, HookName, RoundEntry, Scorer, ServeContext, SubnetKit, SynapseSchema, Verdict } from "./contract.js";
export { HOOKS } from "./contract.js";
export { KitDriver } from "./driver.js";
export type { KitDriverOptions, RoundCoordinates, RoundResult } from "./driver.js";
export { KitHookError, SynapseValidationError } from "./errors.js";
export { deriveChallengeSeed, Random } from "./random.js";
