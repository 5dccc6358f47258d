// The distribution after an epoch (`distribute_emission` and what it calls), for one subnet: the
// epoch's normalised shares times the drained server + validator + root alpha give each uid its
// incentive and dividend; dividends split into alpha and root parts by each hotkey's alpha stake
// against its root stake × TaoWeight, and are paid in proportion from the validator and root
// pools; validators keep their take; incentive to the owner's hotkeys is burned or recycled (its
// share recorded as MinerBurned); the owner's cut is staked to the owner's hotkey.
import { Fixed128 } from "../fixed/fixed128";
import { fxHi, u96Add, u96Div, u96FromU64, u96Mul, u96Sub, u96ToU64 } from "./fx";
import { N_ALPHA_STAKE, N_FLAGS, N_ROOT_STAKE, N_SERVER_SHARE, N_TAKE, N_VALIDATOR_SHARE, NF_EMISSION_AMOUNTS, NF_OWNED_BY_SUBNET_OWNER, ON_ALPHA_DIVIDENDS, ON_ALPHA_TAKE, ON_ROOT_ALPHA_DIVIDENDS, ON_ROOT_TAKE, ON_SERVER_EMISSION, ON_VALIDATOR_EMISSION, OS_DRAINED_OWNER_CUT, OS_DRAINED_ROOT, OS_DRAINED_SERVER, OS_DRAINED_VALIDATOR, OS_INCENTIVE_WITHHELD, OS_OWNER_CUT_STAKED, OS_RAO_EMISSION, S_FLAGS, S_LAST_MECHANISM_STEP_BLOCK, S_MINER_BURNED_HI, S_MINER_BURNED_LO, S_OWNER_HOTKEY_UID, S_SUBNET_ALPHA_OUT, SF_HAS_OWNER_HOTKEY_UID, SF_RECYCLE } from "./layout";
import { taoWeightFloat } from "./price";
import { neu, outNeu, outSub, satAdd, satSub, setNeu, setOutNeu, setOutSub, setSub, sub } from "./state";

/** floor(I96F32(share) × I96F32(rao)) as u64 (the epoch's last step); share is I32F32 bits. */
// see: subtensor pallets/subtensor/src/epoch/run_epoch.rs epoch_mechanism (server_emission, validator_emission) @ 14bc6f9
export function shareOf(shareBits: u64, rao: u64): u64 {
  const sLo = Fixed128.fromInt(<i64>shareBits, 0, true); // I32F32 bits widened to I96F32 bits exactly
  const sHi = Fixed128.hi();
  const rLo = Fixed128.fromU64(rao, 32, true);
  const rHi = Fixed128.hi();
  const pLo = Fixed128.saturatingMul(sHi, sLo, rHi, rLo, 32, true);
  return Fixed128.toU64Saturating(Fixed128.hi(), pLo, 32, true);
}

/** `get_hotkey_take_float`: U96F32(take) / U96F32(u16::MAX) (low word; high in `fxHi`). */
function takeFloat(take: u64): u64 {
  const tLo = u96FromU64(take);
  const tHi = fxHi;
  const mLo = u96FromU64(65535);
  return u96Div(tHi, tLo, fxHi, mLo);
}

