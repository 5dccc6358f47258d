/**
 * Timelocked commits on the devnet, through the same code as on a real chain: a local beacon that
 * signs rounds with its own BLS key (quicknet's scheme: the signature of round n is sk·H(n) on
 * G1, the public key sk·G2), the client's `encodeWeightsPayload` + `tlockEncrypt` to commit, and
 * `tlockDecrypt` + `decodeWeightsPayload` with the beacon's signature to reveal, as the runtime's
 * `reveal_crv3_commits_for_subnet` (spec 425) does.
 *
 * Devnet time is blocks, so the local beacon publishes round n at block n (period 1, genesis 0):
 * a commit aims at the third block of its reveal epoch (the Python SDK's offset), which on the
 * devnet starts `commitRevealPeriod` epochs after the commit's epoch. In each block of the reveal
 * epoch, commits whose round is published are decrypted and their weights set (a payload that does
 * not decrypt, does not decode, or names another hotkey is dropped, as the chain drops it); a
 * commit still waiting for its round when the reveal epoch ends is dropped too.
 */
import { createHash } from "node:crypto";
import { bls12_381 as bls } from "@noble/curves/bls12-381";
import { decodeAddress } from "@polkadot/util-crypto";
import type { DrandBeacon } from "../timelock/drand.js";
import { decodeWeightsPayload, encodeWeightsPayload } from "../timelock/payload.js";
import { roundIdentity, tlockDecrypt, tlockEncrypt } from "../timelock/tle.js";
import type { TxResult } from "../types.js";
import type { DevSubnet, DevTimelockedCommit } from "./state.js";

const REVEAL_OFFSET = 3;

/** A beacon with its own key, derived from `seed`; round n is published at devnet block n. */
export class LocalBeacon {
  readonly #sk: bigint;
  readonly info: DrandBeacon;

  constructor(seed: string) {
    const order = bls.fields.Fr.ORDER;
    const h = BigInt(`0x${createHash("sha256").update(`tao-subnet local beacon:${seed}`).digest("hex")}`);
    this.#sk = (h % (order - 1n)) + 1n;
    this.info = { publicKey: Buffer.from(bls.G2.Point.BASE.multiply(this.#sk).toBytes(true)).toString("hex"), period: 1, genesisTime: 0 };
  }

  /** The beacon's signature of `round` (compressed G1), the key that opens ciphertexts to that round. */
  sign(round: number): Uint8Array {
    return roundIdentity(round).multiply(this.#sk).toBytes(true);
  }
}

/** The round a devnet commit aims at: the third block of its reveal epoch (earlier in a shorter epoch). */
export function devRevealRound(s: DevSubnet): number {
  const { tempo, commitRevealPeriod } = s.hyperparameters;
  return s.lastEpochBlock + commitRevealPeriod * tempo + Math.min(REVEAL_OFFSET, Math.max(0, tempo - 1));
}

/** The commit's ciphertext: the hotkey-first (version 4) payload encrypted to `round`. */
export function devCommitBytes(beacon: LocalBeacon, hotkey: string, round: number, uids: number[], weights: number[], versionKey: bigint): string {
  const payload = encodeWeightsPayload({ uids, values: weights, versionKey, hotkey: decodeAddress(hotkey) }, "hotkey");
  return Buffer.from(tlockEncrypt(payload, round, beacon.info.publicKey)).toString("hex");
}

/**
 * Reveals what is due at `block` in subnet `s` (see the file header); `apply` sets weights as a
 * reveal does (no rate limit), on the commit's mechanism. Returns the reveals applied.
 */
export function revealTimelocked(
  s: DevSubnet,
  block: number,
  beacon: LocalBeacon,
  apply: (hotkey: string, uids: number[], weights: number[], versionKey: bigint, mecid: number) => TxResult,
): Array<{ commit: DevTimelockedCommit; result: TxResult | null }> {
  const out: Array<{ commit: DevTimelockedCommit; result: TxResult | null }> = [];
  if (!s.timelocked?.length) return out;
  const period = s.hyperparameters.commitRevealPeriod;
  const keep: DevTimelockedCommit[] = [];
  for (const c of s.timelocked) {
    const revealEpoch = c.epoch + period;
    if (s.epochIndex < revealEpoch || (s.epochIndex === revealEpoch && block < c.round)) {
      keep.push(c); // not yet: its epoch, or its round, has not come
      continue;
    }
    if (s.epochIndex > revealEpoch) {
      out.push({ commit: c, result: null }); // the reveal epoch passed without the round: dropped
      continue;
    }
    let result: TxResult | null = null;
    try {
      const p = decodeWeightsPayload(tlockDecrypt(Buffer.from(c.commit, "hex"), beacon.sign(c.round)));
      const mine = Buffer.from(decodeAddress(c.hotkey)).toString("hex");
      if (p.hotkey && Buffer.from(p.hotkey).toString("hex") === mine) result = apply(c.hotkey, p.uids, p.values, p.versionKey, c.mecid ?? 0);
    } catch {
      result = null; // not decryptable or not a payload: dropped, as the chain drops it
    }
    out.push({ commit: c, result });
  }
  s.timelocked = keep;
  return out;
}
