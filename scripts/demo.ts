/**
 * `npm run demo`: the main job on the embedded default. Until the devnet lands, the "chain" is
 * the WASM core alone: a small subnet (3 validators, 5 miners: two good, one mediocre, one that
 * stopped answering, one copying another's output) is run for 12 epochs of Yuma 3 with the bonds
 * carried from epoch to epoch, and the demo prints who earned what, as the chain would compute it.
 */
import { blockEmission, halvingInfo, runEpoch, type EpochInput, type SparseRow } from "@tao-subnet/core";

const ISSUANCE = 10_000_000_000_000_000n; // 10M TAO issued
const TEMPO = 360;
const names = ["validator A (stake 60%)", "validator B (stake 30%)", "validator C (stake 10%)", "miner: good", "miner: good", "miner: mediocre", "miner: offline", "miner: copier"];
const n = names.length;
// what each validator's scoring found (u16 weights on miners 3..7); the copier returns another
// miner's answer, which the kit's `verify` catches, so honest validators give it nothing
const scores: number[][] = [
  [65535, 60000, 30000, 0, 0],
  [64000, 65535, 28000, 0, 0],
  [65535, 62000, 35000, 0, 3000],
];

const perEpoch = blockEmission(ISSUANCE) * BigInt(TEMPO);
let bonds: SparseRow[] = Array.from({ length: n }, () => []);
let permits = Array.from({ length: n }, () => false);
const earned = Array.from({ length: n }, () => 0n);
for (let e = 0; e < 12; e++) {
  const block = 1000 + e * TEMPO;
  const input: EpochInput = {
    n,
    stake: ["600000000000000", "300000000000000", "100000000000000", "0", "0", "0", "0", "0"],
    lastUpdate: [block - 5, block - 5, block - 5, block - 5, block - 5, block - 5, 1, block - 5],
    blockAtRegistration: Array.from({ length: n }, () => 1),
    validatorPermit: permits,
    weights: Array.from({ length: n }, (_, i) => (i < 3 ? scores[i]!.map((w, k) => [k + 3, w] as [number, number]) : [])),
    bonds,
    currentBlock: block,
    tempo: TEMPO,
    activityCutoff: 5000,
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: "975000",
    yuma3: true,
    liquidAlpha: false,
    maxAllowedValidators: 3,
    raoEmission: String(perEpoch),
    lastMechanismStepBlock: block - TEMPO,
    ownerUid: null,
    stakeThreshold: "0",
  };
  const out = runEpoch(input);
  bonds = out.bonds;
  permits = out.validatorPermit;
  out.emission.forEach((x, i) => (earned[i]! += BigInt(x)));
}

const tao = (rao: bigint) => (Number(rao) / 1e9).toFixed(3).padStart(10);
const total = earned.reduce((a, b) => a + b, 0n);
const h = halvingInfo(ISSUANCE);
console.log(`tao-subnet demo: 12 epochs of Yuma 3 on an 8-uid subnet, computed by the WASM core (the chain's numbers).`);
console.log(`Issuance 10M TAO → block emission ${tao(h.blockEmission).trim()} TAO (halvings so far ${h.halvings}, next at ${tao(h.nextHalvingIssuance ?? 0n).trim()} TAO issued); ${tao(perEpoch).trim()} TAO per tempo of ${TEMPO} blocks.\n`);
console.log(`uid  ${"who".padEnd(26)} ${"earned (TAO)".padStart(12)}  share`);
earned.forEach((x, i) => console.log(`${String(i).padStart(3)}  ${names[i]!.padEnd(26)} ${tao(x)}  ${((Number(x) / Number(total)) * 100).toFixed(1).padStart(5)} %`));
console.log(`\nThe offline miner and the copier earn (almost) nothing; validators earn dividends by their bonds.`);
console.log(`Replay any epoch with: npx tao-subnet epoch <state.json> --trace`);
