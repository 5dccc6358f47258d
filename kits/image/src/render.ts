/**
 * Rendered challenges: a scene drawn from a seed, so no two rounds show the same image and a miner
 * cannot memorise a dataset. A scene is a two-colour gradient background (random direction and
 * colours) with 1–5 objects of known classes, each with a random pose (rotation), scale, colour and
 * position (objects never overlap), unlabelled clutter (thin strokes that belong to no class, which
 * a detector must ignore), then per-pixel noise. Edges are hard (no anti-aliasing), so
 * each object's box is the exact bounding box of the pixels drawn for it: the labels the validator
 * keeps describe the image the miner receives, pixel for pixel.
 */
import type { Random } from "@tao-subnet/sdk/kit";
import type { RgbImage } from "./png.js";

/** The classes a rendered scene can contain. */
export const SHAPE_CLASSES = ["circle", "square", "triangle", "cross", "ring"] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];

/** A labelled object: its class and its box `[x, y, width, height]` in pixels (top-left origin). */
export interface LabelledObject {
  label: string;
  box: [number, number, number, number];
}

export interface RenderOptions {
  /** Image size in pixels (default 256 × 256). */
  width?: number;
  height?: number;
  /** Objects per scene (default 1–5). */
  minObjects?: number;
  maxObjects?: number;
  /** Object size (diameter of the circle it fits in), pixels (default 24–72). */
  minSize?: number;
  maxSize?: number;
  /** Noise amplitude per channel, 0–64 (default 24): each pixel moves by up to ± this much. */
  noise?: number;
  /** Unlabelled strokes per scene, at most (default 3). */
  maxClutter?: number;
}

/** A rendered scene: the image and what is in it. */
export interface Scene {
  image: RgbImage;
  objects: LabelledObject[];
}

const DEFAULTS: Required<RenderOptions> = { width: 256, height: 256, minObjects: 1, maxObjects: 6, minSize: 20, maxSize: 72, noise: 24, maxClutter: 3 };

/** Whether (u, v), in the object's frame scaled so it fits the unit circle, is inside a shape. */
function inside(cls: ShapeClass, u: number, v: number): boolean {
  const r2 = u * u + v * v;
  switch (cls) {
    case "circle":
      return r2 <= 1;
    case "ring":
      return r2 <= 1 && r2 >= 0.3;
    case "square":
      return Math.abs(u) <= 0.72 && Math.abs(v) <= 0.72;
    case "cross":
      return (Math.abs(u) <= 0.28 && Math.abs(v) <= 0.95) || (Math.abs(v) <= 0.28 && Math.abs(u) <= 0.95);
    case "triangle": {
      // equilateral, vertices on the unit circle at 90°, 210°, 330° (v pointing up)
      const s = Math.sqrt(3);
      return v >= -0.5 && v <= 1 - s * u && v <= 1 + s * u;
    }
  }
}

const clamp = (x: number) => (x < 0 ? 0 : x > 255 ? 255 : x);

