import { readFileSync } from "node:fs";
import { KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { ScoringHost, sha256Hex } from "@tao-subnet/sdk/scoring";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  errorCounts,
  MAX_WORDS,
  normalizeWords,
  SPEECH_SCORING_MODULE,
  SpeechError,
  type SpeechExpected,
  type SpeechRequest,
  type SpeechResponse,
  speechKit,
  speechScore,
} from "./index.js";

const moduleBytes = new Uint8Array(readFileSync(SPEECH_SCORING_MODULE));
const enc = new TextEncoder();

/** The module instantiated directly (no sandbox), to call its `error_counts` export. */
async function directModule() {
  const { instance } = await WebAssembly.instantiate(moduleBytes, {
    env: {
      abort: () => {
        throw new Error("abort");
      },
    },
  });
  const x = instance.exports as unknown as {
    memory: WebAssembly.Memory;
    reset(): void;
    alloc(n: number): number;
    error_counts(r: number, rl: number, h: number, hl: number, out: number): number;
  };
  return (reference: string, transcript: string) => {
    x.reset();
    const r = enc.encode(reference);
    const h = enc.encode(transcript);
    const rp = x.alloc(r.length + 1);
    const hp = x.alloc(h.length + 1);
    const out = x.alloc(16);
    new Uint8Array(x.memory.buffer).set(r, rp);
    new Uint8Array(x.memory.buffer).set(h, hp);
    const status = x.error_counts(rp, r.length, hp, h.length, out);
    const v = new Int32Array(x.memory.buffer, out, 4);
    return status === 0 ? { nw: v[0]!, ew: v[1]!, nc: v[2]!, ec: v[3]! } : null;
  };
}

// Random texts: words from a small alphabet (so pairs share words), numbers with and without
// commas, apostrophes, punctuation, non-ASCII letters and General Punctuation characters.
const piece = fc.oneof(
  fc.constantFrom("the", "The", "cat", "CAT", "sat", "on", "mat", "don't", "it’s", "o'clock", "café", "naïve", "東京", "über"),
  fc.integer({ min: 0, max: 2_000_000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 15n }).map(String),
  fc.constantFrom("1,000", "007", "3rd", "mp3", "12,5", "0"),
  fc.string({ unit: fc.constantFrom(..."abcxyzAB09'’,.-—!? \u00a0é"), maxLength: 8 }),
);
const text = fc
  .array(piece, { maxLength: 14 })
  .chain((ps) =>
    fc
      .array(fc.constantFrom(" ", "  ", ", ", ". ", "—", "\n", "-", "… "), { minLength: ps.length, maxLength: ps.length })
      .map((seps) => ps.map((p, i) => p + seps[i]).join("")),
  );

describe("WER and CER in the WASM module agree with the plain TypeScript reference", () => {
  it("on 1,500 random pairs of texts and on 500 pairs of a text and its mutation", async () => {
    const wasm = await directModule();
    let compared = 0;
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(wasm(a, b), `${JSON.stringify(a)} | ${JSON.stringify(b)}`).toEqual(errorCounts(a, b));
        compared++;
      }),
      { numRuns: 1500, seed: 20261201 },
    );
    // near pairs: drop, duplicate or replace a few words, so edit counts are small and non-trivial
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom("drop", "dup", "swap")), { maxLength: 4 }), (a, edits) => {
        const w = a.split(" ");
        for (const [i, op] of edits) {
          const k = w.length ? i % w.length : 0;
          if (op === "drop") w.splice(k, 1);
          else if (op === "dup") w.splice(k, 0, w[k] ?? "x");
          else w[k] = "zebra";
        }
        const b = w.join(" ");
        expect(wasm(a, b), `${JSON.stringify(a)} | ${JSON.stringify(b)}`).toEqual(errorCounts(a, b));
        compared++;
      }),
      { numRuns: 500, seed: 7 },
    );
    expect(compared).toBeGreaterThanOrEqual(2000);
  });

  it("normalises case, punctuation, apostrophes and numbers the documented way", () => {
    expect(normalizeWords("The cat, on THE mat!")).toEqual(["the", "cat", "on", "the", "mat"]);
    expect(normalizeWords("Don't stop — it’s 7 o'clock.")).toEqual(["dont", "stop", "its", "seven", "oclock"]);
    expect(normalizeWords("1,905 and 42 and 1000000 and 007 and 3rd")).toEqual(
      "one thousand nine hundred five and forty two and one million and zero zero seven and three rd".split(" "),
    );
    expect(normalizeWords("café «über» 東京")).toEqual(["café", "über", "東京"]);
    // a transcript in words scores like one in digits
    expect(errorCounts("We counted 691 boxes.", "we counted six hundred ninety one boxes").ew).toBe(0);
  });
});

