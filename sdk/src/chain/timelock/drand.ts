/**
 * The drand beacon a timelocked commit is encrypted to, and which round to pick.
 *
 * The runtime's drand pallet holds the beacon it verifies pulses against (`Drand.BeaconConfig`:
 * public key, period, genesis time); by default drand's quicknet (`QUICKNET`). Rounds follow the
 * wall clock: round n is published at genesis + n·period seconds.
 *
 * Which round: as the Python SDK (bittensor-drand `generate_commit`) computes it. The commit's
 * epoch is (block + netuid + 1) / (tempo + 1); the reveal epoch is `revealPeriod` epochs later;
 * its first block is revealEpoch·(tempo + 1) − (netuid + 1); the target is that block plus 3
 * (a margin for the pulse to reach the chain); the round is the last one published by the time the
 * target block is expected (now + blocks to go × block time), rounded down, at least 1. A
 * runtime that reveals earlier takes another offset (`chain/subtensor/timelocked.ts`).
 */
import { TimelockError, TimelockErrorCode } from "./errors.js";

/** A drand beacon: compressed G2 public key (hex), period and genesis in seconds. */
export interface DrandBeacon {
  publicKey: string;
  period: number;
  genesisTime: number;
}

/** drand quicknet (`bls-unchained-g1-rfc9380`), the beacon subtensor's drand pallet follows by default. */
export const QUICKNET: DrandBeacon = Object.freeze({
  publicKey:
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
  period: 3,
  genesisTime: 1692803367,
});

/** Blocks after the reveal epoch's first block at which the Python SDK aims the pulse (`SECURITY_BLOCK_OFFSET`). */
export const REVEAL_BLOCK_OFFSET = 3;

/** The last round the beacon has published at `unixSeconds` (at least 1). */
export function roundAt(beacon: DrandBeacon, unixSeconds: number): number {
  return Math.max(1, Math.floor((unixSeconds - beacon.genesisTime) / beacon.period));
}

/** When `round` is published, unix seconds. */
export const timeOfRound = (beacon: DrandBeacon, round: number): number => beacon.genesisTime + round * beacon.period;

export interface RevealRoundInput {
  /** The chain's block now. */
  block: number;
  /** The subnet (its mechanism's storage index for a mechanism other than 0, as the Python SDK passes it). */
  netuid: number;
  tempo: number;
  /** `RevealPeriodEpochs`. */
  revealPeriod: number;
  /** Seconds per block (12 on finney). */
  blockTimeSeconds: number;
  /** Unix seconds now (default: the clock). */
  nowSeconds?: number;
  /** Blocks after the reveal epoch's first block at which the pulse should be on chain (default `REVEAL_BLOCK_OFFSET`, the Python SDK's). */
  offsetBlocks?: number;
}

/** The first block of the epoch in which a commit made at `block` is revealed (Python's `first_reveal_blk`). */
export function firstRevealBlock(i: Pick<RevealRoundInput, "block" | "netuid" | "tempo" | "revealPeriod">): number {
  const tp1 = i.tempo + 1;
  const np1 = i.netuid + 1;
  const epoch = Math.floor((i.block + np1) / tp1);
  return Math.max(0, (epoch + i.revealPeriod) * tp1 - np1);
}

/** The round a commit made now is encrypted to (see the file header). */
export function revealRound(beacon: DrandBeacon, i: RevealRoundInput): number {
  for (const [name, v] of [
    ["block", i.block],
    ["netuid", i.netuid],
    ["tempo", i.tempo],
    ["revealPeriod", i.revealPeriod],
  ] as const)
    if (!Number.isSafeInteger(v) || v < 0) throw new TimelockError(TimelockErrorCode.INVALID_ARGUMENT, `${name}: expected a non-negative integer, got ${v}`);
  if (!(i.blockTimeSeconds > 0))
    throw new TimelockError(TimelockErrorCode.INVALID_ARGUMENT, `blockTimeSeconds: expected a positive number, got ${i.blockTimeSeconds}`);
  const target = firstRevealBlock(i) + (i.offsetBlocks ?? REVEAL_BLOCK_OFFSET);
  const secondsToGo = Math.max(0, target - i.block) * i.blockTimeSeconds;
  return roundAt(beacon, (i.nowSeconds ?? Date.now() / 1000) + secondsToGo);
}
