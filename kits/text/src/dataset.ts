/**
 * The prompts shipped with the kit (data/prompts.json, CC0, written for the project): 329 prompts
 * with reference answers, short (capitals, element symbols and atomic numbers, multiplications)
 * and long (two-sentence explanations). A validator can
 * point the kit at its own file of the same shape instead, which keeps its challenges private.
 */
import { readFileSync } from "node:fs";

export interface PromptItem {
  prompt: string;
  reference: string;
  category?: string;
}

export interface Dataset {
  name: string;
  licence: string;
  source: string;
  items: PromptItem[];
}

/** Loads a dataset file (`{ name, licence, source, items: [{ prompt, reference }] }`); default: the kit's own. */
export function loadDataset(path?: string): Dataset {
  const file = path ?? new URL("../data/prompts.json", import.meta.url);
  const d = JSON.parse(readFileSync(file, "utf8")) as Dataset;
  if (!Array.isArray(d.items) || d.items.some((i) => typeof i.prompt !== "string" || typeof i.reference !== "string")) {
    throw new TypeError(`${String(file)}: expected { items: [{ prompt: string, reference: string }] }`);
  }
  return d;
}
