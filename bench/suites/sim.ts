/**
 * Simulated epochs per second on the devnet: a 256-uid subnet (the owner, 64 validators, 191
 * miners), tempo 10.
 *
 * 1. Chain and consensus only, 1,000 epochs: every epoch each validator sets a full weight row
 *    (the chain's checks, max-upscale), the devnet mints 10 blocks of emission and runs the
 *    epoch through the WASM Yuma 3 (`runEpoch`). Baseline in the same run: `runEpoch` alone on
 *    the same exported inputs, so the ratio is the chain's overhead.
 * 2. With the text kit: `simulate()` with the same population, every validator (a real
 *    `ValidatorRuntime` on the in-process transport) challenging and scoring every miner each
 *    epoch through the real kit (challenge, reference miner, verify, the WASM scoring module in
 *    the sandbox; 12,224 scored answers per epoch), fewer epochs; then the same with the subnet's
 *    commit-reveal on (a commit and a reveal per validator per epoch).
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { type EpochInput, runEpoch } from "@tao-subnet/core";
import { textKit } from "@tao-subnet/kit-text";
import { DevChain, simulate } from "@tao-subnet/sdk";
import { machine, measure } from "../harness.js";

const TAO = 1_000_000_000n;
const N_VALIDATORS = 64;
const N_MINERS = 191;
const TEMPO = 10;

/** xorshift32: deterministic weights without Math.random. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

async function chainOnly(epochs: number): Promise<{ seconds: number; inputs: EpochInput[] }> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({
    seed: "bench sim",
    hyperparameters: { tempo: TEMPO, weightsRateLimit: 1, maxAllowedUids: 256, maxAllowedValidators: N_VALIDATORS + 1, immunityPeriod: 1_000_000 },
  });
  const owner = keyring.addFromUri("//bench/owner");
  chain.fund(owner.address, 1_000_000n * TAO);
  const r = await chain.registerNetwork(owner, owner.address);
  if (!r.ok) throw new Error(r.message);
  const netuid = r.value.netuid;
  const validators = [];
  const minerUids: number[] = [];
  for (let i = 0; i < N_VALIDATORS + N_MINERS; i++) {
    const k = keyring.addFromUri(`//bench/${i}`);
    chain.fund(k.address, 100_000n * TAO);
    const reg = await chain.burnedRegister(k, netuid, k.address);
    if (!reg.ok) throw new Error(reg.message);
    if (i < N_VALIDATORS) {
      await chain.addStake(k, k.address, netuid, BigInt(1000 + 37 * i) * TAO);
      validators.push(k);
    } else minerUids.push(reg.value.uid);
  }
  await chain.advance(TEMPO); // permits
  const next = rng(7);
  const inputs: EpochInput[] = [];
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    for (const v of validators) {
      const weights = minerUids.map(() => 1 + (next() % 65535));
      const res = await chain.setWeights(v, netuid, minerUids, weights, 0n);
      if (!res.ok) throw new Error(`epoch ${e}: ${res.error} ${res.message}`);
    }
    await chain.advance(TEMPO);
    if (e % 10 === 0) inputs.push(chain.lastEpoch(netuid)!.input);
  }
  const seconds = (performance.now() - t0) / 1000;
  await chain.close();
  return { seconds, inputs };
}

export default {
  name: "sim",
  async run() {
    const EPOCHS = Number(process.env.BENCH_SIM_EPOCHS ?? 1000);
    const KIT_EPOCHS = Number(process.env.BENCH_SIM_KIT_EPOCHS ?? 3);
    const a = await chainOnly(EPOCHS);
    let k = 0;
    const epochOnly = measure("runEpoch", () => runEpoch(a.inputs[k++ % a.inputs.length]!), { budgetMs: 1000, samples: 5 }).opsPerSec;
    const chainRate = EPOCHS / a.seconds;

    const kit = textKit({ minerModel: null });
    const kitRun = async (commitReveal: boolean) => {
      const t = performance.now();
      const r = await simulate(kit, {
        seed: "bench",
        epochs: KIT_EPOCHS,
        tempo: TEMPO,
        miners: { honest: N_MINERS },
        validators: Array.from({ length: N_VALIDATORS }, (_, i) => ({ profile: "honest" as const, stake: 1000 + 37 * i })),
        commitReveal,
      });
      const rate = KIT_EPOCHS / ((performance.now() - t) / 1000);
      return { rate, reveals: r.validators.reduce((a, v) => a + v.revealed, 0) };
    };
    const kitRate = (await kitRun(false)).rate;
    const cr = await kitRun(true);
    const fmt = (x: number) => (x >= 10 ? x.toFixed(1) : x.toPrecision(3));
    return [
      `Machine: ${machine()}. 256 uids (owner + ${N_VALIDATORS} validators + ${N_MINERS} miners), tempo ${TEMPO}, Yuma 3, no liquid α. \`npm run bench -- sim\``,
      "",
      "| case | epochs | epochs/s | ms/epoch | ratio vs baseline |",
      "|---|---:|---:|---:|---:|",
      `| \`runEpoch\` alone, cycling over the same exported inputs (baseline; median of 5 × 1 s) | ${a.inputs.length} inputs | ${fmt(epochOnly)} | ${fmt(1000 / epochOnly)} | 1.00× |`,
      `| devnet, chain and consensus: 64 full weight rows set + ${TEMPO} blocks + epoch | ${EPOCHS} | ${fmt(chainRate)} | ${fmt(1000 / chainRate)} | ${(chainRate / epochOnly).toFixed(2)}× |`,
      `| simulate() with the text kit: every validator scores every miner (${N_VALIDATORS * N_MINERS} answers/epoch) | ${KIT_EPOCHS} | ${fmt(kitRate)} | ${fmt(1000 / kitRate)} | ${(kitRate / epochOnly).toFixed(3)}× |`,
      `| the same with commit-reveal on (${cr.reveals} reveals) | ${KIT_EPOCHS} | ${fmt(cr.rate)} | ${fmt(1000 / cr.rate)} | ${(cr.rate / epochOnly).toFixed(3)}× |`,
    ].join("\n");
  },
};
