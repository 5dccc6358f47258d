import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  CB_SUBNET,
  COINBASE_SUBNET,
  type CoinbaseInput,
  CoinbaseInputError,
  CoreTrapError,
  coinbaseStep,
  coinbaseStepArrays,
  toCoinbaseArrays,
} from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const vector = JSON.parse(readFileSync(fileURLToPath(new URL("../../test/vectors/coinbase/test_burn_key_sorting.json", import.meta.url)), "utf8")) as {
  steps: Array<{ input: CoinbaseInput }>;
};
type Obj = Record<string, unknown>;
const base = (): Obj => structuredClone(vector.steps[0]!.input) as unknown as Obj;
const subnets = (x: Obj) => x.subnets as Obj[];
const neurons = (x: Obj) => subnets(x)[0]!.neurons as Obj[];

function refused(x: unknown): CoinbaseInputError {
  try {
    coinbaseStep(x as CoinbaseInput);
  } catch (e) {
    if (e instanceof CoinbaseInputError) return e;
    throw e;
  }
  throw new Error("accepted");
}

describe("CoinbaseInput validation", () => {
  const cases: Array<[string, (x: Obj) => void, string, RegExp]> = [
    ["not an object", () => {}, "$", /CoinbaseInput/],
    ["a missing totalIssuance", (x) => delete x.totalIssuance, "totalIssuance", /missing/],
    ["a numeric string above u64", (x) => (x.totalStake = "18446744073709551616"), "totalStake", /2\^64−1/],
    ["a negative amount", (x) => (x.rootSubnetTao = "-1"), "rootSubnetTao", /non-negative/],
    ["a fractional amount", (x) => (x.taoWeight = "1.5"), "taoWeight", /decimal string/],
    ["a 10,000-digit number", (x) => (x.blockNumber = "9".repeat(10_000)), "blockNumber", /10000 characters/],
    ["a u16 out of range", (x) => (x.subnetOwnerCut = 70_000), "subnetOwnerCut", /u16/],
    ["a u16 as a string", (x) => (x.maxEpochsPerBlock = "32"), "maxEpochsPerBlock", /JSON number/],
    ["an I96F32 beyond 128 bits", (x) => (x.subnetMovingAlpha = (1n << 127n).toString()), "subnetMovingAlpha", /I96F32/],
    ["subnets not an array", (x) => (x.subnets = {}), "subnets", /array/],
    ["the root subnet", (x) => (subnets(x)[0]!.netuid = 0), "subnets[0].netuid", /root/],
    ["a netuid twice", (x) => subnets(x).push(structuredClone(subnets(x)[0]!)), "subnets[1].netuid", /once/],
    ["a bad recycleOrBurn", (x) => (subnets(x)[0]!.recycleOrBurn = "keep"), "subnets[0].recycleOrBurn", /"burn" or "recycle"/],
    ["a weight over one", (x) => (subnets(x)[0]!.swapQuoteWeight = "1000000000000000001"), "subnets[0].swapQuoteWeight", /Perquintill/],
    ["a negative U96F32", (x) => (subnets(x)[0]!.minerBurned = "-1"), "subnets[0].minerBurned", /non-negative/],
    ["a missing firstEmissionBlock", (x) => delete subnets(x)[0]!.firstEmissionBlock, "subnets[0].firstEmissionBlock", /null/],
    ["an owner uid past the neurons", (x) => (subnets(x)[0]!.ownerHotkeyUid = 99), "subnets[0].ownerHotkeyUid", /uid of this subnet/],
    ["a neuron that is not an object", (x) => (neurons(x)[2] = 7), "subnets[0].neurons[2]", /neuron/],
    ["a stake above u64", (x) => (neurons(x)[3]!.alphaStake = "99999999999999999999"), "subnets[0].neurons[3].alphaStake", /u64/],
    ["a take above u16", (x) => (neurons(x)[1]!.take = 65536), "subnets[0].neurons[1].take", /u16/],
    ["a share beyond I32F32", (x) => (neurons(x)[0]!.serverShare = (1n << 63n).toString()), "subnets[0].neurons[0].serverShare", /I32F32/],
    ["a non-boolean flag", (x) => (neurons(x)[0]!.ownedBySubnetOwner = "yes"), "subnets[0].neurons[0].ownedBySubnetOwner", /true or false/],
  ];

  it.each(cases.map(([name, mutate, path, message]) => [name, path, mutate, message] as const))(
    "refuses %s with a CoinbaseInputError naming %s",
    (name, path, mutate, message) => {
      const x = name === "not an object" ? 42 : base();
      if (typeof x === "object") mutate(x);
      const e = refused(x);
      expect(e.kind).toBe("bad-input");
      expect(e.code).toBe("COINBASE_INPUT_INVALID");
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
      expect(e.message.length).toBeLessThanOrEqual(2000);
    },
  );

  it("refuses a deeply nested value without overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const x = base();
    neurons(x)[1]!.rootStake = deep;
    expect(refused(x).path).toBe("subnets[0].neurons[1].rootStake");
  });

  it("accepts safe integers for u64 fields and null or absent blockEmission", () => {
    const x = base();
    x.totalStake = 5;
    delete x.blockEmission;
    expect(coinbaseStep(x as CoinbaseInput).state.totalStake).toBe("5");
  });
});

