/**
 * The offline reference miner for rendered challenges: classical vision, no model weights.
 *
 * 1. Background: a plane a + b·x + c·y per channel, fitted by least squares and refitted twice
 *    without the pixels it explains badly (the objects), which models the gradient backgrounds.
 * 2. Foreground: pixels whose residual from the background, averaged over 3 × 3 pixels (which
 *    divides the noise by 3), is far from zero.
 * 3. Objects: 8-connected components of the foreground, tiny ones dropped as noise, each sharpened
 *    back to single pixels: a pixel belongs to the object when its own colour is nearer the
 *    object's than the background's (the decision halfway along the colour offset).
 * 4. Clutter dropped: every class has equal second moments in all directions, so an elongated
 *    component (principal axes more than 2.5 : 1) is a stroke, not an object.
 * 5. Class from shape features that do not depend on rotation: holes (a ring), fill of the
 *    circumscribed circle A / πR² (circle ≈ 1, square ≈ 0.64, cross ≈ 0.59, triangle ≈ 0.41) and
 *    solidity A / convex-hull area (a cross ≈ 0.67, convex shapes ≈ 1); the nearest prototype wins
 *    and the confidence is its margin over the runner-up.
 * 6. Box: the component's bounding box.
 *
 * It is what an honest miner without a GPU can run; its measured mAP is in the README.
 */
import type { Detection } from "./encode.js";
import type { RgbImage } from "./png.js";

export interface BaselineOptions {
  /** Distance (Euclidean over R, G, B, of the 3 × 3 mean residual) from the background above which a pixel is foreground (default 50). */
  threshold?: number;
  /** Components smaller than this many pixels are noise (default 20). */
  minArea?: number;
  /** At most this many detections, the most confident first (default 100). */
  maxDetections?: number;
}

/** Least-squares plane per channel over the pixels with `keep[i] = 1`. */
function fitPlanes(img: RgbImage, keep: Uint8Array): number[][] {
  const { width, height, data } = img;
  // normal equations over (1, x, y), accumulated in float64 (sums stay exact-ish: < 2^53)
  let n = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    syy = 0;
  const sv = [0, 0, 0],
    sxv = [0, 0, 0],
    syv = [0, 0, 0];
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      const p = y * width + x;
      if (!keep[p]) continue;
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
      for (let ch = 0; ch < 3; ch++) {
        const v = data[p * 3 + ch]!;
        sv[ch]! += v;
        sxv[ch]! += x * v;
        syv[ch]! += y * v;
      }
    }
  }
  const m = [
    [n, sx, sy],
    [sx, sxx, sxy],
    [sy, sxy, syy],
  ];
  return [0, 1, 2].map((ch) => solve3(m, [sv[ch]!, sxv[ch]!, syv[ch]!]) ?? [sv[ch]! / Math.max(1, n), 0, 0]);
}

/** Solves a 3×3 system by Cramer's rule; null when singular. */
function solve3(m: number[][], b: number[]): number[] | null {
  const det = (a: number[][]) =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  if (Math.abs(d) < 1e-9) return null;
  return [0, 1, 2].map((k) => det(m.map((row, i) => row.map((v, j) => (j === k ? b[i]! : v)))) / d);
}

/** Background planes and each pixel's residual from them (3 channels), plus the residual smoothed over 3 × 3. */
interface Residuals {
  planes: number[][];
  raw: Float32Array;
  /** Euclidean norm of the 3 × 3 mean residual, per pixel. */
  smooth: Float32Array;
}

