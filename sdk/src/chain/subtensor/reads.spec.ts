/**
 * The reads that differ between runtimes, without a node: which form each read takes is decided on
 * metadata shapes (a spec-300-like and a spec-425-like set of storage items, served from memory:
 * the runtime is absent), and the formulas are checked against numbers derived by hand from
 * subtensor's source (738ba0c0c, spec 300; 14bc6f9, spec 425). test/chain/reads.spec.ts checks
 * everything spec 300 offers against the runtime itself.
 */
import { describe, expect, it } from "vitest";
import { ChainError, ChainErrorCode } from "../errors.js";
import {
  activityCutoffBlocks,
  activityCutoffFactorFor,
  MAX_TEMPO,
  nextEpochAfter,
  nextEpochBlock,
  readActivityCutoff,
  readEpochSchedule,
  scheduleKind,
} from "./epochSchedule.js";
import { epochStakeTotal, fractionBits, inheritedStake, readEpochStakes } from "./epochStake.js";
import { availableOwnerHyperparameters, type HyperparameterError, prepareHyperparameter } from "./ownerHyperparameters.js";
import type { StorageSource } from "./storage.js";
import { type SettingRuntime, type SubtensorChain, settingCall } from "./subtensorChain.js";

const TAO = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

/** A runtime's storage from memory: `items` are the metadata's item names, `values` keyed by `item/key1/key2`. */
function memoryStorage(items: string[], values: Record<string, unknown>): StorageSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    has: (item) => items.includes(item),
    async get(item, ...keys) {
      if (!items.includes(item)) throw new Error(`read of ${item}, which this metadata does not have`);
      const key = [item, ...keys.map(String)].join("/");
      reads.push(key);
      const v = values[key] ?? (item === "childKeys" || item === "parentKeys" ? [] : 0);
      return { toString: () => String(v), toJSON: () => v };
    },
  };
}

// the item names each generation's metadata has (the ones these reads look at)
const SPEC_300_ITEMS = ["tempo", "activityCutoff", "blocksSinceLastStep", "totalHotkeyAlpha", "taoWeight", "childKeys", "parentKeys"];
const SPEC_425_ITEMS = [...SPEC_300_ITEMS, "lastEpochBlock", "pendingEpochAt", "activityCutoffFactorMilli"];

