/** Timelocked (drand) commit-reveal: the payload, its encryption to a round, and the round to pick. */
export type { DrandBeacon, RevealRoundInput } from "./drand.js";
export { firstRevealBlock, QUICKNET, REVEAL_BLOCK_OFFSET, revealRound, roundAt, timeOfRound } from "./drand.js";
export { TimelockError, TimelockErrorCode } from "./errors.js";
export type { PayloadFormat, WeightsPayload } from "./payload.js";
export { decodeWeightsPayload, encodeWeightsPayload } from "./payload.js";
export type { TlockCiphertext, TlockOptions } from "./tle.js";
export { parseTlockCiphertext, roundIdentity, roundMessage, tlockDecrypt, tlockEncrypt, verifyRoundSignature } from "./tle.js";
