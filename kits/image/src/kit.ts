/**
 * `imageKit(options)`: an object-detection market. Validators challenge each miner with a fresh
 * image rendered from the challenge seed (shapes of known classes with random pose, scale, colour,
 * noise, background and clutter) or, optionally, one from their own labelled dataset; miners
 * return labelled boxes with confidences and the dHash of the image they were sent; the WASM
 * scoring module rates detection quality (greedy IoU matching, mAP over IoU 0.50:0.95 and F1 at
 * 0.5) with a latency term; `verify` vetoes malformed boxes and answers bound to another image.
 * Its adversaries (`adversaries.ts`: replayer, jitter) run in `simulate` beside the generic profiles.
 */

import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { type ScoringModuleBytes, scoringModuleAt, scoringModuleFrom } from "@tao-subnet/sdk/scoring";
import { z } from "zod";
import { imageAdversaries } from "./adversaries.js";
import { type Detector, httpDetector, type ModelServer, modelServerFromEnv } from "./backend.js";
import { type BaselineOptions, detectShapes } from "./baseline.js";
import { type ImageDataset, loadImageDataset, readDatasetImage } from "./dataset.js";
import { dHash } from "./dhash.js";
import { packChallenge, packResponse, scoringChallenge, scoringResponse } from "./encode.js";
import { invalidImage, tooLarge } from "./errors.js";
import { DEFAULT_PNG_LIMITS, decodePng, encodePng, type RgbImage } from "./png.js";
import { type LabelledObject, type RenderOptions, renderScene, SHAPE_CLASSES } from "./render.js";
import type { ImageRequest, ImageResponse } from "./synapse.js";
import { IssuedImages, verifyImageRound } from "./verify.js";

/** What the validator keeps to score an answer. */
export interface ImageExpected {
  objects: LabelledObject[];
  classes: string[];
  imageHash: string;
  width: number;
  height: number;
  latencyBudgetMs: number;
  maxHashDistance: number;
  round: number;
  source: "rendered" | "dataset";
}

export interface ImageKitOptions {
  /** How rendered scenes look (size, objects, noise, clutter). */
  render?: RenderOptions;
  /** Validator: a directory of labelled PNGs (see dataset.ts) to draw some challenges from. */
  datasetDir?: string;
  /** Share of challenges taken from the dataset when one is set, in [0, 1] (default 0.5). */
  datasetShare?: number;
  /** Latency up to which answers keep full credit (default 2,000 ms). */
  latencyBudgetMs?: number;
  /** Most detections an answer may hold (default 100). */
  maxDetections?: number;
  /** Bits by which an answer's image_hash may differ from the image's (default 0: PNG is lossless). */
  maxHashDistance?: number;
  /** Largest image accepted, bytes (default 8 MiB), and pixels (default 2048 × 2048). */
  maxImageBytes?: number;
  maxImagePixels?: number;
  /** Miner: a model server (`POST <url>/v1/detect`) or any detector; default from TAO_IMAGE_MODEL_URL, else the offline baseline. */
  minerBackend?: ModelServer | Detector | null;
  /** Miner: options of the offline baseline. */
  baseline?: BaselineOptions;
  /** Validator: how many issued image hashes to remember for naming replays (default 4,096). */
  replayMemory?: number;
  /** Path of the scoring module (default: the kit's build/scoring.wasm). */
  scoringModulePath?: string;
  /** Pinned sha256 of the scoring module. */
  scoringModuleSha256?: string;
}

/** The kit's scoring module, built by `npm run build` (or the command in the error when it is missing). */
const scoringModule = scoringModuleFrom(import.meta.url, "../build/scoring.wasm", { build: "npm run build:wasm -w @tao-subnet/kit-image" });
/** The kit's scoring module path. */
export const IMAGE_SCORING_MODULE = scoringModule.url;
/** Reads and hashes the kit's built scoring module: the sha256 a subnet owner publishes and validators pin. */
export const imageScoringModule = (): ScoringModuleBytes => scoringModule.read();

const flipH = (img: RgbImage): RgbImage => {
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++)
      out.set(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3), (y * img.width + (img.width - 1 - x)) * 3);
  }
  return { ...img, data: out };
};

/**
 * Decodes the request's image within the limits: the base64 length is checked before decoding,
 * the PNG by `decodePng`, and the declared width and height against the file's.
 */
export function decodeRequestImage(request: Pick<ImageRequest, "image_png" | "width" | "height">, limits: { maxBytes: number; maxPixels: number }): RgbImage {
  const approx = Math.floor((request.image_png.length * 3) / 4);
  if (approx > limits.maxBytes)
    throw tooLarge(
      "image_png",
      `about ${approx} bytes once decoded, above the limit of ${limits.maxBytes}`,
      `send a smaller image (at most ${limits.maxBytes} bytes) or raise maxImageBytes`,
    );
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(request.image_png)) throw invalidImage("image_png", "is not base64");
  const img = decodePng(new Uint8Array(Buffer.from(request.image_png, "base64")), limits, "image_png");
  if (img.width !== request.width || img.height !== request.height)
    throw invalidImage("width", `the request says ${request.width}×${request.height} but the PNG is ${img.width}×${img.height}`);
  return img;
}

