/**
 * `textKit(options)`: a text-generation market. Validators challenge miners with prompts from a
 * dataset (the kit's CC0 set, or a private file) and, optionally, reference answers from their own
 * OpenAI-compatible model; miners answer; the WASM scoring module rates each answer by ROUGE-L F1
 * and token F1 against the reference, with a latency term; `verify` vetoes empty, oversized,
 * non-UTF-8 and copied answers. Its adversaries (`adversaries.ts`: padder, truncator, lookup) run
 * in `simulate` beside the generic profiles.
 */

import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { type ScoringModuleBytes, scoringModuleAt, scoringModuleFrom } from "@tao-subnet/sdk/scoring";
import { z } from "zod";
import { LOOKUP_MISS, textAdversaries } from "./adversaries.js";
import { loadDataset, type PromptItem } from "./dataset.js";
import { chatCompletion, endpointFromEnv, type OpenAiEndpoint } from "./openai.js";
import type { TextRequest, TextResponse } from "./synapse.js";
import { verifyTextRound } from "./verify.js";

/** What the validator keeps to score an answer. */
export interface TextExpected {
  reference: string;
  latencyBudgetMs: number;
}

/**
 * Where a validator's reference answers come from: given the dataset item a challenge picked,
 * return the reference text. Deterministic providers keep scores reproducible.
 */
export type ReferenceProvider = (item: PromptItem) => string | Promise<string>;

export interface TextKitOptions {
  /**
   * Quality floor of rewards, in [0, 1) (default 0.5): a score at or below it earns nothing, above
   * it the reward rises quadratically to 1. Answers to another prompt still share template words
   * with the reference ("The capital of … is …") and score about 0.3–0.5; the floor keeps them
   * from earning, while paraphrases (≈ 0.7–0.9) keep most of their reward.
   */
  rewardFloor?: number;
  /** A dataset file of the kit's shape (private prompts); default: the kit's own. */
  datasetPath?: string;
  /**
   * Validator: an OpenAI-compatible endpoint whose answers become the references (temperature 0).
   * Default: `TAO_TEXT_REFERENCE_URL` / `_MODEL` / `_KEY` when set, else the dataset's references.
   */
  referenceModel?: OpenAiEndpoint | null;
  /** Validator: any other source of references (takes precedence over `referenceModel`). */
  referenceProvider?: ReferenceProvider;
  /** Miner: an OpenAI-compatible endpoint that answers; default from the environment, else the dataset baseline. */
  minerModel?: OpenAiEndpoint | null;
  /** Latency up to which answers keep full credit (default 2,000 ms). */
  latencyBudgetMs?: number;
  /** Largest accepted completion (default 16 KiB). */
  maxBytes?: number;
  /** Answers with at least this many tokens can be copies (default 12); shorter ones never are. */
  copyMinTokens?: number;
  /** Token-set Jaccard similarity from which a later long answer is a copy of an earlier one (default 0.9). */
  copySimilarity?: number;
  /** Path of the scoring module (default: the kit's build/scoring.wasm). */
  scoringModulePath?: string;
  /** Pinned sha256 of the scoring module. */
  scoringModuleSha256?: string;
}

const enc = new TextEncoder();

/** The kit's scoring module, built by `npm run build` (or the command in the error when it is missing). */
const scoringModule = scoringModuleFrom(import.meta.url, "../build/scoring.wasm", { build: "npm run build:wasm -w @tao-subnet/kit-text" });
/** The kit's scoring module path. */
export const TEXT_SCORING_MODULE = scoringModule.url;
/** Reads and hashes the kit's built scoring module: the sha256 a subnet owner publishes and validators pin. */
export const textScoringModule = (): ScoringModuleBytes => scoringModule.read();

export function textKit(options: TextKitOptions = {}): SubnetKit<TextRequest, TextResponse, TextExpected> {
  const dataset = loadDataset(options.datasetPath);
  const byPrompt = new Map<string, PromptItem>(dataset.items.map((i) => [i.prompt, i]));
  const budget = options.latencyBudgetMs ?? 2000;
  const maxBytes = options.maxBytes ?? 16 * 1024;
  const minerModel = options.minerModel === undefined ? endpointFromEnv() : options.minerModel;
  const referenceModel = options.referenceModel === undefined ? endpointFromEnv(process.env, "TAO_TEXT_REFERENCE") : options.referenceModel;
  const reference: ReferenceProvider =
    options.referenceProvider ?? (referenceModel ? (item) => chatCompletion(referenceModel, item.prompt) : (item) => item.reference);
  return {
    name: "kit:text",
    synapse: {
      name: "TextGeneration",
      // the kit's own fields; the Python Synapse base fields (name, timeout, dendrite, axon, …)
      // are added and stripped by the sdk's toSynapseBody / fromSynapseBody
      request: z.object({ prompt: z.string().min(1).max(8192), max_tokens: z.number().int().min(1).max(4096) }),
      response: z.object({ completion: z.string().max(1 << 20) }),
      // covered by the signed body hash: a body swapped under the same signed headers is refused
      requiredHashFields: ["prompt", "max_tokens"],
    },
    async challenge(ctx) {
      const item = ctx.random.pick(dataset.items);
      return { request: { prompt: item.prompt, max_tokens: 256 }, expected: { reference: await reference(item), latencyBudgetMs: budget } };
    },
    async serve(request, ctx) {
      if (minerModel)
        return {
          completion: await chatCompletion(minerModel, request.prompt, { maxTokens: request.max_tokens, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
        };
      // offline baseline: look the prompt up in the (public) dataset
      return { completion: byPrompt.get(request.prompt)?.reference ?? LOOKUP_MISS };
    },
    aggregate: (scores) => {
      const floor = options.rewardFloor ?? 0.5;
      return new Map(
        [...scores].map(([uid, s]) => {
          const x = Math.max(0, (s / 65535 - floor) / (1 - floor));
          return [uid, x * x];
        }),
      );
    },
    verify: (round) => verifyTextRound(round, { maxBytes, copyMinTokens: options.copyMinTokens ?? 12, copySimilarity: options.copySimilarity ?? 0.9 }),
    scorer: {
      kind: "wasm",
      load: (options.scoringModulePath ? scoringModuleAt(options.scoringModulePath) : scoringModule).load,
      ...(options.scoringModuleSha256 ? { sha256: options.scoringModuleSha256 } : {}),
      encode: (e) => ({
        challenge: enc.encode(JSON.stringify({ reference: e.challenge.expected.reference, latency_budget_ms: e.challenge.expected.latencyBudgetMs })),
        response: enc.encode(JSON.stringify({ completion: e.response?.completion ?? "", latency_ms: Math.round(e.latencyMs) })),
      }),
    },
    adversaries: textAdversaries(),
  };
}
