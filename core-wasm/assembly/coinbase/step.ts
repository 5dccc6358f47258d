// One block of the chain's emission over the whole network, in the chain's order (`block_step`'s
// mint, `run_coinbase`, then the moving prices and root proportions). Each stage is its own file:
//   shares.ts (mint, gates, shares) → terms.ts → inject.ts (injection and the chain's buy) →
//   participants.ts (owner cut, server/validator/root alpha) → scheduler.ts (drain_pending) →
//   distribute.ts → price.ts (moving price, root proportion).
// The packed layout is core-wasm/src/coinbaseLayout.ts (constants generated into ./layout.ts). The
// input is validated before it reaches here (core-wasm/src/coinbaseValidate.ts).
import { fxHi } from "./fx";
import { beginInjection, injectAndMaybeSwap, unspentCredit } from "./inject";
import { distributeEmission } from "./distribute";
import { EPOCH_RAN, H_BLOCK_EMISSION, H_BLOCK_NUMBER, H_HAS_BLOCK_EMISSION, H_NEURON_COUNT, H_SUBNET_COUNT, H_TOTAL_ISSUANCE, OH_BLOCK_EMISSION, OH_ROOT_SELL_FLAG, OH_TAO_RECYCLED, OH_WORDS, ON_WORDS, OS_EMITTED, OS_EPOCH, OS_TAO_EMISSION_HI, OS_TAO_EMISSION_LO, OS_WORDS, S_NETUID, S_NEURON_COUNT, S_ROOT_PROP_HI, S_ROOT_PROP_LO } from "./layout";
import { emitParticipantAlpha } from "./participants";
import { cacheTaoWeight, rootProportion, updateMovingPrice } from "./price";
import { anyEpochWouldRun, drainPending } from "./scheduler";
import { isEmitted, mintAmount, rootSellFlag, subnetEmissions } from "./shares";
import { bind, hdr, outSub, satAdd, satSub, setHdr, setOutHdr, setOutSub, setSub, sub } from "./state";
import { u96ToU64 } from "./fx";
import { subnetTerms, termAlphaInHi, termAlphaInLo, termAlphaOut, termExcessHi, termExcessLo, termTaoInHi, termTaoInLo } from "./terms";

/**
 * Subnet record indices in storage order (`storage`) or by netuid. NetworksAdded keys are u16
 * little-endian, so storage order is by (netuid & 0xff, netuid >> 8): netuid 256 before netuid 1.
 * Netuids are distinct (validated): a network of a few hundred subnets is insertion-sorted, a larger
 * one placed by its 16-bit keys in one pass (no quadratic time on 65,535 subnets).
 */