/** Distributes the drained amounts of subnet record `s`, whose neurons are `first`…`first + n − 1`. */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs distribute_emission,
//   calculate_dividend_and_incentive_distribution, calculate_dividend_distribution,
//   distribute_dividends_and_incentives, get_owner_hotkeys @ 14bc6f9
export function distributeEmission(s: i32, first: i32, n: i32, block: u64): void {
  const server = outSub(s, OS_DRAINED_SERVER);
  const validator = outSub(s, OS_DRAINED_VALIDATOR);
  const root = outSub(s, OS_DRAINED_ROOT);
  const ownerCut = outSub(s, OS_DRAINED_OWNER_CUT);
  const rao = satAdd(satAdd(server, validator), root);
  setOutSub(s, OS_RAO_EMISSION, rao);

  // the epoch's hotkey emission: (incentive, dividend) per uid
  let incentiveSum: u64 = 0;
  for (let i = 0; i < n; i++) {
    const k = first + i;
    // amounts: the host split the emission between mechanisms and summed their epochs (mechanism.rs)
    const amounts = (neu(k, N_FLAGS) & NF_EMISSION_AMOUNTS) != 0;
    const se = amounts ? neu(k, N_SERVER_SHARE) : shareOf(neu(k, N_SERVER_SHARE), rao);
    const ve = amounts ? neu(k, N_VALIDATOR_SHARE) : shareOf(neu(k, N_VALIDATOR_SHARE), rao);
    setOutNeu(k, ON_SERVER_EMISSION, se);
    setOutNeu(k, ON_VALIDATOR_EMISSION, ve);
    incentiveSum = satAdd(incentiveSum, se);
  }
  // no incentive at all: the validators get the server alpha too
  const validatorAlpha = incentiveSum != 0 ? validator : satAdd(validator, server);

  // dividends into root and alpha parts by stake (no parents or children: each hotkey keeps its own)
  const alphaStake = new StaticArray<u64>(n);
  const rootStake = new StaticArray<u64>(n);
  const divHi = new StaticArray<u64>(n);
  const divLo = new StaticArray<u64>(n);
  for (let i = 0; i < n; i++) {
    const k = first + i;
    alphaStake[i] = neu(k, N_ALPHA_STAKE);
    rootStake[i] = neu(k, N_ROOT_STAKE);
    divLo[i] = u96FromU64(outNeu(k, ON_VALIDATOR_EMISSION));
    divHi[i] = fxHi;
  }
  const twLo = taoWeightFloat();
  const paHi = new StaticArray<u64>(n);
  const paLo = new StaticArray<u64>(n);
  const raHi = new StaticArray<u64>(n);
  const raLo = new StaticArray<u64>(n);
  dividendDistribution(n, validatorAlpha, root, fxHi, twLo, alphaStake, rootStake, divHi, divLo, paHi, paLo, raHi, raLo);

  // the owner's cut, staked to the owner's hotkey
  const flags = sub(s, S_FLAGS);
  const hasOwner = (flags & SF_HAS_OWNER_HOTKEY_UID) != 0;
  const ownerUid = hasOwner ? <i32>sub(s, S_OWNER_HOTKEY_UID) : -1;
  if (hasOwner) setNeu(first + ownerUid, N_ALPHA_STAKE, satAdd(neu(first + ownerUid, N_ALPHA_STAKE), ownerCut));
  setOutSub(s, OS_OWNER_CUT_STAKED, ownerCut);

  // incentives: withheld from the owner's hotkeys (burned, or recycled out of SubnetAlphaOut)
  let total: u64 = 0;
  let withheld: u64 = 0;
  const recycle = (flags & SF_RECYCLE) != 0;
  for (let i = 0; i < n; i++) {
    const k = first + i;
    const incentive = outNeu(k, ON_SERVER_EMISSION);
    total = satAdd(total, incentive);
    if (i == ownerUid || (neu(k, N_FLAGS) & NF_OWNED_BY_SUBNET_OWNER) != 0) {
      withheld = satAdd(withheld, incentive);
      if (recycle) setSub(s, S_SUBNET_ALPHA_OUT, satSub(sub(s, S_SUBNET_ALPHA_OUT), incentive));
      continue;
    }
    setNeu(k, N_ALPHA_STAKE, satAdd(neu(k, N_ALPHA_STAKE), incentive));
  }
  setOutSub(s, OS_INCENTIVE_WITHHELD, withheld);
  const wLo = u96FromU64(withheld);
  const wHi = fxHi;
  const tLo = u96FromU64(total);
  const mbLo = u96Div(wHi, wLo, fxHi, tLo);
  setSub(s, S_MINER_BURNED_HI, fxHi);
  setSub(s, S_MINER_BURNED_LO, mbLo);

  // alpha and root dividends less the validator's take
  for (let i = 0; i < n; i++) {
    const k = first + i;
    const tfLo = takeFloat(neu(k, N_TAKE));
    const tfHi = fxHi;
    const akLo = u96Mul(tfHi, tfLo, paHi[i], paLo[i]);
    const akHi = fxHi;
    const arLo = u96Sub(paHi[i], paLo[i], akHi, akLo);
    const arHi = fxHi;
    const alphaTake = u96ToU64(akHi, akLo);
    const alphaDivs = u96ToU64(arHi, arLo);
    const rkLo = u96Mul(tfHi, tfLo, raHi[i], raLo[i]);
    const rkHi = fxHi;
    const rrLo = u96Sub(raHi[i], raLo[i], rkHi, rkLo);
    const rrHi = fxHi;
    const rootTake = u96ToU64(rkHi, rkLo);
    const rootDivs = u96ToU64(rrHi, rrLo);
    setNeu(k, N_ALPHA_STAKE, satAdd(satAdd(satAdd(neu(k, N_ALPHA_STAKE), alphaTake), alphaDivs), rootTake));
    setOutNeu(k, ON_ALPHA_DIVIDENDS, alphaDivs);
    setOutNeu(k, ON_ALPHA_TAKE, alphaTake);
    setOutNeu(k, ON_ROOT_ALPHA_DIVIDENDS, rootDivs);
    setOutNeu(k, ON_ROOT_TAKE, rootTake);
  }
  setSub(s, S_LAST_MECHANISM_STEP_BLOCK, block);
}

