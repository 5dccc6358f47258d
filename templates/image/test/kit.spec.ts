// Your subnet's own tests: real challenges from the kit, scored by your module (built by
// `npm run build`) in the sandbox.

import { type Detection, decodePng, dHash } from "@tao-subnet/kit-image";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { afterAll, describe, expect, it } from "vitest";
import { myKit } from "../src/kit.js";

const driver = new KitDriver(myKit(), { secret: "test" });
afterAll(() => driver.close());
const coords = (round: number) => ({ blockHash: "0x01", validatorHotkey: "5Validator", round });
type Ch = Awaited<ReturnType<typeof driver.challenges>>[number];
const hashOf = (c: Ch) => dHash(decodePng(new Uint8Array(Buffer.from(c.request.image_png, "base64"))));
const exact = (c: Ch): Detection[] => c.expected.objects.map((o) => ({ label: o.label, box: o.box, confidence: 1 }));
const entry = (uid: number, c: Ch, detections: Detection[], image_hash = hashOf(c)) => ({
  uid,
  challenge: c,
  response: { image_hash, detections },
  latencyMs: 100,
});

describe("my subnet's scoring", () => {
  it("gives exact boxes 65535, boxes off by half their size much less, an empty answer 0", async () => {
    const [c] = await driver.challenges(coords(1), [1]);
    const halfOff = exact(c!).map((d) => ({ ...d, box: [d.box[0] + d.box[2] / 2, d.box[1] + d.box[3] / 2, d.box[2], d.box[3]] as Detection["box"] }));
    const s = await driver.score([entry(1, c!, exact(c!)), entry(2, c!, halfOff), entry(3, c!, [])]);
    expect(s.get(1)).toBe(65535);
    expect(s.get(2)!).toBeLessThan(65535 / 4);
    expect(s.get(3)).toBe(0);
  });

  it("scores an answer replayed from an earlier round 0", async () => {
    const [old] = await driver.challenges(coords(1), [1]);
    const [now] = await driver.challenges(coords(2), [1]);
    const round = [entry(1, now!, exact(old!), hashOf(old!))];
    const verdict = await driver.verify(round);
    expect(verdict.vetoed[0]?.reason).toMatch(/^replayed/);
    expect((await driver.score(round, verdict)).get(1)).toBe(0);
  });

  it("lets the reference miner find the objects", async () => {
    const [c] = await driver.challenges(coords(3), [1]);
    const answer = await driver.serve(c!.request, { caller: "5Validator", timeoutMs: 5000 });
    const s = await driver.score([{ uid: 1, challenge: c!, response: answer, latencyMs: 100 }]);
    expect(s.get(1)!).toBeGreaterThan(60000);
  });
});
