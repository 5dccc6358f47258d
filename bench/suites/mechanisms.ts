/**
 * The devnet's epochs with mechanisms (issue #18 part 2): a 128-uid subnet (the most two
 * mechanisms allow: max allowed uids × mechanisms ≤ 256), 16 validators with full rows to the 112
 * miners, tempo 10; one op is `advance(10)`: nine blocks without an epoch and the epoch block. The
 * baseline is the same subnet with one mechanism; with two, the epoch block also runs the coinbase
 * step once on copies (to read the drained alpha) and one epoch per mechanism.
 */
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain } from "@tao-subnet/sdk/devnet";
import { type BenchSuite, machine, measureAsync, table } from "../harness.js";

const TAO = 1_000_000_000n;
const TEMPO = 10;
const UIDS = 128;
const VALIDATORS = 16;

async function subnet(mechanisms: number): Promise<{ chain: DevChain; netuid: number }> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({
    seed: "bench mechanisms",
    hyperparameters: {
      tempo: TEMPO,
      weightsRateLimit: 1,
      maxAllowedUids: UIDS,
      maxAllowedValidators: VALIDATORS,
      immunityPeriod: 1_000_000,
      activityCutoff: 1_000_000,
      commitRevealWeightsEnabled: false,
    },
  });
  const owner = keyring.addFromUri("//bench/owner");
  chain.fund(owner.address, 1_000_000n * TAO);
  const r = await chain.registerNetwork(owner, owner.address);
  if (!r.ok) throw new Error(r.message);
  const netuid = r.value.netuid;
  await chain.startCall(owner, netuid);
  if (mechanisms > 1) {
    const m = await chain.setMechanismCount(owner, netuid, mechanisms);
    if (!m.ok) throw new Error(m.message);
  }
  const validators: KeyringPair[] = [];
  for (let i = 1; i < UIDS; i++) {
    const k = keyring.addFromUri(`//bench/${i}`);
    chain.fund(k.address, 100_000n * TAO);
    const reg = await chain.burnedRegister(k, netuid, k.address);
    if (!reg.ok) throw new Error(reg.message);
    if (i <= VALIDATORS) {
      await chain.addStake(k, k.address, netuid, BigInt(1000 + 37 * i) * TAO);
      validators.push(k);
    }
  }
  await chain.advance(TEMPO); // permits
  const miners = Array.from({ length: UIDS - 1 - VALIDATORS }, (_, i) => VALIDATORS + 1 + i);
  for (const [i, v] of validators.entries())
    for (let mecid = 0; mecid < mechanisms; mecid++) {
      const w = miners.map((u) => 1 + ((u * 7919 + i * 104729 + mecid * 15485863) % 65535));
      const res = await chain.setWeights(v, netuid, miners, w, 0n, mecid ? { mecid } : undefined);
      if (!res.ok) throw new Error(`${res.error}: ${res.message}`);
    }
  return { chain, netuid };
}

const suite: BenchSuite = {
  name: "mechanisms",
  async run() {
    const one = await subnet(1);
    const two = await subnet(2);
    const rows = [];
    try {
      rows.push(
        await measureAsync("baseline: one mechanism, 128 uids (advance(10): an epoch)", () => one.chain.advance(TEMPO), { budgetMs: 1500, samples: 5 }),
      );
      rows.push(await measureAsync("two mechanisms, even split, same subnet", () => two.chain.advance(TEMPO), { budgetMs: 1500, samples: 5 }));
      if (!two.chain.lastMechanismEpochs(two.netuid)) throw new Error("the two-mechanism subnet ran no mechanism epochs");
    } finally {
      await one.chain.close();
      await two.chain.close();
    }
    return [`Machine: ${machine()}`, "", table(rows)].join("\n");
  },
};
export default suite;