/** Fits the background (three passes, each without the pixels the last one called foreground) and measures residuals. */
function residuals(img: RgbImage, threshold: number): Residuals {
  const { width, height, data } = img;
  const n = width * height;
  const keep = new Uint8Array(n).fill(1);
  const raw = new Float32Array(n * 3);
  const smooth = new Float32Array(n);
  const rowSum = new Float32Array(n * 3);
  let planes: number[][] = [];
  for (let pass = 0; pass < 3; pass++) {
    planes = fitPlanes(img, keep);
    const [r, g, b] = planes as [number[], number[], number[]];
    for (let y = 0, p = 0; y < height; y++) {
      for (let x = 0; x < width; x++, p++) {
        raw[p * 3] = data[p * 3]! - (r[0]! + r[1]! * x + r[2]! * y);
        raw[p * 3 + 1] = data[p * 3 + 1]! - (g[0]! + g[1]! * x + g[2]! * y);
        raw[p * 3 + 2] = data[p * 3 + 2]! - (b[0]! + b[1]! * x + b[2]! * y);
      }
    }
    // 3 × 3 box mean of the residual, per channel (separable: rows, then columns; edges clamped)
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const l = (row + (x > 0 ? x - 1 : 0)) * 3,
          m = (row + x) * 3,
          rr = (row + (x < width - 1 ? x + 1 : x)) * 3;
        rowSum[m] = raw[l]! + raw[m]! + raw[rr]!;
        rowSum[m + 1] = raw[l + 1]! + raw[m + 1]! + raw[rr + 1]!;
        rowSum[m + 2] = raw[l + 2]! + raw[m + 2]! + raw[rr + 2]!;
      }
    }
    for (let y = 0; y < height; y++) {
      const up = (y > 0 ? y - 1 : 0) * width,
        mid = y * width,
        down = (y < height - 1 ? y + 1 : y) * width;
      for (let x = 0; x < width; x++) {
        const u = (up + x) * 3,
          m = (mid + x) * 3,
          d = (down + x) * 3;
        const s0 = (rowSum[u]! + rowSum[m]! + rowSum[d]!) / 9;
        const s1 = (rowSum[u + 1]! + rowSum[m + 1]! + rowSum[d + 1]!) / 9;
        const s2 = (rowSum[u + 2]! + rowSum[m + 2]! + rowSum[d + 2]!) / 9;
        const v = Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2);
        smooth[mid + x] = v;
        keep[mid + x] = v > threshold * 0.5 ? 0 : 1;
      }
    }
  }
  return { planes, raw, smooth };
}

/** The foreground mask: 1 where the smoothed residual from the fitted background exceeds `threshold`. */
export function foregroundMask(img: RgbImage, threshold = 50): Uint8Array {
  const { smooth } = residuals(img, threshold);
  return Uint8Array.from(smooth, (v) => (v > threshold ? 1 : 0));
}

/**
 * Sharpens a component found on the smoothed residual back to single pixels: the object's colour
 * offset is the mean raw residual of the component's interior; a pixel near the component belongs
 * to the object when its own residual, projected on that offset, is more than half of it (the
 * decision halfway between background and object colour). Keeps what is connected to the component.
 */
