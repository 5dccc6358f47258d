/**
 * A domain language model for the offline recogniser: an ARPA trigram model estimated from
 * sentences of the challenge grammar (sentences.ts), with absolute discounting and back-off, plus
 * the pronunciation dictionary cut down to its words. pocketsphinx's general English model turns
 * espeak-ng's voice into something else half the time; a miner that knows the domain (as every
 * real recogniser is tuned to one) does much better. Both files are plain text, written once.
 */

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Random } from "@tao-subnet/sdk/kit";
import { numberWords } from "./normalize.js";
import { sentence } from "./sentences.js";

/** Lowercased words as a recogniser writes them: numbers spelled out, apostrophes kept, punctuation gone. */
export function spokenWords(text: string): string[] {
  return (text.toLowerCase().match(/[0-9]+|[a-z]+(?:'[a-z]+)*/g) ?? []).flatMap((w) => (/^[0-9]/.test(w) ? numberWords(w) : [w]));
}

const D = 0.5; // absolute discount
const log10 = (p: number) => (p > 0 ? Math.log10(p).toFixed(4) : "-99");

/** An ARPA trigram model of `sentences` (each a list of words; <s> and </s> are added). */
export function arpaModel(sentences: string[][]): string {
  const c1 = new Map<string, number>();
  const c2 = new Map<string, Map<string, number>>();
  const c3 = new Map<string, Map<string, number>>();
  const add = <K>(m: Map<K, Map<string, number>>, k: K, w: string) => {
    let x = m.get(k);
    if (!x) {
      x = new Map();
      m.set(k, x);
    }
    x.set(w, (x.get(w) ?? 0) + 1);
  };
  let total = 0;
  for (const s of sentences) {
    const t = ["<s>", ...s, "</s>"];
    for (let i = 0; i < t.length; i++) {
      if (i > 0) {
        c1.set(t[i]!, (c1.get(t[i]!) ?? 0) + 1);
        total++;
      }
      if (i > 0) add(c2, t[i - 1]!, t[i]!);
      if (i > 1) add(c3, `${t[i - 2]} ${t[i - 1]}`, t[i]!);
    }
  }
  const vocab = [...c1.keys()].sort();
  const p1 = new Map(vocab.map((w) => [w, (c1.get(w)! + 1) / (total + vocab.length)]));
  // bigram probabilities with absolute discounting; back-off weights normalise the lower order
  const p2 = new Map<string, Map<string, number>>();
  const bow1 = new Map<string, number>();
  for (const [h, next] of c2) {
    const n = [...next.values()].reduce((a, b) => a + b, 0);
    const m = new Map<string, number>();
    let lower = 0;
    for (const [w, c] of next) {
      m.set(w, (c - D) / n);
      lower += p1.get(w) ?? 0;
    }
    p2.set(h, m);
    bow1.set(h, (D * next.size) / n / Math.max(1e-9, 1 - lower));
  }
  const bigramProb = (h: string, w: string) => p2.get(h)?.get(w) ?? (bow1.get(h) ?? 1) * (p1.get(w) ?? 0);
  const p3 = new Map<string, Map<string, number>>();
  const bow2 = new Map<string, number>();
  for (const [h, next] of c3) {
    const n = [...next.values()].reduce((a, b) => a + b, 0);
    const m = new Map<string, number>();
    let lower = 0;
    const h2 = h.split(" ")[1]!;
    for (const [w, c] of next) {
      m.set(w, (c - D) / n);
      lower += bigramProb(h2, w);
    }
    p3.set(h, m);
    bow2.set(h, (D * next.size) / n / Math.max(1e-9, 1 - lower));
  }
  const lines = [
    "\\data\\",
    `ngram 1=${vocab.length + 1}`,
    `ngram 2=${[...p2.values()].reduce((a, m) => a + m.size, 0)}`,
    `ngram 3=${[...p3.values()].reduce((a, m) => a + m.size, 0)}`,
    "",
    "\\1-grams:",
  ];
  lines.push(`-99 <s> ${log10(bow1.get("<s>") ?? 1)}`);
  for (const w of vocab) lines.push(`${log10(p1.get(w)!)} ${w}${w === "</s>" ? "" : ` ${log10(bow1.get(w) ?? 1)}`}`);
  lines.push("", "\\2-grams:");
  for (const [h, m] of [...p2].sort())
    for (const [w, p] of [...m].sort()) lines.push(`${log10(p)} ${h} ${w}${w === "</s>" || !bow2.has(`${h} ${w}`) ? "" : ` ${log10(bow2.get(`${h} ${w}`)!)}`}`);
  lines.push("", "\\3-grams:");
  for (const [h, m] of [...p3].sort()) for (const [w, p] of [...m].sort()) lines.push(`${log10(p)} ${h} ${w}`);
  lines.push("", "\\end\\", "");
  return lines.join("\n");
}

/** `count` sentences of the challenge grammar as spoken words (a fixed seed: the model is public). */
export function grammarCorpus(count = 20_000): string[][] {
  const random = new Random(new Uint8Array(createHash("sha256").update("tao-subnet speech lm").digest()));
  return Array.from({ length: count }, () => spokenWords(sentence(random)));
}

/** The lines of a CMU dictionary whose word (or `word(2)` variant) is in `words`. */
export function dictionarySubset(dictPath: string, words: Iterable<string>): string {
  const want = new Set(words);
  const out: string[] = [];
  for (const line of readFileSync(dictPath, "utf8").split("\n")) {
    const head = line.slice(0, line.indexOf(" "));
    if (want.has(head.replace(/\(\d+\)$/, ""))) out.push(line);
  }
  return out.join("\n") + "\n";
}
