// The speech kit's challenge and response as its scoring module reads them (UTF-8 JSON written by
// the kit's `encode`): challenge {"reference": str, "latency_budget_ms"?: int}, response
// {"transcript": str, "latency_ms"?: int}. Either one above 256 KiB is not read (it decodes to
// null, and scores 0): the kit's TypeScript side rejects such input with a typed error first.
import { Bytes, JsonObject } from "@tao-subnet/sdk/assembly/scoring";

export const MAX_JSON_BYTES: i32 = 256 * 1024;
/** The budget when the challenge names none. */
export const DEFAULT_BUDGET_MS: i64 = 5000;

export class SpeechChallenge {
  constructor(public readonly reference: Bytes, public readonly latencyBudgetMs: i64) {}

  /** Null when the reference is missing, empty or malformed, or the JSON is too large. */
  static decode(bytes: Bytes): SpeechChallenge | null {
    if (bytes.length > MAX_JSON_BYTES) return null;
    const json = new JsonObject(bytes);
    const reference = json.string("reference");
    if (reference == null || reference.length == 0) return null;
    const budget = json.int("latency_budget_ms");
    return new SpeechChallenge(reference, budget > 0 ? budget : DEFAULT_BUDGET_MS);
  }
}

export class SpeechResponse {
  /** `latencyMs` is -1 when the response does not report it. */
  constructor(public readonly transcript: Bytes, public readonly latencyMs: i64) {}

  /** Null when the transcript is missing or malformed, or the JSON is too large. */
  static decode(bytes: Bytes): SpeechResponse | null {
    if (bytes.length > MAX_JSON_BYTES) return null;
    const json = new JsonObject(bytes);
    const transcript = json.string("transcript");
    return transcript == null ? null : new SpeechResponse(transcript, json.int("latency_ms"));
  }
}
