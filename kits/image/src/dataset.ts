/**
 * Images from a directory the validator points at (`datasetDir`): every `<name>.png` with a
 * `<name>.json` beside it, `{ "objects": [{ "label": "cat", "box": [x, y, width, height] }] }`
 * (pixels, top-left origin). Labels are checked when the dataset is opened (boxes inside the image,
 * sizes positive) and the PNG headers against the size limits; pixels are decoded when an image is
 * used. Every problem is an `ImageInputError` (`IMAGE_BAD_DATASET` or the PNG's own code) naming
 * the file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { badDataset, tooLarge } from "./errors.js";
import { DEFAULT_PNG_LIMITS, decodePng, type PngLimits, pngSize, type RgbImage } from "./png.js";
import type { LabelledObject } from "./render.js";

export interface DatasetItem {
  /** Path of the PNG. */
  path: string;
  width: number;
  height: number;
  objects: LabelledObject[];
}

export interface ImageDataset {
  dir: string;
  items: DatasetItem[];
  /** Every label used, sorted. */
  classes: string[];
}

/** Opens a dataset directory (see the header). */
export function loadImageDataset(dir: string, limits: PngLimits = {}): ImageDataset {
  const { maxBytes, maxPixels } = { ...DEFAULT_PNG_LIMITS, ...limits };
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith(".png"))
      .sort();
  } catch (e) {
    throw badDataset(
      "datasetDir",
      `${dir} cannot be read (${e instanceof Error ? e.message : String(e)})`,
      "point datasetDir at a directory of <name>.png files with <name>.json labels",
      { cause: e },
    );
  }
  if (names.length === 0) throw badDataset("datasetDir", `${dir} holds no .png files`, "add <name>.png images with <name>.json labels beside them");
  const items = names.map((name): DatasetItem => {
    const path = join(dir, name);
    const labelPath = path.replace(/\.png$/i, ".json");
    const size = statSync(path).size;
    if (size > maxBytes) throw tooLarge(path, `${size} bytes is above the limit of ${maxBytes}`, `downscale or recompress it, or raise maxImageBytes`);
    const head = new Uint8Array(readFileSync(path).subarray(0, 33));
    const { width, height } = pngSize(head, path);
    if (width * height > maxPixels)
      throw tooLarge(path, `${width}×${height} pixels is above the limit of ${maxPixels}`, "downscale it or raise maxImagePixels");
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(labelPath, "utf8"));
    } catch (e) {
      throw badDataset(
        labelPath,
        e instanceof SyntaxError ? `is not JSON (${e.message})` : "is missing",
        `write { "objects": [{ "label": "…", "box": [x, y, width, height] }] } beside ${name}`,
        { cause: e },
      );
    }
    const objects = (raw as { objects?: unknown }).objects;
    if (!Array.isArray(objects))
      throw badDataset(`${labelPath}: objects`, "is not a list", 'write { "objects": [{ "label": "…", "box": [x, y, width, height] }] }');
    objects.forEach((o: { label?: unknown; box?: unknown }, i) => {
      const f = `${labelPath}: objects[${i}]`;
      if (typeof o?.label !== "string" || o.label === "") throw badDataset(`${f}.label`, "is not a non-empty string", "name the object's class");
      const b = o.box;
      if (!Array.isArray(b) || b.length !== 4 || b.some((v) => typeof v !== "number" || !Number.isFinite(v)))
        throw badDataset(`${f}.box`, "is not four finite numbers", "write [x, y, width, height] in pixels");
      const [x, y, w, h] = b as number[];
      if (w! <= 0 || h! <= 0 || x! < 0 || y! < 0 || x! + w! > width || y! + h! > height)
        throw badDataset(`${f}.box`, `[${b.join(", ")}] is empty or outside the ${width}×${height} image`, "write [x, y, width, height] inside the image");
    });
    return { path, width, height, objects: objects as LabelledObject[] };
  });
  return { dir, items, classes: [...new Set(items.flatMap((i) => i.objects.map((o) => o.label)))].sort() };
}

/** Decodes a dataset item's pixels (limits as when the dataset was opened). */
export function readDatasetImage(item: DatasetItem, limits: PngLimits = {}): RgbImage {
  return decodePng(new Uint8Array(readFileSync(item.path)), limits, item.path);
}