/** Renders one scene from `random` (deterministic: the same seed gives the same bytes). */
export function renderScene(random: Random, options: RenderOptions = {}): Scene {
  const o = { ...DEFAULTS, ...options };
  const { width, height } = o;
  const data = new Uint8Array(width * height * 3);

  // == background: a linear gradient from c0 to c1 along a random direction ==
  const c0 = [random.int(256), random.int(256), random.int(256)];
  const c1 = c0.map((c) => clamp(c + random.int(161) - 80));
  const angle = random.float() * 2 * Math.PI;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const span = Math.abs(dx) * width + Math.abs(dy) * height;
  const offset = Math.min(0, dx * width) + Math.min(0, dy * height);
  const bgAt = (x: number, y: number, ch: number) => {
    const t = (dx * x + dy * y - offset) / span;
    return c0[ch]! + (c1[ch]! - c0[ch]!) * t;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      for (let ch = 0; ch < 3; ch++) data[i + ch] = Math.round(bgAt(x, y, ch));
    }
  }

  // == objects: class, size, pose, colour, position (no overlaps) ==
  const count = o.minObjects + random.int(o.maxObjects - o.minObjects + 1);
  const placed: Array<{ cx: number; cy: number; r: number }> = [];
  const objects: LabelledObject[] = [];
  for (let n = 0; n < count; n++) {
    const cls = random.pick(SHAPE_CLASSES);
    const size = o.minSize + random.int(o.maxSize - o.minSize + 1);
    const r = size / 2;
    const theta = random.float() * 2 * Math.PI;
    let spot: { cx: number; cy: number } | null = null;
    for (let attempt = 0; attempt < 40 && !spot; attempt++) {
      const cx = r + 2 + random.float() * (width - 2 * r - 4);
      const cy = r + 2 + random.float() * (height - 2 * r - 4);
      if (placed.every((p) => Math.hypot(p.cx - cx, p.cy - cy) > p.r + r + 6)) spot = { cx, cy };
    }
    if (!spot) continue;
    // a colour that stands out from the background where the object sits
    const bg = [0, 1, 2].map((ch) => bgAt(spot.cx, spot.cy, ch));
    let colour = [0, 0, 0];
    for (let attempt = 0; attempt < 50; attempt++) {
      colour = [random.int(256), random.int(256), random.int(256)];
      if (Math.hypot(colour[0]! - bg[0]!, colour[1]! - bg[1]!, colour[2]! - bg[2]!) >= 120) break;
    }
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    let x0 = width,
      y0 = height,
      x1 = -1,
      y1 = -1;
    for (let y = Math.max(0, Math.floor(spot.cy - r - 1)); y <= Math.min(height - 1, Math.ceil(spot.cy + r + 1)); y++) {
      for (let x = Math.max(0, Math.floor(spot.cx - r - 1)); x <= Math.min(width - 1, Math.ceil(spot.cx + r + 1)); x++) {
        const px = (x + 0.5 - spot.cx) / r;
        const py = (y + 0.5 - spot.cy) / r;
        // rotate by -theta into the object's frame; v points up
        const u = cos * px + sin * py;
        const v = sin * px - cos * py;
        if (!inside(cls, u, v)) continue;
        const i = (y * width + x) * 3;
        data[i] = colour[0]!;
        data[i + 1] = colour[1]!;
        data[i + 2] = colour[2]!;
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        if (x > x1) x1 = x;
        if (y > y1) y1 = y;
      }
    }
    if (x1 < 0) continue;
    placed.push({ cx: spot.cx, cy: spot.cy, r });
    objects.push({ label: cls, box: [x0, y0, x1 - x0 + 1, y1 - y0 + 1] });
  }

  // == clutter: thin strokes away from the objects, in no class ==
  const strokes = random.int(o.maxClutter + 1);
  for (let n = 0; n < strokes; n++) {
    const len = 20 + random.int(60);
    const phi = random.float() * Math.PI;
    const half = 1 + random.int(2); // 3 or 5 pixels thick
    const colour = [random.int(256), random.int(256), random.int(256)];
    const x0 = random.float() * width;
    const y0 = random.float() * height;
    const ex = Math.cos(phi),
      ey = Math.sin(phi);
    const far = (x: number, y: number) => placed.every((p) => Math.hypot(p.cx - x, p.cy - y) > p.r + half + 6);
    if (!far(x0, y0) || !far(x0 + ex * len, y0 + ey * len) || !far(x0 + (ex * len) / 2, y0 + (ey * len) / 2)) continue;
    for (let s = 0; s <= len; s += 0.5) {
      const px = x0 + ex * s,
        py = y0 + ey * s;
      if (!far(px, py)) break;
      for (let y = Math.round(py) - half; y <= Math.round(py) + half; y++) {
        for (let x = Math.round(px) - half; x <= Math.round(px) + half; x++) {
          if (x < 0 || y < 0 || x >= width || y >= height || (x - px) ** 2 + (y - py) ** 2 > half * half + 0.5) continue;
          data.set(colour, (y * width + x) * 3);
        }
      }
    }
  }

  // == noise: triangular, ± noise per channel ==
  const a = Math.max(0, Math.min(64, Math.round(o.noise)));
  if (a > 0) {
    for (let i = 0; i < data.length; i++) data[i] = clamp(data[i]! + random.int(a + 1) + random.int(a + 1) - a);
  }
  return { image: { width, height, data }, objects };
}