function refine(c: Component, res: Residuals, width: number, height: number): Component {
  // membership of the coarse component, over its box plus a margin of 2
  const x0 = Math.max(0, c.x0 - 2),
    y0 = Math.max(0, c.y0 - 2),
    x1 = Math.min(width - 1, c.x1 + 2),
    y1 = Math.min(height - 1, c.y1 + 2);
  const w = x1 - x0 + 1,
    h = y1 - y0 + 1;
  const coarse = new Uint8Array(w * h);
  for (const p of c.pixels) coarse[(Math.floor(p / width) - y0) * w + (p % width) - x0] = 1;
  const inComp = (x: number, y: number) => x >= x0 && y >= y0 && x <= x1 && y <= y1 && coarse[(y - y0) * w + x - x0] === 1;
  const off = [0, 0, 0];
  let k = 0;
  for (const p of c.pixels) {
    const x = p % width,
      y = (p - x) / width;
    let interior = true;
    for (let dy = -1; dy <= 1 && interior; dy++)
      for (let dx = -1; dx <= 1; dx++)
        if (!inComp(x + dx, y + dy)) {
          interior = false;
          break;
        }
    if (!interior) continue;
    for (let ch = 0; ch < 3; ch++) off[ch]! += res.raw[p * 3 + ch]!;
    k++;
  }
  if (k === 0) return c;
  const d = off.map((v) => v / k);
  const dd = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2;
  if (dd === 0) return c;
  const local = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const p = y * width + x;
      const t = (res.raw[p * 3]! * d[0]! + res.raw[p * 3 + 1]! * d[1]! + res.raw[p * 3 + 2]! * d[2]!) / dd;
      local[(y - y0) * w + (x - x0)] = t > 0.5 ? 1 : 0;
    }
  }
  // the refined pixels 8-connected to the component's own
  const parts = components(local, w, h);
  const keep = parts.filter((part) => part.pixels.some((q) => coarse[q] === 1));
  if (keep.length === 0) return c;
  const pixels: number[] = [];
  let bx0 = width,
    by0 = height,
    bx1 = -1,
    by1 = -1;
  for (const part of keep) {
    for (const q of part.pixels) {
      const x = x0 + (q % w),
        y = y0 + Math.floor(q / w);
      pixels.push(y * width + x);
      if (x < bx0) bx0 = x;
      if (x > bx1) bx1 = x;
      if (y < by0) by0 = y;
      if (y > by1) by1 = y;
    }
  }
  return { pixels: Int32Array.from(pixels), x0: bx0, y0: by0, x1: bx1, y1: by1 };
}

interface Component {
  pixels: Int32Array;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** 8-connected components of a mask. */
export function components(mask: Uint8Array, width: number, height: number): Component[] {
  const label = new Int32Array(mask.length).fill(-1);
  const out: Component[] = [];
  const stack = new Int32Array(mask.length);
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || label[s] !== -1) continue;
    const id = out.length;
    let top = 0;
    const pix: number[] = [];
    stack[top++] = s;
    label[s] = id;
    let x0 = width,
      y0 = height,
      x1 = -1,
      y1 = -1;
    while (top > 0) {
      const p = stack[--top]!;
      pix.push(p);
      const x = p % width,
        y = (p - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx,
            ny = y + dy;
          if ((dx || dy) && nx >= 0 && ny >= 0 && nx < width && ny < height) {
            const q = ny * width + nx;
            if (mask[q] && label[q] === -1) {
              label[q] = id;
              stack[top++] = q;
            }
          }
        }
      }
    }
    out.push({ pixels: Int32Array.from(pix), x0, y0, x1, y1 });
  }
  return out;
}

