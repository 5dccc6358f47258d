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
import { createHash } from "node:crypto";
import type { BehaviourAnswer, MinerBehaviour, SubnetKit } from "../kit/contract.js";
import { Random } from "../kit/random.js";
import { SimulationConfigError } from "./errors.js";

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

/** The validator profiles' one-line descriptions (for reports; simulate.ts runs them). */
export const VALIDATOR_PROFILES: Readonly<Record<string, string>> = {
  honest: "challenges a sample of the miners each epoch (sampleSize), scores through the kit, keeps a score EMA and sets weights as the Python SDK does",
  weightCopier: "sets last epoch's consensus as its weights (no work)",
  cabal: "weights only the cabal's own miners (the sybils)",
  offline: "never sets weights",
};

/** Every profile a simulation of `kit` can run: the generic ones, then the kit's adversaries. */
export function behaviourNames(kit: { adversaries?: Readonly<Record<string, unknown>> }): string[] {
  return [...Object.keys(GENERIC_BEHAVIOURS), ...Object.keys(kit.adversaries ?? {}).filter((n) => !(n in GENERIC_BEHAVIOURS))];
}

/** The behaviour of `profile` for `kit` (a kit's adversary of the same name as a generic one wins), or undefined. */
export function behaviourFor<Req, Res>(kit: Pick<SubnetKit<Req, Res, unknown>, "adversaries">, profile: string): MinerBehaviour<Req, Res> | undefined {
  const own = kit.adversaries && Object.hasOwn(kit.adversaries, profile) ? kit.adversaries[profile] : undefined;
  if (own) return own;
  return Object.hasOwn(GENERIC_BEHAVIOURS, profile) ? (GENERIC_BEHAVIOURS[profile] as MinerBehaviour<Req, Res>) : undefined;
}

/**
 * The behaviours a simulation's `miners` (profile → count) and `joins` ask for, checked: every
 * profile must be a generic one or one of the kit's adversaries, and every count a whole number
 * 0..4096. Throws a `SimulationConfigError` naming the field (`miners.padderr`, `joins[1].count`)
 * and, for an unknown profile, listing the known ones.
 */
export function minerBehaviours<Req, Res>(
  kit: Pick<SubnetKit<Req, Res, unknown>, "adversaries" | "name">,
  miners: Readonly<Record<string, number | undefined>>,
  joins: ReadonlyArray<{ profile: string; count: number }> = [],
): Map<string, MinerBehaviour<Req, Res>> {
  if (typeof miners !== "object" || miners === null || Array.isArray(miners))
    throw new SimulationConfigError(`expected an object of profile → number of miners, e.g. {"honest":3,"noisy":2}, got ${JSON.stringify(miners)}`, "miners");
  const out = new Map<string, MinerBehaviour<Req, Res>>();
  const wanted: Array<[string, unknown, string]> = [
    ...Object.entries(miners).map(([p, n]): [string, unknown, string] => [p, n, `miners.${p}`]),
    ...joins.map((j, i): [string, unknown, string] => [j.profile, j.count, `joins[${i}]`]),
  ];
  for (const [profile, count, path] of wanted) {
    const b = behaviourFor(kit, profile);
    if (!b)
      throw new SimulationConfigError(
        `unknown miner profile ${JSON.stringify(profile)} for ${kit.name}; known: ${behaviourNames(kit).join(", ")}`,
        path.startsWith("joins") ? `${path}.profile` : path,
      );
    if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > 4096)
      throw new SimulationConfigError(
        `expected a whole number of miners in 0..4096, got ${JSON.stringify(count)}`,
        path.startsWith("joins") ? `${path}.count` : path,
      );
    out.set(profile, b);
  }
  return out;
}

/**
 * One answer of `behaviour` to `request` outside a simulation (a unit test, a quick try of an
 * adversary): `honest` stands for the reference miner (e.g. a `KitDriver`'s `serve`), the PRNG is
 * seeded from `seed`; pass the same `memory` to several calls to play one miner over requests.
 */
export async function answerAs<Req, Res>(
  behaviour: MinerBehaviour<Req, Res>,
  request: Req,
  honest: () => Promise<Res>,
  options: { uid?: number; seed?: string; previous?: ReadonlyMap<number, Res>; memory?: Map<string, unknown> } = {},
): Promise<BehaviourAnswer<Res>> {
  const random = new Random(
    new Uint8Array(
      createHash("sha256")
        .update(`tao-subnet behaviour ${options.seed ?? ""}`)
        .digest(),
    ),
  );
  return behaviour.answer({ request, uid: options.uid ?? 1, random, honest, previous: options.previous ?? new Map(), memory: options.memory ?? new Map() });
}

/** The response with its string fields emptied (a lazy miner's answer). */
function emptyLike<T>(body: T): T {
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (typeof v === "string") out[k] = "";
  return out as T;
}
