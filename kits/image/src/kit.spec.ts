import { readFileSync } from "node:fs";
import { type Challenge, KitDriver, type RoundEntry } from "@tao-subnet/sdk/kit";
import { ScoringHost, sha256Hex } from "@tao-subnet/sdk/scoring";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Detection,
  decodePng,
  dHash,
  IMAGE_SCORING_MODULE,
  type ImageExpected,
  type ImageRequest,
  type ImageResponse,
  imageKit,
  imageScoringModule,
  referenceScore,
  scoringChallenge,
  scoringResponse,
} from "./index.js";

type Entry = RoundEntry<ImageRequest, ImageResponse, ImageExpected>;
type Ch = Challenge<ImageRequest, ImageExpected>;

const N = 120; // rendered challenges per round below
const moduleBytes = new Uint8Array(readFileSync(IMAGE_SCORING_MODULE));
const host = new ScoringHost({ timeoutMs: 10_000 });
const kit = imageKit({ scoringModuleSha256: sha256Hex(moduleBytes), minerBackend: null });
const driver = new KitDriver(kit, { secret: "image validator", scoringHost: host });
const coords = (round: number) => ({ blockHash: `0x${round.toString(16).padStart(64, "0")}`, validatorHotkey: "5Validator", round });
const uids = Array.from({ length: N }, (_, i) => i);

/** The hash a miner computes: from the PNG it was sent, not from the validator's labels. */
const hashOf = (c: Ch) => dHash(decodePng(new Uint8Array(Buffer.from(c.request.image_png, "base64"))));
const exact = (c: Ch): Detection[] => c.expected.objects.map((o) => ({ label: o.label, box: [...o.box] as Detection["box"], confidence: 1 }));
/** Each box moved by half its width and half its height, towards the image centre (it stays inside). */
const halfOff = (c: Ch): Detection[] =>
  exact(c).map((d) => {
    const [x, y, w, h] = d.box;
    const dx = x + w / 2 < c.expected.width / 2 ? w / 2 : -w / 2;
    const dy = y + h / 2 < c.expected.height / 2 ? h / 2 : -h / 2;
    return { ...d, box: [x + dx, y + dy, w, h] };
  });
const entry = (uid: number, c: Ch, response: ImageResponse | null, latencyMs = 150): Entry => ({ uid, challenge: c, response, latencyMs });

let round1: Ch[];
let round2: Ch[];
beforeAll(async () => {
  round1 = await driver.challenges(coords(1), uids);
  round2 = await driver.challenges(coords(2), uids);
}, 120_000);
afterAll(() => driver.close());