/** Convex-hull area (monotone chain) of the pixel squares of a component. */
function hullArea(c: Component, width: number): number {
  const rows = new Map<number, [number, number]>();
  for (const p of c.pixels) {
    const x = p % width,
      y = (p - x) / width;
    const r = rows.get(y);
    if (!r) rows.set(y, [x, x]);
    else {
      if (x < r[0]) r[0] = x;
      if (x > r[1]) r[1] = x;
    }
  }
  const pts: Array<[number, number]> = [];
  for (const [y, [l, r]] of rows) pts.push([l, y], [l, y + 1], [r + 1, y], [r + 1, y + 1]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Array<[number, number]>) => {
    const h: Array<[number, number]> = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = [...half(pts), ...half([...pts].reverse())];
  let a = 0;
  for (let i = 0; i < hull.length; i++) {
    const p = hull[i]!,
      q = hull[(i + 1) % hull.length]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return Math.abs(a) / 2;
}

/** Pixels inside the component's box that are not in it and cannot reach the box's border. */
function holeArea(c: Component, width: number): number {
  const w = c.x1 - c.x0 + 3,
    h = c.y1 - c.y0 + 3; // one pixel of margin around the box
  const grid = new Uint8Array(w * h); // 1 = component, 2 = outside reached
  for (const p of c.pixels) {
    const x = p % width,
      y = (p - x) / width;
    grid[(y - c.y0 + 1) * w + (x - c.x0 + 1)] = 1;
  }
  const stack = [0];
  grid[0] = 2;
  while (stack.length) {
    const p = stack.pop()!;
    const x = p % w,
      y = (p - x) / w;
    for (const [nx, ny] of [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ] as const) {
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const q = ny * w + nx;
      if (grid[q] === 0) {
        grid[q] = 2;
        stack.push(q);
      }
    }
  }
  let holes = 0;
  for (const g of grid) if (g === 0) holes++;
  return holes;
}

/** Shape prototypes in (fill of the circumscribed circle, solidity). */
const PROTOTYPES: Array<{ label: string; fill: number; solidity: number }> = [
  { label: "circle", fill: 0.97, solidity: 0.98 },
  { label: "square", fill: 0.64, solidity: 0.98 },
  { label: "triangle", fill: 0.42, solidity: 0.97 },
  { label: "cross", fill: 0.58, solidity: 0.68 },
];

/** Classifies one component; null when it looks like nothing the market asks for (a thin stroke). */
export function classify(c: Component, width: number): { label: string; confidence: number } | null {
  const area = c.pixels.length;
  const holes = holeArea(c, width);
  if (holes >= 0.1 * area) return { label: "ring", confidence: Math.min(0.99, 0.6 + holes / area) };
  let cx = 0,
    cy = 0;
  for (const p of c.pixels) {
    const x = p % width;
    cx += x;
    cy += (p - x) / width;
  }
  cx /= area;
  cy /= area;
  let r2 = 0;
  for (const p of c.pixels) {
    const x = p % width,
      y = (p - x) / width;
    r2 = Math.max(r2, (x - cx) ** 2 + (y - cy) ** 2);
  }
  const R = Math.sqrt(r2) + 0.5;
  const fill = area / (Math.PI * R * R);
  const solidity = area / Math.max(1, hullArea(c, width));
  // every class is isotropic (equal second moments in all directions: circles, rings, squares,
  // equilateral triangles, symmetric crosses); a clearly elongated blob is clutter, a stroke
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (const p of c.pixels) {
    const x = (p % width) - cx,
      y = (p - (p % width)) / width - cy;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  const tr = (sxx + syy) / area,
    det = (sxx * syy - sxy * sxy) / (area * area);
  const gap = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const elongation = (tr / 2 + gap) / Math.max(1e-9, tr / 2 - gap);
  if (fill < 0.25 || elongation > 2.5) return null;
  const d = PROTOTYPES.map((p) => ({ label: p.label, d: Math.hypot((fill - p.fill) * 1.5, solidity - p.solidity) })).sort((a, b) => a.d - b.d);
  const [best, next] = [d[0]!, d[1]!];
  return { label: best.label, confidence: Math.max(0.05, Math.min(0.99, next.d / (best.d + next.d))) };
}

/** Detects the objects of a rendered scene. */
export function detectShapes(img: RgbImage, options: BaselineOptions = {}): Detection[] {
  const threshold = options.threshold ?? 50;
  const res = residuals(img, threshold);
  const mask = new Uint8Array(res.smooth.length);
  for (let i = 0; i < mask.length; i++) mask[i] = res.smooth[i]! > threshold ? 1 : 0;
  const minArea = options.minArea ?? 20;
  const found: Detection[] = [];
  for (const coarse of components(mask, img.width, img.height)) {
    if (coarse.pixels.length < minArea) continue;
    const c = refine(coarse, res, img.width, img.height);
    const shape = classify(c, img.width);
    if (!shape) continue;
    const { label, confidence } = shape;
    found.push({ label, box: [c.x0, c.y0, c.x1 - c.x0 + 1, c.y1 - c.y0 + 1], confidence: Math.round(confidence * 1000) / 1000 });
  }
  found.sort((a, b) => b.confidence - a.confidence);
  return found.slice(0, options.maxDetections ?? 100);
}
