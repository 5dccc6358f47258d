// The text kit's challenge and response as its scoring module reads them (UTF-8 JSON written by
// the kit's `encode`): challenge {"reference": str, "latency_budget_ms"?: int}, response
// {"completion": str, "latency_ms"?: int}.
import { Bytes, JsonObject } from "@tao-subnet/sdk/assembly/scoring";

/** The budget when the challenge names none. */
export const DEFAULT_BUDGET_MS: i64 = 2000;

export class TextChallenge {
  constructor(public readonly reference: Bytes, public readonly latencyBudgetMs: i64) {}

  /** Null when the reference is missing or malformed. */
  static decode(bytes: Bytes): TextChallenge | null {
    const json = new JsonObject(bytes);
    const reference = json.string("reference");
    if (reference == null) return null;
    const budget = json.int("latency_budget_ms");
    return new TextChallenge(reference, budget > 0 ? budget : DEFAULT_BUDGET_MS);
  }
}

export class TextResponse {
  /** `latencyMs` is -1 when the response does not report it. */
  constructor(public readonly completion: Bytes, public readonly latencyMs: i64) {}

  /** Null when the completion is missing or malformed. */
  static decode(bytes: Bytes): TextResponse | null {
    const json = new JsonObject(bytes);
    const completion = json.string("completion");
    return completion == null ? null : new TextResponse(completion, json.int("latency_ms"));
  }
}
