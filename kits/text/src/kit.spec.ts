import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { ScoringHost, sha256Hex } from "@tao-subnet/sdk/scoring";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  endpointFromEnv,
  loadDataset,
  TEXT_SCORING_MODULE,
  type TextExpected,
  type TextRequest,
  type TextResponse,
  textKit,
  textScoringModule,
} from "./index.js";

const dataset = loadDataset();
const moduleBytes = new Uint8Array(readFileSync(TEXT_SCORING_MODULE));
const coords = { blockHash: "0x01", validatorHotkey: "5V", round: 1 };

/** A paraphrase keeping the facts: "X is Y." becomes "Y is X."; two sentences swap places. */
function paraphrase(reference: string): string {
  const sentences = reference.split(/(?<=\.)\s+/);
  if (sentences.length > 1) return [...sentences.slice(1), sentences[0]].join(" ");
  const m = /^(.*?) is (.*)\.$/.exec(reference);
  return m ? `${m[2]} is what ${m[1]!.toLowerCase()} is.` : reference.split(" ").reverse().join(" ");
}

type Entry = RoundEntry<TextRequest, TextResponse, TextExpected>;
const entry = (uid: number, reference: string, completion: string | null, latencyMs = 100): Entry => ({
  uid,
  challenge: { request: { prompt: "p", max_tokens: 64 }, expected: { reference, latencyBudgetMs: 2000 } },
  response: completion === null ? null : { completion },
  latencyMs,
});

describe("the text kit's scoring module, loaded by hash in the sandboxed host", () => {
  const host = new ScoringHost();
  const driver = new KitDriver(textKit({ scoringModuleSha256: sha256Hex(moduleBytes) }), { secret: "v", scoringHost: host });
  afterAll(() => driver.close());

  it(`scores perfect answers 65535, orders paraphrase above unrelated text, and empty answers 0, over all ${dataset.items.length} prompts`, async () => {
    const items = dataset.items;
    const perfect = items.map((it, i) => entry(i, it.reference, it.reference));
    const para = items.map((it, i) => entry(i, it.reference, paraphrase(it.reference)));
    const unrelated = items.map((it, i) => entry(i, it.reference, items[(i + 97) % items.length]!.reference));
    const empty = items.map((it, i) => entry(i, it.reference, ""));
    const [p, q, u, z] = await Promise.all([perfect, para, unrelated, empty].map((b) => driver.score(b)));
    for (let i = 0; i < items.length; i++) {
      expect(p!.get(i), items[i]!.prompt).toBe(65535);
      expect(q!.get(i)!, `${items[i]!.prompt}: "${paraphrase(items[i]!.reference)}"`).toBeGreaterThan(u!.get(i)!);
      expect(z!.get(i)).toBe(0);
    }
  });

  it("computes ROUGE-L F1 and token F1 exactly as a plain TypeScript reference does, on pairs from the dataset", async () => {
    // reference: tokens are runs of ASCII letters/digits (lowercased) and non-ASCII bytes of the
    // UTF-8 text; ROUGE-L F1 (β = 1) = 2·LCS/(|r|+|c|), token F1 = 2·overlap/(|r|+|c|); the module
    // scores their mean, ⌊65535·(LCS + overlap)/(|r| + |c|)⌋, within the latency budget.
    const toks = (s: string) => {
      const out: string[] = [];
      let cur = "";
      for (const b of Buffer.from(s, "utf8")) {
        const c = b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
        if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c >= 0x80) cur += String.fromCharCode(c);
        else if (cur) {
          out.push(cur);
          cur = "";
        }
      }
      if (cur) out.push(cur);
      return out;
    };
    const lcs = (a: string[], b: string[]) => {
      let prev = new Array<number>(b.length + 1).fill(0);
      for (const x of a) {
        const cur = [0];
        for (let j = 1; j <= b.length; j++) cur[j] = x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
        prev = cur;
      }
      return prev[b.length]!;
    };
    const overlap = (a: string[], b: string[]) => {
      const left = new Map<string, number>();
      for (const t of a) left.set(t, (left.get(t) ?? 0) + 1);
      let m = 0;
      for (const t of b)
        if ((left.get(t) ?? 0) > 0) {
          m++;
          left.set(t, left.get(t)! - 1);
        }
      return m;
    };
    const items = dataset.items;
    const pairs = items.map((it, i) => [it.reference, i % 3 === 0 ? paraphrase(it.reference) : items[(i * 31 + 7) % items.length]!.reference] as const);
    const got = await driver.score(pairs.map(([ref, cand], i) => entry(i, ref, cand, 500)));
    pairs.forEach(([ref, cand], i) => {
      const a = toks(ref);
      const b = toks(cand);
      expect(got.get(i), `${ref} | ${cand}`).toBe(Math.floor((65535 * (lcs(a, b) + overlap(a, b))) / (a.length + b.length)));
    });
  });

  it("scores copied long answers 0 once verify vetoes them, for every explanation in the dataset", async () => {
    const longs = dataset.items.filter((i) => i.category === "explanation");
    expect(longs.length).toBeGreaterThanOrEqual(50);
    for (const { reference: long } of longs) {
      // uid 1 answers first; uid 2 sends the same text later; uid 3 a copy with one word changed
      const round = [entry(1, long, long, 200), entry(2, long, long, 900), entry(3, long, long.replace(/\b(\w+)\.$/, "$1 indeed."), 950)];
      const verdict = await driver.verify(round);
      const s = await driver.score(round, verdict);
      expect([s.get(1), s.get(2), s.get(3)], long).toEqual([65535, 0, 0]);
    }
  });

  it("takes latency into account: full credit within the budget, half at three times it", async () => {
    const ref = dataset.items[0]!.reference;
    const s = await driver.score([entry(1, ref, ref, 2000), entry(2, ref, ref, 4000), entry(3, ref, ref, 6000), entry(4, ref, ref, 60000)]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)).toBe(Math.floor((65535 * 49152) / 65536));
    expect(s.get(3)).toBe(Math.floor((65535 * 32768) / 65536));
    expect(s.get(4)).toBe(s.get(3));
  });

  it("refuses a module that is not the pinned one", async () => {
    const wrong = new KitDriver(textKit({ scoringModuleSha256: "ab".repeat(32) }), { secret: "v", scoringHost: host });
    await expect(wrong.score([entry(1, "a b", "a b")])).rejects.toMatchObject({ code: "SCORING_HASH_MISMATCH" });
  });
});

