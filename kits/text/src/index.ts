/** @tao-subnet/kit-text: a text-generation market for tao-subnet. */
export { LOOKUP_MISS, padCompletion, textAdversaries, truncateCompletion } from "./adversaries.js";
export type { Dataset, PromptItem } from "./dataset.js";
export { loadDataset } from "./dataset.js";
export type { ReferenceProvider, TextExpected, TextKitOptions } from "./kit.js";
export { TEXT_SCORING_MODULE, textKit, textScoringModule } from "./kit.js";
export type { OpenAiEndpoint } from "./openai.js";
export { chatCompletion, endpointFromEnv } from "./openai.js";
export type { TextRequest, TextResponse } from "./synapse.js";
export type { VerifyOptions } from "./verify.js";
export { verifyTextRound } from "./verify.js";
