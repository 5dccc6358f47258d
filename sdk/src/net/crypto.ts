/**
 * sr25519 for the wire protocol, on @polkadot/wasm-crypto (schnorrkel compiled to WASM). The
 * keyring's own `pair.sign` / `signatureVerify` take about 1.6 / 4.5 ms on this machine class,
 * the WASM calls 0.2 / 0.4 ms, and an Axon verifies (and signs) every request. Signatures are the
 * same scheme (substrate signing context), so either side can be anything sr25519.
 */
import { hexToU8a, u8aToHex, u8aWrapBytes } from "@polkadot/util";
import { decodeAddress } from "@polkadot/util-crypto";
import { sr25519Sign, sr25519Verify, waitReady } from "@polkadot/wasm-crypto";
import type { Signer } from "../chain/types.js";

export const cryptoReady = (): Promise<boolean> => waitReady();

const secrets = new WeakMap<Signer, { publicKey: Uint8Array; secretKey: Uint8Array } | null>();

/** The 64-byte sr25519 secret of an unlocked keyring pair (PKCS#8: 16-byte header, secret, 5-byte divider, public key). */
function secretOf(pair: Signer): { publicKey: Uint8Array; secretKey: Uint8Array } | null {
  if (secrets.has(pair)) return secrets.get(pair)!;
  let found: { publicKey: Uint8Array; secretKey: Uint8Array } | null = null;
  try {
    if (pair.type === "sr25519" && !pair.isLocked) {
      const pkcs8 = pair.encodePkcs8();
      found = { secretKey: pkcs8.slice(16, 80), publicKey: pair.publicKey };
    }
  } catch {
    found = null;
  }
  secrets.set(pair, found);
  return found;
}

/** Signs UTF-8 `message` with the pair; returns `0x` + hex (64 bytes). Keys stay in memory only. */
export function signMessage(pair: Signer, message: string): string {
  const bytes = new TextEncoder().encode(message);
  const s = secretOf(pair);
  return u8aToHex(s ? sr25519Sign(s.publicKey, s.secretKey, bytes) : pair.sign(bytes));
}

const publicKeys = new Map<string, Uint8Array>();
/** ss58 → public key, cached (base58 decoding costs more than the verification's hashing). */
function publicKeyOf(ss58: string): Uint8Array {
  let pub = publicKeys.get(ss58);
  if (!pub) {
    pub = decodeAddress(ss58);
    if (publicKeys.size > 100_000) publicKeys.clear();
    publicKeys.set(ss58, pub);
  }
  return pub;
}

/** Verifies an sr25519 signature of UTF-8 `message` by `ss58`, also accepting the `<Bytes>`-wrapped form (polkadot-js `signRaw`). */
export function verifyMessage(message: string, signature: string, ss58: string): boolean {
  try {
    const pub = publicKeyOf(ss58);
    const sig = hexToU8a(signature);
    if (sig.length !== 64 || pub.length !== 32) return false;
    const bytes = new TextEncoder().encode(message);
    return sr25519Verify(sig, bytes, pub) || sr25519Verify(sig, u8aWrapBytes(bytes), pub);
  } catch {
    return false;
  }
}
