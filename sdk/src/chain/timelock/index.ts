/**
 * `@tao-subnet/sdk/timelock`: timelocked (drand) commit-reveal: the payload, its encryption to a
 * round (`tle.ts`, on @noble/curves' BLS12-381), and the round to pick. Its own entry because
 * BLS12-381 takes about 0.4 s to import: `/chain` re-exports only the light part (`light.ts`), and
 * the chain clients load `tle.ts` when they first encrypt.
 */
export * from "./light.js";
export type { TlockCiphertext, TlockOptions } from "./tle.js";
export { parseTlockCiphertext, roundIdentity, roundMessage, tlockDecrypt, tlockEncrypt, verifyRoundSignature } from "./tle.js";
