/**
 * Emission, as the chain computes it (see `assembly/emission/`): block emission from total issuance
 * (halvings), the per-block split of a subnet's emission, and a schedule projection for plots.
 * Amounts are bigint rao; inputs are validated here before they reach the WASM.
 */
import { EmissionInputError } from "./errors.js";
import { type CoreTarget, getCore } from "./wasm.js";

/** 21,000,000 TAO in rao: the supply cap. */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;
/** 1 TAO in rao: the block emission before the first halving. */
export const DEFAULT_BLOCK_EMISSION = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

function u64(field: string, value: unknown): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value)) value = BigInt(value);
  // a u64 has at most 20 digits: a longer string is refused before it is converted (or echoed in full)
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) value = BigInt(value);
  if (typeof value !== "bigint") {
    const text = String(value);
    const shown = text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}… (${text.length} characters)` : JSON.stringify(text);
    throw new EmissionInputError(
      field,
      `expected a non-negative integer amount of rao at most 2^64−1 (bigint or a decimal string of at most 20 digits), got ${shown}`,
    );
  }
  if (value < 0n || value > U64_MAX) throw new EmissionInputError(field, `expected 0 ≤ rao ≤ 2^64−1, got ${value}`);
  return value;
}

/** Block emission (rao) at total issuance `issuance` (rao): 1 TAO / 2^k, 0 from the 21M cap. */
export function blockEmission(issuance: bigint | string | number, target: CoreTarget = "release"): bigint {
  const i = u64("issuance", issuance);
  return BigInt.asUintN(64, getCore(target).call<bigint>("blockEmissionForIssuance", i));
}

export interface HalvingInfo {
  blockEmission: bigint;
  /** Halvings so far (k in 1 TAO / 2^k). */
  halvings: number;
  /** The smallest issuance at which the block emission drops next (the cap, for the last step); null at or past the cap. */
  nextHalvingIssuance: bigint | null;
}

/** Block emission, halvings so far, and the issuance of the next drop (found by bisection on the exact curve). */
export function halvingInfo(issuance: bigint | string | number, target: CoreTarget = "release"): HalvingInfo {
  const i = u64("issuance", issuance);
  const core = getCore(target);
  const at = (x: bigint) => BigInt.asUintN(64, core.call<bigint>("blockEmissionForIssuance", x));
  const emission = at(i);
  const halvings = Number(core.call<bigint>("lastBlockEmissionHalvings"));
  if (i >= TOTAL_SUPPLY) return { blockEmission: 0n, halvings, nextHalvingIssuance: null };
  // emission is non-increasing in issuance: find the first issuance where it is below `emission`
  let lo = i;
  let hi = TOTAL_SUPPLY;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (at(mid) < emission) hi = mid;
    else lo = mid;
  }
  return { blockEmission: emission, halvings: Math.max(0, halvings), nextHalvingIssuance: hi };
}

export interface EmissionSplitInput {
  /** Alpha emitted to the subnet this block (rao). */
  alphaOut: bigint;
  /** `SubnetOwnerCut` (u16; the runtime's is 11,796 ≈ 18 %). */
  ownerCut?: number;
  ownerCutEnabled?: boolean;
  /** Root proportion as U96F32 bits (value × 2^32); 0 when the subnet has no root stake. */
  rootProportionBits?: bigint;
}

export interface EmissionSplit {
  ownerCut: bigint;
  /** To miners (incentive). */
  server: bigint;
  /** To the subnet's validators (dividends). */
  validator: bigint;
  /** To root stakers. */
  rootAlpha: bigint;
}

/** Splits one block's subnet emission as `emit_to_subnets` does (U96F32, floored per part). */
export function emissionSplit(input: EmissionSplitInput, target: CoreTarget = "release"): EmissionSplit {
  const alphaOut = u64("alphaOut", input.alphaOut);
  const ownerCut = input.ownerCut ?? 11_796;
  if (!Number.isInteger(ownerCut) || ownerCut < 0 || ownerCut > 65535) throw new EmissionInputError("ownerCut", `expected a u16 (0..65535), got ${ownerCut}`);
  const root = input.rootProportionBits ?? 0n;
  if (typeof root !== "bigint" || root < 0n || root > 1n << 32n)
    throw new EmissionInputError("rootProportionBits", `expected U96F32 bits of a proportion in [0, 1] (0..2^32), got ${String(root)}`);
  const core = getCore(target);
  core.call("emissionSplit", alphaOut, ownerCut, input.ownerCutEnabled === false ? 0 : 1, 0n, root);
  const get = (name: string) => BigInt.asUintN(64, core.call<bigint>(name));
  return { ownerCut: get("splitOwnerCut"), server: get("splitServer"), validator: get("splitValidator"), rootAlpha: get("splitRootAlpha") };
}

export interface EmissionSchedulePoint {
  block: number;
  issuance: bigint;
  blockEmission: bigint;
}

export interface EmissionSchedule {
  points: EmissionSchedulePoint[];
  /** Blocks at which the emission dropped (a halving, or the cap). */
  halvings: Array<{ block: number; issuance: bigint; blockEmission: bigint }>;
}

/**
 * Projects issuance and block emission over `blocks` blocks from `issuance`, sampled every `step`
 * blocks, assuming every block mints its full emission (no recycling). Jumps between drops, so a
 * projection over millions of blocks costs a few hundred WASM calls.
 */
export function emissionSchedule(issuance: bigint | string | number, blocks: number, step: number, target: CoreTarget = "release"): EmissionSchedule {
  let current = u64("issuance", issuance);
  if (!Number.isSafeInteger(blocks) || blocks < 0) throw new EmissionInputError("blocks", `expected a non-negative integer, got ${blocks}`);
  if (!Number.isSafeInteger(step) || step < 1) throw new EmissionInputError("step", `expected a positive integer, got ${step}`);
  const points: EmissionSchedulePoint[] = [];
  const halvings: EmissionSchedule["halvings"] = [];
  let block = 0;
  let info = halvingInfo(current, target);
  while (block <= blocks) {
    points.push({ block, issuance: current, blockEmission: info.blockEmission });
    // advance `step` blocks, crossing drops exactly
    let remaining = BigInt(Math.min(step, blocks - block));
    if (remaining === 0n) break;
    while (remaining > 0n) {
      const e = info.blockEmission;
      const next = info.nextHalvingIssuance;
      const untilDrop = e === 0n || next === null ? remaining : (next - current + e - 1n) / e;
      const n = untilDrop < remaining ? untilDrop : remaining;
      current += n * e;
      remaining -= n;
      block += Number(n);
      if (n === untilDrop && e > 0n && next !== null) {
        info = halvingInfo(current, target);
        halvings.push({ block, issuance: current, blockEmission: info.blockEmission });
        if (info.blockEmission === 0n) {
          block += Number(remaining);
          remaining = 0n;
        }
      }
    }
  }
  return { points, halvings };
}
