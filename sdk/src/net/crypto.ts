/**
 * sr25519 for the wire protocol (substrate signing context, so either side can be anything
 * sr25519), on @polkadot-labs/schnorrkel-wasm: schnorrkel 0.11 compiled to WASM, instantiated
 * synchronously when this module loads. Per operation on this machine class it takes 56 µs to sign
 * and 113 µs to verify, against 105 / 256 µs for @polkadot/wasm-crypto and 1.6 / 4.5 ms for the
 * keyring's JavaScript; an Axon verifies and signs every request (bench/RESULTS.md, net).
 *
 * That module panics (a WASM trap) on a signature or public key that schnorrkel cannot parse,
 * where a verifier must simply say no. So everything a caller controls is checked here first,
 * exactly as schnorrkel parses it, and refused when it would not parse:
 * - the signature: 64 bytes of hex, schnorrkel's marker bit (bit 511) set, and its scalar `s`
 *   canonical (below the group order ℓ) — `Signature::from_bytes`;
 * - the public key: a valid ss58 address whose 32 bytes are a canonical ristretto255 encoding
 *   (RFC 9496 decode, by @noble/curves) — `PublicKey::from_bytes`; checked once per address.
 * A trap must never happen: wasm-bindgen does not restore the module's stack pointer after one, so
 * each trap leaks a stack frame, and after about 1,200 of them the instance reads out of bounds.
 * Should one get past these checks anyway, this module stops using schnorrkel-wasm for the rest of
 * the process and goes on with @polkadot/wasm-crypto (the same scheme, about half as fast), which
 * answers false where schnorrkel-wasm panics.
 */
import { RistrettoPoint } from "@noble/curves/ed25519";
import { u8aWrapBytes } from "@polkadot/util";
import { cryptoWaitReady, decodeAddress } from "@polkadot/util-crypto";
import { sr25519Sign, sr25519Verify, waitReady } from "@polkadot/wasm-crypto";
import { sr25519_sign, sr25519_verify } from "@polkadot-labs/schnorrkel-wasm";
import type { Signer } from "../chain/types.js";

/** Resolves when the keyring's crypto and the fallback (@polkadot/wasm-crypto) are loaded; schnorrkel-wasm loads with this module. */
let ready: Promise<boolean> | undefined;
export const cryptoReady = (): Promise<boolean> => {
  ready ??= Promise.all([cryptoWaitReady(), waitReady()]).then((r) => r.every(Boolean));
  return ready;
};

/** False once schnorrkel-wasm has trapped (its instance is then corrupt): @polkadot/wasm-crypto signs and verifies from then on. */
let schnorrkelUsable = true;
export const usingSchnorrkelWasm = (): boolean => schnorrkelUsable;

/** `fast()` on schnorrkel-wasm while it has never trapped, else `fallback()` on @polkadot/wasm-crypto. */
function schnorrkelOr<T>(fast: () => T, fallback: () => T): T {
  if (schnorrkelUsable)
    try {
      return fast();
    } catch {
      schnorrkelUsable = false;
    }
  return fallback();
}

/** sr25519 sign of raw bytes (substrate context) with a 32-byte public and 64-byte secret key. */
const sign = (publicKey: Uint8Array, secretKey: Uint8Array, bytes: Uint8Array): Uint8Array =>
  schnorrkelOr(
    () => sr25519_sign(publicKey, secretKey, bytes),
    () => sr25519Sign(publicKey, secretKey, bytes),
  );

/**
 * sr25519 verify of raw bytes. Exported for the test that makes schnorrkel-wasm trap on purpose
 * (a public key that is not a point); everything else goes through `verifyMessage`, which checks
 * its inputs first.
 */
export const verifyBytes = (publicKey: Uint8Array, bytes: Uint8Array, signature: Uint8Array): boolean =>
  schnorrkelOr(
    () => sr25519_verify(publicKey, bytes, signature),
    () => sr25519Verify(signature, bytes, publicKey),
  );

const utf8 = new TextEncoder();
const toHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;

interface Secret {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}
const secrets = new WeakMap<Signer, Secret | null>();
const PROBE = utf8.encode("tao-subnet: sr25519 self-check");

/**
 * The 64-byte sr25519 secret of an unlocked keyring pair (PKCS#8: 16-byte header, secret, 5-byte
 * divider, public key), kept only if a probe signed with it verifies for the pair's public key;
 * otherwise the pair signs for itself.
 */
function secretOf(pair: Signer): Secret | null {
  if (secrets.has(pair)) return secrets.get(pair)!;
  let found: Secret | null = null;
  try {
    if (pair.type === "sr25519" && !pair.isLocked) {
      const candidate = { secretKey: pair.encodePkcs8().slice(16, 80), publicKey: pair.publicKey };
      if (verifyBytes(candidate.publicKey, PROBE, sign(candidate.publicKey, candidate.secretKey, PROBE))) found = candidate;
    }
  } catch {
    found = null;
  }
  secrets.set(pair, found);
  return found;
}

/** Signs UTF-8 `message` with the pair; returns `0x` + hex (64 bytes). Keys stay in memory only. */
export function signMessage(pair: Signer, message: string): string {
  const bytes = utf8.encode(message);
  const s = secretOf(pair);
  return toHex(s ? sign(s.publicKey, s.secretKey, bytes) : pair.sign(bytes));
}

const publicKeys = new Map<string, Uint8Array | null>();
/** ss58 → its public key if that is a valid ristretto255 point, else null; cached (base58 and the point decoding cost more than a lookup). */
function publicKeyOf(ss58: string): Uint8Array | null {
  if (ss58.length > 66) return null; // an ss58 address is ≤ 50 characters, a hex key 66; base58 decoding is quadratic
  let pub = publicKeys.get(ss58);
  if (pub === undefined) {
    try {
      pub = decodeAddress(ss58);
      if (pub.length !== 32) pub = null;
      else RistrettoPoint.fromBytes(pub);
    } catch {
      pub = null;
    }
    if (publicKeys.size >= 100_000) publicKeys.clear();
    publicKeys.set(ss58, pub);
  }
  return pub;
}

/** ℓ, the order of the ristretto255 group. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const SIGNATURE_HEX = /^0x[0-9a-fA-F]{128}$/;

/** The 64 signature bytes if schnorrkel's `Signature::from_bytes` accepts them (marked, canonical s), else null. */
export function parseSignature(signature: string): Uint8Array | null {
  if (!SIGNATURE_HEX.test(signature)) return null;
  const sig = Buffer.from(signature.slice(2), "hex");
  const top = sig[63]!;
  if ((top & 0x80) === 0) return null; // not marked as schnorrkel (an ed25519-style signature)
  // s = bytes 32..63 little-endian without the marker: below 2^252 it is canonical; else compare with ℓ
  if ((top & 0x70) !== 0) {
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).reverse().toString("hex")}`) & ((1n << 255n) - 1n);
    if (s >= L) return null;
  }
  return new Uint8Array(sig.buffer, sig.byteOffset, 64);
}

/** Verifies an sr25519 signature of UTF-8 `message` by `ss58`, also accepting the `<Bytes>`-wrapped form (polkadot-js `signRaw`). */
export function verifyMessage(message: string, signature: string, ss58: string): boolean {
  const pub = publicKeyOf(ss58);
  const sig = parseSignature(signature);
  if (!pub || !sig) return false;
  const bytes = utf8.encode(message);
  return verifyBytes(pub, bytes, sig) || verifyBytes(pub, u8aWrapBytes(bytes), sig);
}
