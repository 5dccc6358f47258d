/**
 * One coinbase step (issue #17 part 6): a block of the chain's emission over 128 dynamic subnets of
 * 256 uids each (32,768 neurons) with no epoch due, release build. Rows: the typed-array API
 * (`coinbaseStepArrays`: validation, copying the packed words in and out), the JSON API
 * (`coinbaseStep`: validation, decimal strings) on the same network, and, as the same-run
 * baseline, one Yuma 3 epoch of a single 256-uid subnet (64 validators, full rows) on the typed
 * API (`runEpochArrays`), the unit of work a validator already runs each tempo. The typed API is
 * measured twice: returning new arrays, and in place with reused output arrays. A second table
 * adds the block in which 2 of the 128 epochs run (MaxEpochsPerBlock 2: their distribution).
 */
import { coinbaseStep, coinbaseStepArrays, runEpochArrays, toCoinbaseArrays, toEpochInputArrays } from "@tao-subnet/core";
import { coinbaseNetwork } from "../fixtures/coinbaseNetwork.js";
import { benchSubnet } from "../fixtures/epochSubnet.js";
import { type BenchSuite, machine, measure, table } from "../harness.js";

const suite: BenchSuite = {
  name: "coinbase",
  async run() {
    const net = coinbaseNetwork(128, 256);
    const typed = toCoinbaseArrays(net);
    const epoch = toEpochInputArrays(benchSubnet(256, 64));
    const check = coinbaseStepArrays(typed);
    // a devnet's loop: the state stepped in place, the output arrays reused (no epoch comes due:
    // the block number stays, so tempo blocks never pass)
    const inPlace = toCoinbaseArrays(net);
    const reuse = coinbaseStepArrays(inPlace).computed;
    if (check.computed.header[0] === 0n) throw new Error("the bench network minted nothing");
    const rows = [
      measure("baseline: one epoch, 256 uids (runEpochArrays)", () => runEpochArrays(epoch), { budgetMs: 500 }),
      measure("coinbase step, 128 subnets × 256 uids, no epoch (coinbaseStepArrays)", () => coinbaseStepArrays(typed), { budgetMs: 500 }),
      measure("the same in place, into reused output arrays (as a devnet steps)", () => coinbaseStepArrays(inPlace, { inPlace: true, computed: reuse }), {
        budgetMs: 500,
      }),
      measure("the same through the JSON API (coinbaseStep)", () => coinbaseStep(net), { budgetMs: 1000, samples: 3 }),
    ];
    // the block in which two epochs are due: tempo passed for every subnet, MaxEpochsPerBlock 2
    const due = toCoinbaseArrays({ ...net, blockNumber: (BigInt(net.blockNumber) + 400n).toString() });
    const epochs = measure("coinbase step with 2 of 128 epochs distributed (coinbaseStepArrays)", () => coinbaseStepArrays(due), { budgetMs: 500 });
    return [
      `Machine: ${machine()}`,
      "",
      table(rows),
      "",
      table([rows[0]!, epochs]),
      "",
      `Goal: one step over 128 × 256 without an epoch in ≤ 1 ms: ${rows[1]!.msPerOp.toFixed(3)} ms with new arrays, ${rows[2]!.msPerOp.toFixed(3)} ms in place (${rows[2]!.msPerOp <= 1 ? "met" : "not met"}).`,
    ].join("\n");
  },
};
export default suite;