describe("the next epoch block", () => {
  it("takes the stateful schedule where the metadata has LastEpochBlock and PendingEpochAt, else the modulo rule (the runtime is absent)", async () => {
    expect(scheduleKind(memoryStorage(SPEC_300_ITEMS, {}))).toBe("modulo");
    expect(scheduleKind(memoryStorage(SPEC_425_ITEMS, {}))).toBe("stateful");
    // BlocksSinceLastStep alone (spec 300 has it) does not make a schedule stateful
    expect(scheduleKind(memoryStorage(["lastEpochBlock", "blocksSinceLastStep"], {}))).toBe("modulo");

    const old = memoryStorage(SPEC_300_ITEMS, {});
    expect(await readEpochSchedule(old, 3, 10)).toEqual({ kind: "modulo", netuid: 3, tempo: 10 });
    expect(old.reads).toEqual([]);
    const now = memoryStorage(SPEC_425_ITEMS, { "lastEpochBlock/3": 1000, "pendingEpochAt/3": 0, "blocksSinceLastStep/3": 100 });
    const s = await readEpochSchedule(now, 3, 360);
    expect(s).toEqual({ kind: "stateful", netuid: 3, tempo: 360, lastEpochBlock: 1000, pendingEpochAt: 0, blocksSinceLastStep: 100 });
    expect(nextEpochAfter(s, 1100)).toBe(1360);
  });

  it("modulo rule: the first blocks of blocks_until_next_epoch's own table (spec 300)", () => {
    // run_coinbase.rs: tempo | netuid | first epoch block: 1 0 0, 1 1 1, 2 0 1, 2 1 0, 100 0 99, 100 1 98
    for (const [tempo, netuid, first] of [
      [1, 0, 0],
      [1, 1, 1],
      [2, 0, 1],
      [2, 1, 0],
      [100, 0, 99],
      [100, 1, 98],
    ] as const) {
      expect(nextEpochBlock(-1, netuid, tempo)).toBe(first);
      expect(nextEpochAfter({ kind: "modulo", netuid, tempo }, -1)).toBe(first);
      // the period is tempo + 1
      expect(nextEpochBlock(first, netuid, tempo)).toBe(first + tempo + 1);
    }
  });

  it("stateful schedule: LastEpochBlock + tempo, a pending trigger, the MAX_TEMPO safety net (spec 425 formulas; the runtime is absent)", () => {
    const at = (lastEpochBlock: number, pendingEpochAt = 0, blocksSinceLastStep = 0) => ({
      kind: "stateful" as const,
      netuid: 1,
      tempo: 360,
      lastEpochBlock,
      pendingEpochAt,
      blocksSinceLastStep,
    });
    // period tempo, not tempo + 1
    expect(nextEpochAfter(at(1000), 1000)).toBe(1360);
    expect(nextEpochAfter(at(1000), 1359)).toBe(1360);
    // set_tempo resets the cycle: LastEpochBlock = the block of the call
    expect(nextEpochAfter({ ...at(5000), tempo: 720 }, 5000)).toBe(5720);
    // trigger_epoch: PendingEpochAt = now + AdminFreezeWindow, earlier than the automatic epoch
    expect(nextEpochAfter(at(1000, 1010), 1000)).toBe(1010);
    expect(nextEpochAfter(at(1000, 2000), 1000)).toBe(1360);
    // a pending block already passed (deferred by the per-block cap) fires in the next block
    expect(nextEpochAfter(at(1000, 1005), 1200)).toBe(1201);
    // LastEpochBlock behind by more than tempo (never seeded): should_run_epoch is true at once
    expect(nextEpochAfter(at(0), 5000)).toBe(5001);
    // BlocksSinceLastStep is incremented before the check: it fires when it exceeds MAX_TEMPO
    expect(nextEpochAfter(at(1000, 0, MAX_TEMPO - 10), 1100)).toBe(1111);
    expect(nextEpochAfter(at(1000, 0, MAX_TEMPO), 1100)).toBe(1101);
    expect(nextEpochAfter(at(1000, 0, MAX_TEMPO - 500), 1100)).toBe(1360);
    // tempo 0: the subnet never runs its epoch
    expect(nextEpochAfter({ ...at(1000), tempo: 0 }, 1100)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("the runtime's upgrade seeds LastEpochBlock so the first stateful epoch falls where the modulo rule put it", () => {
    // migrate_dynamic_tempo.rs: last = block − (tempo − blocks_until_next), blocks_until_next = tempo − (block + netuid + 1) % (tempo + 1)
    for (const [block, netuid, tempo] of [
      [1_000_003, 1, 360],
      [77, 0, 99],
      [123_456, 64, 10],
      [5, 3, 7],
    ] as const) {
      const untilNext = tempo - ((block + netuid + 1) % (tempo + 1));
      if (untilNext === 0) continue;
      const last = block - (tempo - untilNext);
      expect(nextEpochAfter({ kind: "stateful", netuid, tempo, lastEpochBlock: last, pendingEpochAt: 0, blocksSinceLastStep: 0 }, block)).toBe(
        nextEpochBlock(block, netuid, tempo),
      );
    }
  });
});

describe("the activity cutoff", () => {
  it("reads ActivityCutoffFactorMilli × tempo where the metadata has it, else ActivityCutoff (the runtime is absent)", async () => {
    const values = { "activityCutoff/2": 5000, "activityCutoffFactorMilli/2": 2500 };
    expect(await readActivityCutoff(memoryStorage(SPEC_300_ITEMS, values), 2, 100)).toEqual({ blocks: 5000, factorMilli: null });
    // spec 425 still stores ActivityCutoff (5000 here), but its epoch reads the factor: 2500 × 100 / 1000
    expect(await readActivityCutoff(memoryStorage(SPEC_425_ITEMS, values), 2, 100)).toEqual({ blocks: 250, factorMilli: 2500 });
  });

  it("factor form: max(1, floor(factor × tempo / 1000)), and back with the migration's rounding up", () => {
    // lib.rs: the default factor 13889 is the old 5000-block cutoff at tempo 360 (13889 × 360 / 1000 = 5000.04)
    expect(activityCutoffBlocks(13_889, 360)).toBe(5000);
    expect(activityCutoffFactorFor(5000, 360)).toBe(13_889);
    expect(activityCutoffBlocks(1000, 10)).toBe(10);
    expect(activityCutoffBlocks(1500, 3)).toBe(4);
    expect(activityCutoffBlocks(50_000, 0)).toBe(1);
    expect(activityCutoffBlocks(1000, 1)).toBe(1);
    // a cutoff set in blocks is never shorter than asked
    for (const [blocks, tempo] of [
      [400, 360],
      [361, 360],
      [7, 3],
      [1999, 1000],
    ] as const)
      expect(activityCutoffBlocks(activityCutoffFactorFor(blocks, tempo), tempo)).toBeGreaterThanOrEqual(blocks);
  });

  it("refuses a cutoff outside 1 to 50 tempos, or at tempo 0, with a typed error naming the range in blocks", () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ChainError);
        expect((e as ChainError).code).toBe(ChainErrorCode.INVALID_ARGUMENT);
        expect((e as ChainError).kind).toBe("bad-input");
        expect((e as ChainError).field).toBe("activityCutoff");
        return (e as Error).message;
      }
      throw new Error("not refused");
    };
    expect(refused(() => activityCutoffFactorFor(100, 360))).toMatch(/1 to 50 tempos; at tempo 360 that is 360 to 18000 blocks, got 100/);
    expect(refused(() => activityCutoffFactorFor(18_001, 360))).toMatch(/got 18001/);
    expect(refused(() => activityCutoffFactorFor(500, 0))).toMatch(/tempo is 0/);
    expect(refused(() => activityCutoffFactorFor(0, 360))).toMatch(/at least 1/);
  });
});

