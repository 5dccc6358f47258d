/**
 * The commit hash of commit-reveal (v2) weights, as the chain checks it on reveal:
 * blake2_256(SCALE(hotkey AccountId32, netuid u16, uids Vec<u16>, values Vec<u16>, salt Vec<u16>, version_key u64)).
 */
import { compactToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a, decodeAddress } from "@polkadot/util-crypto";
import type { Hex } from "./types.js";

const u16le = (x: number) => new Uint8Array([x & 0xff, (x >> 8) & 0xff]);
const vecU16 = (xs: number[]) => u8aConcat(compactToU8a(xs.length), ...xs.map(u16le));
const u64le = (x: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, x, true);
  return b;
};

// see: subtensor pallets/subtensor/src/subnets/weights.rs get_commit_hash @ 14bc6f9
export function commitHash(hotkey: string, netuid: number, uids: number[], values: number[], salt: number[], versionKey: bigint): Hex {
  return u8aToHex(blake2AsU8a(u8aConcat(decodeAddress(hotkey), u16le(netuid), vecU16(uids), vecU16(values), vecU16(salt), u64le(versionKey)), 256)) as Hex;
}
