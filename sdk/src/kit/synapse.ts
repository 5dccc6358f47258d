/**
 * Synapse bodies as the Python SDK writes them. A Python `Synapse` is one pydantic model holding
 * the request fields, the response fields (optional, `None` until the miner fills them) and the
 * base fields below; its JSON body is `model_dump()`:
 *
 * ```json
 * {"name":"TextGeneration","timeout":12.0,"total_size":0,"header_size":0,
 *  "dendrite":{"status_code":null,…,"signature":"0x…"},"axon":{…},"computed_body_hash":"",
 *  "prompt":"…","max_tokens":64,"completion":null}
 * ```
 *
 * Kits only declare their own fields (`SynapseSchema.request` / `.response`, snake_case); the
 * helpers here add and strip the base fields, so a TypeScript miner answers a Python validator and
 * the other way round. `required_hash_fields` is a class variable in SDK 10 (never in the body);
 * bodies of older synapses that still carry it as a field are accepted and it is dropped.
 * Caveat: JSON numbers above 2^53 (the dendrite's nanosecond `nonce`) lose precision in
 * `JSON.parse`; the signed nonce travels in the `bt_header_dendrite_nonce` header, which is what
 * an Axon verifies, so the body copy is informational.
 */
// see: bittensor bittensor/core/synapse.py TerminalInfo, Synapse @ bb526e6
import { z } from "zod";
import type { SynapseSchema } from "./contract.js";
import { SynapseValidationError } from "./errors.js";

const optional = <T extends z.ZodType>(t: T) => t.nullable().optional();

/** `TerminalInfo` (dendrite/axon metadata): every field optional and nullable, as in Python. */
export const terminalInfoSchema = z.object({
  status_code: optional(z.number().int()),
  status_message: optional(z.string()),
  process_time: optional(z.number()),
  ip: optional(z.string()),
  port: optional(z.number().int()),
  version: optional(z.number().int()),
  // nanoseconds: above 2^53, so not a zod "safe" int; a decimal string is accepted too
  nonce: optional(z.union([z.number().refine(Number.isInteger, "expected an integer"), z.string().regex(/^\d+$/)])),
  uuid: optional(z.string()),
  hotkey: optional(z.string()),
  signature: optional(z.string()),
});
/** A terminal's metadata in a synapse body. */
export type SynapseTerminal = z.infer<typeof terminalInfoSchema>;

/** The Python `Synapse` base fields, with the Python defaults. */
export const synapseBaseSchema = z.object({
  name: optional(z.string()),
  timeout: optional(z.number()),
  total_size: optional(z.number().int()),
  header_size: optional(z.number().int()),
  dendrite: optional(terminalInfoSchema),
  axon: optional(terminalInfoSchema),
  computed_body_hash: optional(z.string()),
  /** Deprecated field form (SDK < 10); accepted, never emitted. */
  required_hash_fields: optional(z.array(z.string())),
});
/** The base fields of a synapse body. */
export type SynapseBase = z.infer<typeof synapseBaseSchema>;

/** Field names of the base, in the order `model_dump()` writes them. */
export const SYNAPSE_BASE_FIELDS = ["name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash"] as const;
const TERMINAL_FIELDS = ["status_code", "status_message", "process_time", "ip", "port", "version", "nonce", "uuid", "hotkey", "signature"] as const;

/** A TerminalInfo with every field present (null where unknown), as pydantic dumps it. */
export function fullTerminal(t: SynapseTerminal | null | undefined): Record<(typeof TERMINAL_FIELDS)[number], unknown> {
  return Object.fromEntries(TERMINAL_FIELDS.map((f) => [f, t?.[f] ?? null])) as Record<(typeof TERMINAL_FIELDS)[number], unknown>;
}

/**
 * Builds the JSON body the Python SDK would send: base fields (defaults `timeout` 12.0, sizes 0,
 * empty terminals, `computed_body_hash` "") then the kit's fields. For a response, pass the
 * request too: a Python dendrite rebuilds the whole synapse from the response body, so the
 * request fields must be in it.
 */
export function toSynapseBody(
  schema: SynapseSchema<unknown, unknown>,
  fields: { request: unknown; response?: unknown },
  base: SynapseBase = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: schema.name,
    timeout: base.timeout ?? 12.0,
    total_size: base.total_size ?? 0,
    header_size: base.header_size ?? 0,
    dendrite: fullTerminal(base.dendrite),
    axon: fullTerminal(base.axon),
    computed_body_hash: base.computed_body_hash ?? "",
  };
  Object.assign(body, fields.request as object);
  if (fields.response !== undefined) Object.assign(body, fields.response as object);
  return body;
}

/**
 * Splits a Python synapse body into its base fields and the kit's fields for one side, both
 * validated. Throws `SynapseValidationError` naming the first bad field (`kit` is used in it).
 */
export function fromSynapseBody<Req, Res, S extends "request" | "response">(
  kit: string,
  schema: SynapseSchema<Req, Res>,
  side: S,
  body: unknown,
): { base: SynapseBase; fields: S extends "request" ? Req : Res } {
  const b = synapseBaseSchema.safeParse(body);
  if (!b.success) {
    const issue = b.error.issues[0];
    throw new SynapseValidationError(kit, side, issue?.path.join(".") ?? "", issue?.message ?? "invalid synapse base field");
  }
  if (b.data.name != null && b.data.name !== schema.name) {
    throw new SynapseValidationError(kit, side, "name", `this is a ${JSON.stringify(b.data.name)} synapse; the kit expects ${JSON.stringify(schema.name)}`);
  }
  const r = schema[side].safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new SynapseValidationError(kit, side, issue?.path.join(".") ?? "", issue?.message ?? "invalid");
  }
  return { base: b.data, fields: r.data as S extends "request" ? Req : Res };
}