describe("the epoch's stake (alpha + TaoWeight × root)", () => {
  it("TaoWeight as U96F32: u64::MAX is exactly 1; spec 300's initial weight truncates to 226245882 / 2^32", () => {
    expect(fractionBits(U64_MAX)).toBe(1n << 32n);
    expect(fractionBits(0n)).toBe(0n);
    // floor(971_718_665_099_567_868 × 2^32 / (2^64 − 1))
    expect(fractionBits(971_718_665_099_567_868n)).toBe(226_245_882n);
    // 1000 TAO alpha + 500 TAO root × that: 500e9 × 226245882 / 2^32 = 26338487165.9…, rounded down
    expect(epochStakeTotal(1000n * TAO, 500n * TAO, 971_718_665_099_567_868n)).toBe(1_026_338_487_165n);
    expect(epochStakeTotal(1000n * TAO, 500n * TAO, 0n)).toBe(1000n * TAO);
    expect(epochStakeTotal(1000n * TAO, 500n * TAO, U64_MAX)).toBe(1500n * TAO);
  });

  it("child keys: the proportion goes from parent to child in U96F32, each side rounded down", () => {
    const half = 1n << 63n; // fractionBits = floor(2^95 / (2^64 − 1)) = 2^31
    expect(fractionBits(half)).toBe(1n << 31n);
    expect(inheritedStake(100n * TAO, [half], [])).toBe(50n * TAO);
    expect(inheritedStake(10n * TAO, [], [{ proportion: half, stake: 100n * TAO }])).toBe(60n * TAO);
    // a third: fractionBits = floor(2^32 / 3) = 1431655765; the parent keeps floor(300e9 × 2863311531 / 2^32)
    const third = U64_MAX / 3n;
    expect(fractionBits(third)).toBe(1_431_655_765n);
    expect(inheritedStake(300n * TAO, [third], [])).toBe(200_000_000_023n);
    expect(inheritedStake(0n, [], [{ proportion: third, stake: 300n * TAO }])).toBe(99_999_999_976n);
    // all of it to children: nothing left, never below zero
    expect(inheritedStake(7n * TAO, [U64_MAX, U64_MAX], [])).toBe(0n);
  });

  it("reads alpha, root, TaoWeight and child keys where the metadata has them; alpha only where it has neither (the runtime is absent)", async () => {
    const [p, c, m] = ["5Parent", "5Child", "5Miner"];
    const values = {
      taoWeight: String(971_718_665_099_567_868n),
      [`totalHotkeyAlpha/${p}/4`]: String(300n * TAO),
      [`totalHotkeyAlpha/${p}/0`]: String(500n * TAO),
      [`totalHotkeyAlpha/${c}/4`]: String(10n * TAO),
      [`totalHotkeyAlpha/${m}/4`]: String(TAO),
      [`childKeys/${p}/4`]: [[String(1n << 63n), c]],
      [`parentKeys/${c}/4`]: [[String(1n << 63n), p]],
    };
    const tw = 226_245_882n;
    const full = await readEpochStakes(memoryStorage(SPEC_425_ITEMS, values), 4, [p, c, m, ""]);
    expect(full).toEqual([
      { alpha: 150n * TAO, root: 250n * TAO, total: 150n * TAO + ((250n * TAO * tw) >> 32n) },
      { alpha: 160n * TAO, root: 250n * TAO, total: 160n * TAO + ((250n * TAO * tw) >> 32n) },
      { alpha: TAO, root: 0n, total: TAO },
      { alpha: 0n, root: 0n, total: 0n },
    ]);
    const plain = await readEpochStakes(memoryStorage(["totalHotkeyAlpha"], values), 4, [p, c, m]);
    expect(plain.map((s) => s.total)).toEqual([300n * TAO, 10n * TAO, TAO]);
  });
});

