/**
 * The stake a subnet's epoch weighs each neuron by, as the runtime computes it
 * (`get_stake_weights_for_network`, the same at spec 300 and spec 425):
 *
 *   total = alpha + TaoWeight × root
 *
 * where alpha is the hotkey's alpha on the subnet and root its TAO on the root subnet (netuid 0),
 * each after child-key delegation: minus the proportions given to its children, plus the
 * proportions of its parents' stake (`ChildKeys`, `ParentKeys` on this subnet). TaoWeight is a u64
 * fraction of u64::MAX. The runtime works in U96F32 (32 fraction bits) for the delegation and the
 * weight, rounds each inherited amount down to rao, and then adds in I64F64; every step below is
 * the same integer arithmetic, and the total is rounded down to rao as the runtime's
 * `get_metagraph` reports it (`total_stake`).
 *
 * Items a runtime lacks count as zero (no `TaoWeight`: alpha only; no `ChildKeys`: no delegation).
 *
 * see: subtensor pallets/subtensor/src/staking/stake_utils.rs get_stake_weights_for_network,
 * get_tao_weight, get_inherited_for_hotkey_on_subnet, get_tao_inherited_for_hotkey_on_subnet
 * @ 738ba0c0c and @ 14bc6f9
 */
import { int, type StorageSource } from "./storage.js";

const U64_MAX = (1n << 64n) - 1n;
/** U96F32's largest raw value (saturating arithmetic stops there). */
const U96F32_MAX = (1n << 96n) - 1n;
const ROOT = 0;

/** A u64 fraction of u64::MAX as U96F32 raw bits: `floor(p × 2^32 / (2^64 − 1))` (`safe_div` truncates). */
export function fractionBits(p: bigint): bigint {
  return (p << 32n) / U64_MAX;
}

/**
 * A hotkey's stake after delegation, rao: own − Σ own × child proportion + Σ parent stake × parent
 * proportion, in U96F32 (subtraction saturating at 0), rounded down.
 */
export function inheritedStake(own: bigint, childProportions: readonly bigint[], parents: ReadonlyArray<{ proportion: bigint; stake: bigint }>): bigint {
  const sat = (x: bigint) => (x > U96F32_MAX ? U96F32_MAX : x);
  let toChildren = 0n;
  for (const p of childProportions) toChildren = sat(toChildren + sat(own * fractionBits(p)));
  let fromParents = 0n;
  for (const { proportion, stake } of parents) fromParents = sat(fromParents + sat(stake * fractionBits(proportion)));
  const ownBits = own << 32n;
  const bits = sat((ownBits > toChildren ? ownBits - toChildren : 0n) + fromParents);
  const rao = bits >> 32n;
  return rao > U64_MAX ? U64_MAX : rao;
}

/** alpha + root × TaoWeight, rounded down to rao (`taoWeight` as stored: a u64 fraction of u64::MAX). */
export function epochStakeTotal(alpha: bigint, root: bigint, taoWeight: bigint): bigint {
  return alpha + ((root * fractionBits(taoWeight)) >> 32n);
}

/** One neuron's epoch stake and its two parts (each after delegation), rao. */
export interface EpochStake {
  total: bigint;
  alpha: bigint;
  root: bigint;
}

type Links = Array<[bigint, string]>;
const links = (v: unknown): Links => ((v as Array<[number | string, string]>) ?? []).map(([p, k]) => [BigInt(p), String(k)]);

/** Reads each hotkey's epoch stake on `netuid` (hotkeys by uid; "" for an empty uid gives zero). */
export async function readEpochStakes(storage: StorageSource, netuid: number, hotkeys: readonly string[]): Promise<EpochStake[]> {
  const withRoot = storage.has("taoWeight");
  const withChildren = storage.has("childKeys") && storage.has("parentKeys");
  const taoWeight = withRoot ? int(await storage.get("taoWeight")) : 0n;
  const stakes = new Map<string, Promise<bigint>>();
  const stakeOf = (hotkey: string, on: number): Promise<bigint> => {
    const key = `${on}/${hotkey}`;
    let p = stakes.get(key);
    if (!p) {
      p = storage.get("totalHotkeyAlpha", hotkey, on).then(int);
      stakes.set(key, p);
    }
    return p;
  };
  const inherited = async (hotkey: string, on: number, children: Links, parents: Links) =>
    inheritedStake(
      await stakeOf(hotkey, on),
      children.map(([p]) => p),
      await Promise.all(parents.map(async ([proportion, parent]) => ({ proportion, stake: await stakeOf(parent, on) }))),
    );
  return Promise.all(
    hotkeys.map(async (hotkey): Promise<EpochStake> => {
      if (!hotkey) return { total: 0n, alpha: 0n, root: 0n };
      const [children, parents]: [Links, Links] = withChildren
        ? await Promise.all([storage.get("childKeys", hotkey, netuid), storage.get("parentKeys", hotkey, netuid)]).then(([c, p]) => [
            links(c.toJSON()),
            links(p.toJSON()),
          ])
        : [[], []];
      const [alpha, root] = await Promise.all([
        // the root subnet's own alpha is not delegated
        netuid === ROOT ? stakeOf(hotkey, ROOT) : inherited(hotkey, netuid, children, parents),
        withRoot ? inherited(hotkey, ROOT, children, parents) : Promise.resolve(0n),
      ]);
      return { total: epochStakeTotal(alpha, root, taoWeight), alpha, root };
    }),
  );
}
