import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type EpochInput,
  type EpochOutput,
  type FixedRow,
  fromEpochOutputArrays,
  runEpoch,
  runEpochArrays,
  type SparseRow,
  toEpochInputArrays,
  traceEpoch,
} from "@tao-subnet/core";
import { describe, expect, it } from "vitest";
import { churnSubnet } from "./epochRandom.js";

// The commit-reveal mask of the epoch (subtensor 14bc6f9, run_epoch.rs epoch_mechanism,
// "Commit-reveal column mask"): with CommitRevealWeightsEnabled, the weight from validator i to
// uid j is dropped when commitBlock[i] < blockAtRegistration[j], where commitBlock[i] is the block
// of i's earliest commit that has not expired (none: u64::MAX, so nothing is dropped). It runs on
// the sparse epoch after the permit, diagonal and outdated masks and before row normalisation;
// the owner's self-weight, which the diagonal mask keeps, is subject to it like any other weight.

const dir = fileURLToPath(new URL("../../test/vectors/yuma/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.startsWith("test_") && f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { name: string; epochs: Array<{ label: string; input: EpochInput; expected: EpochOutput }> });

const ONE = 1n << 32n;

/**
 * The weights W the epoch goes on with, restated from the chain's definitions in BigInt: rows of
 * validators without a (previous, or owner's) permit emptied; the diagonal dropped except the
 * owner's; (i, j) dropped when lastUpdate[i] ≤ blockAtRegistration[j]; with commit-reveal, (i, j)
 * dropped when commitBlock[i] < blockAtRegistration[j]; then each row divided by its I32F32 sum
 * (a wrapping i64 sum of v·2^32; only when positive; safe_div: truncated, 0 on overflow).
 */
function restatedWeights(x: EpochInput): FixedRow[] {
  const reg = x.blockAtRegistration.map(BigInt);
  const commits = x.commitRevealEnabled === true && x.commitBlock !== undefined ? x.commitBlock.map((c) => (c === null ? null : BigInt(c))) : null;
  return x.weights.map((row, i) => {
    const permitted = x.validatorPermit[i] || x.ownerUid === i;
    if (!permitted) return [];
    const kept = row.filter(([j]) => {
      if (i === j && x.ownerUid !== i) return false;
      if (BigInt(x.lastUpdate[i]!) <= reg[j]!) return false;
      const cb = commits?.[i] ?? null;
      return !(cb !== null && cb < reg[j]!);
    });
    const sum = BigInt.asIntN(
      64,
      kept.reduce((a, [, v]) => a + (BigInt(v) << 32n), 0n),
    );
    return kept.map(([j, v]) => {
      const bits = BigInt(v) << 32n;
      if (sum <= 0n) return [j, String(bits)] as [number, string];
      const q = (bits << 32n) / sum;
      return [j, String(q > (1n << 63n) - 1n ? 0n : q)] as [number, string];
    });
  });
}

/** `x` with commit-reveal off and the weights the mask drops taken out of its input instead (integers only). */
function masked(x: EpochInput): EpochInput {
  const reg = x.blockAtRegistration.map(BigInt);
  const weights: SparseRow[] = x.weights.map((row, i) => {
    const c = x.commitBlock?.[i] ?? null;
    return c === null ? row : row.filter(([j]) => !(BigInt(c) < reg[j]!));
  });
  return { ...x, commitRevealEnabled: false, weights };
}

/** A subnet of one validator (uid 0, all the stake, registered at 0) and miners registered at `registered[1..]`. */
function subnet(registered: number[], commit: string | null, options: Partial<EpochInput> = {}): EpochInput {
  const n = registered.length;
  return {
    n,
    stake: Array.from({ length: n }, (_, i) => (i === 0 ? "1000000000" : "0")),
    lastUpdate: Array.from({ length: n }, (_, i) => (i === 0 ? 300 : 0)),
    blockAtRegistration: registered,
    validatorPermit: Array.from({ length: n }, (_, i) => i === 0),
    weights: Array.from({ length: n }, (_, i) => (i === 0 ? Array.from({ length: n }, (_, j) => [j, 65535] as [number, number]) : [])),
    bonds: Array.from({ length: n }, () => []),
    currentBlock: 310,
    tempo: 100,
    activityCutoff: 5000,
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: "900000",
    yuma3: true,
    liquidAlpha: false,
    maxAllowedValidators: 64,
    raoEmission: "1000000000",
    lastMechanismStepBlock: 0,
    ownerUid: null,
    stakeThreshold: "0",
    commitRevealEnabled: true,
    commitBlock: Array.from({ length: n }, (_, i) => (i === 0 ? commit : null)),
    ...options,
  };
}

const rowOf = (out: ReturnType<typeof traceEpoch>, i: number) => out.stages.weights[i]!.map(([j]) => j);

describe("the commit-reveal mask, hand-built from the rule", () => {
  it("drops the weight to a uid registered after the validator's commit, and only with commit-reveal on", () => {
    // validator 0 committed at 100; uid 1 registered at 50, uid 2 at 150 (after the commit)
    const x = subnet([0, 50, 150], "100");
    const on = traceEpoch(x);
    expect(rowOf(on, 0)).toEqual([1]);
    expect(on.stages.weights[0]).toEqual([[1, String(ONE)]]);
    expect(on.incentive).toEqual([0, 65535, 0]);
    const off = traceEpoch({ ...x, commitRevealEnabled: false });
    expect(rowOf(off, 0)).toEqual([1, 2]);
    expect(off.incentive).toEqual([0, 32767, 32767]);
    // commitRevealEnabled absent is off
    const { commitRevealEnabled: _, ...absent } = x;
    expect(runEpoch(absent)).toEqual(runEpoch({ ...x, commitRevealEnabled: false }));
  });

  it("keeps the weight when the commit is in the block the uid registered (commitBlock < registered, strictly)", () => {
    expect(rowOf(traceEpoch(subnet([0, 50, 150], "150")), 0)).toEqual([1, 2]);
    expect(rowOf(traceEpoch(subnet([0, 50, 150], "149")), 0)).toEqual([1]);
    expect(rowOf(traceEpoch(subnet([0, 50, 150], "151")), 0)).toEqual([1, 2]);
  });

  it("drops nothing for a validator without a commit (null, 2^64 − 1, or no commitBlock at all)", () => {
    const none = traceEpoch(subnet([0, 50, 150], null));
    expect(rowOf(none, 0)).toEqual([1, 2]);
    expect(traceEpoch(subnet([0, 50, 150], "18446744073709551615"))).toEqual(none);
    const { commitBlock: _, ...absent } = subnet([0, 50, 150], "100");
    expect(traceEpoch(absent)).toEqual(none);
  });

  it("masks each row by its own validator's commit", () => {
    // two validators: uid 0 committed at 100, uid 1 at 200; uid 2 registered at 150
    const x = subnet([0, 0, 150], "100", {
      stake: ["500000000", "500000000", "0"],
      lastUpdate: [300, 300, 0],
      validatorPermit: [true, true, false],
      weights: [
        [
          [1, 65535],
          [2, 65535],
        ],
        [
          [0, 65535],
          [2, 65535],
        ],
        [],
      ],
      commitBlock: ["100", "200", null],
    });
    const t = traceEpoch(x);
    expect(rowOf(t, 0)).toEqual([1]);
    expect(rowOf(t, 1)).toEqual([0, 2]);
    expect(t.stages.weights[1]).toEqual([
      [0, String(ONE / 2n)],
      [2, String(ONE / 2n)],
    ]);
  });

  it("applies to the owner's self-weight (which the diagonal mask keeps), not to others' (which it drops anyway)", () => {
    // the owner uid 0 re-registered at 120 after its hotkey's commit at 100: its self-weight goes
    const owner = subnet([120, 50, 60], "100", { ownerUid: 0 });
    expect(rowOf(traceEpoch(owner), 0)).toEqual([1, 2]);
    expect(rowOf(traceEpoch({ ...owner, commitBlock: ["120", null, null] }), 0)).toEqual([0, 1, 2]);
    expect(rowOf(traceEpoch({ ...owner, commitRevealEnabled: false }), 0)).toEqual([0, 1, 2]);
    // not the owner: the diagonal is dropped whatever the commit
    expect(rowOf(traceEpoch({ ...owner, ownerUid: null, commitBlock: ["500", null, null] }), 0)).toEqual([1, 2]);
  });

  it("comes after the row mask of validators without a permit, and before the row normalisation", () => {
    // a row without a permit is empty whatever the commit; a row that loses entries is renormalised over the rest
    const x = subnet([0, 50, 150, 160], "155", {
      weights: [
        [
          [1, 10000],
          [2, 30000],
          [3, 50000],
        ],
        [],
        [],
        [],
      ],
    });
    const t = traceEpoch(x);
    // 155 < 160 drops uid 3; the rest renormalised: 10000 / 40000 and 30000 / 40000
    expect(t.stages.weights[0]).toEqual([
      [1, String(ONE / 4n)],
      [2, String((3n * ONE) / 4n)],
    ]);
    expect(traceEpoch({ ...x, validatorPermit: [false, false, false, false] }).stages.weights[0]).toEqual([]);
  });

  it("drops a whole row when the commit is before every target registered: the stake fallback pays the validators", () => {
    const x = subnet([0, 50, 150], "10");
    const out = runEpoch(x);
    expect(out.incentive).toEqual([0, 0, 0]);
    expect(out.validatorShare).toEqual(out.fixed.activeStake);
    expect(out.validatorEmission).toEqual(["1000000000", "0", "0"]);
  });

  it("is what the stages show: outdated and commit masks together, on a subnet with churn", () => {
    // uid 3 registered at 250, before uid 0 last set weights at 300 (not outdated) but after its commit at 200
    const x = subnet([0, 50, 150, 250, 300], "200");
    const t = traceEpoch(x);
    // uid 4 registered at 300, uid 0's last update: outdated; uid 3: commit-masked
    expect(rowOf(t, 0)).toEqual([1, 2]);
    expect(rowOf(traceEpoch({ ...x, commitRevealEnabled: false }), 0)).toEqual([1, 2, 3]);
  });
});

describe("the commit-reveal mask on random subnets with churn", () => {
  const SEEDS = 400;

  it(`gives the weights W of a BigInt restatement of the chain's masks and normalisation (${SEEDS} subnets, both builds)`, () => {
    let dropped = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const x = churnSubnet(seed);
      const target = seed % 2 === 0 ? "release" : "debug";
      const w = traceEpoch(x, { target }).stages.weights;
      expect(w, `seed ${seed}`).toEqual(restatedWeights(x));
      if (x.commitRevealEnabled) dropped += restatedWeights({ ...x, commitRevealEnabled: false }).flat().length - w.flat().length;
    }
    // the subnets do exercise the mask
    expect(dropped).toBeGreaterThan(SEEDS);
  });

  it(`gives every output of the same epoch with the masked weights taken out of the input and commit-reveal off (${SEEDS} subnets)`, () => {
    let changed = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const x = { ...churnSubnet(seed), commitRevealEnabled: true };
      const out = runEpoch(x);
      expect(out, `seed ${seed}`).toEqual(runEpoch(masked(x)));
      expect(fromEpochOutputArrays(runEpochArrays(toEpochInputArrays(x)))).toEqual(out);
      if (JSON.stringify(out) !== JSON.stringify(runEpoch({ ...x, commitRevealEnabled: false }))) changed++;
    }
    // and the mask changes the outcome of many of them
    expect(changed).toBeGreaterThan(SEEDS / 4);
  });
});