describe("setting tempo and the activity cutoff", () => {
  // the calls each generation's metadata has (the ones settingCall looks at)
  const runtime = (calls: string[], tempo = 360): SettingRuntime => ({ offers: (c) => calls.includes(c), tempo: async () => tempo, specVersion: "test" });
  const spec300 = runtime([]);
  const spec425 = runtime(["setTempo", "setActivityCutoffFactor"]);
  const error = async (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: ChainError) => ({ code: e.code, kind: e.kind, field: e.field, message: e.message }),
    );

  it("the owner's tempo goes through set_tempo where the metadata has it; without it, a typed error that names the sudo path (the runtime is absent)", async () => {
    expect(await settingCall(spec425, "tempo", 3, 720, "owner")).toEqual(["subtensorModule", "setTempo", [3, 720]]);
    expect(await error(settingCall(spec425, "tempo", 3, 100, "owner"))).toMatchObject({
      code: ChainErrorCode.INVALID_ARGUMENT,
      field: "tempo",
      message: expect.stringContaining("360..50400"),
    });
    expect(await error(settingCall(spec300, "tempo", 3, 720, "owner"))).toMatchObject({
      code: ChainErrorCode.CALL_NOT_AVAILABLE,
      kind: "unavailable",
      field: "tempo",
      message: expect.stringMatching(/only root sets tempo there; on a localnet use sudoSetHyperparameter/),
    });
    // root: sudo_set_tempo on both, any u16
    expect(await settingCall(spec300, "tempo", 3, 10, "root")).toEqual(["adminUtils", "sudoSetTempo", [3, 10]]);
    expect(await settingCall(spec425, "tempo", 3, 10, "root")).toEqual(["adminUtils", "sudoSetTempo", [3, 10]]);
  });

  it("an activity cutoff in blocks becomes the factor where the metadata has set_activity_cutoff_factor (the runtime is absent)", async () => {
    expect(await settingCall(spec300, "activityCutoff", 2, 5000, "owner")).toEqual(["adminUtils", "sudoSetActivityCutoff", [2, 5000]]);
    expect(await settingCall(spec425, "activityCutoff", 2, 5000, "owner")).toEqual(["subtensorModule", "setActivityCutoffFactor", [2, 13_889]]);
    expect(await settingCall(spec425, "activityCutoff", 2, 5000, "root")).toEqual(["subtensorModule", "setActivityCutoffFactor", [2, 13_889]]);
    expect(await error(settingCall(runtime(["setActivityCutoffFactor"], 10), "activityCutoff", 2, 5000, "owner"))).toMatchObject({
      code: ChainErrorCode.INVALID_ARGUMENT,
      field: "activityCutoff",
      message: expect.stringContaining("10 to 500 blocks"),
    });
  });
});

