import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { abiModule } from "../../test-fixtures/wasmWriter.js";
import {
  deriveChallengeSeed,
  fromSynapseBody,
  HOOK_KINDS,
  HOOK_NAMES,
  type HookName,
  KitDriver,
  KitHookError,
  type KitName,
  Random,
  ScoringHost,
  type SubnetKit,
  SynapseValidationError,
  sha256Hex,
  toSynapseBody,
} from "../index.js";

const wasm = new Uint8Array(readFileSync(fileURLToPath(new URL("../../build/exactMatch.wasm", import.meta.url))));
const enc = new TextEncoder();

/** A toy "echo a word" market scored by the real exact-match WASM module. */
function echoKit(overrides: Partial<SubnetKit<{ word: string }, { answer: string }, string>> = {}): SubnetKit<{ word: string }, { answer: string }, string> {
  const words = ["alpha", "bravo", "charlie", "delta", "echo"];
  return {
    name: "kit:echo",
    synapse: { name: "Echo", request: z.object({ word: z.string().max(32) }), response: z.object({ answer: z.string().max(64) }) },
    challenge: (ctx) => {
      const word = ctx.random.pick(words);
      return { request: { word }, expected: word };
    },
    serve: (req) => ({ answer: req.word }),
    verify: (round) => ({ vetoed: round.filter((e) => e.response?.answer === "copied").map((e) => ({ uid: e.uid, reason: "copy" })) }),
    scorer: {
      kind: "wasm",
      load: async () => wasm,
      sha256: sha256Hex(wasm),
      encode: (e) => ({ challenge: enc.encode(e.challenge.expected), response: enc.encode(e.response?.answer ?? "") }),
    },
    ...overrides,
  };
}
const coords = { blockHash: "0xabc", validatorHotkey: "5Validator", round: 7 };

