/**
 * The devnet's state, and its JSON form for save/load: bigints as `"__bigint:<digits>"`, rows as
 * `[uid, value]` pairs, keyed stores (balances, commitments, nonces) as objects. In memory every
 * keyed store is a `Map`, so no key (`constructor`, `__proto__`) ever reaches a prototype.
 *
 * `stateFromJson` checks the whole file before anything uses it: its shape, every field's type and
 * range (the hyperparameters as `hyperparametersSchema`), and the links between fields (uid i at
 * index i, one row per uid, no uid twice in a row, one neuron per hotkey, endowment plus issuance a
 * u64). A bad file is a ChainError DEVNET_STATE_INVALID whose `field` is the JSON path at fault.
 */

import { type CoinbaseState, type SparseRow, toCoinbaseArrays } from "@tao-subnet/core";
import { z } from "zod";
import { ChainError, ChainErrorCode } from "../errors.js";
import type { AxonInfo, SubnetHyperparameters } from "../types.js";
import { DevEconomy } from "./economy.js";
import { DEV_MAX_UIDS, hyperparametersSchema } from "./hyperparameters.js";
import { canonicalAddress, safeU64, shown, U64_MAX, u8, u16, u32, u64 } from "./params.js";
import { type Row, rowFromPairs, rowToPairs } from "./rows.js";

export interface DevNeuron {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Alpha staked to this hotkey on the subnet (TotalHotkeyAlpha), alpha rao. */
  stake: bigint;
  /** The same by coldkey (emission gains go to the hotkey's own coldkey). */
  stakes: Map<string, bigint>;
  lastUpdate: number;
  blockAtRegistration: number;
  validatorPermit: boolean;
  axon: AxonInfo | null;
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  emission: bigint;
}

export interface DevCommit {
  hotkey: string;
  hash: string;
  block: number;
  epoch: number;
  /** The mechanism it is for (absent: 0). */
  mecid?: number;
}

/** A timelocked commit waiting for its reveal epoch and round (`timelocked.ts`). */
export interface DevTimelockedCommit {
  hotkey: string;
  /** The ciphertext, hex. */
  commit: string;
  round: number;
  block: number;
  epoch: number;
  /** The mechanism it is for (absent: 0). */
  mecid?: number;
}

/** A mechanism above 0: its own rows, last updates and incentives, one per uid. */
export interface DevMechanismRows {
  weights: Row[];
  bonds: Row[];
  lastUpdate: number[];
  incentive: number[];
}

/** A subnet's mechanisms beyond the main one (absent: one mechanism, the even split). */
export interface DevMechanisms {
  count: number;
  split: number[] | null;
  /** Mechanisms 1 … count − 1. */
  rows: DevMechanismRows[];
}

export interface DevSubnet {
  netuid: number;
  ownerColdkey: string;
  ownerHotkey: string;
  hyperparameters: SubnetHyperparameters;
  neurons: DevNeuron[];
  /** One row per uid (typed arrays; `[uid, value]` pairs in the state file). */
  weights: Row[];
  bonds: Row[];
  lastEpochBlock: number;
  lastMechanismStepBlock: number;
  epochIndex: number;
  /** Alpha accumulated for the next epoch (miners + validators), rao. */
  pendingEmission: bigint;
  commits: DevCommit[];
  /** Timelocked commits (absent in state files written before the devnet had a beacon). */
  timelocked?: DevTimelockedCommit[];
  /** Commitment by hotkey. */
  commitments: Map<string, string>;
  /** Block of registration (NetworkRegisteredAt). */
  registeredAt: number;
  totals: DevSubnetTotals;
  /** Mechanisms beyond the main one (`mechanisms.ts`); absent: one. */
  mechanisms?: DevMechanisms;
}

