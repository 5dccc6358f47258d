/**
 * Test harness: miners behind real Axons on 127.0.0.1 and a validator that runs the kit's rounds
 * through a real Dendrite (signed requests, the Python SDK's wire format).
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { KitDriver, type SubnetKit } from "@tao-subnet/sdk/kit";
import { Axon, type AxonTarget, type Dendrite } from "@tao-subnet/sdk/net";
import type { StorageRequest, StorageResponse, StorageSender } from "../src/index.js";

await cryptoWaitReady();
export const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });

export interface RunningAxon {
  target: AxonTarget;
  axon: Axon;
  stop(): Promise<void>;
}

/** Serves a kit's `serve` behind an Axon (as the sdk's `runMiner` does, without a chain). */
export async function serveKit<E>(kit: SubnetKit<StorageRequest, StorageResponse, E>, uri: string): Promise<RunningAxon> {
  const hotkey = keyring.addFromUri(uri);
  const driver = new KitDriver(kit);
  const axon = new Axon({ hotkey, port: 0, rateLimit: { requests: 100_000, windowMs: 60_000 } });
  axon.attach(
    kit.synapse.name,
    async (body, ctx) => {
      const request = driver.parse("request", body);
      return driver.responseBody(request, await driver.serve(body, ctx));
    },
    { requiredHashFields: kit.synapse.requiredHashFields ?? [] },
  );
  const { port } = await axon.start();
  return { target: { ip: "127.0.0.1", port, hotkey: hotkey.address }, axon, stop: () => axon.stop() };
}

/** A `StorageSender` over a Dendrite (throws with the axon's status message when it refuses). */
export function dendriteSender(
  dendrite: Dendrite,
  target: AxonTarget,
  kit: SubnetKit<StorageRequest, StorageResponse, unknown>,
  timeoutMs = 30_000,
): StorageSender {
  const driver = new KitDriver(kit);
  return async (request) => {
    const r = await dendrite.call(target, kit.synapse.name, driver.requestBody(request), {
      timeoutMs,
      requiredHashFields: kit.synapse.requiredHashFields ?? [],
    });
    if (r.status !== 200 || !r.body) throw new Error(`${r.status} ${r.statusMessage}`);
    return driver.parse("response", r.body);
  };
}
