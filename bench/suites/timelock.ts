/**
 * What a timelocked weights commit costs the client, per commit, against a hash commit (the
 * baseline, `commitHash`: blake2 of the SCALE weights and salt) in the same run: the SCALE payload
 * and its encryption to a drand quicknet round (`tlockEncrypt`: hash to G1, two G2
 * multiplications, one pairing, AES-GCM), at 256 uids. Also the parts (the pairing, hashing the
 * round to G1) and a decryption with the round's signature (what a chain, or the devnet's local
 * beacon, does per reveal).
 */
import { bls12_381 as bls } from "@noble/curves/bls12-381";
import { commitHash } from "@tao-subnet/sdk/chain";
import { decodeWeightsPayload, encodeWeightsPayload, QUICKNET, roundIdentity, tlockDecrypt, tlockEncrypt } from "@tao-subnet/sdk/timelock";
import { type BenchSuite, type Measurement, machine, measure, table } from "../harness.js";

const N = 256;
const HOTKEY = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const SIGNATURE_1000 = "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";

const suite: BenchSuite = {
  name: "timelock",
  async run() {
    const uids = Array.from({ length: N }, (_, i) => i);
    const values = uids.map((i) => (i * 2654435761) % 65536);
    const salt = [1, 2, 3, 4, 5, 6, 7, 8];
    const hotkey = new Uint8Array(32).fill(7);
    const pk = bls.G2.Point.fromHex(QUICKNET.publicKey);
    const id = roundIdentity(1000);
    const ct = tlockEncrypt(encodeWeightsPayload({ uids, values, versionKey: 1n }, "legacy"), 1000, QUICKNET.publicKey);
    let sink = 0;
    const rows = [
      measure(`hash commit (commitHash, ${N} uids)`, () => {
        sink ^= commitHash(HOTKEY, 1, uids, values, salt, 1n).length;
      }),
      measure(`timelocked commit (payload + tlockEncrypt, ${N} uids)`, () => {
        sink ^= tlockEncrypt(encodeWeightsPayload({ uids, values, versionKey: 1n, hotkey }, "hotkey"), 1000, QUICKNET.publicKey).length;
      }),
      measure("  of which: one pairing e(Q, rP)", () => {
        sink ^= bls.pairing(id, pk).c0.c0.c0 > 0n ? 1 : 0;
      }),
      measure("  of which: the round hashed to G1", () => {
        sink ^= roundIdentity(1000).toBytes(true).length;
      }),
      measure(`reveal: tlockDecrypt + decode with the round's signature (${N} uids)`, () => {
        sink ^= decodeWeightsPayload(tlockDecrypt(ct, SIGNATURE_1000)).uids.length;
      }),
    ];
    void sink;
    const [hash, tl] = rows as [Measurement, Measurement];
    return [
      `Machine: ${machine()}. Ciphertext ${ct.length} bytes for ${N} uids (the payload plus 244). @noble/curves 1.9.7, AES-GCM from node:crypto.`,
      table(rows),
      `A timelocked commit takes ${(tl.msPerOp / hash.msPerOp).toFixed(0)}× the time of a hash commit (${tl.msPerOp.toFixed(1)} ms against ${hash.msPerOp.toFixed(3)} ms), once per commit.`,
    ].join("\n\n");
  },
};
export default suite;
