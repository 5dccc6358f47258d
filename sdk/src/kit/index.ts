/** `@tao-subnet/sdk/kit`: the kit contract, the driver that runs a kit's hooks, seeds and the PRNG, synapse bodies, the kit errors, `SdkError` and `jsonDepth` (bounded JSON). */

export type { ErrorKind } from "../errors.js";
export { SdkError } from "../errors.js";
export type {
  BehaviourAnswer,
  BehaviourContext,
  Challenge,
  ChallengeContext,
  HookKind,
  HookName,
  KitHookMap,
  KitName,
  MinerBehaviour,
  RoundEntry,
  Scorer,
  ServeContext,
  SubnetKit,
  SynapseSchema,
  Verdict,
  VerifyContext,
} from "./contract.js";
export { HOOK_KINDS, HOOK_NAMES } from "./contract.js";
export type { KitDriverOptions, RoundCoordinates, RoundResult } from "./driver.js";
export { KitDriver } from "./driver.js";
export { KitHookError, SynapseValidationError } from "./errors.js";
export { jsonDepth } from "./json.js";
export { deriveChallengeSeed, deriveSampleSeed, Random } from "./random.js";
export type { SynapseBase, SynapseTerminal } from "./synapse.js";
export { fromSynapseBody, fullTerminal, SYNAPSE_BASE_FIELDS, synapseBaseSchema, terminalInfoSchema, toSynapseBody } from "./synapse.js";