describe("commit-reveal off leaves every output as it was", () => {
  const fixture = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/epochBeforeCommitReveal.json", import.meta.url)), "utf8")) as {
    seeds: [number, number];
    run: string[];
    trace: string[];
  };
  const sha = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex").slice(0, 32);
  /** The output without the fields added with the mask (the build before them had none). */
  const before = <T extends EpochOutput>(o: T) => {
    const { serverShare: _s, validatorShare: _v, ...rest } = o;
    return rest;
  };

  it(`gives the bytes of the build before the mask on ${fixture.run.length} random subnets with churn: commitBlock given or not, or commit-reveal on with no commits`, () => {
    expect(fixture.run.length).toBe(fixture.seeds[1]);
    for (let seed = fixture.seeds[0]; seed <= fixture.seeds[1]; seed++) {
      const x = { ...churnSubnet(seed), commitRevealEnabled: false };
      const { commitBlock: _, ...without } = x;
      const noCommits = { ...x, commitRevealEnabled: true, commitBlock: x.commitBlock!.map(() => null) };
      for (const [label, y] of [
        ["off", x],
        ["no commitBlock", without],
        ["on, no commits", noCommits],
      ] as const) {
        expect(sha(before(runEpoch(y))), `seed ${seed} ${label}`).toBe(fixture.run[seed - 1]);
      }
      expect(sha(before(traceEpoch(x))), `seed ${seed} trace`).toBe(fixture.trace[seed - 1]);
    }
  });

  it("gives the chain's vectors with commit-reveal on and no commits, or off with commits", () => {
    for (const c of cases)
      for (const e of c.epochs) {
        const n = e.input.n;
        const on = runEpoch({ ...e.input, commitRevealEnabled: true, commitBlock: Array(n).fill(null) });
        const off = runEpoch({ ...e.input, commitRevealEnabled: false, commitBlock: Array(n).fill("0") });
        for (const field of Object.keys(e.expected) as Array<keyof EpochOutput>) {
          expect(on[field], `${c.name} ${e.label} ${field}`).toEqual(e.expected[field]);
          expect(off[field], `${c.name} ${e.label} ${field}`).toEqual(e.expected[field]);
        }
      }
  });
});