/** Every leaf path of a JSON value, with its parent and key. */
type Container = Record<string | number, unknown>;
function leaves(x: unknown, path = ""): Array<{ path: string; parent: Container; key: string | number }> {
  const out: Array<{ path: string; parent: Container; key: string | number }> = [];
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v))
      v.forEach((c, i) => {
        if (c !== null && typeof c === "object") walk(c, `${p}[${i}]`);
        else out.push({ path: `${p}[${i}]`, parent: v as unknown as Container, key: i });
      });
    else
      for (const [k, c] of Object.entries(v as Container)) {
        const q = p === "" ? k : `${p}.${k}`;
        if (c !== null && typeof c === "object") {
          out.push({ path: q, parent: v as Container, key: k });
          walk(c, q);
        } else out.push({ path: q, parent: v as Container, key: k });
      }
  };
  walk(x, path);
  return out;
}

const badValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.bigInt({ min: -(1n << 130n), max: 1n << 130n }).map(String),
  fc.string({ maxLength: 30 }),
  fc.constant("1e3"),
  fc.constant("0x10"),
  fc.constant(" 1"),
  fc.constant([]),
  fc.constant({}),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
);

describe("CoinbaseInput fuzz: one leaf replaced by a malformed value", () => {
  it("either runs or throws a CoinbaseInputError naming that leaf, never a trap (500 inputs)", () => {
    const x0 = base();
    const all = leaves(x0);
    let refusedCount = 0;
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), badValue, (i, v) => {
        const x = base();
        const target = leaves(x)[i]!;
        if (v === undefined) delete target.parent[target.key];
        else target.parent[target.key] = v;
        try {
          coinbaseStep(x as CoinbaseInput);
        } catch (e) {
          expect(e).not.toBeInstanceOf(CoreTrapError);
          expect(e).toBeInstanceOf(CoinbaseInputError);
          const err = e as CoinbaseInputError;
          // the leaf itself; or, when the neuron list was replaced, the owner uid that no longer fits it
          const named = target.path === err.path || (target.path.endsWith(".neurons") && err.path === target.path.replace(/neurons$/, "ownerHotkeyUid"));
          expect(named, `${target.path} → ${err.path}`).toBe(true);
          refusedCount++;
        }
      }),
      { numRuns: 500 },
    );
    expect(refusedCount).toBeGreaterThan(250);
  });

  it("the typed form: any word changed either runs or throws a CoinbaseInputError, never a trap (500 inputs)", () => {
    const x0 = toCoinbaseArrays(base() as CoinbaseInput);
    fc.assert(
      fc.property(
        fc.constantFrom("header" as const, "subnets" as const, "neurons" as const),
        fc.nat(),
        fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constantFrom(0n, 1n, 65535n, 65536n, (1n << 64n) - 1n)),
        (part, at, v) => {
          const x = { header: x0.header.slice(), subnets: x0.subnets.slice(), neurons: x0.neurons.slice() };
          x[part][at % x[part].length] = v;
          try {
            coinbaseStepArrays(x);
          } catch (e) {
            expect(e).not.toBeInstanceOf(CoreTrapError);
            expect(e).toBeInstanceOf(CoinbaseInputError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the typed form names each bad subnet record word (read as u32 halves), at and just past each limit", () => {
    const x0 = toCoinbaseArrays(base() as CoinbaseInput);
    const path = (f: keyof typeof CB_SUBNET, v: bigint, s = x0.subnets.length / COINBASE_SUBNET.length - 1) => {
      const x = { header: x0.header.slice(), subnets: x0.subnets.slice(), neurons: x0.neurons.slice() };
      x.subnets[s * COINBASE_SUBNET.length + CB_SUBNET[f]] = v;
      try {
        coinbaseStepArrays(x);
      } catch (e) {
        return (e as CoinbaseInputError).path;
      }
      return "accepted";
    };
    const last = `subnets[${x0.subnets.length / COINBASE_SUBNET.length - 1}]`;
    const n = x0.subnets[(x0.subnets.length / COINBASE_SUBNET.length - 1) * COINBASE_SUBNET.length + CB_SUBNET.neuronCount]!;
    for (const [f, ok, bad] of [
      ["netuid", 65535n, 65536n],
      ["netuid", 65535n, 1n << 32n],
      ["mechanism", 65535n, 65536n],
      ["mechanism", 1n, 1n << 32n],
      ["tempo", 65535n, (1n << 32n) + 5n],
      ["swapQuoteWeight", 10n ** 18n, 10n ** 18n + 1n],
      ["swapQuoteWeight", 0n, 1n << 63n],
      ["flags", 0n, 1n << 32n],
    ] as Array<[keyof typeof CB_SUBNET, bigint, bigint]>) {
      expect(path(f, ok)).toBe("accepted");
      expect(path(f, bad)).toBe(`${last}.${f}`);
    }
    expect(path("netuid", 0n)).toBe(`${last}.netuid`);
    expect(path("neuronCount", n + (1n << 32n))).toBe(`${last}.neuronCount`);
    expect(path("ownerHotkeyUid", n)).toBe(`${last}.ownerHotkeyUid`);
    expect(path("ownerHotkeyUid", (1n << 32n) + 0n)).toBe(`${last}.ownerHotkeyUid`);
  });

  it("the typed form refuses arrays of the wrong type or length, naming them", () => {
    const x = toCoinbaseArrays(base() as CoinbaseInput);
    const bad = (y: unknown) => {
      try {
        coinbaseStepArrays(y as never);
      } catch (e) {
        return (e as CoinbaseInputError).path;
      }
      return "accepted";
    };
    expect(bad({ ...x, header: new Uint32Array(14) })).toBe("header");
    expect(bad({ ...x, subnets: x.subnets.slice(1) })).toBe("subnets");
    expect(bad({ ...x, neurons: new BigUint64Array(0) })).toBe("neurons");
    expect(bad(null)).toBe("$");
  });
});
