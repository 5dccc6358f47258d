/**
 * Validation of a coinbase step's input before it crosses into WASM, for both shapes
 * (CoinbaseInput and CoinbaseArrays): every bad value becomes a CoinbaseInputError naming its JSON
 * path (`subnets[2].neurons[5].alphaStake`), what was expected and how to fix it, so the core never
 * sees (and never traps on) malformed input. The JSON input is converted to the packed arrays in
 * the same pass (`toCoinbaseArrays`).
 */

import {
  CB_HEADER,
  CB_NEURON,
  CB_SUBNET,
  COINBASE_HEADER,
  COINBASE_NEURON,
  COINBASE_NEURON_FLAGS,
  COINBASE_SUBNET,
  COINBASE_SUBNET_FLAGS,
} from "./coinbaseLayout.js";
import type { CoinbaseArrays, CoinbaseInput } from "./coinbaseTypes.js";
import { CoinbaseInputError } from "./errors.js";
import { showValue } from "./showValue.js";

const U64_MAX = (1n << 64n) - 1n;
const MASK64 = U64_MAX;
/** At most this many subnets (netuids are u16, root excluded) and uids per subnet (uids are u16). */
export const COINBASE_MAX_SUBNETS = 65535;
export const COINBASE_MAX_UIDS = 65536;

const fail = (path: string, message: string): never => {
  throw new CoinbaseInputError(path, message);
};
const show = showValue;
const missing = (v: unknown) => (v === undefined ? "missing; " : "");

function int(path: string, v: unknown, max: number, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) fail(path, `${missing(v)}expected ${what} as a JSON number, got ${show(v)}`);
  return v as number;
}
const u16 = (path: string, v: unknown) => int(path, v, 65535, "an integer 0..65535 (u16)");

/** A u64 as a decimal string (or a safe non-negative integer). */
function u64(path: string, v: unknown): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && v.length > 20)
    fail(path, `expected at most 2^64−1 (u64: a decimal string of at most 20 digits), got a string of ${v.length} characters: ${show(v)}`);
  if (typeof v !== "string" || !/^\d+$/.test(v)) fail(path, `${missing(v)}expected a non-negative integer as a decimal string (u64), got ${show(v)}`);
  const b = BigInt(v as string);
  if (b > U64_MAX) fail(path, `expected at most 2^64−1 = 18446744073709551615 (u64), got ${v as string}`);
  return b;
}

/** Fixed-point bits as a decimal string: `bits` wide, two's complement when `signed`. */
function fixedBits(path: string, v: unknown, bits: number, signed: boolean, what: string): bigint {
  const digits = Math.ceil((bits * Math.LN2) / Math.LN10) + 1;
  if (typeof v === "string" && v.length > digits + 1)
    fail(path, `expected the raw bits of ${what} as a decimal string, got a string of ${v.length} characters: ${show(v)}`);
  const ok = typeof v === "string" && (signed ? /^-?\d+$/ : /^\d+$/).test(v);
  if (!ok) fail(path, `${missing(v)}expected the raw bits of ${what} as a ${signed ? "" : "non-negative "}decimal string, got ${show(v)}`);
  const b = BigInt(v as string);
  const lo = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const hi = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (b < lo || b > hi) fail(path, `expected the raw bits of ${what}, ${lo} ≤ bits ≤ ${hi}, got ${v as string}`);
  return b;
}

function bool(path: string, v: unknown): boolean {
  if (typeof v !== "boolean") fail(path, `${missing(v)}expected true or false, got ${show(v)}`);
  return v as boolean;
}

function object(path: string, v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, `${missing(v)}expected ${what} (a JSON object), got ${show(v)}`);
  return v as Record<string, unknown>;
}

function array(path: string, v: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `${missing(v)}expected an array of ${what}, got ${show(v)}`);
  if ((v as unknown[]).length > max) fail(path, `expected at most ${max} ${what}, got ${(v as unknown[]).length}`);
  return v as unknown[];
}

