// Boxes as the image kit's packed layouts hold them: [x, y, w, h] in 1/16 pixel after a u32 class,
// labels 20 bytes each, detections 24 (a u32 confidence in 1/65535 last).

export const LABEL_BYTES: i32 = 20;
export const DETECTION_BYTES: i32 = 24;

/** `length` boxes of `stride` bytes at `ptr`. */
export class Boxes {
  constructor(public readonly ptr: usize, public readonly length: i32, public readonly stride: i32) {}

  @inline private at(i: i32): usize { return this.ptr + <usize>i * <usize>this.stride; }
  @inline cls(i: i32): u32 { return load<u32>(this.at(i)); }
  @inline x(i: i32): i64 { return <i64>load<i32>(this.at(i) + 4); }
  @inline y(i: i32): i64 { return <i64>load<i32>(this.at(i) + 8); }
  @inline w(i: i32): i64 { return <i64>load<i32>(this.at(i) + 12); }
  @inline h(i: i32): i64 { return <i64>load<i32>(this.at(i) + 16); }
  /** A detection's confidence (1/65535); detections only. */
  @inline confidence(i: i32): u32 { return load<u32>(this.at(i) + 20); }

  /** Clips box `i` (in place) to [0, W] × [0, H]; width or height 0 when nothing is left. */
  clip(i: i32, W: i64, H: i64): void {
    let x0 = this.x(i), y0 = this.y(i), x1 = x0 + this.w(i), y1 = y0 + this.h(i);
    x0 = max<i64>(0, min<i64>(W, x0)); x1 = max<i64>(0, min<i64>(W, x1));
    y0 = max<i64>(0, min<i64>(H, y0)); y1 = max<i64>(0, min<i64>(H, y1));
    const p = this.at(i);
    store<i32>(p + 4, <i32>x0); store<i32>(p + 8, <i32>y0);
    store<i32>(p + 12, <i32>max<i64>(0, x1 - x0)); store<i32>(p + 16, <i32>max<i64>(0, y1 - y0));
  }

  /** Area of box `i` (1/256 pixel²). */
  @inline area(i: i32): i64 { return this.w(i) * this.h(i); }
}

/** Intersection area of box `i` of `a` and box `j` of `b` (1/256 pixel²). */
export function intersection(a: Boxes, i: i32, b: Boxes, j: i32): i64 {
  const iw = min<i64>(a.x(i) + a.w(i), b.x(j) + b.w(j)) - max<i64>(a.x(i), b.x(j));
  const ih = min<i64>(a.y(i) + a.h(i), b.y(j) + b.h(j)) - max<i64>(a.y(i), b.y(j));
  return iw > 0 && ih > 0 ? iw * ih : 0;
}
