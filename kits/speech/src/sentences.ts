/**
 * Fresh sentences for challenges, drawn from a small grammar with the validator's seeded PRNG, so
 * every clip is new and a miner cannot look its transcript up. Numbers are written as digits
 * ("7 green boxes"): the scoring normalisation reads them as words, which is what a recogniser
 * writes. The grammar is public; `vocabulary()` lists its words (the offline miner builds its
 * language model from them, see lm.ts). A validator that wants private text points the kit at a
 * dataset of its own clips instead (dataset.ts).
 */
import type { Random } from "@tao-subnet/sdk/kit";

const NAMES = [
  "Anna",
  "Ben",
  "Clara",
  "David",
  "Emma",
  "Frank",
  "Grace",
  "Henry",
  "Julia",
  "Kevin",
  "Laura",
  "Martin",
  "Nina",
  "Oscar",
  "Paul",
  "Rachel",
  "Simon",
  "Tom",
  "Victor",
  "Wendy",
];
const PAST = ["bought", "sold", "found", "painted", "carried", "counted", "moved", "cleaned", "ordered", "packed"];
const ADJ = ["red", "green", "blue", "yellow", "black", "white", "small", "large", "heavy", "old", "new", "wooden", "broken", "empty", "bright"];
const NOUNS = ["box", "chair", "table", "lamp", "book", "bottle", "basket", "bicycle", "window", "door", "garden", "ladder", "bucket", "clock", "pencil"];
const PLURALS: Record<string, string> = {
  box: "boxes",
  chair: "chairs",
  table: "tables",
  lamp: "lamps",
  book: "books",
  bottle: "bottles",
  basket: "baskets",
  bicycle: "bicycles",
  window: "windows",
  door: "doors",
  garden: "gardens",
  ladder: "ladders",
  bucket: "buckets",
  clock: "clocks",
  pencil: "pencils",
};
const PLACES = ["kitchen", "station", "market", "library", "school", "harbour", "office", "garage", "museum", "village"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const VERBS = ["open", "close", "check", "move", "paint", "clean", "carry", "bring"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

type Part = (r: Random) => string;
const pick =
  (xs: readonly string[]): Part =>
  (r) =>
    r.pick(xs);
const num =
  (lo: number, hi: number): Part =>
  (r) =>
    String(lo + r.int(hi - lo + 1));
const then =
  (p: Part, suffix: string): Part =>
  (r) =>
    p(r) + suffix;
const plural: Part = (r) => PLURALS[r.pick(NOUNS)]!;

const TEMPLATES: Array<Part[]> = [
  [pick(NAMES), pick(PAST), num(2, 99), pick(ADJ), plural, () => "at the", pick(PLACES), () => "on", then(pick(DAYS), ".")],
  [() => "The", pick(ADJ), pick(NOUNS), () => "is in the", pick(PLACES), () => "near the", pick(ADJ), then(pick(NOUNS), ".")],
  [() => "Please", pick(VERBS), () => "the", pick(ADJ), pick(NOUNS), () => "before", pick(DAYS), () => "morning."],
  [() => "We counted", num(2, 999), pick(ADJ), plural, () => "in the", then(pick(PLACES), ".")],
  [pick(NAMES), () => "will", pick(VERBS), () => "the", pick(NOUNS), () => "at", num(1, 12), () => "o'clock on", then(pick(DAYS), ".")],
  [() => "On", pick(MONTHS), then(num(1, 28), ","), pick(NAMES), () => "and", pick(NAMES), pick(PAST), () => "a", pick(ADJ), then(pick(NOUNS), ".")],
  [() => "There are", num(2, 99), plural, () => "and", num(2, 99), plural, () => "in the", pick(ADJ), then(pick(PLACES), ".")],
];

/** One sentence of the grammar, capitalised and punctuated, drawn with `random`. */
export function sentence(random: Random): string {
  const parts = random.pick(TEMPLATES).map((p) => p(random));
  return parts.join(" ");
}

/** `count` sentences joined into one passage (longer clips). */
export function passage(random: Random, count: number): string {
  return Array.from({ length: count }, () => sentence(random)).join(" ");
}

/** Every word the grammar can produce, lowercased, numbers as words (0–999). */
export function vocabulary(): string[] {
  const fixed = "the is in near please before morning we counted at will o'clock on and a there are".split(" ");
  const numbers =
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred".split(
      " ",
    );
  return [
    ...new Set(
      [...NAMES, ...PAST, ...ADJ, ...NOUNS, ...Object.values(PLURALS), ...PLACES, ...DAYS, ...VERBS, ...MONTHS, ...fixed, ...numbers].map((w) =>
        w.toLowerCase(),
      ),
    ),
  ].sort();
}