/**
 * `calculate_dividend_distribution`: each hotkey's dividend (U96F32 `div`) splits into a root part
 * (by root stake × tao weight `tw` against alpha stake + that) and an alpha part; the pending alpha
 * is paid in proportion to the alpha parts and the pending root alpha in proportion to the root
 * parts (U96F32 results in `pa` and `ra`; 0 shares when a total is 0).
 */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs calculate_dividend_distribution @ 14bc6f9
export function dividendDistribution(
  n: i32,
  pendingAlpha: u64,
  pendingRoot: u64,
  twHi: u64,
  twLo: u64,
  alphaStake: StaticArray<u64>,
  rootStake: StaticArray<u64>,
  divHi: StaticArray<u64>,
  divLo: StaticArray<u64>,
  paHi: StaticArray<u64>,
  paLo: StaticArray<u64>,
  raHi: StaticArray<u64>,
  raLo: StaticArray<u64>,
): void {
  let trHi: u64 = 0;
  let trLo: u64 = 0;
  let taHi: u64 = 0;
  let taLo: u64 = 0;
  for (let i = 0; i < n; i++) {
    const dHi = divHi[i];
    const dLo = divLo[i];
    const asLo = u96FromU64(alphaStake[i]);
    const asHi = fxHi;
    const rsLo = u96FromU64(rootStake[i]);
    const rootAlphaLo = u96Mul(fxHi, rsLo, twHi, twLo);
    const rootAlphaHi = fxHi;
    const totLo = u96Add(asHi, asLo, rootAlphaHi, rootAlphaLo);
    const propLo = u96Div(rootAlphaHi, rootAlphaLo, fxHi, totLo);
    const rLo = u96Mul(dHi, dLo, fxHi, propLo);
    const rHi = fxHi;
    const aLo = u96Sub(dHi, dLo, rHi, rLo);
    const aHi = fxHi;
    // the root and alpha parts, kept in the output arrays until the shares below
    raHi[i] = rHi;
    raLo[i] = rLo;
    paHi[i] = aHi;
    paLo[i] = aLo;
    trLo = u96Add(trHi, trLo, rHi, rLo);
    trHi = fxHi;
    taLo = u96Add(taHi, taLo, aHi, aLo);
    taHi = fxHi;
  }
  const vaLo = u96FromU64(pendingAlpha);
  const vaHi = fxHi;
  const prLo = u96FromU64(pendingRoot);
  const prHi = fxHi;
  for (let i = 0; i < n; i++) {
    const rsLo = u96Div(raHi[i], raLo[i], trHi, trLo);
    raLo[i] = u96Mul(prHi, prLo, fxHi, rsLo);
    raHi[i] = fxHi;
    const asLo = u96Div(paHi[i], paLo[i], taHi, taLo);
    paLo[i] = u96Mul(vaHi, vaLo, fxHi, asLo);
    paHi[i] = fxHi;
  }
}