describe(`the image kit's scoring module over ${N} rendered challenges (sandboxed, pinned by sha256)`, () => {
  it("scores an exact answer 65535, boxes off by half their size markedly lower, an empty answer 0", async () => {
    const s = async (make: (c: Ch) => Detection[]) => driver.score(round2.map((c, i) => entry(i, c, { image_hash: hashOf(c), detections: make(c) })));
    const [perfect, off, empty] = [await s(exact), await s(halfOff), await s(() => [])];
    for (const i of uids) {
      expect(round2[i]!.expected.objects.length, `challenge ${i} has objects`).toBeGreaterThan(0);
      expect(perfect.get(i), `challenge ${i}`).toBe(65535);
      // half a box off: IoU 1/7, below every threshold from 0.5 up
      expect(off.get(i)!, `challenge ${i}`).toBeLessThan(65535 / 4);
      expect(empty.get(i)).toBe(0);
    }
    const mean = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0) / m.size;
    expect(mean(off)).toBeLessThan(0.1 * 65535);
  });

  it("ranks smaller errors between: 10 % jitter below exact, above half-off", async () => {
    const jitter = (c: Ch): Detection[] => exact(c).map((d) => ({ ...d, box: [d.box[0] + d.box[2] * 0.1, d.box[1], d.box[2], d.box[3] * 0.9] }));
    const got = await driver.score(round2.map((c, i) => entry(i, c, { image_hash: hashOf(c), detections: jitter(c) })));
    for (const i of uids) {
      expect(got.get(i)!).toBeLessThan(65535);
      expect(got.get(i)!).toBeGreaterThan(65535 / 3);
    }
  });

  it("scores a replayed answer 0: verify names the earlier round, and the module refuses the hash on its own", async () => {
    // each miner sends its exact answer to round 1's image again in round 2
    const replayed = round2.map((c, i) => entry(i, c, { image_hash: hashOf(round1[i]!), detections: exact(round1[i]!) }));
    const verdict = await driver.verify(replayed);
    expect(verdict.vetoed.map((v) => v.uid)).toEqual(uids);
    for (const v of verdict.vetoed) expect(v.reason).toBe(`replayed: image_hash is that of the image issued to uid ${v.uid} in round 1, an earlier round`);
    const vetoedScores = await driver.score(replayed, verdict);
    expect([...vetoedScores.values()].every((s) => s === 0)).toBe(true);
    // without verify, the module's own hash check still gives 0
    const unchecked = await driver.score(replayed);
    expect([...unchecked.values()].every((s) => s === 0)).toBe(true);
    // another miner's answer in the same round is bound to another image too
    const copied = await driver.verify([entry(0, round2[0]!, { image_hash: hashOf(round2[1]!), detections: exact(round2[1]!) })]);
    expect(copied.vetoed[0]!.reason).toMatch(/^copied: .* uid 1 in this round/);
  });

  it("agrees bit for bit with the plain TypeScript reference on perturbed answers", async () => {
    // per challenge: jitter, dropped labels, extra boxes, wrong classes, random confidences, late answers
    let seed = 12345;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const classes = round2[0]!.expected.classes;
    const answers = round2.map((c, i): Entry => {
      const dets: Detection[] = [];
      for (const d of exact(c)) {
        if (rnd() < 0.15) continue;
        const [x, y, w, h] = d.box;
        const j = rnd() * 0.4;
        dets.push({
          label: rnd() < 0.1 ? classes[Math.floor(rnd() * classes.length)]! : d.label,
          box: [x + (rnd() - 0.5) * j * w, y + (rnd() - 0.5) * j * h, w * (1 + (rnd() - 0.5) * j), h * (1 + (rnd() - 0.5) * j)],
          confidence: Math.round(rnd() * 100) / 100,
        });
        if (rnd() < 0.2) dets.push({ ...dets[dets.length - 1]!, confidence: rnd() }); // a duplicate
      }
      const extra = Math.floor(rnd() * 4);
      for (let k = 0; k < extra; k++)
        dets.push({ label: classes[Math.floor(rnd() * classes.length)]!, box: [rnd() * 200, rnd() * 200, 5 + rnd() * 50, 5 + rnd() * 50], confidence: rnd() });
      return entry(i, c, { image_hash: hashOf(c), detections: dets }, Math.floor(rnd() * 7000));
    });
    const wasm = await driver.score(answers);
    let partial = 0;
    answers.forEach((e, i) => {
      const ref = referenceScore(scoringChallenge(e.challenge.expected), scoringResponse(e.challenge.expected.classes, e.response, e.latencyMs));
      expect(wasm.get(i), `challenge ${i}`).toBe(ref.score);
      if (ref.score > 0 && ref.score < 65535) partial++;
    });
    expect(partial).toBeGreaterThan(N / 2);
  });

  it("agrees with the reference on edge cases: no labels, unknown classes, boxes clipped to nothing, equal confidences, oversized counts", async () => {
    const { packChallenge, packResponse, UNKNOWN_CLASS } = await import("./index.js");
    const hash = "0123456789abcdef".repeat(4);
    const box = (cls: number, x: number, y: number, w: number, h: number) => ({ cls, x: x * 16, y: y * 16, w: w * 16, h: h * 16 });
    const ch = (labels: ReturnType<typeof box>[]) => ({ width: 100, height: 80, latencyBudgetMs: 1000, maxHashDistance: 0, imageHash: hash, labels });
    const rs = (dets: Array<ReturnType<typeof box> & { confidence: number }>, h: string | null = hash) => ({ latencyMs: 10, imageHash: h, detections: dets });
    const cases = [
      [ch([]), rs([])], // nothing to find, nothing found: exact
      [ch([]), rs([{ ...box(0, 1, 1, 5, 5), confidence: 9 }])], // nothing to find, something claimed
      [ch([box(0, 10, 10, 20, 20)]), rs([{ ...box(UNKNOWN_CLASS, 10, 10, 20, 20), confidence: 65535 }])],
      [
        ch([box(0, 10, 10, 20, 20)]),
        rs([
          { ...box(0, 200, 200, 20, 20), confidence: 65535 },
          { ...box(0, 10, 10, 20, 20), confidence: 1 },
        ]),
      ], // first box clipped away
      [
        ch([box(0, 10, 10, 20, 20), box(0, 12, 12, 20, 20)]),
        rs([
          { ...box(0, 11, 11, 20, 20), confidence: 7 },
          { ...box(0, 12, 12, 20, 20), confidence: 7 },
        ]),
      ], // ties
      [ch([box(1, 0, 0, 100, 80)]), rs([{ ...box(1, -50, -50, 300, 300), confidence: 100 }])], // clipped to the image: exact
      [ch([box(0, 10, 10, 20, 20)]), rs([{ ...box(0, 10, 10, 20, 20), confidence: 1 }], null)], // no hash
      [ch([box(0, 10, 10, 20, 20)]), rs(Array.from({ length: 1025 }, () => ({ ...box(0, 10, 10, 20, 20), confidence: 1 })))], // above the module's cap
    ] as const;
    const module = await host.load(moduleBytes);
    const got = await module.scoreBatch(cases.map(([c, r]) => ({ challenge: packChallenge(c), response: packResponse(r) })));
    expect(got).toEqual(cases.map(([c, r]) => referenceScore(c, r).score));
    expect(got.slice(0, 3)).toEqual([65535, 0, 0]);
    expect(got[5]).toBe(65535);
    expect(got.slice(6)).toEqual([0, 0]);
    await module.close();
  });

  it("takes latency into account: full credit within the budget, half at three times it", async () => {
    const c = round2[0]!;
    const ok = { image_hash: hashOf(c), detections: exact(c) };
    const s = await driver.score([entry(1, c, ok, 2000), entry(2, c, ok, 4000), entry(3, c, ok, 6000), entry(4, c, ok, 60_000)]);
    expect([s.get(1), s.get(2), s.get(3), s.get(4)]).toEqual([65535, Math.floor((65535 * 49152) / 65536), 32767, 32767]);
  });

  it("charges low-confidence spam through F1 even though it cannot lower AP", async () => {
    const c = round2[3]!;
    const spam: Detection[] = [
      ...exact(c),
      ...Array.from({ length: 60 }, (_, k) => ({ label: "circle", box: [k * 3, 200, 10, 10] as Detection["box"], confidence: 0.01 })),
    ];
    const s = await driver.score([entry(1, c, { image_hash: hashOf(c), detections: spam })]);
    expect(s.get(1)!).toBeLessThan(0.6 * 65535);
  });
});

