// Seeded random subnets with churn, for tests that must draw the same inputs on every machine and
// with every dependency version (the fixture `fixtures/epochBeforeCommitReveal.json` holds outputs
// of these inputs): a plain 32-bit PRNG, no fast-check. Uids register at different blocks, some of
// them after validators set weights or committed; validators commit before, at and after those
// registrations, or not at all.

import type { EpochInput, SparseRow } from "@tao-subnet/core";

/** mulberry32: a 32-bit PRNG, the same sequence everywhere. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A random subnet at block ~1000 in which some uids registered recently (churn) and validators may have commits. */
export function churnSubnet(seed: number, maxN = 24): EpochInput {
  const next = prng(seed);
  const below = (k: number) => next() % k; // 0..k−1
  const chance = (pct: number) => below(100) < pct;
  const n = 2 + below(maxN - 1);
  const currentBlock = 1000 + below(200);
  // old uids registered long ago; churned ones registered in the last few hundred blocks
  const blockAtRegistration = Array.from({ length: n }, () => (chance(40) ? currentBlock - 1 - below(300) : below(200)));
  const lastUpdate = blockAtRegistration.map((r) => (chance(10) ? r : r + below(Math.max(1, currentBlock - r + 1))));
  // a commit that has not expired: before, at or after other uids' registrations (often exactly at one)
  const commitBlock = blockAtRegistration.map((r) => {
    if (chance(25)) return null;
    if (chance(30)) return String(blockAtRegistration[below(n)]!);
    if (chance(10)) return String(r === 0 ? 0 : r - 1);
    return String(r + below(Math.max(1, currentBlock - r + 1)));
  });
  const row = (): SparseRow => {
    const uids = Array.from({ length: n }, (_, j) => j).filter(() => chance(70));
    // submission order is not always ascending
    if (chance(30)) uids.reverse();
    return uids.map((j) => [j, chance(5) ? 0 : below(65536)] as [number, number]);
  };
  const stake = Array.from({ length: n }, () => (chance(15) ? "0" : String(BigInt(below(1_000_000)) * BigInt(1 + below(1_000_000)))));
  const liquidAlpha = chance(50);
  return {
    n,
    stake,
    lastUpdate,
    blockAtRegistration,
    validatorPermit: Array.from({ length: n }, () => chance(75)),
    weights: Array.from({ length: n }, row),
    bonds: Array.from({ length: n }, () => (chance(50) ? row() : [])),
    currentBlock,
    tempo: 1 + below(360),
    activityCutoff: chance(20) ? 50 : 5000,
    kappa: chance(70) ? 32767 : below(65536),
    bondsPenalty: chance(50) ? 65535 : below(65536),
    bondsMovingAverage: String(chance(50) ? 900_000 : below(1_000_001)),
    yuma3: chance(70),
    liquidAlpha,
    ...(liquidAlpha && { alphaLow: 45875 - below(20000), alphaHigh: 58982 + below(6553), alphaSigmoidSteepness: below(2001) - 500 }),
    maxAllowedValidators: 1 + below(n + 1),
    raoEmission: chance(10) ? "0" : String(BigInt(below(1_000_000_000)) * BigInt(1 + below(1000))),
    lastMechanismStepBlock: chance(30) ? 0 : currentBlock - 1 - below(360),
    ownerUid: chance(60) ? below(n) : null,
    stakeThreshold: chance(70) ? "0" : String(below(1_000_000)),
    commitRevealEnabled: chance(80),
    commitBlock,
  };
}
