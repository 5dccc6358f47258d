// Your subnet's scoring module: a copy of the image kit's, yours to edit. `npm run build` compiles it to
// build/scoring.wasm; validators run it in the sandbox and pin it by sha256 (publish the hash).

// The image kit's scoring module (tao-subnet scoring ABI v1, docs/scoring-abi.md): detection
// quality of one answer against the validator's labels, in integers. Byte layouts (little-endian,
// boxes [x, y, w, h] in 1/16 pixel, confidences in 1/65535), written by the kit's `encode`:
//
//   challenge: u32 magic 0x31474d49 ("IMG1") · u32 width · u32 height · u32 latency_budget_ms ·
//              u32 max_hash_distance · 32 bytes image dHash · u32 n · n × (u32 class, i32 x, y, w, h)
//   response:  u32 magic 0x31524d49 ("IMR1") · u32 latency_ms · u32 hash_present · 32 bytes dHash ·
//              u32 n · n × (u32 class, i32 x, y, w, h, u32 confidence)
//
// Score, with S = 65536 (1.0):
//   0 when the answer's dHash is absent or more than max_hash_distance bits from the image's
//   (an answer replayed from another image);
//   matching per IoU threshold t ∈ {50, 55, …, 95} % and per class: detections by confidence
//   (descending, ties by order), each matched greedily to the unmatched label of its class with the
//   highest IoU ≥ t (ties: the lower label index); TP/FP along that order;
//   AP(class, t) = Σ over TPs of the interpolated precision (max precision at this rank or later)
//   / labels of the class (0 for a class that was only predicted), each precision ⌊TP·S/rank⌋;
//   mAP = mean over thresholds of the mean over classes (labelled or predicted) of AP;
//   F1 at t = 50 % = ⌊2·TP·S / (labels + detections)⌋ (low-confidence spam costs here);
//   quality = ⌊(mAP + F1) / 2⌋; latency factor = 1 up to the budget, linear to 1/2 at 3× it;
//   score = ⌊⌊quality·65535/S⌋ · factor / 65536⌋. An exact answer in time scores 65535.
// @tao-subnet/kit-image exports referenceScore, the same numbers in plain TypeScript.

const S: i64 = 65536; // 1.0
const MAX_BOXES: u32 = 1024;
const MAGIC_C: u32 = 0x31474d49;
const MAGIC_R: u32 = 0x31524d49;

export function abi_version(): i32 { return 1; }
export function reset(): void { __reset(); }
export function alloc(size: i32): usize { return __alloc(<usize>size); }

// == boxes ==

// label i at gt + i*20: class, x, y, w, h; detection j at dt + j*24: class, x, y, w, h, confidence
@inline function cls(p: usize): u32 { return load<u32>(p); }
@inline function bx(p: usize): i64 { return <i64>load<i32>(p + 4); }
@inline function by(p: usize): i64 { return <i64>load<i32>(p + 8); }
@inline function bw(p: usize): i64 { return <i64>load<i32>(p + 12); }
@inline function bh(p: usize): i64 { return <i64>load<i32>(p + 16); }

/** Clips a detection box (in place) to [0, W] × [0, H]; width or height 0 when nothing is left. */
function clip(p: usize, W: i64, H: i64): void {
  let x0 = bx(p), y0 = by(p), x1 = x0 + bw(p), y1 = y0 + bh(p);
  x0 = max<i64>(0, min<i64>(W, x0)); x1 = max<i64>(0, min<i64>(W, x1));
  y0 = max<i64>(0, min<i64>(H, y0)); y1 = max<i64>(0, min<i64>(H, y1));
  store<i32>(p + 4, <i32>x0); store<i32>(p + 8, <i32>y0);
  store<i32>(p + 12, <i32>max<i64>(0, x1 - x0)); store<i32>(p + 16, <i32>max<i64>(0, y1 - y0));
}

/** Intersection and union areas of two boxes (1/256 pixel² units); union 0 when both are empty. */
@inline function interArea(a: usize, b: usize): i64 {
  const iw = min<i64>(bx(a) + bw(a), bx(b) + bw(b)) - max<i64>(bx(a), bx(b));
  const ih = min<i64>(by(a) + bh(a), by(b) + bh(b)) - max<i64>(by(a), by(b));
  return iw > 0 && ih > 0 ? iw * ih : 0;
}

// == matching and average precision ==

/**
 * Greedy matching of the detections of class `c` (in `order`, by confidence) to its labels at IoU
 * ≥ t %; writes 1/0 (TP/FP) per rank at `tp`; returns the number of TPs.
 */
