import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KitDriver, KitHookError, Random, SynapseValidationError } from "@tao-subnet/sdk/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DetectRequest,
  decodePng,
  detectShapes,
  dHash,
  encodePng,
  httpDetector,
  ImageInputError,
  type ImageRequest,
  imageKit,
  loadImageDataset,
  renderScene,
} from "./index.js";

const coords = { blockHash: "0x02", validatorHotkey: "5Validator", round: 3 };
const request = (n: number): ImageRequest => {
  const { image } = renderScene(new Random(new Uint8Array(32).fill(n)));
  return {
    image_png: Buffer.from(encodePng(image)).toString("base64"),
    width: 256,
    height: 256,
    classes: ["circle", "square", "triangle", "cross", "ring"],
    max_detections: 100,
  };
};

describe("the reference miner's model-server backend (real HTTP on loopback)", () => {
  let server: Server;
  let url: string;
  const seen: Array<{ auth: string | undefined; body: DetectRequest }> = [];
  let mode: "ok" | "garbage" | "500" = "ok";
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => {
        const parsed = JSON.parse(body) as DetectRequest;
        seen.push({ auth: req.headers.authorization, body: parsed });
        if (req.url !== "/v1/detect" || mode === "500") return void res.writeHead(500).end();
        res.setHeader("content-type", "application/json");
        if (mode === "garbage") return void res.end(JSON.stringify({ detections: [{ label: "circle", box: [1, 2, 3], confidence: 1 }] }));
        // a stand-in model: the classical baseline, plus one detection of a class nobody asked for
        const found = detectShapes(decodePng(new Uint8Array(Buffer.from(parsed.image_png, "base64"))));
        res.end(JSON.stringify({ detections: [...found, { label: "dog", box: [0, 0, 5, 5], confidence: 0.99 }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends the request to POST <url>/v1/detect with the key as a bearer token, and answers with its detections bound to the image", async () => {
    mode = "ok";
    const driver = new KitDriver(imageKit({ minerBackend: { url, key: "sk-test" } }), { secret: "s" });
    const req = request(4);
    const res = await driver.serve(req, { caller: "5V", timeoutMs: 5000 });
    expect(seen.at(-1)!.auth).toBe("Bearer sk-test");
    expect(seen.at(-1)!.body.classes).toEqual(req.classes);
    const image = decodePng(new Uint8Array(Buffer.from(req.image_png, "base64")));
    expect(res.image_hash).toBe(dHash(image));
    // the miner keeps only the classes it was asked for
    expect(res.detections).toEqual(detectShapes(image));
  });

  it("turns a broken model server into a typed error naming what was wrong", async () => {
    mode = "garbage";
    const detect = httpDetector({ url });
    await expect(detect(request(1))).rejects.toMatchObject({ code: "IMAGE_BACKEND_FAILED", field: "detections[0].box" });
    mode = "500";
    await expect(detect(request(1))).rejects.toMatchObject({
      code: "IMAGE_BACKEND_FAILED",
      field: "TAO_IMAGE_MODEL_URL",
      message: expect.stringMatching(/HTTP 500/),
    });
    const dead = httpDetector({ url: "http://127.0.0.1:9" });
    await expect(dead(request(1))).rejects.toMatchObject({
      code: "IMAGE_BACKEND_FAILED",
      message: expect.stringMatching(/could not be reached \(.*\); start the model server or fix the URL/),
    });
  });
});

describe("bad input at the miner: typed errors, nothing crashes", () => {
  const driver = new KitDriver(imageKit({ minerBackend: null }), { secret: "s" });
  const serve = (body: unknown) => driver.serve(body, { caller: "5V", timeoutMs: 5000 });
  const causeOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(KitHookError);
    expect((e as KitHookError).cause).toBeInstanceOf(ImageInputError);
    return (e as KitHookError).cause as ImageInputError;
  };

  it("refuses a 100 MB image at the synapse boundary, naming image_png", async () => {
    const big = { ...request(1), image_png: "A".repeat(Math.ceil((100 * 1024 * 1024) / 3) * 4) };
    const e = await serve(big).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SynapseValidationError);
    expect((e as SynapseValidationError).path).toBe("image_png");
    expect((e as Error).message).toMatch(/image_png: above 8388608 bytes once decoded; send a smaller image/);
  });

  it("reports a truncated PNG as IMAGE_TRUNCATED on image_png", async () => {
    const req = request(2);
    const cut = Buffer.from(req.image_png, "base64").subarray(0, 20_000).toString("base64");
    const e = await causeOf(serve({ ...req, image_png: cut }));
    expect([e.code, e.field]).toEqual(["IMAGE_TRUNCATED", "image_png"]);
  });

  it("reports text that is not base64, and a size that disagrees with the PNG, with their fields", async () => {
    expect((await causeOf(serve({ ...request(2), image_png: "not base64!" }))).message).toBe(
      "image_png: is not base64; send a valid PNG file (8-bit grey, RGB or RGBA)",
    );
    expect((await causeOf(serve({ ...request(2), width: 100 }))).field).toBe("width");
  });

  it("refuses an image with more pixels than the limit before decoding it", async () => {
    const small = imageKit({ minerBackend: null, maxImagePixels: 100 * 100 });
    const e = await causeOf(new KitDriver(small, { secret: "s" }).serve(request(3), { caller: "5V", timeoutMs: 5000 }));
    expect(e.code).toBe("IMAGE_TOO_LARGE");
    expect(e.message).toMatch(/declares 256×256 = 65536 pixels, above the limit of 10000; downscale it/);
  });
});

describe("challenges from a dataset directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "kit-image-dataset-"));
  beforeAll(() => {
    for (let n = 0; n < 4; n++) {
      const scene = renderScene(new Random(new Uint8Array(32).fill(40 + n)), { width: 200, height: 150 });
      writeFileSync(join(dir, `img${n}.png`), encodePng(scene.image));
      // the dataset's own class names
      writeFileSync(join(dir, `img${n}.json`), JSON.stringify({ objects: scene.objects.map((o) => ({ label: `shape-${o.label}`, box: o.box })) }));
    }
  });

  it("issues its images (flipped half of the time) with their labels, and an exact answer scores 65535", async () => {
    const driver = new KitDriver(imageKit({ datasetDir: dir, datasetShare: 1, minerBackend: null }), { secret: "d" });
    const chs = await driver.challenges(
      coords,
      Array.from({ length: 12 }, (_, i) => i),
    );
    expect(chs.every((c) => c.expected.source === "dataset" && c.request.width === 200)).toBe(true);
    expect(chs[0]!.request.classes.every((x) => x.startsWith("shape-"))).toBe(true);
    const scores = await driver.score(
      chs.map((c, uid) => {
        const image = decodePng(new Uint8Array(Buffer.from(c.request.image_png, "base64")));
        return {
          uid,
          challenge: c,
          latencyMs: 100,
          response: { image_hash: dHash(image), detections: c.expected.objects.map((o) => ({ label: o.label, box: o.box, confidence: 0.9 })) },
        };
      }),
    );
    expect([...scores.values()]).toEqual(chs.map(() => 65535));
    // the flipped copies' labels still fit their pixels: the baseline finds a box over each (IoU ≥ 0.9)
    const iou = (a: number[], b: number[]) => {
      const w = Math.min(a[0]! + a[2]!, b[0]! + b[2]!) - Math.max(a[0]!, b[0]!);
      const h = Math.min(a[1]! + a[3]!, b[1]! + b[3]!) - Math.max(a[1]!, b[1]!);
      const i = w > 0 && h > 0 ? w * h : 0;
      return i / (a[2]! * a[3]! + b[2]! * b[3]! - i);
    };
    let flipped = 0;
    for (const c of chs) {
      const found = detectShapes(decodePng(new Uint8Array(Buffer.from(c.request.image_png, "base64"))));
      for (const o of c.expected.objects) expect(Math.max(...found.map((d) => iou(d.box, o.box))), JSON.stringify(o)).toBeGreaterThanOrEqual(0.9);
      const original = loadImageDataset(dir).items.find((it) => it.objects.some((o) => o.box.join() === c.expected.objects[0]!.box.join()));
      if (!original) flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(chs.length);
    await driver.close();
  });

  it("names the file and the fix for a 100 MB image, bad labels and a missing label file", () => {
    const bad = mkdtempSync(join(tmpdir(), "kit-image-bad-"));
    writeFileSync(join(bad, "a.png"), encodePng(renderScene(new Random(new Uint8Array(32))).image));
    expect(() => loadImageDataset(bad)).toThrow(/a\.json: is missing; write \{ "objects"/);
    writeFileSync(join(bad, "a.json"), JSON.stringify({ objects: [{ label: "x", box: [250, 0, 10, 10] }] }));
    expect(() => loadImageDataset(bad)).toThrow(/a\.json: objects\[0\]\.box: \[250, 0, 10, 10\] is empty or outside the 256×256 image/);
    writeFileSync(join(bad, "a.json"), JSON.stringify({ objects: [] }));
    writeFileSync(join(bad, "huge.png"), "");
    truncateSync(join(bad, "huge.png"), 100 * 1024 * 1024); // a sparse 100 MB file
    let err: unknown;
    try {
      loadImageDataset(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImageInputError);
    expect((err as ImageInputError).code).toBe("IMAGE_TOO_LARGE");
    expect((err as ImageInputError).field).toBe(join(bad, "huge.png"));
    expect(() => loadImageDataset(join(bad, "nope"))).toThrow(/datasetDir: .* cannot be read/);
  });
});