const SUBNET_WORDS = COINBASE_SUBNET.length;
const NEURON_WORDS = COINBASE_NEURON.length;

/** Checks a CoinbaseInput and converts it to the packed arrays; throws the first problem as a CoinbaseInputError. */
export function toCoinbaseArrays(input: CoinbaseInput): CoinbaseArrays {
  const x = object("$", input, "a CoinbaseInput");
  const header = new BigUint64Array(COINBASE_HEADER.length);
  header[CB_HEADER.blockNumber] = u64("blockNumber", x.blockNumber);
  if (x.blockEmission !== undefined && x.blockEmission !== null) {
    header[CB_HEADER.hasBlockEmission] = 1n;
    header[CB_HEADER.blockEmission] = u64("blockEmission", x.blockEmission);
  }
  header[CB_HEADER.totalIssuance] = u64("totalIssuance", x.totalIssuance);
  header[CB_HEADER.totalStake] = u64("totalStake", x.totalStake);
  header[CB_HEADER.taoWeight] = u64("taoWeight", x.taoWeight);
  header[CB_HEADER.subnetOwnerCut] = BigInt(u16("subnetOwnerCut", x.subnetOwnerCut));
  const ma = fixedBits("subnetMovingAlpha", x.subnetMovingAlpha, 128, true, "an I96F32 (value × 2^32; the chain's default 0.000003 is 12885)");
  header[CB_HEADER.subnetMovingAlphaHi] = (ma >> 64n) & MASK64;
  header[CB_HEADER.subnetMovingAlphaLo] = ma & MASK64;
  header[CB_HEADER.maxEpochsPerBlock] = BigInt(u16("maxEpochsPerBlock", x.maxEpochsPerBlock));
  header[CB_HEADER.swapMinimumReserve] = u64("swapMinimumReserve", x.swapMinimumReserve);
  header[CB_HEADER.rootSubnetTao] = u64("rootSubnetTao", x.rootSubnetTao);
  const subnetsIn = array("subnets", x.subnets, COINBASE_MAX_SUBNETS, "subnets (every non-root subnet)");
  const count = subnetsIn.length;
  let total = 0;
  for (let s = 0; s < count; s++) {
    const sn = subnetsIn[s];
    if (typeof sn === "object" && sn !== null && Array.isArray((sn as Record<string, unknown>).neurons))
      total += Math.min(((sn as Record<string, unknown>).neurons as unknown[]).length, COINBASE_MAX_UIDS + 1);
  }
  header[CB_HEADER.subnetCount] = BigInt(count);
  header[CB_HEADER.neuronCount] = BigInt(total);
  const subnets = new BigUint64Array(count * SUBNET_WORDS);
  const neurons = new BigUint64Array(total * NEURON_WORDS);
  const netuids = new Map<number, number>();
  let k = 0;
  for (let s = 0; s < count; s++) {
    const at = `subnets[${s}]`;
    const o = object(at, subnetsIn[s], "a subnet");
    const w = (field: keyof typeof CB_SUBNET, value: bigint) => {
      subnets[s * SUBNET_WORDS + CB_SUBNET[field]] = value;
    };
    const netuid = u16(`${at}.netuid`, o.netuid);
    if (netuid === 0) fail(`${at}.netuid`, "netuid 0 is the root subnet; list only non-root subnets (root's TAO is rootSubnetTao)");
    const dup = netuids.get(netuid);
    if (dup !== undefined) fail(`${at}.netuid`, `netuid ${netuid} is also subnets[${dup}]; each subnet appears once`);
    netuids.set(netuid, s);
    w("netuid", BigInt(netuid));
    w("mechanism", BigInt(u16(`${at}.mechanism`, o.mechanism)));
    for (const f of ["subnetTao", "subnetAlphaIn", "subnetAlphaOut", "subnetProtocolAlpha", "emaPriceHalvingBlocks"] as const) w(f, u64(`${at}.${f}`, o[f]));
    const mp = fixedBits(`${at}.movingPrice`, o.movingPrice, 128, true, "an I96F32 (value × 2^32)");
    w("movingPriceHi", (mp >> 64n) & MASK64);
    w("movingPriceLo", mp & MASK64);
    const q = u64(`${at}.swapQuoteWeight`, o.swapQuoteWeight);
    if (q > 10n ** 18n) fail(`${at}.swapQuoteWeight`, `expected Perquintill parts 0..10^18 (0.5 = "500000000000000000"), got ${q}`);
    w("swapQuoteWeight", q);
    let flags = 0n;
    if (bool(`${at}.palSwapInitialized`, o.palSwapInitialized)) flags |= BigInt(COINBASE_SUBNET_FLAGS.palSwapInitialized);
    for (const f of ["minerBurned", "rootProp"] as const) {
      const b = fixedBits(`${at}.${f}`, o[f], 128, false, "a U96F32 (value × 2^32)");
      w(`${f}Hi`, b >> 64n);
      w(`${f}Lo`, b & MASK64);
    }
    if (o.firstEmissionBlock === undefined)
      fail(`${at}.firstEmissionBlock`, "missing; expected a block number as a decimal string, or null when start_call is not done");
    if (o.firstEmissionBlock !== null) {
      flags |= BigInt(COINBASE_SUBNET_FLAGS.hasFirstEmissionBlock);
      w("firstEmissionBlock", u64(`${at}.firstEmissionBlock`, o.firstEmissionBlock));
    }
    for (const f of ["subtokenEnabled", "registrationAllowed", "emissionEnabled", "ownerCutEnabled"] as const)
      if (bool(`${at}.${f}`, o[f])) flags |= BigInt(COINBASE_SUBNET_FLAGS[f]);
    w("tempo", BigInt(u16(`${at}.tempo`, o.tempo)));
    for (const f of [
      "lastEpochBlock",
      "pendingEpochAt",
      "blocksSinceLastStep",
      "epochIndex",
      "lastMechanismStepBlock",
      "pendingServerEmission",
      "pendingValidatorEmission",
      "pendingRootAlphaDivs",
      "pendingOwnerCut",
    ] as const)
      w(f, u64(`${at}.${f}`, o[f]));
    if (o.recycleOrBurn === "recycle") flags |= BigInt(COINBASE_SUBNET_FLAGS.recycle);
    else if (o.recycleOrBurn !== "burn") fail(`${at}.recycleOrBurn`, `${missing(o.recycleOrBurn)}expected "burn" or "recycle", got ${show(o.recycleOrBurn)}`);
    const ns = array(`${at}.neurons`, o.neurons, COINBASE_MAX_UIDS, "neurons (one per uid)");
    if (o.ownerHotkeyUid === undefined) fail(`${at}.ownerHotkeyUid`, "missing; expected the uid of the owner's hotkey, or null when it has none");
    if (o.ownerHotkeyUid !== null) {
      const uid = int(`${at}.ownerHotkeyUid`, o.ownerHotkeyUid, 65535, "a uid 0..65535 or null");
      if (uid >= ns.length) fail(`${at}.ownerHotkeyUid`, `expected a uid of this subnet (0..${ns.length - 1}) or null, got ${uid}`);
      flags |= BigInt(COINBASE_SUBNET_FLAGS.hasOwnerHotkeyUid);
      w("ownerHotkeyUid", BigInt(uid));
    }
    w("flags", flags);
    w("neuronCount", BigInt(ns.length));
    for (let i = 0; i < ns.length; i++, k++) {
      const np = `${at}.neurons[${i}]`;
      const n = object(np, ns[i], "a neuron");
      const base = k * NEURON_WORDS;
      neurons[base + CB_NEURON.alphaStake] = u64(`${np}.alphaStake`, n.alphaStake);
      neurons[base + CB_NEURON.rootStake] = u64(`${np}.rootStake`, n.rootStake);
      neurons[base + CB_NEURON.take] = BigInt(u16(`${np}.take`, n.take));
      neurons[base + CB_NEURON.flags] = bool(`${np}.ownedBySubnetOwner`, n.ownedBySubnetOwner) ? BigInt(COINBASE_NEURON_FLAGS.ownedBySubnetOwner) : 0n;
      for (const f of ["serverShare", "validatorShare"] as const)
        neurons[base + CB_NEURON[f]] = BigInt.asUintN(
          64,
          fixedBits(`${np}.${f}`, n[f], 64, true, "an I32F32 (value × 2^32; the epoch's normalised emission share)"),
        );
    }
  }
  return { header, subnets, neurons };
}

