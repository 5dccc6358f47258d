/** The part of the timelock layer that loads no BLS12-381 code: beacons and rounds, the payload, errors. */
export type { DrandBeacon, RevealRoundInput } from "./drand.js";
export { firstRevealBlock, QUICKNET, REVEAL_BLOCK_OFFSET, revealRound, roundAt, timeOfRound } from "./drand.js";
export { TimelockError, TimelockErrorCode } from "./errors.js";
export type { PayloadFormat, WeightsPayload } from "./payload.js";
export { decodeWeightsPayload, encodeWeightsPayload } from "./payload.js";
