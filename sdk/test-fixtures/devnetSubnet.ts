/**
 * A devnet subnet for the runtime tests: an owner (uid 0), a validator staked 500 TAO that holds
 * its permit after the first epoch, `miners` registered miners (serving an axon when `serve`, as a
 * validator finds them), and `others` registered but never staked, in that uid order. `seed` names
 * the chain (its genesis hash): two seeds, two chains with the same subnet and keys. The devnet
 * has commit-reveal on by default, as the chain: a test of plain set_weights turns it off in `hyperparameters`.
 */
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { DevChain } from "../src/chain/dev/devChain.js";
import type { SubnetHyperparameters } from "../src/chain/types.js";

const TAO = 1_000_000_000n;

export async function devnetSubnet(
  prefix: string,
  hyperparameters: Partial<SubnetHyperparameters> & { tempo: number },
  o: { miners: number; serve?: boolean; others?: string[]; seed?: string },
): Promise<{ chain: DevChain; owner: KeyringPair; netuid: number; validator: KeyringPair; miners: KeyringPair[]; others: KeyringPair[] }> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519" });
  const chain = new DevChain({ hyperparameters, seed: o.seed });
  const owner = keyring.addFromUri(`//${prefix}/owner`);
  chain.fund(owner.address, 10_000n * TAO);
  const net = await chain.registerNetwork(owner, owner.address);
  if (!net.ok) throw new Error(net.message);
  const netuid = net.value.netuid;
  await chain.startCall(owner, netuid);
  const validator = keyring.addFromUri(`//${prefix}/validator`);
  const others = (o.others ?? []).map((name) => keyring.addFromUri(`//${prefix}/${name}`));
  const miners = Array.from({ length: o.miners }, (_, i) => keyring.addFromUri(`//${prefix}/m${i + 1}`));
  for (const k of [validator, ...others, ...miners]) {
    chain.fund(k.address, 1000n * TAO);
    const r = await chain.burnedRegister(k, netuid, k.address);
    if (!r.ok) throw new Error(r.message);
  }
  if (o.serve) for (const m of miners) await chain.serveAxon(m, netuid, { ip: "10.0.0.1", port: 8091, ipType: 4, protocol: 4, version: 0 });
  await chain.addStake(validator, validator.address, netuid, 500n * TAO);
  await chain.advance(hyperparameters.tempo); // the first epoch gives the validator its permit
  return { chain, owner, netuid, validator, miners, others };
}