/** 10^18 as u32 halves (0x0de0b6b3_a7640000). */
const ONE_HI = 0x0de0_b6b3;
const ONE_LO = 0xa764_0000;
/** Whether the word at u32 index `at` (low half first) is a u16. */
const isU16 = (halves: Uint32Array, at: number) => halves[at + 1] === 0 && halves[at]! <= 65535;
/** Throws for subnet record `s`'s field, showing its word. */
function failRecord(subnets: BigUint64Array, s: number, f: keyof typeof CB_SUBNET, expected: string): never {
  return fail(`subnets[${s}].${f}`, `${expected}, got ${subnets[s * SUBNET_WORDS + CB_SUBNET[f]]}`);
}

/** Checks the typed form (lengths, counts, flags, u16 fields, distinct netuids); throws a CoinbaseInputError naming the field. */
export function validateCoinbaseArrays(input: CoinbaseArrays): CoinbaseArrays {
  return validateCoinbaseNeurons(validateCoinbaseRecords(input));
}

/**
 * The typed form's checks but the neurons' own fields: the arrays, their lengths, the header, the
 * subnet records and the neuron counts. A block in which no epoch runs reads nothing else.
 */
export function validateCoinbaseRecords(input: CoinbaseArrays): CoinbaseArrays {
  const x = object("$", input, "CoinbaseArrays { header, subnets, neurons }");
  for (const f of ["header", "subnets", "neurons"] as const)
    if (!(x[f] instanceof BigUint64Array)) fail(f, `${missing(x[f])}expected a BigUint64Array (the packed words of coinbaseLayout.ts), got ${show(x[f])}`);
  const { header, subnets, neurons } = input;
  if (header.length !== COINBASE_HEADER.length) fail("header", `expected ${COINBASE_HEADER.length} words (COINBASE_HEADER), got ${header.length}`);
  const count = Number(header[CB_HEADER.subnetCount]);
  const total = Number(header[CB_HEADER.neuronCount]);
  if (count > COINBASE_MAX_SUBNETS) fail("header.subnetCount", `expected at most ${COINBASE_MAX_SUBNETS} subnets, got ${count}`);
  if (subnets.length !== count * SUBNET_WORDS) fail("subnets", `expected subnetCount × ${SUBNET_WORDS} = ${count * SUBNET_WORDS} words, got ${subnets.length}`);
  if (neurons.length !== total * NEURON_WORDS) fail("neurons", `expected neuronCount × ${NEURON_WORDS} = ${total * NEURON_WORDS} words, got ${neurons.length}`);
  if (header[CB_HEADER.hasBlockEmission]! > 1n) fail("header.hasBlockEmission", "expected 0 or 1");
  for (const f of ["subnetOwnerCut", "maxEpochsPerBlock"] as const)
    if (header[CB_HEADER[f]]! > 65535n) fail(`header.${f}`, `expected a u16 (0..65535), got ${header[CB_HEADER[f]]}`);
  const allFlags = Object.values(COINBASE_SUBNET_FLAGS).reduce((a, b) => a | b, 0);
  const ownerFlag = COINBASE_SUBNET_FLAGS.hasOwnerHotkeyUid;
  const netuids = new Map<number, number>();
  // the records' words read as u32 halves (little-endian, low half first): no BigInt per word; the
  // words themselves are read only to say what was wrong
  const halves = new Uint32Array(subnets.buffer, subnets.byteOffset, subnets.length * 2);
  const S = CB_SUBNET;
  let sum = 0;
  for (let s = 0; s < count; s++) {
    const b2 = s * SUBNET_WORDS * 2;
    const netuid = halves[b2 + S.netuid * 2]!;
    if (halves[b2 + S.netuid * 2 + 1] !== 0 || netuid === 0 || netuid > 65535)
      fail(`subnets[${s}].netuid`, `expected a non-root netuid 1..65535, got ${subnets[s * SUBNET_WORDS + S.netuid]}`);
    const dup = netuids.get(netuid);
    if (dup !== undefined) fail(`subnets[${s}].netuid`, `netuid ${netuid} is also subnets[${dup}]; each subnet appears once`);
    netuids.set(netuid, s);
    if (!isU16(halves, b2 + S.mechanism * 2)) failRecord(subnets, s, "mechanism", "expected a u16 (0..65535)");
    if (!isU16(halves, b2 + S.tempo * 2)) failRecord(subnets, s, "tempo", "expected a u16 (0..65535)");
    const qHi = halves[b2 + S.swapQuoteWeight * 2 + 1]!;
    if (qHi > ONE_HI || (qHi === ONE_HI && halves[b2 + S.swapQuoteWeight * 2]! > ONE_LO))
      failRecord(subnets, s, "swapQuoteWeight", "expected Perquintill parts 0..10^18");
    const flags = halves[b2 + S.flags * 2]!;
    if (halves[b2 + S.flags * 2 + 1] !== 0 || (flags & ~allFlags) !== 0)
      failRecord(subnets, s, "flags", `expected bits of COINBASE_SUBNET_FLAGS (${allFlags} at most)`);
    const n = halves[b2 + S.neuronCount * 2]!;
    if (halves[b2 + S.neuronCount * 2 + 1] !== 0 || n > COINBASE_MAX_UIDS) failRecord(subnets, s, "neuronCount", `expected at most ${COINBASE_MAX_UIDS} uids`);
    if ((flags & ownerFlag) !== 0 && (halves[b2 + S.ownerHotkeyUid * 2 + 1] !== 0 || halves[b2 + S.ownerHotkeyUid * 2]! >= n))
      failRecord(subnets, s, "ownerHotkeyUid", `expected a uid of this subnet (below neuronCount ${n})`);
    sum += n;
  }
  if (sum !== total) fail("header.neuronCount", `expected the sum of the subnets' neuronCount (${sum}), got ${total}`);
  return input;
}

