// Detection quality of one answer against the labels, in integers (S = 65536 is 1.0):
//   matching per IoU threshold t ∈ {50, 55, …, 95} % and per class: detections by confidence
//   (descending, ties by order), each matched greedily to the unmatched label of its class with the
//   highest IoU ≥ t (ties: the lower label index); TP/FP along that order;
//   AP(class, t) = Σ over TPs of the interpolated precision (max precision at this rank or later)
//   / labels of the class (0 for a class that was only predicted), each precision ⌊TP·S/rank⌋;
//   mAP = mean over thresholds of the mean over classes (labelled or predicted) of AP;
//   F1 at t = 50 % = ⌊2·TP·S / (labels + detections)⌋ (low-confidence spam costs here).
// With no labels, both are S for an empty answer and 0 otherwise. kits/image/src/reference.ts
// computes the same numbers in plain TypeScript (the tests compare).
import { Batch, Bytes, reserveScratch, ScoreFn, scratch } from "@tao-subnet/sdk/assembly/scoring";
import { Boxes, intersection } from "./boxes";
import { DETECTION_COUNT_OFFSET, ImageChallenge, ImageResponse, LABEL_COUNT_OFFSET, MAX_BOXES } from "./decode";

/** 1.0 in the quality's units. */
export const ONE: i64 = 65536;

/** Whether the answer carries a dHash within the challenge's distance of the image's (not replayed from another image). */
export function sameImage(c: ImageChallenge, r: ImageResponse): bool {
  const hash = r.hash;
  if (hash == null) return false;
  let dist: u32 = 0;
  for (let k = 0; k < 4; k++) dist += <u32>popcnt<u64>(load<u64>(c.hash.ptr + (<usize>k << 3)) ^ load<u64>(hash.ptr + (<usize>k << 3)));
  return dist <= c.maxHashDistance;
}

/** mAP over IoU 0.50:0.95 and F1 at IoU 0.50, each in 1/65536. */
export class DetectionQuality {
  constructor(public readonly map: i64, public readonly f1: i64) {}
}

/** Matches the answer's detections (clipped to the image, in place) to the challenge's labels. */
export function detectionQuality(c: ImageChallenge, r: ImageResponse): DetectionQuality {
  const gt = c.labels, dt = r.detections;
  const ng = gt.length, nd = dt.length;
  if (ng == 0) return nd == 0 ? new DetectionQuality(ONE, ONE) : new DetectionQuality(0, 0);
  const d = <usize>max(1, nd), g = <usize>max(1, ng);
  const inter = scratch((d * g) << 3), uni = scratch((d * g) << 3), classes = scratch((d + g) << 2);
  const order = scratch(d << 2), used = scratch(g), tp = scratch(d), prec = scratch(d << 3);
  for (let j = 0; j < nd; j++) dt.clip(j, c.width, c.height);
  // intersection and union of every (detection, label) pair of the same class
  for (let j = 0; j < nd; j++) {
    for (let i = 0; i < ng; i++) {
      const cell = (<usize>j * <usize>ng + <usize>i) << 3;
      if (dt.cls(j) != gt.cls(i)) { store<i64>(inter + cell, 0); store<i64>(uni + cell, 0); continue; }
      const I = intersection(dt, j, gt, i);
      store<i64>(inter + cell, I);
      store<i64>(uni + cell, dt.area(j) + gt.area(i) - I);
    }
  }
  // the classes in play: labelled or predicted (each once, in order of first appearance)
  let nc = 0;
  for (let k = 0; k < ng + nd; k++) {
    const v = k < ng ? gt.cls(k) : dt.cls(k - ng);
    let seen = false;
    for (let q = 0; q < nc; q++) if (load<u32>(classes + (<usize>q << 2)) == v) { seen = true; break; }
    if (!seen) { store<u32>(classes + (<usize>nc << 2), v); nc++; }
  }
  let mapSum: i64 = 0;
  let tp50: i64 = 0;
  for (let t: i64 = 50; t <= 95; t += 5) {
    let apSum: i64 = 0;
    for (let q = 0; q < nc; q++) {
      const cl = load<u32>(classes + (<usize>q << 2));
      // this class's detections, by confidence descending, ties by index (insertion sort, stable)
      let n = 0;
      for (let j = 0; j < nd; j++) {
        if (dt.cls(j) != cl) continue;
        const conf = dt.confidence(j);
        let k = n;
        while (k > 0 && dt.confidence(load<i32>(order + (<usize>(k - 1) << 2))) < conf) {
          store<i32>(order + (<usize>k << 2), load<i32>(order + (<usize>(k - 1) << 2)));
          k--;
        }
        store<i32>(order + (<usize>k << 2), j);
        n++;
      }
      let labels = 0;
      for (let i = 0; i < ng; i++) if (gt.cls(i) == cl) labels++;
      const m = matchClass(cl, order, n, gt, inter, uni, t, used, tp);
      if (t == 50) tp50 += <i64>m;
      apSum += averagePrecision(tp, n, labels, prec);
    }
    mapSum += apSum / <i64>nc;
  }
  return new DetectionQuality(mapSum / 10, (2 * tp50 * ONE) / <i64>(ng + nd));
}

