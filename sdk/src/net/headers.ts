/**
 * Strict parsing of a synapse request's headers (the Python SDK's `bt_header_dendrite_*`,
 * `computed_body_hash`, `timeout`), before anything is decoded or verified. Each header has one
 * accepted form and a bounded length; anything else is a 400 naming the header (a missing
 * signature is a 401: the request is unauthenticated, not malformed). Numbers are parsed from
 * digits only, so no header can become NaN and slip past a comparison (a dendrite version of
 * "not-a-number" once skipped the nonce freshness window).
 *
 * The dendrite's TerminalInfo echoed back in the response is bounded the same way
 * (`echoedTerminal`): only well-formed, short values are echoed.
 */
import { decodeAddress } from "@polkadot/util-crypto";
import { PROTOCOL_VERSION, TERMINAL_FIELDS, type TerminalInfo, terminalFromHeaders } from "./protocol.js";

/** A request refused with an HTTP status; `header` names the header at fault when one is. */
export class HeaderError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly header?: string,
  ) {
    super(message);
  }
}

/** The parsed dendrite headers of a request. */
export interface DendriteHeaders {
  hotkey: string;
  nonce: bigint;
  uuid: string;
  signature: string;
  bodyHash: string;
  /** Seconds, > 0 and ≤ 3600. */
  timeoutS: number;
  /** The dendrite's SDK version as an integer (ours when the header is absent). */
  version: number;
}

const SS58 = /^[1-9A-HJ-NP-Za-km-z]{40,50}$/;
const HEX_ACCOUNT = /^0x[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A nanosecond nonce: at most 20 digits (u64). */
const NONCE = /^\d{1,20}$/;
const SIGNATURE = /^0x[0-9a-fA-F]{128}$/;
const BODY_HASH = /^[0-9a-f]{64}$/;
/** Seconds as Python's `str(float)` or an integer writes them: `12.0`, `12`, `0.5`. */
const TIMEOUT = /^\d{1,4}(\.\d{1,9})?$/;
const VERSION = /^\d{1,10}$/;
const U64_MAX = (1n << 64n) - 1n;

const one = (h: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = h[name];
  if (Array.isArray(v)) throw new HeaderError(400, `malformed header ${name}: sent more than once`, name);
  return v;
};
const bad = (name: string, expected: string): never => {
  throw new HeaderError(400, `malformed header ${name}: expected ${expected}`, name);
};

/** Parses and checks the dendrite headers; throws HeaderError (400 naming the header, 401 for a missing signature). */
export function parseDendriteHeaders(h: Record<string, string | string[] | undefined>): DendriteHeaders {
  for (const name of ["bt_header_dendrite_hotkey", "bt_header_dendrite_nonce", "bt_header_dendrite_uuid", "computed_body_hash"])
    if (!one(h, name)) throw new HeaderError(400, `missing header ${name}`, name);
  // bounded before anything decodes it: base58 decoding is quadratic (a 15,000-character hotkey held the event loop for 0.7 s)
  const hotkey = one(h, "bt_header_dendrite_hotkey")!;
  if (!SS58.test(hotkey) && !HEX_ACCOUNT.test(hotkey)) bad("bt_header_dendrite_hotkey", "an ss58 address (or 0x + 32 bytes of hex)");
  let id: Uint8Array | null = null;
  try {
    id = decodeAddress(hotkey);
  } catch {
    id = null;
  }
  if (id === null || id.length !== 32) bad("bt_header_dendrite_hotkey", "an ss58 address with a valid checksum, of a 32-byte account");
  const nonceText = one(h, "bt_header_dendrite_nonce")!;
  if (!NONCE.test(nonceText) || BigInt(nonceText) > U64_MAX) bad("bt_header_dendrite_nonce", "an integer of nanoseconds (u64, digits only)");
  const uuid = one(h, "bt_header_dendrite_uuid")!;
  if (!UUID.test(uuid)) bad("bt_header_dendrite_uuid", "a uuid (8-4-4-4-12 hex digits)");
  const bodyHash = one(h, "computed_body_hash")!;
  if (!BODY_HASH.test(bodyHash)) bad("computed_body_hash", "64 lowercase hex digits (sha3-256)");
  const signature = one(h, "bt_header_dendrite_signature");
  if (!signature) throw new HeaderError(401, "signature missing: sign the request (bt_header_dendrite_signature)", "bt_header_dendrite_signature");
  if (!SIGNATURE.test(signature)) bad("bt_header_dendrite_signature", "0x + 64 bytes of hex");
  const timeoutText = one(h, "timeout") ?? "12";
  if (!TIMEOUT.test(timeoutText)) bad("timeout", "seconds, a decimal number such as 12.0");
  const timeoutS = Number(timeoutText);
  if (!(timeoutS > 0 && timeoutS <= 3600)) bad("timeout", "seconds, more than 0 and at most 3600");
  const versionText = one(h, "bt_header_dendrite_version");
  if (versionText !== undefined && !VERSION.test(versionText)) bad("bt_header_dendrite_version", "an integer (the SDK's version_as_int)");
  const version = versionText === undefined ? PROTOCOL_VERSION : Number(versionText);
  return { hotkey, nonce: BigInt(nonceText), uuid, signature, bodyHash, timeoutS, version };
}

/** Longest value of a dendrite TerminalInfo field echoed back (a signature is 130 characters). */
const MAX_ECHOED = 160;

/** The dendrite's TerminalInfo from the headers, for the response: only string values of at most 160 printable characters. */
export function echoedTerminal(headers: Record<string, string | string[] | undefined>): TerminalInfo {
  const all = terminalFromHeaders(headers, "dendrite");
  const out: TerminalInfo = {};
  for (const f of TERMINAL_FIELDS) {
    const v = all[f];
    if (typeof v === "string" && v.length <= MAX_ECHOED && /^[\x20-\x7e]*$/.test(v)) out[f] = v;
  }
  return out;
}
