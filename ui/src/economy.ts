/**
 * A subnet's two currencies as the pages read them: a simulation's `economy` (the sdk's
 * `SimulationEconomy`; the ui imports no other package, so the fields it reads are restated here)
 * and the series the price chart and the owner's line draw from it.
 */

import type { EpochEarnings } from "./charts/earnings.js";
import type { OwnerPoint } from "./charts/ownerLine.js";
import type { PricePoint } from "./charts/price.js";
import { roleOf } from "./profiles.js";
import { type Rao, raoBig } from "./svg.js";

/** A simulation's economy (alpha rao and rao as decimal strings or bigints; prices in TAO per alpha). */
export interface SimulationEconomyInput {
  /** The market it ran in: `subnets` in all, the seeded `price`. */
  market?: { subnets?: number; price?: number; established?: boolean };
  /** Spot and moving price after each epoch (the first entry: before epoch 0), with the owner's cut staked so far (alpha rao). */
  pricePath: Array<{ epoch: number; block?: number; price: number; movingPrice: number; ownerCut?: Rao }>;
  finalPrice: number;
  /** TAO the coinbase put into the pool (rao). */
  taoInjected: Rao;
  /** The owner's cut: alpha rao and its TAO value at the final price (rao). */
  ownerCut: { alpha: Rao; tao: Rao };
  /** TAO paid to register (rao): the lock and the uids' burns. */
  registrationCost?: { lock: Rao; burns: Rao; total: Rao };
}

/** The price path as the price chart's points (x = epoch). */
export function pricePoints(e: SimulationEconomyInput): PricePoint[] {
  return e.pricePath.map((p) => ({ x: p.epoch, price: p.price, movingPrice: p.movingPrice }));
}

/**
 * The owner's line of a simulation (x = epoch): from the first price point (before epoch 0, all 0)
 * the owner's cut staked since then and the miners' and validators' alpha summed over the epochs;
 * the owner's series only when every price point carries `ownerCut`.
 */
export function ownerPoints(e: SimulationEconomyInput, epochs: readonly EpochEarnings[]): OwnerPoint[] {
  const path = e.pricePath;
  if (path.length === 0) return [];
  const withOwner = path.every((p) => p.ownerCut !== undefined);
  const base = withOwner ? raoBig(path[0]!.ownerCut!) : 0n;
  const byEpoch = new Map(epochs.map((x) => [x.epoch, x.emission]));
  const sums = { miner: 0n, validator: 0n };
  return path.map((p, i) => {
    if (i > 0) for (const [k, v] of Object.entries(byEpoch.get(p.epoch) ?? {})) sums[roleOf(k)] += raoBig(v);
    return { x: p.epoch, ...(withOwner && { owner: raoBig(p.ownerCut!) - base }), miners: sums.miner, validators: sums.validator };
  });
}
