/**
 * The chain's neuron registration rules that the devnet follows (subtensor 14bc6f9, spec 425):
 *
 * - The burn price. Every block after the first, each subnet's burn is multiplied by a factor f
 *   with f^BurnHalfLife = 1/2 (a Q32 number found by bisection, as the chain finds it), then held
 *   in [MinBurn, MaxBurn]; each registration multiplies it by BurnIncreaseMult (U64F64), held in
 *   the same range. see: pallets/subtensor/src/subnets/registration.rs
 *   `update_registration_prices_for_networks`, `bump_registration_price_after_registration`;
 *   utils/misc.rs `decay_factor_q32`, `pow_q32`, `mul_by_q32`.
 * - Which uid a registration replaces when the subnet is full (`get_neuron_to_prune`): the owner's
 *   immortal hotkeys are skipped (its hotkeys ordered by registration block then uid, the first
 *   ImmuneOwnerUidsLimit of them, the subnet owner's hotkey always first); among the rest, the
 *   lowest emission, then the earlier registration, then the lower uid. A uid in its immunity
 *   period is taken only when fewer than MinNonImmuneUids + 1 non-immune uids remain.
 *
 * Pure functions on plain numbers: devChain.ts applies them to its state.
 */

const Q32_ONE = 1n << 32n;
const U64_MAX = (1n << 64n) - 1n;

/** value · factor / 2^32, floored, at most u64::MAX (`mul_by_q32`). */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

/** base^exp in Q32 by squaring, each product through `mulByQ32` (`pow_q32`). */
export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = Q32_ONE;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if ((power & 1) === 1) result = mulByQ32(result, factor);
    power >>>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const decayFactors = new Map<number, bigint>();

/**
 * The per-block factor f (Q32) with f^halfLife ≤ 1/2, the largest such below 1 (`decay_factor_q32`:
 * bisection on [0, 1)); 1.0 for a half-life of 0. Cached per half-life (32 bisection steps).
 */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return Q32_ONE;
  const cached = decayFactors.get(halfLife);
  if (cached !== undefined) return cached;
  const half = 1n << 31n;
  let lo = 0n;
  let hi = Q32_ONE;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > half) hi = mid;
    else lo = mid;
  }
  decayFactors.set(halfLife, lo);
  return lo;
}

const clamp = (v: bigint, min: bigint, max: bigint) => (v < min ? min : v > max ? max : v);

/** The burn after one block's decay at `block` (no decay at blocks 0 and 1), within [minBurn, maxBurn]. */
export function decayedBurn(burn: bigint, halfLife: number, minBurn: bigint, maxBurn: bigint, block: number): bigint {
  const next = halfLife > 0 && block > 1 ? mulByQ32(burn, decayFactorQ32(halfLife)) : burn;
  return clamp(next, minBurn, maxBurn);
}

/** The burn after a registration: burn · max(mult, 1) in U64F64, floored, within [minBurn, maxBurn]. */
export function bumpedBurn(burn: bigint, multBits: bigint, minBurn: bigint, maxBurn: bigint): bigint {
  const mult = multBits < 1n << 64n ? 1n << 64n : multBits;
  const next = (burn * mult) >> 64n;
  return clamp(next > U64_MAX ? U64_MAX : next, minBurn, maxBurn);
}

/** What pruning reads of a uid. */
export interface PruneCandidate {
  uid: number;
  hotkey: string;
  coldkey: string;
  emission: bigint;
  blockAtRegistration: number;
}

/** The hotkeys pruning never takes: the owner coldkey's hotkeys by (registration, uid), the owner's hotkey first, `limit` of them (`get_immune_owner_hotkeys`). */
export function immortalHotkeys(neurons: readonly PruneCandidate[], ownerColdkey: string, ownerHotkey: string, limit: number): Set<string> {
  const owned = neurons
    .filter((x) => x.coldkey === ownerColdkey)
    .sort((a, b) => a.blockAtRegistration - b.blockAtRegistration || a.uid - b.uid)
    .slice(0, limit)
    .map((x) => x.hotkey);
  if (neurons.some((x) => x.hotkey === ownerHotkey) && !owned.includes(ownerHotkey)) {
    owned.unshift(ownerHotkey);
    owned.length = Math.min(owned.length, limit);
  }
  return new Set(owned);
}

/**
 * The uid a registration on a full subnet replaces, or null when none may be (`get_neuron_to_prune`).
 * `immune(uid)`: still in its immunity period.
 */
export function neuronToPrune(
  neurons: readonly PruneCandidate[],
  o: { ownerColdkey: string; ownerHotkey: string; immuneOwnerUidsLimit: number; minNonImmuneUids: number; immune: (x: PruneCandidate) => boolean },
): number | null {
  const immortal = immortalHotkeys(neurons, o.ownerColdkey, o.ownerHotkey, o.immuneOwnerUidsLimit);
  let free = 0;
  let bestFree: PruneCandidate | null = null;
  let bestImmune: PruneCandidate | null = null;
  const better = (x: PruneCandidate, best: PruneCandidate | null) =>
    best === null ||
    (x.emission !== best.emission
      ? x.emission < best.emission
      : x.blockAtRegistration !== best.blockAtRegistration
        ? x.blockAtRegistration < best.blockAtRegistration
        : x.uid < best.uid);
  for (const x of neurons) {
    if (immortal.has(x.hotkey)) continue;
    if (o.immune(x)) {
      if (better(x, bestImmune)) bestImmune = x;
    } else {
      free++;
      if (better(x, bestFree)) bestFree = x;
    }
  }
  if (free > o.minNonImmuneUids && bestFree) return bestFree.uid;
  return bestImmune?.uid ?? null;
}
