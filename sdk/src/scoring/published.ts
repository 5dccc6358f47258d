/**
 * The scoring module a subnet owner publishes on chain: the module's sha256, where to fetch it, and
 * from which block it applies. It is the owner hotkey's commitment on the subnet (the commitments
 * pallet, one field of at most 512 bytes: `BigRaw`), so every validator reads the same pin.
 *
 * The text is compact JSON with a marker key, so an owner's other commitments are told apart:
 *
 *     {"tao-subnet.scoring":1,"modules":[{"sha256":"…","source":"https://…"},
 *                                        {"sha256":"…","source":"npm:@acme/scoring@1.1.0","fromBlock":7200}]}
 *
 * One entry is the module in use. A roll-out adds a second one with `fromBlock`, the first block of
 * the epoch it applies from; until then the first applies, so a validator that starts in between
 * still knows which module scores now, and every validator switches in the same epoch.
 */
import { SdkError } from "../errors.js";

/** The marker key (and format version) of a published scoring module. */
export const PUBLISHED_SCORING_KEY = "tao-subnet.scoring";
/** The most a commitment field holds on chain (`BigRaw`); the text must fit. */
export const PUBLISHED_SCORING_MAX_BYTES = 512;
const MAX_SOURCE = 200;

/** One module of a published scoring pin. */
export interface PublishedModule {
  /** Lowercase hex sha256 of the module's bytes. */
  sha256: string;
  /** Where to fetch it: `https://…` / `http://…` (a file), or `npm:<package>@<version>`. */
  source?: string;
  /** The first block it applies from (an epoch's first block); absent or 0: from the start. */
  fromBlock?: number;
}

export interface PublishedScoring {
  /** One or two modules in applying order (the second with a later `fromBlock`). */
  modules: PublishedModule[];
}

/** A published scoring pin (or a value for one) that is malformed; `path` names the field. */
export class PublishedScoringError extends SdkError {
  readonly kind = "bad-input" as const;
  constructor(
    readonly path: string,
    message: string,
  ) {
    super("SCORING_PUBLISHED_INVALID", `published scoring module: ${path}: ${message}`);
  }
}

const invalid = (path: string, message: string) => new PublishedScoringError(path, message);

/** Checks a source's form: an http(s) URL, or `npm:<package>@<version>`. Returns it, or throws naming `path`. */
export function checkSource(source: unknown, path: string): string {
  if (typeof source !== "string" || source.length === 0 || source.length > MAX_SOURCE)
    throw invalid(path, `expected a URL (https://…) or npm:<package>@<version> of at most ${MAX_SOURCE} characters, got ${JSON.stringify(source)}`);
  if (source.startsWith("npm:")) {
    if (!/^npm:(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@[\w.+-]+$/i.test(source))
      throw invalid(path, `expected npm:<package>@<version> (e.g. npm:@acme/scoring@1.2.0), got ${JSON.stringify(source)}`);
    return source;
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw invalid(path, `expected a URL (https://…) or npm:<package>@<version>, got ${JSON.stringify(source)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(path, `a URL must be http or https, got ${url.protocol}`);
  return source;
}

function checkSha(v: unknown, path: string): string {
  if (typeof v !== "string" || !/^[0-9a-f]{64}$/.test(v)) throw invalid(path, `expected 64 lowercase hex digits (a sha256), got ${JSON.stringify(v)}`);
  return v;
}

function checkModules(modules: unknown): PublishedModule[] {
  if (!Array.isArray(modules) || modules.length < 1 || modules.length > 2)
    throw invalid("modules", "expected one module, or two during a roll-out (the new one with fromBlock)");
  const out = modules.map((m, i): PublishedModule => {
    const path = `modules[${i}]`;
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw invalid(path, "expected an object {sha256, source?, fromBlock?}");
    const unknown = Object.keys(m).filter((k) => k !== "sha256" && k !== "source" && k !== "fromBlock");
    if (unknown.length) throw invalid(`${path}.${unknown[0]}`, "unknown field (expected sha256, source, fromBlock)");
    const r = m as Record<string, unknown>;
    const entry: PublishedModule = { sha256: checkSha(r.sha256, `${path}.sha256`) };
    if (r.source !== undefined) entry.source = checkSource(r.source, `${path}.source`);
    if (r.fromBlock !== undefined) {
      if (typeof r.fromBlock !== "number" || !Number.isSafeInteger(r.fromBlock) || r.fromBlock < 0)
        throw invalid(`${path}.fromBlock`, `expected a block number (an integer ≥ 0), got ${JSON.stringify(r.fromBlock)}`);
      entry.fromBlock = r.fromBlock;
    }
    return entry;
  });
  if (out.length === 2 && !((out[1]!.fromBlock ?? 0) > (out[0]!.fromBlock ?? 0)))
    throw invalid("modules[1].fromBlock", "the second module must apply from a later block than the first");
  return out;
}

/** The commitment text for `published` (checked; at most 512 bytes). */
export function formatPublishedScoring(published: PublishedScoring): string {
  const modules = checkModules(published.modules);
  const text = JSON.stringify({ [PUBLISHED_SCORING_KEY]: 1, modules });
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > PUBLISHED_SCORING_MAX_BYTES)
    throw invalid("source", `the commitment is ${bytes} bytes, over the chain's ${PUBLISHED_SCORING_MAX_BYTES}; use a shorter source URL`);
  return text;
}

/**
 * The published scoring pin in a commitment's text: `null` when the text is not one (an owner's
 * other commitment, or none); a `PublishedScoringError` (naming the field) when
 * it is one but malformed.
 */
export function parsePublishedScoring(text: string | null): PublishedScoring | null {
  if (text === null || !text.includes(`"${PUBLISHED_SCORING_KEY}"`)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalid("(text)", `not JSON (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("(text)", "expected a JSON object");
  const r = value as Record<string, unknown>;
  if (r[PUBLISHED_SCORING_KEY] !== 1)
    throw invalid(PUBLISHED_SCORING_KEY, `format ${JSON.stringify(r[PUBLISHED_SCORING_KEY])} is not one this version reads (1)`);
  return { modules: checkModules(r.modules) };
}

/** The module that applies at `block`: the last whose `fromBlock` is at or before it (the first before any). */
export function moduleAt(published: PublishedScoring, block: number): PublishedModule {
  let at = published.modules[0]!;
  for (const m of published.modules) if ((m.fromBlock ?? 0) <= block) at = m;
  return at;
}

/**
 * The pin after publishing `next` at `block`: `next` alone when it applies now, else the module
 * that applies at `block` followed by `next` (a roll-out at `next.fromBlock`).
 */
export function rollOut(current: PublishedScoring | null, next: PublishedModule, block: number): PublishedScoring {
  if (!current || (next.fromBlock ?? 0) <= block) return { modules: [{ ...next, fromBlock: undefined }].map(strip) };
  const now = moduleAt(current, block);
  return { modules: [strip({ ...now, fromBlock: undefined }), strip(next)] };
}

function strip(m: PublishedModule): PublishedModule {
  const out: PublishedModule = { sha256: m.sha256 };
  if (m.source !== undefined) out.source = m.source;
  if (m.fromBlock !== undefined && m.fromBlock > 0) out.fromBlock = m.fromBlock;
  return out;
}
