// The image kit's challenge and response as its scoring module reads them. Byte layouts
// (little-endian, boxes [x, y, w, h] in 1/16 pixel, confidences in 1/65535), written by the kit's
// `encode` (src/encode.ts):
//
//   challenge: u32 magic 0x31474d49 ("IMG1") · u32 width · u32 height · u32 latency_budget_ms ·
//              u32 max_hash_distance · 32 bytes image dHash · u32 n · n × (u32 class, i32 x, y, w, h)
//   response:  u32 magic 0x31524d49 ("IMR1") · u32 latency_ms · u32 hash_present · 32 bytes dHash ·
//              u32 n · n × (u32 class, i32 x, y, w, h, u32 confidence)
import { Bytes, Reader } from "@tao-subnet/sdk/assembly/scoring";
import { Boxes, DETECTION_BYTES, LABEL_BYTES } from "./boxes";

export const MAX_BOXES: u32 = 1024;
const MAGIC_C: u32 = 0x31474d49;
const MAGIC_R: u32 = 0x31524d49;
/** The budget when the challenge names none. */
export const DEFAULT_BUDGET_MS: i64 = 2000;
/** Where a challenge's label count and a response's detection count sit (the batch pre-scan reads them). */
export const LABEL_COUNT_OFFSET: i32 = 52;
export const DETECTION_COUNT_OFFSET: i32 = 44;

export class ImageChallenge {
  /** Image size in 1/16 pixel (the boxes' unit). */
  width: i64 = 0;
  height: i64 = 0;
  latencyBudgetMs: i64 = 0;
  maxHashDistance: u32 = 0;
  hash: Bytes = new Bytes(0, 0);
  labels: Boxes = new Boxes(0, 0, LABEL_BYTES);

  /** Null for a wrong magic or length, an empty image or one above 2^22 pixels, or more than 1,024 labels. */
  static decode(bytes: Bytes): ImageChallenge | null {
    const r = new Reader(bytes);
    if (r.u32() != MAGIC_C) return null;
    const c = new ImageChallenge();
    c.width = <i64>r.u32() * 16;
    c.height = <i64>r.u32() * 16;
    if (c.width == 0 || c.height == 0 || (c.width >> 4) * (c.height >> 4) > (1 << 22)) return null;
    const budget = <i64>r.u32();
    c.latencyBudgetMs = budget > 0 ? budget : DEFAULT_BUDGET_MS;
    c.maxHashDistance = r.u32();
    c.hash = r.bytesOf(32);
    const n = r.u32();
    if (n > MAX_BOXES) return null;
    c.labels = new Boxes(r.bytesOf(<i32>n * LABEL_BYTES).ptr, <i32>n, LABEL_BYTES);
    return r.done ? c : null;
  }
}

export class ImageResponse {
  latencyMs: i64 = 0;
  /** The dHash of the image the miner answered for, or null when it sent none. */
  hash: Bytes | null = null;
  detections: Boxes = new Boxes(0, 0, DETECTION_BYTES);

  /** Null for a wrong magic or length, or more than 1,024 detections. */
  static decode(bytes: Bytes): ImageResponse | null {
    const r = new Reader(bytes);
    if (r.u32() != MAGIC_R) return null;
    const a = new ImageResponse();
    a.latencyMs = <i64>r.u32();
    const present = r.u32() != 0;
    const hash = r.bytesOf(32);
    if (present) a.hash = hash;
    const n = r.u32();
    if (n > MAX_BOXES) return null;
    a.detections = new Boxes(r.bytesOf(<i32>n * DETECTION_BYTES).ptr, <i32>n, DETECTION_BYTES);
    return r.done ? a : null;
  }
}
