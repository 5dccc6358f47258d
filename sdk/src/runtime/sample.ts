/**
 * Which miners a validator queries in a round. The subnet template's validator queries
 * `get_random_uids(k = neuron.sample_size)` each step, 50 by default: a uniform sample without
 * replacement of the available miners. The runtime does the same, drawing from a seed of its
 * secret and the round (`deriveSampleSeed`), so miners cannot predict who is asked and a
 * simulation repeats it byte for byte. With at least as many places as miners, every one is
 * asked and nothing is drawn.
 */
import { Random } from "../kit/random.js";
import { RuntimeOptionsError } from "./errors.js";

/** Miners queried per round by default: the subnet template's `neuron.sample_size`. */
export const DEFAULT_SAMPLE_SIZE = 50;

/** What is wrong with a `sampleSize` (a whole number 1..65535), or null. */
export function sampleSizeProblem(k: unknown): string | null {
  if (typeof k === "number" && Number.isInteger(k) && k >= 1 && k <= 65535) return null;
  return `expected the number of miners to query per round, a whole number 1..65535 (default ${DEFAULT_SAMPLE_SIZE}; at least the number of miners queries all), got ${JSON.stringify(k)}`;
}

/** `sampleSize` checked (default 50); a bad one is a RuntimeOptionsError naming the field. */
export function checkSampleSize(k: unknown): number {
  if (k === undefined) return DEFAULT_SAMPLE_SIZE;
  const problem = sampleSizeProblem(k);
  if (problem) throw new RuntimeOptionsError(problem, "sampleSize");
  return k as number;
}

/**
 * `k` of `uids`, uniformly without replacement (a partial Fisher–Yates shuffle drawn from `seed`),
 * in ascending order: the order of a round's entries, which a kit's `verify` may rely on (the
 * earlier of two copied answers). All of them, in their order, when `k` ≥ their number.
 */
export function sampleUids(uids: readonly number[], k: number, seed: Uint8Array): number[] {
  if (k >= uids.length) return [...uids];
  const pool = [...uids];
  const random = new Random(seed);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(pool.length - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