describe("challenges", () => {
  it("are deterministic in the seed and differ between uids and rounds", async () => {
    const again = await new KitDriver(imageKit({ minerBackend: null }), { secret: "image validator" }).challenges(coords(1), [0, 1]);
    expect(again[0]!.request.image_png).toBe(round1[0]!.request.image_png);
    expect(again[0]!.expected.objects).toEqual(round1[0]!.expected.objects);
    expect(round1[0]!.request.image_png).not.toBe(round1[1]!.request.image_png);
    expect(round1[0]!.request.image_png).not.toBe(round2[0]!.request.image_png);
  });

  it("render 256×256 scenes of 1–6 objects of all five classes, with boxes inside the image", () => {
    const seen = new Map<string, number>();
    for (const c of [...round1, ...round2]) {
      expect([c.request.width, c.request.height]).toEqual([256, 256]);
      expect(c.expected.objects.length).toBeGreaterThanOrEqual(1);
      expect(c.expected.objects.length).toBeLessThanOrEqual(6);
      for (const o of c.expected.objects) {
        seen.set(o.label, (seen.get(o.label) ?? 0) + 1);
        const [x, y, w, h] = o.box;
        expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 256 && y + h <= 256).toBe(true);
      }
    }
    expect([...seen.keys()].sort()).toEqual(["circle", "cross", "ring", "square", "triangle"]);
  });

  it(`have image hashes far apart: no two of ${2 * N} images within 32 of 256 bits`, async () => {
    const { hammingHex } = await import("./index.js");
    const hashes = [...round1, ...round2].map((c) => c.expected.imageHash);
    let min = 256;
    for (let i = 0; i < hashes.length; i++) for (let j = 0; j < i; j++) min = Math.min(min, hammingHex(hashes[i]!, hashes[j]!));
    expect(min).toBeGreaterThan(32);
  });
});

