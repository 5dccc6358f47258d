/** create-tao-subnet as a library: the catalogue of kits, answer validation, and the runner. */

export type { Answers } from "./answers.js";
export { DEFAULTS, GeneratorInputError, validateAnswers } from "./answers.js";
export type { KitEntry, PackageManager, ScoringLanguage } from "./catalogue.js";
export { KITS, PACKAGE_MANAGERS, SCORING_LANGUAGES } from "./catalogue.js";
export type { CreateIo } from "./cli.js";
export { createTaoSubnet, usage } from "./cli.js";
