/**
 * Measures the offline baseline miner on rendered challenges (the README's table):
 *   node --conditions=source --import tsx kits/image/scripts/measureBaseline.ts [count]
 * Challenges come from the kit's own `challenge` hook (a fixed validator secret), answers from its
 * `serve` (the baseline), metrics from the TypeScript twin of the scoring module.
 */
import { KitDriver } from "@tao-subnet/sdk/kit";
import { imageKit, type RenderOptions, referenceScore, scoringChallenge, scoringResponse } from "../src/index.js";

const count = Number(process.argv[2] ?? 200);
const settings: Array<[string, RenderOptions]> = [
  ["default (noise ±24, 20–72 px, 1–6 objects, ≤ 3 strokes)", {}],
  ["hard (noise ±48, 12–48 px, 1–8 objects, ≤ 6 strokes)", { noise: 48, minSize: 12, maxSize: 48, maxObjects: 8, maxClutter: 6 }],
  ["harsh (noise ±64, 10–32 px, 1–10 objects, ≤ 10 strokes)", { noise: 64, minSize: 10, maxSize: 32, maxObjects: 10, maxClutter: 10 }],
];
console.log(`| rendered challenges | count | mAP@[.5:.95] | AP@.5 | precision@.5 | recall@.5 | mean score (u16) | ms per answer |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const [name, render] of settings) {
  const driver = new KitDriver(imageKit({ render, minerBackend: null }), { secret: "readme" });
  const chs = await driver.challenges(
    { blockHash: "0x00", validatorHotkey: "5Readme", round: 1 },
    Array.from({ length: count }, (_, i) => i),
  );
  let mAP = 0,
    ap50 = 0,
    tp = 0,
    dets = 0,
    labels = 0,
    score = 0,
    ms = 0;
  for (const c of chs) {
    const t0 = performance.now();
    const res = await driver.serve(c.request, { caller: "5Readme", timeoutMs: 12_000 });
    ms += performance.now() - t0;
    const m = referenceScore(scoringChallenge(c.expected), scoringResponse(c.expected.classes, res, 100));
    mAP += m.mAP;
    ap50 += m.ap50;
    tp += m.tp50;
    dets += m.detections;
    labels += m.labels;
    score += m.score;
  }
  const f = (x: number) => (x / count / 65536).toFixed(3);
  console.log(
    `| ${name} | ${count} | ${f(mAP)} | ${f(ap50)} | ${(tp / dets).toFixed(3)} | ${(tp / labels).toFixed(3)} | ${Math.round(score / count)} | ${(ms / count).toFixed(1)} |`,
  );
  await driver.close();
}
