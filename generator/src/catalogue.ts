/**
 * The catalogue of kits `create-tao-subnet` can scaffold: one data table. The prompt's choices,
 * the `--kit` validation and the help text all come from here, so adding a kit is one row (plus
 * its project in `templates/<template>`).
 */
export interface KitEntry {
  /** Value of `--kit`. */
  id: string;
  /** One line for prompts and help. */
  title: string;
  /** The kit package the project depends on (none for `custom`). */
  package: string | null;
  /** Folder under `templates/`. */
  template: string;
  /** Scoring-module languages its template comes in (the first is the default). */
  scoring: readonly ScoringLanguage[];
}

export const KITS: readonly KitEntry[] = [
  {
    id: "text",
    title: "text generation: prompts with reference answers, ROUGE-L and token-F1 scoring",
    package: "@tao-subnet/kit-text",
    template: "text",
    scoring: ["assemblyscript", "typescript"],
  },
  {
    id: "storage",
    title: "storage: blobs kept by miners, Merkle proofs of possession",
    package: "@tao-subnet/kit-storage",
    template: "storage",
    scoring: ["assemblyscript"],
  },
  {
    id: "image",
    title: "image recognition: rendered scenes, IoU/mAP scoring",
    package: "@tao-subnet/kit-image",
    template: "image",
    scoring: ["assemblyscript"],
  },
  {
    id: "speech",
    title: "speech recognition: synthesised clips, WER/CER scoring",
    package: "@tao-subnet/kit-speech",
    template: "speech",
    scoring: ["assemblyscript"],
  },
  {
    id: "custom",
    title: "custom: an empty commodity with a documented scoring stub you fill in",
    package: null,
    template: "custom",
    scoring: ["assemblyscript"],
  },
];

/** Scoring-module languages a project can start with. */
export const SCORING_LANGUAGES = [
  { id: "assemblyscript", title: "AssemblyScript compiled to a WASM scoring module (deterministic, sandboxed; recommended)" },
  { id: "typescript", title: "TypeScript only (simplest; scores run in the validator process, not sandboxed)" },
] as const;

export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn"] as const;

export type ScoringLanguage = (typeof SCORING_LANGUAGES)[number]["id"];
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];