/**
 * `score_batch` for image modules: scratch for the batch's largest answer is reserved once up
 * front, so a batch needs the memory of its largest item (the box matrices grow with labels ×
 * detections), then every item is scored with `score`.
 */
export function scoreImageBatch(ptr: usize, len: i32, out: usize, score: ScoreFn): i32 {
  const batch = Batch.read(ptr, len);
  if (batch == null) return -1;
  let maxD: u32 = 1, maxG: u32 = 1;
  for (let i = 0; i < batch.count; i++) {
    maxG = max(maxG, min(batch.challenge(i).u32At(LABEL_COUNT_OFFSET), MAX_BOXES));
    maxD = max(maxD, min(batch.response(i).u32At(DETECTION_COUNT_OFFSET), MAX_BOXES));
  }
  const d = <usize>maxD, g = <usize>maxG;
  reserveScratch(((d * g) << 4) + ((d + g) << 2) + (d << 2) + g + d + (d << 3) + 64);
  return batch.scoreInto(out, score);
}

/**
 * Greedy matching of the detections of class `c` (in `order`, by confidence) to its labels at IoU
 * ≥ t %; writes 1/0 (TP/FP) per rank at `tp`; returns the number of TPs.
 */
function matchClass(c: u32, order: usize, nOrder: i32, gt: Boxes, inter: usize, uni: usize, t: i64, used: usize, tp: usize): i32 {
  const ng = gt.length;
  memory.fill(used, 0, <usize>ng);
  let tps = 0;
  for (let k = 0; k < nOrder; k++) {
    const j = load<i32>(order + (<usize>k << 2));
    let best = -1;
    let bestI: i64 = 0, bestU: i64 = 1;
    for (let i = 0; i < ng; i++) {
      if (gt.cls(i) != c || load<u8>(used + i) != 0) continue;
      const cell = (<usize>j * <usize>ng + <usize>i) << 3;
      const I = load<i64>(inter + cell);
      const U = load<i64>(uni + cell);
      if (U <= 0 || I * 100 < t * U) continue;
      // higher IoU wins: I/U > bestI/bestU ⇔ I·bestU > bestI·U (boxes are clipped to an image of
      // at most 2^22 pixels, so areas < 2^30 in 1/256 px² and the products < 2^60)
      if (best < 0 || I * bestU > bestI * U) { best = i; bestI = I; bestU = U; }
    }
    if (best >= 0) { store<u8>(used + best, 1); store<u8>(tp + k, 1); tps++; }
    else store<u8>(tp + k, 0);
  }
  return tps;
}

/** Interpolated AP (×S) from TP flags along the ranking and the number of labels of the class. */
function averagePrecision(tp: usize, n: i32, labels: i32, prec: usize): i64 {
  if (labels == 0) return 0;
  let tps: i64 = 0;
  for (let k = 0; k < n; k++) {
    tps += <i64>load<u8>(tp + k);
    store<i64>(prec + (<usize>k << 3), (tps * ONE) / <i64>(k + 1));
  }
  // running maximum from the end: the precision envelope
  let env: i64 = 0;
  let sum: i64 = 0;
  for (let k = n - 1; k >= 0; k--) {
    const p = load<i64>(prec + (<usize>k << 3));
    if (p > env) env = p;
    if (load<u8>(tp + k) != 0) sum += env;
  }
  return sum / <i64>labels;
}
