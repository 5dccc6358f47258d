/**
 * A real subtensor chain for tests: `startLocalnet` from TAO_SUBNET_RUNTIME (a runtime blob such
 * as spec 300's babe-pos.wasm) or TAO_SUBNET_CHAIN_SPEC (a raw chain spec), a `SubtensorChain`
 * client on it, and the root-only setup a subnet needs before the chain's conformance suite can
 * use it. Nothing here is bundled: the runtime comes from the path in the environment.
 */
import { Keyring } from "@polkadot/keyring";
import { compactToU8a, u8aConcat } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { type Signer, SubtensorChain } from "@tao-subnet/sdk/chain";
import type { ChainSuiteContext } from "@tao-subnet/sdk/testing";
import { type Localnet, startLocalnet } from "../../cli/src/localnet/localnet.js";

export const RUNTIME = process.env.TAO_SUBNET_RUNTIME;
export const CHAIN_SPEC = process.env.TAO_SUBNET_CHAIN_SPEC;
export const SKIP_REASON =
  RUNTIME || CHAIN_SPEC
    ? undefined
    : "real-chain tests skipped: set TAO_SUBNET_RUNTIME to a subtensor runtime .wasm (spec 300: babe-pos.wasm from opentensor/subtensor@738ba0c0c) or TAO_SUBNET_CHAIN_SPEC to a raw chain spec";

export interface LocalnetContext extends ChainSuiteContext {
  chain: SubtensorChain;
  net: Localnet;
  sudo: Signer;
  close(): Promise<void>;
}

const must = async (what: string, p: Promise<{ ok: boolean; error?: string; message?: string }>) => {
  const r = await p;
  if (!r.ok) throw new Error(`localnet setup: ${what} failed: ${r.error}: ${r.message}`);
};

/**
 * Root-only settings a localnet operator makes on a new subnet (docs/chain.md,
 * "Traps": tempo 10, registration limits, min weights 1, no max weight, weights rate limit 2), then
 * `start_call` once DurationOfStartCall blocks have passed (`start` does it; default: as sudo).
 */
export async function prepareSubnet(
  chain: SubtensorChain,
  sudo: Signer,
  advance: (n: number) => Promise<void>,
  netuid: number,
  start?: () => Promise<{ ok: boolean; error?: string; message?: string }>,
): Promise<void> {
  await subnetSettings(chain, sudo, netuid);
  for (let i = 0; i < 30; i++) {
    const r = await (start ? start() : chain.startCall(sudo, netuid));
    if (r.ok) return;
    if (!/NeedWaitingMoreBlocksToStarCall/.test(`${r.error} ${r.message}`)) throw new Error(`start_call: ${r.error}: ${r.message}`);
    await advance(3);
  }
  throw new Error("start_call never became possible");
}

/** The root-only settings of `prepareSubnet`, in one sudo batch, without start_call. */
export async function subnetSettings(chain: SubtensorChain, sudo: Signer, netuid: number): Promise<void> {
  const calls: Array<[string, unknown[]]> = [
    ["sudoSetTempo", [netuid, 10]],
    ["sudoSetTargetRegistrationsPerInterval", [netuid, 256]],
    ["sudoSetMaxRegistrationsPerBlock", [netuid, 256]],
    ["sudoSetMinAllowedWeights", [netuid, 1]],
    ["sudoSetMaxWeightLimit", [netuid, 65535]],
    // the rate limit counts from registration too: 2 blocks keeps SettingWeightsTooFast testable
    ["sudoSetWeightsSetRateLimit", [netuid, 2]],
  ];
  await must(
    "subnet setup",
    chain.send(sudo, () => chain.api.tx.sudo!.sudo!(chain.api.tx.utility!.batchAll!(calls.map(([m, a]) => chain.api.tx.adminUtils![m]!(...a))))),
  );
}

/** Starts the localnet and connects; the chain builds a block whenever transactions arrive. */
export async function startLocalnetContext(): Promise<LocalnetContext> {
  await cryptoWaitReady();
  const net = await startLocalnet({ source: RUNTIME ? { runtime: RUNTIME } : { spec: CHAIN_SPEC! }, blocks: "batch" });
  const chain = await SubtensorChain.connect(net.endpoint);
  const keyring = new Keyring({ type: "sr25519" });
  const sudo = keyring.addFromUri("//Alice");
  const accounts = ["//Bob", "//Charlie", "//Dave", "//Eve"].map((u) => keyring.addFromUri(u));
  // every test registers its own subnet: no network rate limit
  await must(
    "sudoSetNetworkRateLimit",
    chain.send(sudo, () => chain.sudoCall("adminUtils", "sudoSetNetworkRateLimit", [0])),
  );
  await must(
    "sudoSetStakeThreshold",
    chain.send(sudo, () => chain.sudoCall("adminUtils", "sudoSetStakeThreshold", [0])),
  );
  const advance = async (n: number) => void (await net.newBlocks(n));
  return {
    chain,
    net,
    sudo,
    owner: sudo,
    accounts,
    advance,
    prepareSubnet: (netuid) => prepareSubnet(chain, sudo, advance, netuid),
    async close() {
      await chain.close();
      await net.close();
    },
  };
}

/** A drand pulse as the drand pallet stores it: the round, its randomness and its signature (hex, no 0x). */
export interface DrandPulse {
  round: number;
  randomness: string;
  signature: string;
}

/** The SCALE bytes of the drand pallet's `Pulse { round: u64, randomness: BoundedVec<u8, 32>, signature: BoundedVec<u8, 144> }`. */
export function pulseValue(p: DrandPulse): Uint8Array {
  const round = new Uint8Array(8);
  new DataView(round.buffer).setBigUint64(0, BigInt(p.round), true);
  const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, "hex"));
  const vec = (b: Uint8Array) => u8aConcat(compactToU8a(b.length), b);
  return u8aConcat(round, vec(bytes(p.randomness)), vec(bytes(p.signature)));
}