/** A subnet's running totals since registration (rao / alpha rao). */
export interface DevSubnetTotals {
  /** TAO the coinbase put into the pool (injection and the chain's buys). */
  taoInjected: bigint;
  /** Alpha minted for participants (SubnetAlphaOutEmission). */
  alphaEmitted: bigint;
  /** Owner's cut staked to the owner's hotkey at epochs. */
  ownerCut: bigint;
  /** Incentive to the owner's hotkeys, burned or recycled. */
  incentiveWithheld: bigint;
  /** TAO paid into the subnet by registrations: the lock and every burned registration. */
  registrationTao: bigint;
}

export const emptyTotals = (): DevSubnetTotals => ({ taoInjected: 0n, alphaEmitted: 0n, ownerCut: 0n, incentiveWithheld: 0n, registrationTao: 0n });

export interface DevState {
  seed: string;
  block: number;
  /** Issuance on the emission schedule (rao): what block emission reads (see devChain.ts). */
  issuance: bigint;
  /** Rao endowed by genesis balances and the faucet, outside the schedule. */
  endowed: bigint;
  /** Free balance by canonical account. */
  balances: Map<string, bigint>;
  subnets: DevSubnet[];
  /** The last transaction nonce accepted per canonical account (saved, so no transaction replays after a restart). */
  nonces: Map<string, number>;
  /** The whole network's coinbase state (economy.ts); in the file as FORMAT.md's CoinbaseState. Absent only while loading a file from before dynamic TAO (DevChain.load builds it). */
  economy: DevEconomy;
  /** NetworkLastLockCost and its block (the lock of the last `registerNetwork`); absent before the first. */
  lastLock?: { rao: bigint; block: number };
}

type JsonEconomy = { coinbase: CoinbaseState; groups: Array<[number, { count: number; price: number }]>; established?: boolean };

const BIG = "__bigint:";
type JsonNeuron = Omit<DevNeuron, "stakes"> & { stakes: Record<string, bigint> };
type JsonMechanisms = Omit<DevMechanisms, "rows"> & {
  rows: Array<{ weights: SparseRow[]; bonds: SparseRow[]; lastUpdate: number[]; incentive: number[] }>;
};
type JsonSubnet = Omit<DevSubnet, "weights" | "bonds" | "commitments" | "neurons" | "mechanisms"> & {
  neurons: JsonNeuron[];
  weights: SparseRow[];
  bonds: SparseRow[];
  commitments: Record<string, string>;
  mechanisms?: JsonMechanisms;
};

/** A Map as a prototype-free object (the JSON form of a keyed store). */
const toObject = <V>(m: Map<string, V>): Record<string, V> => Object.assign(Object.create(null) as Record<string, V>, Object.fromEntries(m));

/** Serialises state (bigints tagged, rows as pairs, maps as objects) as deterministic JSON. */
export const stateToJson = (s: DevState): string =>
  JSON.stringify(
    {
      ...s,
      balances: toObject(s.balances),
      nonces: toObject(s.nonces),
      subnets: s.subnets.map(
        ({ mechanisms, ...x }): JsonSubnet => ({
          ...x,
          neurons: x.neurons.map((nr) => ({ ...nr, stakes: toObject(nr.stakes) })),
          weights: x.weights.map(rowToPairs),
          bonds: x.bonds.map(rowToPairs),
          commitments: toObject(x.commitments),
          ...(mechanisms && {
            mechanisms: {
              ...mechanisms,
              rows: mechanisms.rows.map((m) => ({ ...m, weights: m.weights.map(rowToPairs), bonds: m.bonds.map(rowToPairs) })),
            },
          }),
        }),
      ),
      economy: { coinbase: s.economy.toJson(), groups: [...s.economy.groups], established: s.economy.established } satisfies JsonEconomy,
    },
    (_k, v: unknown) => (typeof v === "bigint" ? `${BIG}${v}` : v),
    1,
  );

// ---- the state file's schema ----