function sortedBy(count: i32, storage: bool): StaticArray<i32> {
  const order = new StaticArray<i32>(count);
  const keys = new StaticArray<u32>(count);
  for (let s = 0; s < count; s++) {
    const netuid = <u32>sub(s, S_NETUID);
    keys[s] = storage ? ((netuid & 0xff) << 8) | (netuid >> 8) : netuid;
  }
  if (count > 256) {
    const slot = new StaticArray<i32>(65536);
    for (let s = 0; s < count; s++) slot[keys[s]] = s + 1;
    for (let k = 0, i = 0; k < 65536; k++) if (slot[k] != 0) order[i++] = slot[k] - 1;
    return order;
  }
  for (let s = 0; s < count; s++) {
    let j = s;
    while (j > 0 && keys[order[j - 1]] > keys[s]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = s;
  }
  return order;
}

/**
 * Runs one block on the packed input: the state is updated in place, and what the block computed
 * is returned (layout OUT_*).
 */
export function coinbaseStepPacked(input: ArrayBuffer): ArrayBuffer {
  const p = changetype<usize>(input);
  return step(p, <i32>load<u64>(p + (<usize>H_NEURON_COUNT << 3)));
}

/**
 * The same block on an input that ends after the subnet records (no neuron section; the header's
 * neuronCount may still count the uids, which are not read): returns null and changes nothing when
 * an epoch would run in this block (its distribution reads the neurons; the caller then steps with
 * them), else the output without its neuron section (every neuron output word of such a block is 0).
 */
export function coinbaseStepNoEpoch(input: ArrayBuffer): ArrayBuffer | null {
  const p = changetype<usize>(input);
  const count = <i32>load<u64>(p + (<usize>H_SUBNET_COUNT << 3));
  bind(p, 0, count, 0);
  if (anyEpochWouldRun(count, hdr(H_BLOCK_NUMBER))) return null;
  return step(p, 0);
}

function step(p: usize, neurons: i32): ArrayBuffer {
  const count = <i32>load<u64>(p + (<usize>H_SUBNET_COUNT << 3));
  const output = new ArrayBuffer((OH_WORDS + count * OS_WORDS + neurons * ON_WORDS) << 3);
  bind(p, changetype<usize>(output), count, neurons);
  const block = hdr(H_BLOCK_NUMBER);
  cacheTaoWeight();
  const firstNeuron = new StaticArray<i32>(count);
  for (let s = 0, k = 0; s < count; s++) {
    firstNeuron[s] = k;
    k += <i32>sub(s, S_NEURON_COUNT);
  }
  const storage = sortedBy(count, true);
  const ascending = sortedBy(count, false);

  // 1. the mint
  const issuance = hdr(H_TOTAL_ISSUANCE);
  const minted = mintAmount(hdr(H_HAS_BLOCK_EMISSION) != 0, hdr(H_BLOCK_EMISSION), issuance);
  setHdr(H_TOTAL_ISSUANCE, satAdd(issuance, minted));
  setOutHdr(OH_BLOCK_EMISSION, minted);

  // 2. subnets to emit to (storage order), their shares and TAO emission
  const emitted = new StaticArray<i32>(count);
  let emittedCount = 0;
  for (let i = 0; i < count; i++) if (isEmitted(storage[i])) emitted[emittedCount++] = storage[i];
  const emHi = new StaticArray<u64>(count);
  const emLo = new StaticArray<u64>(count);
  subnetEmissions(emitted, emittedCount, minted, emHi, emLo);
  const rootSell = rootSellFlag(emitted, emittedCount);
  setOutHdr(OH_ROOT_SELL_FLAG, rootSell ? 1 : 0);

  // 3. terms, all from the prices before any injection
  const taoIn = new StaticArray<u64>(count);
  const alphaIn = new StaticArray<u64>(count);
  const alphaOut = new StaticArray<u64>(count);
  const excess = new StaticArray<u64>(count);
  for (let i = 0; i < emittedCount; i++) {
    const s = emitted[i];
    setOutSub(s, OS_EMITTED, 1);
    setOutSub(s, OS_TAO_EMISSION_HI, emHi[s]);
    setOutSub(s, OS_TAO_EMISSION_LO, emLo[s]);
    subnetTerms(s, emHi[s], emLo[s]);
    // inject_and_maybe_swap reads them as `tou64!`
    taoIn[s] = u96ToU64(termTaoInHi, termTaoInLo);
    alphaIn[s] = u96ToU64(termAlphaInHi, termAlphaInLo);
    alphaOut[s] = termAlphaOut;
    excess[s] = u96ToU64(termExcessHi, termExcessLo);
  }

  // 4. injection and the chain's buy (storage order), the rest of the credit recycled
  beginInjection(minted);
  for (let i = 0; i < emittedCount; i++) {
    const s = emitted[i];
    injectAndMaybeSwap(s, taoIn[s], alphaIn[s], excess[s]);
  }
  const recycled = unspentCredit();
  setOutHdr(OH_TAO_RECYCLED, recycled);
  setHdr(H_TOTAL_ISSUANCE, satSub(hdr(H_TOTAL_ISSUANCE), recycled));

  // 5. the participants' alpha (storage order)
  for (let i = 0; i < emittedCount; i++) emitParticipantAlpha(emitted[i], alphaOut[emitted[i]], rootSell);

  // 6. the epoch scheduler over every subnet (storage order)
  drainPending(storage, count, block);

  // 7. distribution after the epochs that ran (ascending netuid)
  for (let i = 0; i < count; i++) {
    const s = ascending[i];
    if (outSub(s, OS_EPOCH) == EPOCH_RAN) distributeEmission(s, firstNeuron[s], <i32>sub(s, S_NEURON_COUNT), block);
  }

  // 8. moving prices, then root proportions, of the emitted subnets
  for (let i = 0; i < emittedCount; i++) updateMovingPrice(emitted[i], block);
  for (let i = 0; i < emittedCount; i++) {
    const s = emitted[i];
    const lo = rootProportion(s);
    setSub(s, S_ROOT_PROP_HI, fxHi);
    setSub(s, S_ROOT_PROP_LO, lo);
  }
  return output;
}
