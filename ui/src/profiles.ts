/**
 * Behaviour profiles as the report shows them: which ones answer honestly, the one order every
 * table, legend and sentence lists them in, and the one colour each gets in every chart.
 *
 * A profile key is `role:name` (`miner:honest`, `validator:weightCopier`), as a simulation's
 * results key them. The ui imports no other package, so it knows the honest profiles by name: the
 * sdk's generic `honest`, and `sybil` (honest answers, many uids run by one operator). Every other
 * profile (the generic `noisy`, `lazy`, `copier`, a kit's adversaries, a validator `weightCopier`,
 * `cabal` or `offline`) is counted as a cheater.
 */

import { color } from "./svg.js";

export type Role = "miner" | "validator";

/** The profile names that answer honestly; the first is the baseline the others are measured against. */
export const HONEST_PROFILES: readonly string[] = ["honest", "sybil"];

/** The role of a profile key (`validator:…` is a validator; anything else a miner). */
export const roleOf = (key: string): Role => (key.startsWith("validator:") ? "validator" : "miner");

/** A profile key's name without its role (`miner:copier` → `copier`). */
export const nameOf = (key: string): string => (key.includes(":") ? key.slice(key.indexOf(":") + 1) : key);

/** Whether a profile answers honestly (by name; see the file's header). */
export const isHonest = (key: string): boolean => HONEST_PROFILES.includes(nameOf(key));

/**
 * The one order of profiles: miners before validators; in each role the honest ones first
 * (`honest`, then `sybil`), then the others as they came (a simulation lists them in its config's
 * order). Duplicates are dropped.
 */
export function profileOrder(keys: Iterable<string>): string[] {
  const unique = [...new Set(keys)];
  const rank = (k: string) => (roleOf(k) === "miner" ? 0 : 10) + (isHonest(k) ? HONEST_PROFILES.indexOf(nameOf(k)) : HONEST_PROFILES.length);
  return unique
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .map(({ k }) => k);
}

/**
 * One colour per profile, the same in every chart of a page: profile key → colour, in
 * `profileOrder`. Past ten profiles the palette repeats.
 */
export function profileColors(keys: Iterable<string>): Record<string, string> {
  return Object.fromEntries(profileOrder(keys).map((k, i) => [k, color(i)]));
}
