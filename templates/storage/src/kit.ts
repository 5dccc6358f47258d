/**
 * Your subnet's kit: the storage kit's market (validators store blobs on miners, keep only their
 * Merkle roots, and challenge random chunks with fresh nonces; miners answer chunk + proof +
 * H(chunk ‖ nonce)), checked and scored by *your* module in assembly/scoring.ts. Change the
 * options here: blob sizes, blobs per miner, the Wilson window, the latency budget, the failure
 * penalty (see the kit's README), or replace hooks entirely (docs/kit-api.md).
 */
import { type StorageKitOptions, storageKit } from "@tao-subnet/kit-storage";
import { scoringModuleAt } from "@tao-subnet/sdk/scoring";
import config from "../tao-subnet.config.json" with { type: "json" };
import { slowpoke } from "./adversary.js";

/** Your scoring module, where `npm run build` puts it (when it is missing, loading it says to run that). */
export const SCORING_MODULE = scoringModuleAt(new URL("../build/scoring.wasm", import.meta.url), { build: "npm run build" });

export function myKit(options: StorageKitOptions = {}) {
  // both the answer checks (verify) and the scores use your module
  const base = storageKit({ scoringModulePath: SCORING_MODULE.url, ...options });
  // the kit's adversaries and yours, run by name in `npm run simulate`
  return { ...base, name: `kit:${config.name}` as const, adversaries: { ...base.adversaries, slowpoke } };
}