/** The neurons' own fields (u16 take, the flag bit), on arrays that passed `validateCoinbaseRecords`. */
export function validateCoinbaseNeurons(input: CoinbaseArrays): CoinbaseArrays {
  const { header, subnets, neurons } = input;
  const count = Number(header[CB_HEADER.subnetCount]);
  // the neurons' small fields, read as u32 halves (little-endian) so 65,536 uids cost no BigInt work
  const halves = new Uint32Array(neurons.buffer, neurons.byteOffset, neurons.length * 2);
  const takeAt = CB_NEURON.take * 2;
  const flagsAt = CB_NEURON.flags * 2;
  for (let s = 0, k = 0; s < count; s++) {
    const n = Number(subnets[s * SUBNET_WORDS + CB_SUBNET.neuronCount]);
    for (let i = 0; i < n; i++, k++) {
      const base = k * NEURON_WORDS * 2;
      if (halves[base + takeAt + 1] !== 0 || halves[base + takeAt]! > 65535)
        fail(`subnets[${s}].neurons[${i}].take`, `expected a u16 (0..65535), got ${neurons[k * NEURON_WORDS + CB_NEURON.take]}`);
      if (halves[base + flagsAt + 1] !== 0 || halves[base + flagsAt]! > 3)
        fail(
          `subnets[${s}].neurons[${i}].flags`,
          `expected bits 1 (ownedBySubnetOwner) and 2 (emissionAmounts), 0..3, got ${neurons[k * NEURON_WORDS + CB_NEURON.flags]}`,
        );
    }
  }
  return input;
}