type Entry = RoundEntry<SpeechRequest, SpeechResponse, SpeechExpected>;
const entry = (uid: number, reference: string, transcript: string | null, latencyMs = 300): Entry => ({
  uid,
  challenge: {
    request: { audio: "UklGRg==", language: "en" },
    expected: { reference, latencyBudgetMs: 5000, durationMs: 3000, source: { kind: "dataset", id: "x" } },
  },
  response: transcript === null ? null : { transcript },
  latencyMs,
});

describe("the speech kit's scoring module in the sandboxed host", () => {
  const host = new ScoringHost();
  const driver = new KitDriver(speechKit({ scoringModuleSha256: sha256Hex(moduleBytes), minerEndpoint: null }), { secret: "v", scoringHost: host });
  afterAll(() => driver.close());

  it("scores exactly as the TypeScript reference on 1,000 random pairs, latencies included", async () => {
    const pairs = fc.sample(
      fc.tuple(
        text.filter((t) => normalizeWords(t).length > 0),
        text,
        fc.integer({ min: 0, max: 20_000 }),
      ),
      { numRuns: 1000, seed: 42 },
    );
    const got = await driver.score(pairs.map(([r, h, ms], i) => entry(i, r, h, ms)));
    pairs.forEach(([r, h, ms], i) => expect(got.get(i), `${JSON.stringify(r)} | ${JSON.stringify(h)} @ ${ms} ms`).toBe(speechScore(r, h, ms, 5000)));
  });

  it("gives a correct transcript 65535, one wrong word less, more wrong words less still, and an empty one 0", async () => {
    const ref = "Anna bought 42 red boxes at the market on Monday.";
    const s = await driver.score([
      entry(1, ref, "anna bought forty two red boxes at the market on monday"),
      entry(2, ref, "anna bought forty two red boxes at the market on sunday"),
      entry(3, ref, "anna sold forty two red foxes at the market on sunday"),
      entry(4, ref, ""),
      entry(5, ref, null),
    ]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)!).toBeLessThan(65535);
    expect(s.get(2)!).toBeGreaterThan(s.get(3)!);
    expect(s.get(4)).toBe(0);
    expect(s.get(5)).toBe(0);
  });

  it("takes latency into account: full credit within the budget, half at three times it", async () => {
    const ref = "Please open the old door before Friday morning.";
    const s = await driver.score([entry(1, ref, ref, 5000), entry(2, ref, ref, 10_000), entry(3, ref, ref, 15_000), entry(4, ref, ref, 90_000)]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)).toBe(Math.floor((65535 * 49152) / 65536));
    expect(s.get(3)).toBe(Math.floor((65535 * 32768) / 65536));
    expect(s.get(4)).toBe(s.get(3));
  });

  it("scores 1,000-word transcripts and gives texts past its limits 0 without trapping", async () => {
    const words = Array.from({ length: 1000 }, (_, i) => ["red", "box", "42", "market", "Monday"][i % 5]).join(" ");
    const huge = "word ".repeat(MAX_WORDS + 10);
    const s = await driver.score([entry(1, words, words), entry(2, words, huge), entry(3, "a b c", "x".repeat(20_000))]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)).toBe(0);
    expect(s.get(3)).toBe(0);
  });
});

describe("oversized transcripts", () => {
  const tenMb = "word ".repeat(2 * 1024 * 1024);

  it("a 10 MB transcript is a typed error naming the field and the fix, in the TypeScript metrics", () => {
    const err = (() => {
      try {
        errorCounts("the cat", tenMb);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SpeechError);
    expect(err).toMatchObject({ code: "SPEECH_TEXT_TOO_LARGE", field: "transcript" });
    expect((err as Error).message).toMatch(/^transcript: \d+ bytes, above the limit .*; send at most/);
  });

  it("a 10 MB transcript handed straight to the scorer scores 0 in the sandbox, and the rest of the batch is scored", async () => {
    const d = new KitDriver(speechKit({ minerEndpoint: null }), { secret: "v" });
    const ref = "Please open the old door before Friday morning.";
    const s = await d.score([entry(1, ref, tenMb), entry(2, ref, ref)]);
    expect([s.get(1), s.get(2)]).toEqual([0, 65535]);
    await d.close();
  });

  it("a 10 MB transcript on the wire is refused by the synapse schema, with the field and the fix", () => {
    const d = new KitDriver(speechKit({ minerEndpoint: null }), { secret: "v" });
    expect(() => d.parse("response", { transcript: tenMb })).toThrow(
      expect.objectContaining({
        code: "SYNAPSE_INVALID",
        path: "transcript",
        message: expect.stringMatching(/transcript: a transcript of at most 65536 characters; send only/),
      }),
    );
    expect(d.responseOrNull({ transcript: tenMb })).toBeNull(); // a validator treats it as no answer: score 0
  });
});