describe("the shipped dataset", () => {
  it("has a few hundred distinct prompts with short and long reference answers, and states its licence", () => {
    expect(dataset.items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(dataset.items.map((i) => i.prompt)).size).toBe(dataset.items.length);
    const words = (s: string) => s.split(/\s+/).length;
    expect(dataset.items.filter((i) => words(i.reference) <= 10).length).toBeGreaterThan(100);
    expect(dataset.items.filter((i) => words(i.reference) >= 25).length).toBeGreaterThanOrEqual(50);
    expect(dataset.licence).toBe("CC0-1.0");
    expect(dataset.source).toMatch(/written for tao-subnet/);
  });

  it("locates the built scoring module and its sha256 at run time", () => {
    const m = textScoringModule();
    expect(m.sha256).toBe(sha256Hex(moduleBytes));
    expect(m.path.endsWith("build/scoring.wasm")).toBe(true);
  });
});

describe("text verify", () => {
  const kit = textKit();
  const verify = (entries: Entry[]) => kit.verify!(entries) as { vetoed: Array<{ uid: number; reason: string }> };
  const long =
    "Photosynthesis is the process by which plants, algae and some bacteria use light energy to turn carbon dioxide and water into glucose and oxygen.";

  it("vetoes a late near-duplicate of a long answer, not the earliest one", () => {
    const v = verify([
      entry(1, long, long, 300),
      entry(2, long, long.replace("some", "certain"), 900),
      entry(3, long, "Something else entirely, written by this miner alone, about plants and light.", 500),
    ]);
    expect(v.vetoed.map((x) => x.uid)).toEqual([2]);
    expect(v.vetoed[0]!.reason).toContain("uid 1");
  });

  it("does not punish honest miners giving the same correct short answer", () => {
    const short = "The capital of France is Paris.";
    expect(verify([entry(1, short, short, 100), entry(2, short, short, 120), entry(3, short, short, 130)]).vetoed).toEqual([]);
  });

  it("lets a subnet raise the length from which answers can be copies", () => {
    const strict = textKit({ copyMinTokens: 100 });
    expect((strict.verify!([entry(1, long, long, 300), entry(2, long, long, 900)]) as { vetoed: unknown[] }).vetoed).toEqual([]);
  });

  it("vetoes empty, oversized and non-UTF-8 answers", () => {
    const v = verify([entry(1, "x", "   "), entry(2, "x", "a".repeat(17000)), entry(3, "x", "caf\uFFFD"), entry(4, "x", "lone \uD800 half")]);
    expect(v.vetoed.map((x) => x.uid)).toEqual([1, 2, 3, 4]);
  });
});