describe("the owner's hyperparameter table on each metadata shape", () => {
  /** A client whose metadata has these calls (name → argument types after netuid); the runtime is absent. */
  const shaped = (calls: Record<string, Record<string, string[]>>) =>
    ({
      api: {
        runtimeVersion: { specVersion: { toString: () => "test" } },
        query: { subtensorModule: {} },
        tx: Object.fromEntries(
          Object.entries(calls).map(([pallet, methods]) => [
            pallet,
            Object.fromEntries(
              Object.entries(methods).map(([m, types]) => [
                m,
                { meta: { args: ["netuid", ...types].map((t, i) => ({ name: i ? `a${i}` : "netuid", type: i ? t : "u16" })) } },
              ]),
            ),
          ]),
        ),
      },
    }) as unknown as SubtensorChain;
  const spec300 = shaped({ adminUtils: { sudoSetActivityCutoff: ["u16"], sudoSetKappa: ["u16"] } });
  const spec425 = shaped({
    adminUtils: { sudoSetActivityCutoff: ["u16"], sudoSetKappa: ["u16"] },
    subtensorModule: { setTempo: ["u16"], setActivityCutoffFactor: ["u32"] },
  });
  const names = (c: SubtensorChain) => availableOwnerHyperparameters(c).map((h) => h.name);

  it("offers tempo and activity_cutoff_factor where the calls exist, and not the activity_cutoff they supersede", () => {
    expect(names(spec300).sort()).toEqual(["activity_cutoff", "kappa"]);
    expect(names(spec425)).toContain("tempo");
    expect(names(spec425)).toContain("activity_cutoff_factor");
    expect(names(spec425)).not.toContain("activity_cutoff");
  });

  it("checks an owner's tempo and cutoff factor against the runtime's bounds, and points activity_cutoff to its successor", async () => {
    const refused = async (c: SubtensorChain, name: string, value: string) =>
      prepareHyperparameter(c, 1, name, value).then(
        () => null,
        (e: HyperparameterError) => ({ field: e.field, message: e.message }),
      );
    expect((await prepareHyperparameter(spec425, 1, "tempo", "720")).values).toEqual([720n]);
    expect(await refused(spec425, "tempo", "100")).toMatchObject({ field: "value", message: expect.stringContaining("360..50400") });
    expect(await refused(spec425, "activity_cutoff_factor", "999")).toMatchObject({ field: "value", message: expect.stringContaining("1000..50000") });
    expect((await prepareHyperparameter(spec425, 1, "activity_cutoff_factor", "13889")).values).toEqual([13_889n]);
    expect(await refused(spec425, "activity_cutoff", "5000")).toMatchObject({
      field: "name",
      message: expect.stringContaining("reads activity_cutoff_factor instead"),
    });
    expect(await refused(spec300, "tempo", "720")).toMatchObject({ field: "name", message: expect.stringContaining("only root sets tempo there") });
  });
});
