/** `@tao-subnet/sdk/scoring`: the sandboxed host for WASM scoring modules, its static checks and errors. */
export { ScoringError, ScoringErrorCode } from "./errors.js";
export type { FetchModuleOptions } from "./fetchModule.js";
export { fetchPublishedModule } from "./fetchModule.js";
export type { ScoringHostOptions, ScoringItem } from "./host.js";
export { encodeBatch, ScoringHost, ScoringModule, sha256Hex } from "./host.js";
export type { ModuleShape } from "./inspect.js";
export { inspectModule } from "./inspect.js";
export type { ScoringModuleBytes, ScoringModuleFile, ScoringModuleFileOptions } from "./moduleFile.js";
export { scoringModuleAt, scoringModuleFrom } from "./moduleFile.js";
export type { PublishedModule, PublishedScoring } from "./published.js";
export {
  checkSource,
  formatPublishedScoring,
  moduleAt,
  PUBLISHED_SCORING_KEY,
  PUBLISHED_SCORING_MAX_BYTES,
  PublishedScoringError,
  parsePublishedScoring,
  rollOut,
} from "./published.js";