/** Any string key of a keyed store: an account in any encoding (canonicalised), or a short string. */
const key = z.string().max(128);
const store = <T extends z.ZodType>(value: T) => z.record(key, value).refine((o) => Object.keys(o).length <= 1_000_000, "at most 1,000,000 entries");
const axon = z.object({
  ip: z.string().max(64),
  port: u16,
  ipType: z.union([z.literal(4), z.literal(6)]),
  protocol: u8,
  version: u32,
  block: safeU64.optional(),
});
const neuron = z.object({
  uid: u16,
  hotkey: key,
  coldkey: key,
  stake: u64,
  // absent in state files written before dynamic TAO
  stakes: store(u64).optional(),
  lastUpdate: safeU64,
  blockAtRegistration: safeU64,
  validatorPermit: z.boolean(),
  axon: axon.nullable(),
  consensus: u16,
  incentive: u16,
  dividends: u16,
  validatorTrust: u16,
  emission: u64,
});
const row = z.array(z.tuple([u16, u16])).max(DEV_MAX_UIDS);
const subnet = z.object({
  netuid: u16,
  ownerColdkey: key,
  ownerHotkey: key,
  hyperparameters: hyperparametersSchema,
  neurons: z.array(neuron).max(DEV_MAX_UIDS),
  weights: z.array(row).max(DEV_MAX_UIDS),
  bonds: z.array(row).max(DEV_MAX_UIDS),
  lastEpochBlock: safeU64,
  lastMechanismStepBlock: safeU64,
  epochIndex: safeU64,
  pendingEmission: u64,
  commits: z
    .array(
      z.object({ hotkey: key, hash: z.string().regex(/^0x[0-9a-f]{64}$/), block: safeU64, epoch: safeU64, mecid: z.number().int().min(0).max(15).optional() }),
    )
    .max(100_000),
  timelocked: z
    .array(
      z.object({
        hotkey: key,
        commit: z
          .string()
          .max(16 * 1024 * 1024)
          .regex(/^[0-9a-f]*$/),
        round: safeU64,
        block: safeU64,
        epoch: safeU64,
        mecid: z.number().int().min(0).max(15).optional(),
      }),
    )
    .max(100_000)
    .optional(),
  commitments: store(z.string().max(1024)),
  // absent in state files written before dynamic TAO
  registeredAt: safeU64.optional(),
  totals: z.object({ taoInjected: u64, alphaEmitted: u64, ownerCut: u64, incentiveWithheld: u64, registrationTao: u64 }).optional(),
  // absent in state files written before mechanisms, and for a subnet with one
  mechanisms: z
    .object({
      count: z.number().int().min(2).max(16),
      split: z.array(u16).min(1).max(16).nullable(),
      rows: z
        .array(
          z.object({
            weights: z.array(row).max(DEV_MAX_UIDS),
            bonds: z.array(row).max(DEV_MAX_UIDS),
            lastUpdate: z.array(safeU64).max(DEV_MAX_UIDS),
            incentive: z.array(u16).max(DEV_MAX_UIDS),
          }),
        )
        .max(15),
    })
    .optional(),
});
const stateSchema = z.object({
  seed: z.string().max(1024),
  block: safeU64,
  issuance: u64,
  // absent in state files written before the faucet was counted apart
  endowed: u64.optional(),
  balances: store(u64),
  subnets: z.array(subnet).max(65536),
  // absent in state files written before nonces were saved
  nonces: store(safeU64).optional(),
  // absent before the first subnet registration (and in state files written before the lock cost moved)
  lastLock: z.object({ rao: u64, block: safeU64 }).optional(),
  // absent in state files written before dynamic TAO; the coinbase state is checked by the core's own validation
  economy: z
    .object({
      coinbase: z.unknown(),
      groups: z.array(z.tuple([u16, z.object({ count: z.number().int().min(1).max(65535), price: z.number().positive().finite() })])).max(1024),
      established: z.boolean().optional(),
    })
    .optional(),
});

const invalid = (field: string, message: string): never => {
  throw new ChainError(ChainErrorCode.DEVNET_STATE_INVALID, `devnet state ${field}: ${message}`, { field });
};

