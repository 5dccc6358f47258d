/**
 * Miner behaviours for the simulation: the generic profiles every market faces, and the lookup
 * that puts a kit's own adversaries (`SubnetKit.adversaries`) beside them.
 *
 * - `honest`: the kit's reference miner.
 * - `noisy`: half of its answers are another miner's answer from the previous round (wrong prompt).
 * - `lazy`: answers nothing half of the time, otherwise the reference answer with its strings emptied.
 * - `copier`: repeats an honest miner's answer from the previous round (it cannot see the new
 *   challenge's answer), and is slower for the relay.
 * - `sybil`: honest, but many uids run by one operator (a cabal of validators may favour them).
 */
import type { MinerBehaviour, SubnetKit } from "../kit/contract.js";

/** The generic profiles, by name. */
export const GENERIC_BEHAVIOURS: Readonly<Record<string, MinerBehaviour<unknown, unknown>>> = {
  honest: {
    description: "the kit's reference miner",
    answer: async ({ honest }) => ({ response: await honest() }),
  },
  noisy: {
    description: "half of its answers belong to another prompt (a miner's answer from the previous round)",
    answer: async ({ honest, random, previous }) => {
      if (random.int(2) === 0) return { response: await honest() };
      const seen = [...previous.values()];
      return { response: seen.length === 0 ? null : seen[random.int(seen.length)]! };
    },
  },
  lazy: {
    description: "answers nothing half of the time, otherwise an empty answer",
    answer: async ({ honest, random }) => (random.int(2) === 0 ? { response: null } : { response: emptyLike(await honest()) }),
  },
  copier: {
    description: "repeats an honest miner's answer from the previous round, relayed (+400 ms)",
    answer: ({ random, previous, uid }) => {
      const others = [...previous.entries()].filter(([u]) => u !== uid);
      const picked = others.length === 0 ? null : others[random.int(others.length)]![1];
      return { response: picked, extraLatencyMs: 400 };
    },
  },
  sybil: {
    description: "honest answers, many uids run by one operator",
    answer: async ({ honest }) => ({ response: await honest() }),
  },
};

/** Every profile a simulation of `kit` can run: the generic ones, then the kit's adversaries. */
export function behaviourNames(kit: SubnetKit<any, any, any>): string[] {
  return [...Object.keys(GENERIC_BEHAVIOURS), ...Object.keys(kit.adversaries ?? {}).filter((n) => !(n in GENERIC_BEHAVIOURS))];
}

/** The behaviour of `profile` for `kit` (a kit's adversary of the same name as a generic one wins), or undefined. */
export function behaviourFor<Req, Res>(kit: SubnetKit<Req, Res, any>, profile: string): MinerBehaviour<Req, Res> | undefined {
  const own = kit.adversaries && Object.hasOwn(kit.adversaries, profile) ? kit.adversaries[profile] : undefined;
  if (own) return own;
  return Object.hasOwn(GENERIC_BEHAVIOURS, profile) ? (GENERIC_BEHAVIOURS[profile] as MinerBehaviour<Req, Res>) : undefined;
}

/** The response with its string fields emptied (a lazy miner's answer). */
function emptyLike<T>(body: T): T {
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (typeof v === "string") out[k] = "";
  return out as T;
}
