/**
 * The Python `bittensor` SDK's HTTP wire protocol for synapses (SDK 10.x), ported:
 * - route `POST /<SynapseName>`, body = the synapse's JSON (its fields plus `dendrite`/`axon`
 *   TerminalInfo objects and the base fields `name`, `timeout`, …);
 * - headers `name`, `timeout`, `bt_header_dendrite_<field>` / `bt_header_axon_<field>` for the
 *   TerminalInfo fields, `computed_body_hash`;
 * - body hash = sha3_256(concat(sha3_256_hex(str(value)) for each required hash field)), hex;
 *   with no required fields, sha3_256("");
 * - the dendrite signs `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}` with sr25519
 *   (`0x` + hex); the axon signs `{axon_nonce}.{dendrite_hotkey}.{axon_hotkey}.{axon_uuid}`.
 */
import { createHash } from "node:crypto";

/** SDK version we announce (`version_as_int` of 10.2.0 = major·1e6 + minor·1e3 + patch). */
export const PROTOCOL_VERSION = 10_002_000;
/** Dendrite versions from which the Python SDK applies the freshness window to first nonces. */
export const NEW_NONCE_RULES_VERSION = 7_002_000;

export const TERMINAL_FIELDS = ["status_code", "status_message", "process_time", "ip", "port", "version", "nonce", "uuid", "hotkey", "signature"] as const;
export type TerminalInfo = Partial<Record<(typeof TERMINAL_FIELDS)[number], string | number | null>>;

const sha3hex = (s: string) => createHash("sha3-256").update(s, "utf8").digest("hex");

/** Characters Python's `str.isprintable()` rejects (other than the space): categories C and Z. */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/**
 * Python's `repr()` of a string, as `str()` of a list writes each element: single quotes, or double
 * quotes when the text holds a single quote and no double one; backslash, the quote, \t \n \r
 * escaped; other unprintable characters as \xhh, \uhhhh or \Uhhhhhhhh; printable ones kept.
 */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && NOT_PRINTABLE.test(ch))
      out +=
        cp < 0x100
          ? `\\x${cp.toString(16).padStart(2, "0")}`
          : cp < 0x10000
            ? `\\u${cp.toString(16).padStart(4, "0")}`
            : `\\U${cp.toString(16).padStart(8, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** Python `str(value)` for the value kinds a required hash field may hold. */
export function pythonStr(value: unknown, field: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  // a safe integer prints the same in both languages; beyond 2^53 a JavaScript number is not the integer Python holds
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return `[${value.map(pythonRepr).join(", ")}]`;
  if (Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isSafeInteger(v))) return `[${value.join(", ")}]`;
  throw new TypeError(
    `required hash field ${field}: only strings, safe integers, booleans, None and lists of strings or of safe integers hash like the Python SDK; got ${Array.isArray(value) ? "a list of other values" : typeof value}`,
  );
}

/** sha3_256(""): the body hash of every synapse without required hash fields (most of them). */
const NO_FIELDS_HASH = sha3hex("");

/** `computed_body_hash` of a synapse body for its required hash fields (in declared order). */
export function bodyHash(body: Record<string, unknown>, requiredHashFields: readonly string[]): string {
  if (requiredHashFields.length === 0) return NO_FIELDS_HASH;
  // an own field only: a field the body lacks is Python's None, never something inherited
  return sha3hex(requiredHashFields.map((f) => sha3hex(pythonStr(Object.hasOwn(body, f) ? body[f] : undefined, f))).join(""));
}

/** The message a dendrite signs. */
export const requestMessage = (nonce: string | number | bigint, dendriteHotkey: string, axonHotkey: string, uuid: string, hash: string) =>
  `${nonce}.${dendriteHotkey}.${axonHotkey}.${uuid}.${hash}`;

/** The message an axon signs on its response. */
export const responseMessage = (nonce: string | number | bigint, dendriteHotkey: string, axonHotkey: string, uuid: string) =>
  `${nonce}.${dendriteHotkey}.${axonHotkey}.${uuid}`;

/**
 * An HTTP header value: characters outside printable ASCII (a handler's "…", a newline) become
 * `\uXXXX`, since Node refuses them in a header and the response would otherwise never be sent.
 * The JSON body keeps the text as it was.
 */
export const headerSafe = (v: string): string => v.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Headers of a synapse request or response, as the Python SDK's `to_headers()` writes them. */
export function toHeaders(name: string, timeoutS: number, dendrite: TerminalInfo, axon: TerminalInfo, hash: string): Record<string, string> {
  const h: Record<string, string> = { name, timeout: String(timeoutS), computed_body_hash: hash };
  for (const [prefix, info] of [
    ["bt_header_dendrite_", dendrite],
    ["bt_header_axon_", axon],
  ] as const) {
    for (const f of TERMINAL_FIELDS) {
      const v = info[f];
      if (v !== undefined && v !== null) h[`${prefix}${f}`] = headerSafe(String(v));
    }
  }
  return h;
}

/** Reads one side's TerminalInfo out of (lower-cased) HTTP headers. */
export function terminalFromHeaders(headers: Record<string, string | string[] | undefined>, side: "dendrite" | "axon"): TerminalInfo {
  const out: TerminalInfo = {};
  for (const f of TERMINAL_FIELDS) {
    const v = headers[`bt_header_${side}_${f}`];
    if (typeof v === "string") out[f] = v;
  }
  return out;
}

/**
 * A TerminalInfo as the Python SDK's JSON body carries it (pydantic `model_dump`): integers for
 * status_code, port and version, a float for process_time; the nonce stays a decimal string
 * (JSON numbers above 2^53 lose precision in JavaScript).
 */
export function typedTerminal(info: TerminalInfo): TerminalInfo {
  const out: TerminalInfo = { ...info };
  for (const f of ["status_code", "port", "version"] as const) {
    const v = out[f];
    if (typeof v === "string" && /^-?\d+$/.test(v)) out[f] = Number(v);
  }
  if (typeof out.process_time === "string" && Number.isFinite(Number(out.process_time))) out.process_time = Number(out.process_time);
  return out;
}