/** The value at `path` in `root`, for a message. */
const at = (root: unknown, path: ReadonlyArray<PropertyKey>): unknown =>
  path.reduce<unknown>((v, p) => (v !== null && typeof v === "object" && Object.hasOwn(v, p) ? (v as Record<PropertyKey, unknown>)[p] : undefined), root);
const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0 ? "(the whole file)" : path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");

/** A keyed store from the file: keys canonical when they are accounts; two spellings of one account add up (balances) or the later wins. */
function toMap<V>(o: Record<string, V>, merge?: (a: V, b: V) => V): Map<string, V> {
  const m = new Map<string, V>();
  for (const [k, v] of Object.entries(o)) {
    const c = canonicalAddress(k) ?? k;
    const prev = m.get(c);
    m.set(c, prev !== undefined && merge ? merge(prev, v) : v);
  }
  return m;
}

/** Parses and checks a state file (see the file header); throws DEVNET_STATE_INVALID naming the field. */
export function stateFromJson(text: string): DevState {
  let raw: unknown;
  try {
    // a tagged bigint longer than a u64 stays a string, and the schema names it (BigInt of a huge text is slow)
    raw = JSON.parse(text, (_k, v: unknown) =>
      typeof v === "string" && v.startsWith(BIG) && /^\d{1,20}$/.test(v.slice(BIG.length)) ? BigInt(v.slice(BIG.length)) : v,
    );
  } catch (e) {
    return invalid("(the whole file)", `not JSON: ${(e as Error).message}`);
  }
  const r = stateSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const value = at(raw, issue.path);
    return invalid(pathText(issue.path), `${issue.message}${issue.path.length ? `, got ${shown(value)}` : ""}`);
  }
  const s = r.data;
  const endowed = s.endowed ?? 0n;
  if (endowed + s.issuance > U64_MAX) invalid("endowed", `endowed + issuance must fit a u64 (2^64−1 rao), got ${endowed} + ${s.issuance}`);
  const netuids = new Set<number>();
  const subnets = s.subnets.map((x, i): DevSubnet => {
    const where = `subnets[${i}]`;
    if (netuids.has(x.netuid)) invalid(`${where}.netuid`, `subnet ${x.netuid} appears twice`);
    netuids.add(x.netuid);
    const n = x.neurons.length;
    if (n > x.hyperparameters.maxAllowedUids) invalid(`${where}.neurons`, `${n} neurons, above maxAllowedUids ${x.hyperparameters.maxAllowedUids}`);
    const hotkeys = new Set<string>();
    const neurons = x.neurons.map((nr, u) => {
      if (nr.uid !== u) invalid(`${where}.neurons[${u}].uid`, `expected ${u} (uids are the neurons' positions), got ${nr.uid}`);
      const hotkey = canonicalAddress(nr.hotkey) ?? nr.hotkey;
      if (hotkeys.has(hotkey)) invalid(`${where}.neurons[${u}].hotkey`, "this hotkey holds another uid of the subnet too");
      hotkeys.add(hotkey);
      const coldkey = canonicalAddress(nr.coldkey) ?? nr.coldkey;
      // a file from before dynamic TAO: the whole stake is the hotkey's own coldkey's
      const stakes = nr.stakes ? toMap(nr.stakes, (a, b) => a + b) : new Map(nr.stake > 0n ? [[coldkey, nr.stake]] : []);
      return { ...nr, hotkey, coldkey, stakes, axon: nr.axon as AxonInfo | null };
    });
    const rows = (name: "weights" | "bonds"): Row[] => {
      if (x[name].length !== n) invalid(`${where}.${name}`, `expected one row per uid (${n}), got ${x[name].length}`);
      return x[name].map((pairs, ri) => {
        const seen = new Set<number>();
        for (const [k, [uid]] of pairs.entries()) {
          if (uid >= n || seen.has(uid)) invalid(`${where}.${name}[${ri}][${k}][0]`, `expected a uid 0..${n - 1} once per row, got ${uid}`);
          seen.add(uid);
        }
        return rowFromPairs(pairs);
      });
    };
    const { mechanisms: jsonMechanisms, ...rest } = x;
    const mechanisms: DevMechanisms | undefined = jsonMechanisms && {
      count: jsonMechanisms.count,
      split: jsonMechanisms.split,
      rows: jsonMechanisms.rows.map((m, k) => {
        const mw = `${where}.mechanisms.rows[${k}]`;
        for (const f of ["weights", "bonds", "lastUpdate", "incentive"] as const)
          if (m[f].length !== n) invalid(`${mw}.${f}`, `expected one entry per uid (${n}), got ${m[f].length}`);
        const checked = (name: "weights" | "bonds"): Row[] =>
          m[name].map((pairs, ri) => {
            const seen = new Set<number>();
            for (const [j, [uid]] of pairs.entries()) {
              if (uid >= n || seen.has(uid)) invalid(`${mw}.${name}[${ri}][${j}][0]`, `expected a uid 0..${n - 1} once per row, got ${uid}`);
              seen.add(uid);
            }
            return rowFromPairs(pairs);
          });
        return { weights: checked("weights"), bonds: checked("bonds"), lastUpdate: m.lastUpdate, incentive: m.incentive };
      }),
    };
    if (mechanisms) {
      if (mechanisms.rows.length !== mechanisms.count - 1)
        invalid(`${where}.mechanisms.rows`, `expected ${mechanisms.count - 1} (one per mechanism above 0), got ${mechanisms.rows.length}`);
      if (mechanisms.split && (mechanisms.split.length > mechanisms.count || mechanisms.split.reduce((a, b) => a + b, 0) !== 65535))
        invalid(`${where}.mechanisms.split`, `expected at most ${mechanisms.count} u16 parts summing to 65535, got ${shown(mechanisms.split)}`);
    }
    const count = mechanisms?.count ?? 1;
    for (const [k, c] of [...x.commits, ...(x.timelocked ?? [])].entries())
      if ((c.mecid ?? 0) >= count) invalid(`${where}.commits`, `commit ${k} is for mechanism ${c.mecid}, but the subnet runs ${count}`);
    return {
      ...rest,
      ...(mechanisms ? { mechanisms } : {}),
      ownerColdkey: canonicalAddress(x.ownerColdkey) ?? x.ownerColdkey,
      ownerHotkey: canonicalAddress(x.ownerHotkey) ?? x.ownerHotkey,
      neurons,
      weights: rows("weights"),
      bonds: rows("bonds"),
      commits: x.commits.map((c) => ({ ...c, hotkey: canonicalAddress(c.hotkey) ?? c.hotkey })),
      ...(x.timelocked !== undefined && { timelocked: x.timelocked.map((c) => ({ ...c, hotkey: canonicalAddress(c.hotkey) ?? c.hotkey })) }),
      commitments: toMap(x.commitments),
      registeredAt: x.registeredAt ?? 0,
      totals: x.totals ?? emptyTotals(),
    };
  });
  return {
    seed: s.seed,
    block: s.block,
    issuance: s.issuance,
    endowed,
    balances: toMap(s.balances, (a, b) => a + b),
    subnets: subnets.sort((a, b) => a.netuid - b.netuid),
    nonces: toMap(s.nonces ?? {}, (a, b) => Math.max(a, b)),
    economy: s.economy ? economyFrom(s.economy as JsonEconomy) : (undefined as unknown as DevEconomy),
    ...(s.lastLock !== undefined && { lastLock: s.lastLock }),
  };
}

/** The file's coinbase state as the devnet's economy; a bad one is DEVNET_STATE_INVALID naming `economy.coinbase.<path>`. */
function economyFrom(e: JsonEconomy): DevEconomy {
  try {
    toCoinbaseArrays(e.coinbase);
    return new DevEconomy(e.coinbase, new Map(e.groups), e.established ?? false);
  } catch (err) {
    const path = (err as { path?: string }).path;
    return invalid(`economy.coinbase${path && path !== "$" ? `.${path}` : ""}`, (err as Error).message);
  }
}