describe("OpenAI-compatible endpoints (a real HTTP server on 127.0.0.1)", () => {
  let server: Server;
  let url = "";
  const seen: Array<{ auth: string | undefined; body: { model: string; messages: Array<{ content: string }> } }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = "";
      req.on("data", (c: Buffer) => (data += c.toString()));
      req.on("end", () => {
        const body = JSON.parse(data) as { model: string; messages: Array<{ content: string }> };
        seen.push({ auth: req.headers.authorization, body });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: `model ${body.model} says: ${body.messages.at(-1)!.content}` } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("answers as a miner through the endpoint, sending the model and the key as a bearer token", async () => {
    const kit = textKit({ minerModel: { url, model: "m1", key: "sk-test" } });
    const res = await kit.serve({ prompt: "What is 2 plus 2?", max_tokens: 16 }, { caller: "5V", timeoutMs: 1000 });
    expect(res.completion).toBe("model m1 says: What is 2 plus 2?");
    expect(seen.at(-1)!.auth).toBe("Bearer sk-test");
  });

  it("takes references from the validator's own model", async () => {
    const driver = new KitDriver(textKit({ referenceModel: { url, model: "ref" } }), { secret: "v" });
    const c = await driver.challenge(coords, 3);
    expect(c.expected.reference).toBe(`model ref says: ${c.request.prompt}`);
  });

  it("reads the miner's and the validator's endpoints from the environment", async () => {
    const env = { TAO_TEXT_OPENAI_URL: url, TAO_TEXT_OPENAI_MODEL: "m2", TAO_TEXT_REFERENCE_URL: url, TAO_TEXT_REFERENCE_KEY: "sk-ref" };
    expect(endpointFromEnv(env)).toEqual({ url, model: "m2" });
    expect(endpointFromEnv(env, "TAO_TEXT_REFERENCE")).toEqual({ url, model: "default", key: "sk-ref" });
    expect(endpointFromEnv({})).toBeNull();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const kit = textKit();
      expect((await kit.serve({ prompt: "Hi?", max_tokens: 8 }, { caller: "5V", timeoutMs: 1000 })).completion).toBe("model m2 says: Hi?");
      const c = await new KitDriver(kit, { secret: "v" }).challenge(coords, 1);
      expect(c.expected.reference).toBe(`model default says: ${c.request.prompt}`);
      expect(seen.at(-1)!.auth).toBe("Bearer sk-ref");
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    }
  });

  it("takes references from any provider a validator plugs in", async () => {
    const driver = new KitDriver(textKit({ referenceProvider: (item) => `private: ${item.prompt}` }), { secret: "v" });
    const c = await driver.challenge(coords, 2);
    expect(c.expected.reference).toBe(`private: ${c.request.prompt}`);
  });

  it("answers offline from the dataset when no endpoint is configured", async () => {
    const kit = textKit({ minerModel: null });
    const item = dataset.items[5]!;
    expect((await kit.serve({ prompt: item.prompt, max_tokens: 64 }, { caller: "5V", timeoutMs: 1000 })).completion).toBe(item.reference);
  });
});

describe("text challenges", () => {
  it("are deterministic per validator secret and differ between validators", async () => {
    const a = new KitDriver(textKit(), { secret: "alice-secret" });
    const b = new KitDriver(textKit(), { secret: "bob-secret" });
    const ca = await Promise.all([1, 2, 3, 4, 5, 6].map((u) => a.challenge(coords, u)));
    const ca2 = await Promise.all([1, 2, 3, 4, 5, 6].map((u) => a.challenge(coords, u)));
    const cb = await Promise.all([1, 2, 3, 4, 5, 6].map((u) => b.challenge(coords, u)));
    expect(ca2).toEqual(ca);
    expect(cb.map((c) => c.request.prompt)).not.toEqual(ca.map((c) => c.request.prompt));
  });
});
