import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { MinerBehaviour, SubnetKit } from "../kit/contract.js";
import { answerAs, behaviourFor, behaviourNames, GENERIC_BEHAVIOURS, minerBehaviours } from "./behaviours.js";
import { SimulationConfigError } from "./errors.js";

// a small echo market of its own: the answer is the request's word
type Req = { word: string };
type Res = { word: string };
const shouter: MinerBehaviour<Req, Res> = {
  description: "shouts the honest answer",
  answer: async ({ honest }) => ({ response: { word: (await honest()).word.toUpperCase() } }),
};
const counter: MinerBehaviour<Req, Res> = {
  description: "counts its requests in its memory",
  answer: ({ memory }) => {
    const n = ((memory.get("n") as number | undefined) ?? 0) + 1;
    memory.set("n", n);
    return { response: { word: String(n) } };
  },
};
const kit: SubnetKit<Req, Res, string> = {
  name: "kit:echo",
  synapse: { name: "Echo", request: z.object({ word: z.string() }), response: z.object({ word: z.string() }) },
  challenge: (ctx) => ({ request: { word: `w${ctx.uid}` }, expected: `w${ctx.uid}` }),
  serve: (request) => ({ word: request.word }),
  scorer: { kind: "function", score: (e) => (e.response?.word === e.challenge.expected ? 65535 : 0) },
  adversaries: { shouter, counter, lazy: shouter },
};

describe("miner behaviours", () => {
  it("lists the generic profiles, then the kit's adversaries; a kit's adversary of a generic name replaces it", () => {
    expect(behaviourNames(kit)).toEqual(["honest", "noisy", "lazy", "copier", "sybil", "shouter", "counter"]);
    expect(behaviourFor(kit, "shouter")).toBe(shouter);
    expect(behaviourFor(kit, "lazy")).toBe(shouter);
    expect(behaviourFor(kit, "honest")).toBe(GENERIC_BEHAVIOURS.honest);
    expect(behaviourFor(kit, "toString")).toBeUndefined();
  });

  it("checks a simulation's miners: an unknown profile names the field and lists the known ones; counts are whole numbers", () => {
    expect([...minerBehaviours(kit, { honest: 2, shouter: 1 }).keys()]).toEqual(["honest", "shouter"]);
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as SimulationConfigError;
      }
      throw new Error("expected a SimulationConfigError");
    };
    const unknown = err(() => minerBehaviours(kit, { honest: 1, shoutr: 2 }));
    expect(unknown).toBeInstanceOf(SimulationConfigError);
    expect(unknown.path).toBe("miners.shoutr");
    expect(unknown.message).toContain(`"shoutr" for kit:echo; known: honest, noisy, lazy, copier, sybil, shouter, counter`);
    expect(err(() => minerBehaviours(kit, { honest: -1 })).path).toBe("miners.honest");
    expect(err(() => minerBehaviours(kit, { honest: "2" as unknown as number })).path).toBe("miners.honest");
    expect(err(() => minerBehaviours(kit, { honest: 1 }, [{ profile: "ghost", count: 1 }])).path).toBe("joins[0].profile");
    expect(err(() => minerBehaviours(kit, [] as unknown as Record<string, number>)).path).toBe("miners");
  });

  it("answers one request outside a simulation, with the reference miner as `honest` and a memory that persists when passed", async () => {
    const honest = async () => kit.serve({ word: "hi" }, { caller: "5V", timeoutMs: 1000 }) as Res;
    expect((await answerAs(shouter, { word: "hi" }, honest)).response).toEqual({ word: "HI" });
    const memory = new Map<string, unknown>();
    for (const n of ["1", "2", "3"]) expect((await answerAs(counter, { word: "x" }, honest, { memory })).response).toEqual({ word: n });
    // the PRNG comes from the seed: the same seed, the same choices
    const noisy = GENERIC_BEHAVIOURS.noisy as MinerBehaviour<Req, Res>;
    const previous = new Map([
      [7, { word: "old7" }],
      [8, { word: "old8" }],
    ]);
    const run = async () =>
      Promise.all(Array.from({ length: 12 }, (_, i) => answerAs(noisy, { word: "x" }, honest, { seed: `s${i}`, previous }).then((a) => a.response?.word)));
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});
