/**
 * The scoring module's formula in plain TypeScript (same integers, same order of operations; see
 * assembly/scoring.ts), plus the intermediate metrics: AP at IoU 0.5, mAP over 0.50:0.95,
 * precision, recall and F1 at a threshold. The tests check the WASM against it bit for bit; the
 * README's baseline numbers and the benchmark's TypeScript row use it.
 */
import type { IntBox, ScoringChallenge, ScoringResponse } from "./encode.js";

const S = 65536;
const MAX_BOXES = 1024;
const THRESHOLDS = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95];

/** Detection metrics of one answer; fractions ×65536 (integers), score a u16. */
export interface DetectionMetrics {
  /** 0 when the hash check failed. */
  hashOk: boolean;
  /** mAP over IoU 0.50:0.95, ×65536. */
  mAP: number;
  /** Mean AP over classes at IoU 0.5, ×65536. */
  ap50: number;
  /** TPs at IoU 0.5 over all classes. */
  tp50: number;
  labels: number;
  detections: number;
  /** F1 at IoU 0.5, ×65536. */
  f1: number;
  /** (mAP + F1) / 2, ×65536. */
  quality: number;
  /** The u16 the module returns. */
  score: number;
}

const inter = (a: IntBox, b: IntBox) => {
  const iw = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const ih = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return iw > 0 && ih > 0 ? iw * ih : 0;
};

function clip<T extends IntBox>(d: T, W: number, H: number): T {
  const x0 = Math.max(0, Math.min(W, d.x)),
    x1 = Math.max(0, Math.min(W, d.x + d.w));
  const y0 = Math.max(0, Math.min(H, d.y)),
    y1 = Math.max(0, Math.min(H, d.y + d.h));
  return { ...d, x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

function popcount32(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v >>>= 1) n += v & 1;
  return n;
}

function hashDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 64; i += 8) d += popcount32(parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16));
  return d;
}

/** Greedy matching of one class's ranked detections at IoU ≥ t %; TP flags along the ranking. */
export function matchGreedy(order: number[], labels: IntBox[], cls: number, t: number, I: number[][], U: number[][]): boolean[] {
  const used = new Array<boolean>(labels.length).fill(false);
  return order.map((j) => {
    let best = -1,
      bI = 0,
      bU = 1;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]!.cls !== cls || used[i]) continue;
      const ii = I[j]![i]!,
        uu = U[j]![i]!;
      if (uu <= 0 || ii * 100 < t * uu) continue;
      if (best < 0 || ii * bU > bI * uu) {
        best = i;
        bI = ii;
        bU = uu;
      }
    }
    if (best < 0) return false;
    used[best] = true;
    return true;
  });
}

function averagePrecision(tp: boolean[], labels: number): number {
  if (labels === 0) return 0;
  let tps = 0;
  const prec = tp.map((x, k) => {
    if (x) tps++;
    return Math.floor((tps * S) / (k + 1));
  });
  let env = 0,
    sum = 0;
  for (let k = tp.length - 1; k >= 0; k--) {
    if (prec[k]! > env) env = prec[k]!;
    if (tp[k]) sum += env;
  }
  return Math.floor(sum / labels);
}

/** Scores one answer exactly as the WASM module does, with the metrics on the way. */
export function referenceScore(c: ScoringChallenge, r: ScoringResponse): DetectionMetrics {
  const W = c.width * 16,
    H = c.height * 16;
  const zero: DetectionMetrics = {
    hashOk: false,
    mAP: 0,
    ap50: 0,
    tp50: 0,
    labels: c.labels.length,
    detections: r.detections.length,
    f1: 0,
    quality: 0,
    score: 0,
  };
  if (W === 0 || H === 0 || c.width * c.height > 1 << 22 || c.labels.length > MAX_BOXES || r.detections.length > MAX_BOXES) return zero;
  if (!r.imageHash || !/^[0-9a-f]{64}$/.test(c.imageHash) || hashDistance(c.imageHash, r.imageHash) > c.maxHashDistance) return zero;
  const gt = c.labels;
  const dt = r.detections.map((d) => clip(d, W, H));
  let quality: number,
    mAP = 0,
    ap50 = 0,
    tp50 = 0,
    f1 = 0;
  if (gt.length === 0) quality = dt.length === 0 ? S : 0;
  else {
    const I = dt.map((d) => gt.map((g) => (d.cls === g.cls ? inter(d, g) : 0)));
    const U = dt.map((d, j) => gt.map((g, i) => (d.cls === g.cls ? d.w * d.h + g.w * g.h - I[j]![i]! : 0)));
    const classes = [...new Set([...gt.map((g) => g.cls), ...dt.map((d) => d.cls)])];
    let mapSum = 0;
    for (const t of THRESHOLDS) {
      let apSum = 0;
      for (const cl of classes) {
        const order = dt
          .map((d, j) => ({ d, j }))
          .filter((x) => x.d.cls === cl)
          .sort((a, b) => b.d.confidence - a.d.confidence || a.j - b.j)
          .map((x) => x.j);
        const tp = matchGreedy(order, gt, cl, t, I, U);
        if (t === 50) tp50 += tp.filter(Boolean).length;
        apSum += averagePrecision(tp, gt.filter((g) => g.cls === cl).length);
      }
      const m = Math.floor(apSum / classes.length);
      if (t === 50) ap50 = m;
      mapSum += m;
    }
    mAP = Math.floor(mapSum / 10);
    f1 = Math.floor((2 * tp50 * S) / (gt.length + dt.length));
    quality = Math.floor((mAP + f1) / 2);
  }
  const q16 = Math.floor((quality * 65535) / S);
  const budget = c.latencyBudgetMs > 0 ? c.latencyBudgetMs : 2000;
  let factor = 65536;
  if (r.latencyMs > budget) factor = 65536 - Math.floor((Math.min(r.latencyMs - budget, 2 * budget) * 32768) / (2 * budget));
  return { hashOk: true, mAP, ap50, tp50, labels: gt.length, detections: dt.length, f1, quality, score: Math.min(65535, Math.floor((q16 * factor) / 65536)) };
}
