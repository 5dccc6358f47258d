/**
 * Timelock encryption to a drand round, as subtensor's runtime decrypts it: the `tle` crate of
 * ideal-lab5/timelock (the revision subtensor's Cargo.lock pins, 5416406), scheme `TinyBLS381`
 * (BLS12-381, signatures on G1, public keys on G2; drand quicknet), stream cipher AES-256-GCM,
 * written in arkworks' compressed serialisation (`arkworks.ts`). Ported from the crate's
 * `tlock.rs`, `ibe/fullident.rs`, `ibe/utils.rs`, `stream_ciphers.rs` and `curves/drand.rs`; the
 * curve arithmetic, hash-to-curve and the pairing are @noble/curves'.
 *
 * Encryption of `message` to round `n` under the beacon's public key P (on G2):
 * 1. a fresh 32-byte AES key k; the body is AES-256-GCM(k, 12-byte random nonce, no AAD) of the
 *    message, the 16-byte tag appended;
 * 2. the identity is Q = H(sha256(n as u64 big-endian)) on G1, hashed to the curve with drand's
 *    DST `BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_`: the point the beacon signs for round n,
 *    so its signature for n is the IBE secret for Q;
 * 3. k is IBE-encrypted (Boneh–Franklin FullIdent): σ = sha256(a random scalar, 32 bytes LE);
 *    r = sha256(σ ‖ k) as a big-endian integer mod the group order; U = r·G2;
 *    V = σ ⊕ sha256(ser(e(Q, r·P))); W = k ⊕ sha256(σ).
 * Decryption with the signature S of round n: σ = V ⊕ sha256(ser(e(S, U))), k = W ⊕ sha256(σ),
 * and U must equal sha256(σ ‖ k)·G2, or the signature is the wrong one. Then AES-GCM opens the body.
 *
 * Layout (`TLECiphertext { header: { u, v, w }, body, cipher_suite }`): U (96) ‖ vec(V) ‖ vec(W)
 * ‖ vec(vec(ciphertext‖tag) ‖ vec(nonce)) ‖ vec("AES_GCM_"), vec = u64 LE length ‖ bytes;
 * 244 bytes plus the message.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { bls12_381 as bls } from "@noble/curves/bls12-381";
import { ArkReader, arkFq12, arkVec, concatBytes } from "./arkworks.js";
import { TimelockError, TimelockErrorCode } from "./errors.js";

/** drand quicknet's DST for hashing a round's message to G1 (`QUICKNET_CTX` in the crate). */
export const QUICKNET_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
/** The stream cipher's id in the ciphertext (`AESGCMStreamCipherProvider::CIPHER_SUITE`). */
const CIPHER_SUITE = new TextEncoder().encode("AES_GCM_");
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const G2_BYTES = 96;
const G1_BYTES = 48;
const ORDER = bls.fields.Fr.ORDER;

type G1 = ReturnType<typeof bls.G1.Point.fromHex>;
type G2 = ReturnType<typeof bls.G2.Point.fromHex>;

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const xor32 = (a: Uint8Array, b: Uint8Array): Uint8Array => a.map((x, i) => x ^ b[i]!);
const beInt = (b: Uint8Array): bigint => b.reduce((n, x) => (n << 8n) | BigInt(x), 0n);
const hexBytes = (x: Uint8Array | string): Uint8Array => (typeof x === "string" ? new Uint8Array(Buffer.from(x.replace(/^0x/, ""), "hex")) : x);

/** The beacon's message for `round`: sha256 of the round as a big-endian u64 (what drand signs). */
export function roundMessage(round: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(round), false);
  return sha256(b);
}

/** The IBE identity of `round`: its message hashed to G1 (equal to the beacon's signature base). */
export const roundIdentity = (round: number | bigint): G1 => bls.G1.hashToCurve(roundMessage(round), { DST: QUICKNET_DST }) as unknown as G1;

const point = <P>(parse: (b: Uint8Array) => P, bytes: Uint8Array, size: number, what: string): P => {
  if (bytes.length !== size) throw new TimelockError(TimelockErrorCode.INVALID_POINT, `${what}: expected ${size} bytes (compressed), got ${bytes.length}`);
  try {
    return parse(bytes);
  } catch (e) {
    throw new TimelockError(TimelockErrorCode.INVALID_POINT, `${what}: not a compressed point of its BLS12-381 group (${(e as Error).message})`);
  }
};

/** A beacon public key: 96 bytes (or hex), compressed G2. */
export const parsePublicKey = (key: Uint8Array | string): G2 => point((b) => bls.G2.Point.fromHex(b), hexBytes(key), G2_BYTES, "beacon public key");

/**
 * Parsed beacon keys with a precomputed multiplication table (r·P then takes 1.5 ms instead of
 * 32), by hex; a process meets one or two beacons, and the cache keeps at most 8.
 */
const beaconKeys = new Map<string, G2>();
function beaconKey(key: Uint8Array | string): G2 {
  const hex = typeof key === "string" ? key.replace(/^0x/, "").toLowerCase() : Buffer.from(key).toString("hex");
  let p = beaconKeys.get(hex);
  if (!p) {
    p = parsePublicKey(key);
    p.precompute(8);
    if (beaconKeys.size >= 8) beaconKeys.delete(beaconKeys.keys().next().value!);
    beaconKeys.set(hex, p);
  }
  return p;
}
/** A round signature: 48 bytes (or hex), compressed G1. */
export const parseSignature = (sig: Uint8Array | string): G1 => point((b) => bls.G1.Point.fromHex(b), hexBytes(sig), G1_BYTES, "round signature");