describe("challenge seeds", () => {
  it("are deterministic in the secret and the coordinates, and change with either", () => {
    const a = deriveChallengeSeed("secret", { ...coords, uid: 1 });
    expect(deriveChallengeSeed("secret", { ...coords, uid: 1 })).toEqual(a);
    expect(deriveChallengeSeed("other", { ...coords, uid: 1 })).not.toEqual(a);
    expect(deriveChallengeSeed("secret", { ...coords, uid: 2 })).not.toEqual(a);
    expect(deriveChallengeSeed("secret", { ...coords, uid: 1, round: 8 })).not.toEqual(a);
  });

  it("drive a PRNG that gives the same sequence everywhere and unbiased ranges", () => {
    const r1 = new Random(deriveChallengeSeed("s", { ...coords, uid: 0 }));
    const r2 = new Random(deriveChallengeSeed("s", { ...coords, uid: 0 }));
    const xs = Array.from({ length: 50 }, () => r1.nextU32());
    expect(Array.from({ length: 50 }, () => r2.nextU32())).toEqual(xs);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r1.int(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(() => r1.int(0)).toThrow(RangeError);
  });

  it("match fixed vectors (HMAC-SHA256 seed, xoshiro128** words), so every machine draws the same challenges", () => {
    // Expected values from an independent Python implementation (hmac + struct, 32-bit masks):
    // seed = HMAC-SHA256(b"secret", b"tao-subnet/challenge/v1\n0xabc\n5Validator\n1\n7"),
    // state = the seed's first 16 bytes as 4 little-endian u32, then xoshiro128** (Blackman & Vigna).
    const seed = deriveChallengeSeed("secret", { ...coords, uid: 1 });
    expect(Buffer.from(seed).toString("hex")).toBe("46d3b306d0f41f432bf381f28ffc482180f8bb621b46f5e3c895d65fef7bf564");
    const r = new Random(seed);
    expect(Array.from({ length: 6 }, () => r.nextU32())).toEqual([1325680991, 2268241681, 2711825564, 3647601241, 4248110307, 1615352309]);
    // int(10) = x mod 10 for x below 4294967290 (all six are): no modulo bias, same digits everywhere
    const d = new Random(seed);
    expect(Array.from({ length: 6 }, () => d.int(10))).toEqual([1, 1, 4, 1, 7, 9]);
  });
});

// Bodies written by the Python SDK itself: bittensor/core/synapse.py @ bb526e6 run under
// pydantic 2.13 with a subclass `TextGeneration(Synapse)` declaring `prompt: str`,
// `max_tokens: int`, `completion: Optional[str] = None`; `model_dump_json()` of the request (dendrite
// fields set) and of the answered synapse (completion and axon fields set).
const PY_REQUEST = `{"name":"TextGeneration","timeout":12.0,"total_size":0,"header_size":0,"dendrite":{"status_code":null,"status_message":null,"process_time":null,"ip":"127.0.0.1","port":null,"version":10002000,"nonce":1732291200123456789,"uuid":"5e1c0c2e-0000-4000-8000-000000000001","hotkey":"5DendriteHotkey","signature":"0xabc"},"axon":{"status_code":null,"status_message":null,"process_time":null,"ip":null,"port":null,"version":null,"nonce":null,"uuid":null,"hotkey":null,"signature":null},"computed_body_hash":"","prompt":"What is the capital of France?","max_tokens":64,"completion":null}`;
const PY_RESPONSE = `{"name":"TextGeneration","timeout":12.0,"total_size":0,"header_size":0,"dendrite":{"status_code":null,"status_message":null,"process_time":null,"ip":"127.0.0.1","port":null,"version":10002000,"nonce":1732291200123456789,"uuid":"5e1c0c2e-0000-4000-8000-000000000001","hotkey":"5DendriteHotkey","signature":"0xabc"},"axon":{"status_code":200,"status_message":"Success","process_time":0.25,"ip":null,"port":null,"version":null,"nonce":null,"uuid":null,"hotkey":"5AxonHotkey","signature":null},"computed_body_hash":"","prompt":"What is the capital of France?","max_tokens":64,"completion":"Paris is the capital of France."}`;

describe("synapse bodies round-trip with the Python SDK", () => {
  const schema = {
    name: "TextGeneration",
    request: z.object({ prompt: z.string(), max_tokens: z.number().int() }),
    response: z.object({ completion: z.string() }),
  };

  it("reads a Python request body into the kit's fields and writes it back key for key", () => {
    const body = JSON.parse(PY_REQUEST) as Record<string, unknown>;
    const { base, fields } = fromSynapseBody("kit:t", schema, "request", body);
    expect(fields).toEqual({ prompt: "What is the capital of France?", max_tokens: 64 });
    const again = toSynapseBody(schema, { request: fields }, base);
    // the Python body also carries the unanswered response field as null
    expect(JSON.stringify({ ...again, completion: null })).toBe(JSON.stringify(body));
  });

  it("writes a response body a Python dendrite can rebuild the synapse from (request fields included)", () => {
    const py = JSON.parse(PY_RESPONSE) as Record<string, unknown>;
    const { base, fields } = fromSynapseBody("kit:t", schema, "response", py);
    expect(fields).toEqual({ completion: "Paris is the capital of France." });
    const body = toSynapseBody(schema, { request: { prompt: "What is the capital of France?", max_tokens: 64 }, response: fields }, base);
    expect(JSON.stringify(body)).toBe(JSON.stringify(py));
  });

  it("fills the Python defaults (timeout 12.0, sizes 0, null terminals, empty body hash)", () => {
    const body = toSynapseBody(schema, { request: { prompt: "p", max_tokens: 1 } });
    expect(Object.keys(body)).toEqual(["name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash", "prompt", "max_tokens"]);
    expect(body).toMatchObject({ name: "TextGeneration", timeout: 12, total_size: 0, header_size: 0, computed_body_hash: "" });
    expect(Object.values(body.dendrite as object).every((v) => v === null)).toBe(true);
  });

  it("refuses another synapse's body and bad base fields, naming the field", () => {
    expect(() => fromSynapseBody("kit:t", schema, "request", { ...JSON.parse(PY_REQUEST), name: "Other" })).toThrow(/name: this is a "Other" synapse/);
    const e = (() => {
      try {
        fromSynapseBody("kit:t", schema, "request", { ...JSON.parse(PY_REQUEST), dendrite: { port: "x" } });
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(SynapseValidationError);
    expect(e).toMatchObject({ path: "dendrite.port" });
  });

  it("lets a KitDriver serve a whole Python body and answer with a whole body", async () => {
    const driver = new KitDriver(echoKit(), { secret: "s" });
    const res = await driver.serve({ ...JSON.parse(PY_REQUEST), name: "Echo", word: "alpha" }, { caller: "5V", timeoutMs: 1000 });
    expect(res).toEqual({ answer: "alpha" });
    expect(driver.responseBody({ word: "alpha" }, res)).toMatchObject({ name: "Echo", word: "alpha", answer: "alpha", timeout: 12 });
    expect(driver.requestBody({ word: "alpha" })).toMatchObject({ name: "Echo", word: "alpha" });
  });
});

describe("hook map", () => {
  it("is checked by the compiler: a missing hook or a bad kit name is a type error", () => {
    // @ts-expect-error -- `close` is missing, so this is not a Record<HookName, 1>
    const partial: Record<HookName, 1> = { challenge: 1, serve: 1, verify: 1, score: 1, aggregate: 1 };
    // @ts-expect-error -- kit names are `kit:<name>` or `tao-kit-<name>`
    const bad: KitName = "text";
    const good: KitName[] = ["kit:text", "tao-kit-weather"];
    expect([partial, bad, good]).toHaveLength(3);
  });

  it("gives every hook a kind", () => {
    expect(Object.keys(HOOK_KINDS).sort()).toEqual(Object.keys(HOOK_NAMES).sort());
    expect(HOOK_KINDS).toEqual({ challenge: "sequential", serve: "first", verify: "first", score: "parallel", aggregate: "first", close: "first" });
  });
});

describe("KitDriver", () => {
  it("refuses to build challenges without a validator secret", async () => {
    await expect(new KitDriver(echoKit()).challenge(coords, 1)).rejects.toThrow(/no validator secret/);
  });

  it("runs a round: challenges, responses, a veto, WASM scores and rewards", async () => {
    const driver = new KitDriver(echoKit(), { secret: "s3cret" });
    const answers = new Map<number, unknown>([
      [1, "right"],
      [2, { answer: "wrong" }],
      [3, { answer: "copied" }],
      [4, null],
      [5, { answer: 42 }],
    ]);
    const result = await driver.runRound(coords, [1, 2, 3, 4, 5], async (uid, req) => {
      const a = answers.get(uid);
      return { body: a === "right" ? { answer: req.word } : a, latencyMs: 10 };
    });
    expect(result.scores.get(1)).toBe(65535);
    expect(result.scores.get(2)).toBeLessThan(65535);
    expect(result.scores.get(3)).toBe(0); // vetoed
    expect(result.scores.get(4)).toBe(0); // no answer
    expect(result.scores.get(5)).toBe(0); // invalid body counts as no answer
    expect(result.verdict.vetoed).toEqual([{ uid: 3, reason: "copy" }]);
    expect(result.rewards.get(1)).toBe(1);
    await driver.close();
  });

  it("calls the kit's close hook once, when the last driver over the kit closes, and wraps its error", async () => {
    let closes = 0;
    const kit = echoKit({ close: () => void closes++ });
    const [a, b] = [new KitDriver(kit, { secret: "a" }), new KitDriver(kit, { secret: "b" })];
    await a.close();
    expect(closes).toBe(0); // b still runs the kit
    await a.close();
    expect(closes).toBe(0); // closing a driver twice does not count twice
    await b.close();
    expect(closes).toBe(1);
    await b.close();
    expect(closes).toBe(1);
    const failing = new KitDriver(
      echoKit({
        close: () => {
          throw new Error("store busy");
        },
      }),
    );
    await expect(failing.close()).rejects.toMatchObject({ name: "KitHookError", hook: "close", kit: "kit:echo" });
  });

  it("lets verify run items through the kit's module: the one score uses, loaded once", async () => {
    let loads = 0;
    const host = new (class extends ScoringHost {
      override load(bytes: Uint8Array, sha256?: string) {
        loads++;
        return super.load(bytes, sha256);
      }
    })();
    let checked: number[] = [];
    const kit = echoKit({
      verify: async (round, ctx) => {
        checked = await ctx.scoreBatch(round.map((e) => ({ challenge: enc.encode(e.challenge.expected), response: enc.encode(e.response?.answer ?? "") })));
        return { vetoed: [] };
      },
    });
    const driver = new KitDriver(kit, { secret: "s", scoringHost: host });
    const result = await driver.runRound(coords, [1, 2], async (uid, req) => ({ body: { answer: uid === 1 ? req.word : "no" }, latencyMs: 1 }));
    expect(checked[0]).toBe(65535);
    expect(checked[1]).toBeLessThan(65535);
    expect([...result.scores.values()]).toEqual(checked);
    expect(loads).toBe(1);
    await driver.close();
    const fn = new KitDriver(
      echoKit({
        scorer: { kind: "function", score: () => 1 },
        verify: async (_round, ctx) => {
          await ctx.scoreBatch([]);
          return { vetoed: [] };
        },
      }),
      { secret: "s" },
    );
    await expect(fn.verify([])).rejects.toThrow(/scores with a function/);
  });

  it("runs challenges in uid order, one after the other (sequential hook)", async () => {
    const order: number[] = [];
    let running = 0;
    const driver = new KitDriver(
      echoKit({
        challenge: async (ctx) => {
          running++;
          expect(running).toBe(1);
          await new Promise((r) => setTimeout(r, 2));
          order.push(ctx.uid);
          running--;
          return { request: { word: "a" }, expected: "a" };
        },
      }),
      { secret: "s" },
    );
    await driver.challenges(coords, [3, 1, 2]);
    expect(order).toEqual([3, 1, 2]);
  });

  it("wraps throwing verify and aggregate hooks, and refuses a verdict naming uids outside the round", async () => {
    const c = await new KitDriver(echoKit(), { secret: "s" }).challenge(coords, 1);
    const entries = [{ uid: 1, challenge: c, response: { answer: "a" }, latencyMs: 1 }];
    await expect(
      new KitDriver(
        echoKit({
          verify: () => {
            throw new Error("boom");
          },
        }),
      ).verify(entries),
    ).rejects.toMatchObject({ hook: "verify", kit: "kit:echo" });
    await expect(new KitDriver(echoKit({ verify: () => ({ vetoed: [{ uid: 99, reason: "x" }] }) })).verify(entries)).rejects.toThrow(/uid 99/);
    await expect(
      new KitDriver(
        echoKit({
          aggregate: () => {
            throw new Error("nope");
          },
        }),
      ).aggregate(new Map([[1, 5]])),
    ).rejects.toMatchObject({ hook: "aggregate" });
  });

  it("lets no NaN, infinite or out-of-range reward, nor a short score array, reach the rewards (issue #21)", async () => {
    const scores = new Map([
      [1, 65535],
      [2, 0],
    ]);
    for (const [bad, why] of [
      [Number.NaN, /reward for uid 1 is NaN/],
      [Number.POSITIVE_INFINITY, /is Infinity/],
      [Number.NEGATIVE_INFINITY, /is -Infinity/],
      [-0.1, /is -0.1/],
      [1.5, /is 1.5/],
      ["0.5", /is 0.5/],
    ] as const) {
      const kit = echoKit({ aggregate: (s) => new Map([...s].map(([uid]) => [uid, uid === 1 ? (bad as number) : 0])) });
      const err = await new KitDriver(kit).aggregate(scores).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KitHookError);
      expect(err).toMatchObject({ hook: "aggregate" });
      expect((err as Error).message).toMatch(why);
    }
    await expect(new KitDriver(echoKit({ aggregate: () => new Map([[9, 1]]) })).aggregate(scores)).rejects.toThrow(/uid 9, which was not scored/);
    await expect(new KitDriver(echoKit({ aggregate: () => [] as unknown as Map<number, number> })).aggregate(scores)).rejects.toThrow(/not a Map/);
    // the default aggregate, on u16 scores, gives rewards in [0, 1]
    expect([...(await new KitDriver(echoKit({ aggregate: undefined })).aggregate(scores)).values()]).toEqual([1, 0]);
    // a WASM module that returns one score fewer than the batch (a real module: alloc/score_batch by hand)
    const short = abiModule({ scoreBatch: [0x20, 0x00, 0x28, 0x02, 0x00, 0x41, 0x01, 0x6b] });
    const kit = echoKit({
      scorer: { kind: "wasm", load: async () => short, encode: (e) => ({ challenge: enc.encode(e.challenge.expected), response: enc.encode("x") }) },
    });
    const driver = new KitDriver(kit, { secret: "s" });
    const round = driver.runRound(coords, [1, 2], async (_uid, req) => ({ body: { answer: req.word }, latencyMs: 1 }));
    await expect(round).rejects.toMatchObject({ code: "SCORING_BAD_OUTPUT" });
    await driver.close();
    // a function scorer answering NaN
    const nan = echoKit({ scorer: { kind: "function", score: () => Number.NaN } });
    const d2 = new KitDriver(nan, { secret: "s" });
    await expect(d2.runRound(coords, [1], async (_uid, req) => ({ body: { answer: req.word }, latencyMs: 1 }))).rejects.toThrow(/score for uid 1 is NaN/);
  });

  it("wraps a throwing hook with the kit's and the hook's names", async () => {
    const driver = new KitDriver(
      echoKit({
        serve: () => {
          throw new Error("model offline");
        },
      }),
      { secret: "s" },
    );
    const err = await driver.serve({ word: "alpha" }, { caller: "5V", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitHookError);
    expect(err).toMatchObject({ kit: "kit:echo", hook: "serve", code: "KIT_HOOK_FAILED" });
    expect((err as Error).message).toContain("model offline");
  });

  it("validates synapse bodies at the boundary and names the bad field", async () => {
    const driver = new KitDriver(echoKit({ serve: () => ({ answer: "x".repeat(100) }) }), { secret: "s" });
    const bad = await driver.serve({ word: 5 }, { caller: "5V", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SynapseValidationError);
    expect(bad).toMatchObject({ side: "request", path: "word" });
    const tooLong = await driver.serve({ word: "alpha" }, { caller: "5V", timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ side: "response", path: "answer" });
  });

  it("checks function scorers return u16 values", async () => {
    const driver = new KitDriver(echoKit({ scorer: { kind: "function", score: () => 70000 } }), { secret: "s" });
    const c = await driver.challenge(coords, 1);
    const err = await driver.score([{ uid: 1, challenge: c, response: { answer: "a" }, latencyMs: 1 }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ hook: "score", code: "KIT_HOOK_FAILED" });
    expect((err as Error).message).toMatch(/expected a u16/);
  });
});