function matchClass(c: u32, order: usize, nOrder: i32, gt: usize, ng: i32, inter: usize, uni: usize, ng2: i32, t: i64, used: usize, tp: usize): i32 {
  memory.fill(used, 0, <usize>ng);
  let tps = 0;
  for (let k = 0; k < nOrder; k++) {
    const j = load<i32>(order + (<usize>k << 2));
    let best = -1;
    let bestI: i64 = 0, bestU: i64 = 1;
    for (let i = 0; i < ng; i++) {
      if (cls(gt + <usize>i * 20) != c || load<u8>(used + i) != 0) continue;
      const cell = (<usize>j * <usize>ng2 + <usize>i) << 3;
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
    store<i64>(prec + (<usize>k << 3), (tps * S) / <i64>(k + 1));
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

// == one answer ==

// scratch memory for one answer, sized in score_batch for the largest answer of the batch (the
// stub runtime frees only between batches)
let inter: usize = 0, uni: usize = 0, classes: usize = 0, order: usize = 0, used: usize = 0, tp: usize = 0, prec: usize = 0;

function allocScratch(maxD: i32, maxG: i32): void {
  const d = <usize>max(1, maxD), g = <usize>max(1, maxG);
  inter = __alloc((d * g) << 3);
  uni = __alloc((d * g) << 3);
  classes = __alloc((d + g) << 2);
  order = __alloc(d << 2);
  used = __alloc(g);
  tp = __alloc(d);
  prec = __alloc(d << 3);
}

function scoreOne(c: usize, cLen: u32, r: usize, rLen: u32): u16 {
  if (cLen < 56 || load<u32>(c) != MAGIC_C) return 0;
  if (rLen < 48 || load<u32>(r) != MAGIC_R) return 0;
  const W = <i64>load<u32>(c + 4) * 16;
  const H = <i64>load<u32>(c + 8) * 16;
  if (W == 0 || H == 0 || (W >> 4) * (H >> 4) > (1 << 22)) return 0;
  let budget = <i64>load<u32>(c + 12);
  if (budget <= 0) budget = 2000;
  const maxDist = load<u32>(c + 16);
  const ng = <i32>load<u32>(c + 52);
  if (<u32>ng > MAX_BOXES || 56 + <u32>ng * 20 != cLen) return 0;
  const gt = c + 56;
  const latency = <i64>load<u32>(r + 4);
  const nd = <i32>load<u32>(r + 44);
  if (<u32>nd > MAX_BOXES || 48 + <u32>nd * 24 != rLen) return 0;
  const dt = r + 48;

  // == the answer must carry this image's hash ==
  if (load<u32>(r + 8) == 0) return 0;
  let dist: u32 = 0;
  for (let k = 0; k < 4; k++) dist += <u32>popcnt<u64>(load<u64>(c + 20 + (<usize>k << 3)) ^ load<u64>(r + 12 + (<usize>k << 3)));
  if (dist > maxDist) return 0;

  let quality: i64;
  if (ng == 0) quality = nd == 0 ? S : 0;
  else {
    for (let j = 0; j < nd; j++) clip(dt + <usize>j * 24, W, H);
    // intersection and union of every (detection, label) pair of the same class
    for (let j = 0; j < nd; j++) {
      const d = dt + <usize>j * 24;
      for (let i = 0; i < ng; i++) {
        const g = gt + <usize>i * 20;
        const cell = (<usize>j * <usize>ng + <usize>i) << 3;
        if (cls(d) != cls(g)) { store<i64>(inter + cell, 0); store<i64>(uni + cell, 0); continue; }
        const I = interArea(d, g);
        store<i64>(inter + cell, I);
        store<i64>(uni + cell, bw(d) * bh(d) + bw(g) * bh(g) - I);
      }
    }
    // the classes in play: labelled or predicted (each once, in order of first appearance)
    let nc = 0;
    for (let k = 0; k < ng + nd; k++) {
      const v = k < ng ? cls(gt + <usize>k * 20) : cls(dt + <usize>(k - ng) * 24);
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
          const d = dt + <usize>j * 24;
          if (cls(d) != cl) continue;
          const conf = load<u32>(d + 20);
          let k = n;
          while (k > 0 && load<u32>(dt + <usize>load<i32>(order + (<usize>(k - 1) << 2)) * 24 + 20) < conf) {
            store<i32>(order + (<usize>k << 2), load<i32>(order + (<usize>(k - 1) << 2)));
            k--;
          }
          store<i32>(order + (<usize>k << 2), j);
          n++;
        }
        let labels = 0;
        for (let i = 0; i < ng; i++) if (cls(gt + <usize>i * 20) == cl) labels++;
        const m = matchClass(cl, order, n, gt, ng, inter, uni, ng, t, used, tp);
        if (t == 50) tp50 += <i64>m;
        apSum += averagePrecision(tp, n, labels, prec);
      }
      mapSum += apSum / <i64>nc;
    }
    const mAP = mapSum / 10;
    const f1 = (2 * tp50 * S) / <i64>(ng + nd);
    quality = (mAP + f1) >> 1;
  }
  const q16: i64 = (quality * 65535) / S;
  // latency factor in 1/65536: 1 up to the budget, linear to 1/2 at 3× the budget
  let factor: i64 = 65536;
  if (latency > budget) {
    const over = min<i64>(latency - budget, 2 * budget);
    factor = 65536 - (over * 32768) / (2 * budget);
  }
  return <u16>min<i64>(65535, (q16 * factor) >> 16);
}

/** Largest box count at `offset` of the items' challenges (side 0) or responses (side 1), capped. */
function maxCount(ptr: usize, end: usize, count: u32, side: i32, offset: u32): i32 {
  let at = ptr + 4;
  let m: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    for (let s = 0; s < 2; s++) {
      if (at + 4 > end) return <i32>m;
      const len = load<u32>(at);
      if (s == side && len >= offset + 4 && at + 4 + <usize>len <= end) m = max(m, min(load<u32>(at + 4 + offset), MAX_BOXES));
      at += 4 + <usize>len;
    }
  }
  return <i32>m;
}

export function score_batch(ptr: usize, len: i32, out: usize): i32 {
  const end = ptr + <usize>len;
  if (len < 4) return -1;
  const count = load<u32>(ptr);
  allocScratch(maxCount(ptr, end, count, 1, 44), maxCount(ptr, end, count, 0, 52));
  let at = ptr + 4;
  for (let i: u32 = 0; i < count; i++) {
    if (at + 4 > end) return -1;
    const cLen = load<u32>(at);
    const c = at + 4;
    at = c + cLen;
    if (at + 4 > end) return -1;
    const rLen = load<u32>(at);
    const r = at + 4;
    at = r + rLen;
    if (at > end) return -1;
    store<u16>(out + (<usize>i << 1), scoreOne(c, cLen, r, rLen));
  }
  return <i32>count;
}