/** `sha256(ser(e(g1, g2)))`, the crate's `h2` of the pairing. */
const h2 = (g1: G1, g2: G2): Uint8Array => sha256(arkFq12(bls.pairing(g1, g2)));

/** `h3`: sha256(σ ‖ k) as a big-endian integer, reduced mod the group order. */
const h3 = (sigma: Uint8Array, key: Uint8Array): bigint => beInt(sha256(sigma, key)) % ORDER;

export interface TlockOptions {
  /** Random bytes (default node:crypto); give a seeded source for reproducible ciphertexts. */
  random?: (n: number) => Uint8Array;
}

/** Encrypts `message` to `round` of the beacon with public key `publicKey` (compressed G2). */
export function tlockEncrypt(message: Uint8Array, round: number | bigint, publicKey: Uint8Array | string, options: TlockOptions = {}): Uint8Array {
  if (BigInt(round) < 1n || BigInt(round) >= 1n << 64n)
    throw new TimelockError(TimelockErrorCode.INVALID_ARGUMENT, `round: expected a drand round 1..2^64-1, got ${round}`);
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const pub = beaconKey(publicKey);
  const key = random(32);
  // the AES body
  const nonce = random(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const sealed = concatBytes(cipher.update(message), cipher.final(), cipher.getAuthTag());
  // the IBE header: σ from a random scalar (serialised 32 bytes LE, as ark writes a scalar)
  let r = 0n;
  let sigma: Uint8Array = new Uint8Array(32);
  while (r === 0n) {
    let t = beInt(random(48)) % ORDER;
    const tBytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++, t >>= 8n) tBytes[i] = Number(t & 0xffn);
    sigma = sha256(tBytes);
    r = h3(sigma, key);
  }
  const u = bls.G2.Point.BASE.multiply(r);
  const v = xor32(sigma, h2(roundIdentity(round), pub.multiply(r)));
  const w = xor32(key, sha256(sigma));
  const body = concatBytes(arkVec(sealed), arkVec(nonce));
  return concatBytes(u.toBytes(true), arkVec(v), arkVec(w), arkVec(body), arkVec(CIPHER_SUITE));
}

/** The parts of a compressed `TLECiphertext<TinyBLS381>`. */
export interface TlockCiphertext {
  u: G2;
  v: Uint8Array;
  w: Uint8Array;
  sealed: Uint8Array;
  nonce: Uint8Array;
  cipherSuite: Uint8Array;
}

/** Parses a compressed ciphertext as the runtime's `deserialize_compressed` does (trailing bytes are ignored, as there). */
export function parseTlockCiphertext(bytes: Uint8Array): TlockCiphertext {
  const r = new ArkReader(bytes, "timelocked commit");
  const u = point((b) => bls.G2.Point.fromHex(b), r.take(G2_BYTES, "header.u"), G2_BYTES, "timelocked commit header.u");
  const v = r.vec("header.v");
  const w = r.vec("header.w");
  const body = new ArkReader(r.vec("body"), "timelocked commit body");
  const sealed = body.vec("ciphertext");
  const nonce = body.vec("nonce");
  const cipherSuite = r.vec("cipher_suite");
  if (v.length !== 32 || w.length !== 32)
    throw new TimelockError(TimelockErrorCode.INVALID_CIPHERTEXT, `timelocked commit: header.v and header.w must be 32 bytes, got ${v.length} and ${w.length}`);
  return { u, v, w, sealed, nonce, cipherSuite };
}

/** Decrypts with the beacon's signature for the ciphertext's round (compressed G1); DECRYPTION_FAILED for any other signature. */
export function tlockDecrypt(ciphertext: Uint8Array, signature: Uint8Array | string): Uint8Array {
  const ct = parseTlockCiphertext(ciphertext);
  const sig = parseSignature(signature);
  const sigma = xor32(ct.v, h2(sig, ct.u));
  const key = xor32(ct.w, sha256(sigma));
  const r = h3(sigma, key);
  if (r === 0n || !bls.G2.Point.BASE.multiply(r).equals(ct.u))
    throw new TimelockError(TimelockErrorCode.DECRYPTION_FAILED, "timelocked commit: the signature is not the beacon's signature for this ciphertext's round");
  if (ct.nonce.length !== NONCE_BYTES || ct.sealed.length < TAG_BYTES)
    throw new TimelockError(
      TimelockErrorCode.DECRYPTION_FAILED,
      `timelocked commit: AES-GCM needs a 12-byte nonce and a 16-byte tag, got ${ct.nonce.length} and ${ct.sealed.length} bytes`,
    );
  try {
    const d = createDecipheriv("aes-256-gcm", key, ct.nonce);
    d.setAuthTag(ct.sealed.subarray(ct.sealed.length - TAG_BYTES));
    return concatBytes(d.update(ct.sealed.subarray(0, ct.sealed.length - TAG_BYTES)), d.final());
  } catch {
    throw new TimelockError(TimelockErrorCode.DECRYPTION_FAILED, "timelocked commit: AES-GCM refused the body (it was altered)");
  }
}

/** Whether `signature` is the beacon's (public key `publicKey`) signature for `round`: e(S, G2) = e(H(round), P). */
export function verifyRoundSignature(round: number | bigint, signature: Uint8Array | string, publicKey: Uint8Array | string): boolean {
  return bls.fields.Fp12.eql(bls.pairing(parseSignature(signature), bls.G2.Point.BASE), bls.pairing(roundIdentity(round), parsePublicKey(publicKey)));
}
