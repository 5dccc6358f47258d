/**
 * Every kit's miner, served by the miner runtime over loopback HTTP against the devnet, refuses a
 * body swapped under headers signed for another one (#21 point 16): each kit declares the request
 * fields its signed body hash covers, and changing any of them after signing is a 400. A malformed
 * field is a 400 naming it, before the kit's `serve` runs.
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { imageKit } from "@tao-subnet/kit-image";
import { speechKit } from "@tao-subnet/kit-speech";
import { storageKit } from "@tao-subnet/kit-storage";
import { textKit } from "@tao-subnet/kit-text";
import { Dendrite, DevChain, runMiner, type SubnetKit } from "@tao-subnet/sdk";
import { afterAll, describe, expect, it } from "vitest";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const TAO = 1_000_000_000n;
const validator = keyring.addFromUri("//hash/validator");

/** Each kit with a valid request and, for each of its hashed fields, another valid value. */
const KITS: Array<{ kit: SubnetKit<unknown, unknown, unknown>; request: Record<string, unknown>; swaps: Record<string, unknown> }> = [
  {
    kit: textKit({ minerModel: null }) as SubnetKit<unknown, unknown, unknown>,
    request: { prompt: "What is the capital of France?", max_tokens: 16 },
    swaps: { prompt: "What is the capital of Spain?", max_tokens: 17 },
  },
  {
    kit: imageKit({ minerBackend: null }) as SubnetKit<unknown, unknown, unknown>,
    request: { image_png: "iVBORw0KGgo=", width: 4, height: 4, classes: ["cat"], max_detections: 5 },
    swaps: { image_png: "iVBORw0KGgp=", width: 5, height: 5, classes: ["dog"], max_detections: 6 },
  },
  {
    kit: speechKit({ minerEndpoint: null }) as SubnetKit<unknown, unknown, unknown>,
    request: { audio: "UklGRiQAAABXQVZF", language: "en" },
    swaps: { audio: "UklGRiQAAABXQVZG", language: "fr" },
  },
  {
    kit: storageKit() as unknown as SubnetKit<unknown, unknown, unknown>,
    request: { op: "prove", blob_id: "blob-1", chunk_index: 0, nonce: "00ff" },
    swaps: { op: "retrieve", blob_id: "blob-2", chunk_index: 1, nonce: "00fe" },
  },
];

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of stops) await s();
});

describe("every kit's requiredHashFields, through the miner runtime", () => {
  it.each(KITS.map((k) => [k.kit.name, k] as const))(
    "%s: a body swapped under the same signed headers is refused",
    async (_, { kit, request, swaps }) => {
      const hashed = kit.synapse.requiredHashFields ?? [];
      expect(hashed.length).toBeGreaterThan(0);
      for (const field of Object.keys(swaps)) expect(hashed).toContain(field);
      const chain = new DevChain();
      const owner = keyring.addFromUri(`//hash/${kit.name}/owner`);
      const minerKey = keyring.addFromUri(`//hash/${kit.name}/miner`);
      chain.fund(owner.address, 1000n * TAO);
      await chain.registerNetwork(owner, owner.address);
      for (const k of [validator, minerKey]) {
        chain.fund(k.address, 10n * TAO);
        await chain.burnedRegister(k, 1, k.address);
      }
      const miner = await runMiner({ chain, netuid: 1, hotkey: minerKey, kit, port: 0 });
      stops.push(() => miner.stop());
      // the headers and body a validator's dendrite signs for this request
      const { headers, payload } = new Dendrite(validator).prepare({ ip: "127.0.0.1", port: miner.port, hotkey: minerKey.address }, kit.synapse.name, request, {
        timeoutMs: 5000,
        requiredHashFields: hashed,
      });
      const post = (body: string) => fetch(`http://127.0.0.1:${miner.port}/${kit.synapse.name}`, { method: "POST", headers, body });
      const base = JSON.parse(payload) as Record<string, unknown>;
      for (const [field, value] of Object.entries(swaps)) {
        const res = await post(JSON.stringify({ ...base, [field]: value }));
        expect(res.status, `${kit.name} ${field}`).toBe(400);
        expect(res.headers.get("bt_header_axon_status_message"), field).toMatch(/body hash/);
      }
      // the headers themselves were good: the body they were signed for passes every check before the kit's serve
      const res = await post(payload);
      expect([400, 401, 403], `${res.status} ${res.headers.get("bt_header_axon_status_message")}`).not.toContain(res.status);
    },
    60_000,
  );
});