export function imageKit(options: ImageKitOptions = {}): SubnetKit<ImageRequest, ImageResponse, ImageExpected> {
  const limits = { maxBytes: options.maxImageBytes ?? DEFAULT_PNG_LIMITS.maxBytes, maxPixels: options.maxImagePixels ?? DEFAULT_PNG_LIMITS.maxPixels };
  const budget = options.latencyBudgetMs ?? 2000;
  const maxDetections = options.maxDetections ?? 100;
  const maxHashDistance = options.maxHashDistance ?? 0;
  const datasetShare = options.datasetShare ?? 0.5;
  let dataset: ImageDataset | null | undefined;
  const openDataset = () => {
    if (dataset === undefined) dataset = options.datasetDir ? loadImageDataset(options.datasetDir, limits) : null;
    return dataset;
  };
  const backendOption = options.minerBackend === undefined ? modelServerFromEnv() : options.minerBackend;
  const backend: Detector | null = backendOption === null ? null : typeof backendOption === "function" ? backendOption : httpDetector(backendOption);
  const issued = new IssuedImages(options.replayMemory ?? 4096);
  const base64Max = Math.ceil(limits.maxBytes / 3) * 4;

  return {
    name: "kit:image",
    synapse: {
      name: "ImageDetection",
      // the kit's own fields; the Python Synapse base fields are added and stripped by the sdk
      request: z.object({
        image_png: z.string().min(1).max(base64Max, `image_png: above ${limits.maxBytes} bytes once decoded; send a smaller image`),
        width: z.number().int().min(1).max(65535),
        height: z.number().int().min(1).max(65535),
        classes: z.array(z.string().min(1).max(64)).min(1).max(256),
        max_detections: z.number().int().min(1).max(1000),
      }),
      // boxes and confidences are checked by `verify`, which names the bad field in its veto
      response: z.object({
        image_hash: z.string().max(128),
        detections: z.array(z.object({ label: z.string().max(64), box: z.array(z.number()).max(8), confidence: z.number() })).max(10_000),
      }) as unknown as z.ZodType<ImageResponse>,
      // every request field is covered by the signed body hash (the image, its size, the classes asked for)
      requiredHashFields: ["image_png", "width", "height", "classes", "max_detections"],
    },
    async challenge(ctx) {
      const ds = openDataset();
      let image: RgbImage;
      let objects: LabelledObject[];
      let classes: string[];
      let source: ImageExpected["source"];
      if (ds && ctx.random.float() < datasetShare) {
        const item = ctx.random.pick(ds.items);
        image = readDatasetImage(item, limits);
        objects = item.objects.map((o) => ({ label: o.label, box: [...o.box] as LabelledObject["box"] }));
        // a horizontal flip half of the time, so a dataset image is not always the same picture
        if (ctx.random.int(2) === 1) {
          image = flipH(image);
          objects = objects.map((o) => ({ label: o.label, box: [image.width - o.box[0] - o.box[2], o.box[1], o.box[2], o.box[3]] }));
        }
        classes = ds.classes;
        source = "dataset";
      } else {
        ({ image, objects } = renderScene(ctx.random, options.render));
        classes = [...SHAPE_CLASSES];
        source = "rendered";
      }
      const imageHash = dHash(image);
      issued.add(imageHash, { round: ctx.round, uid: ctx.uid });
      return {
        request: {
          image_png: Buffer.from(encodePng(image)).toString("base64"),
          width: image.width,
          height: image.height,
          classes,
          max_detections: maxDetections,
        },
        expected: { objects, classes, imageHash, width: image.width, height: image.height, latencyBudgetMs: budget, maxHashDistance, round: ctx.round, source },
      };
    },
    async serve(request, ctx) {
      const image = decodeRequestImage(request, limits);
      const found = backend ? await backend(request, ctx.signal) : detectShapes(image, options.baseline);
      const wanted = new Set(request.classes);
      const detections = found
        .filter((d) => wanted.has(d.label))
        .sort((a, b) => b.confidence - a.confidence)
        .slice(0, request.max_detections);
      return { image_hash: dHash(image), detections };
    },
    verify: (round) => verifyImageRound(round, issued),
    scorer: {
      kind: "wasm",
      load: (options.scoringModulePath ? scoringModuleAt(options.scoringModulePath) : scoringModule).load,
      ...(options.scoringModuleSha256 ? { sha256: options.scoringModuleSha256 } : {}),
      encode: (e) => {
        const x = e.challenge.expected;
        return { challenge: packChallenge(scoringChallenge(x)), response: packResponse(scoringResponse(x.classes, e.response, e.latencyMs)) };
      },
    },
    adversaries: imageAdversaries(limits),
  };
}