describe("the offline baseline miner", () => {
  it(`answers the ${N} rendered challenges through serve with a mean mAP@[.5:.95] above 0.97`, async () => {
    let mAP = 0,
      ap50 = 0;
    const scores: number[] = [];
    for (const c of round2) {
      const res = await driver.serve(c.request, { caller: "5Validator", timeoutMs: 12_000 });
      expect(res.image_hash).toBe(c.expected.imageHash);
      const m = referenceScore(scoringChallenge(c.expected), scoringResponse(c.expected.classes, res, 100));
      mAP += m.mAP / 65536;
      ap50 += m.ap50 / 65536;
      scores.push(m.score);
    }
    expect(mAP / N).toBeGreaterThan(0.97);
    expect(ap50 / N).toBeGreaterThan(0.97);
    const verdict = await driver.verify([]);
    expect(verdict.vetoed).toEqual([]);
  }, 120_000);
});

describe("image verify", () => {
  const c = () => round2[5]!;
  const answer = (detections: unknown[]): Entry => entry(1, c(), { image_hash: hashOf(c()), detections: detections as Detection[] });
  const reason = async (detections: unknown[]) => (await driver.verify([answer(detections)])).vetoed[0]?.reason;

  it("vetoes malformed boxes, naming the field and the fix", async () => {
    const ok = { label: "circle", box: [10, 10, 20, 20], confidence: 0.5 };
    expect(await reason([ok])).toBeUndefined();
    expect(await reason([ok, { ...ok, box: [10, 10, -5, 20] }])).toBe(
      "detections[1].box: width -5 and height 20 must both be > 0; send [x, y, width, height], not [x0, y0, x1, y1] with x1 < x0",
    );
    expect(await reason([{ ...ok, box: [10, 10, 20] }])).toMatch(/^detections\[0\]\.box: is not four finite numbers/);
    expect(await reason([{ ...ok, box: [250, 10, 40, 20] }])).toMatch(/^detections\[0\]\.box: \[250, 10, 40, 20\] lies outside the 256×256 image; clip boxes/);
    expect(await reason([{ ...ok, label: "dog" }])).toMatch(/^detections\[0\]\.label: "dog" is not one of the challenge's classes; use one of circle, square/);
    expect(await reason([{ ...ok, confidence: 1.5 }])).toMatch(/^detections\[0\]\.confidence: 1.5 is outside \[0, 1\]/);
    expect(await reason(Array.from({ length: 101 }, () => ok))).toMatch(/^detections: 101 detections, above max_detections = 100/);
  });

  it("vetoes an empty or made-up hash", async () => {
    const v = await driver.verify([
      entry(1, c(), { image_hash: "", detections: exact(c()) }),
      entry(2, c(), { image_hash: "f".repeat(64), detections: exact(c()) }),
    ]);
    expect(v.vetoed.map((x) => x.reason)).toEqual([
      "image_hash: empty; send the dHash of the challenge image (dHash in @tao-subnet/kit-image)",
      "image_hash: does not match this challenge's image (an answer to another image); send the dHash of the image you were sent",
    ]);
  });

  it("locates the built scoring module and its sha256 at run time", () => {
    const m = imageScoringModule();
    expect(m.sha256).toBe(sha256Hex(moduleBytes));
    expect(m.path.endsWith("build/scoring.wasm")).toBe(true);
  });
});
