/** What travels on the wire between an image validator and a miner (Python SDK JSON body field names). */
import type { Detection } from "./encode.js";

/** The request a miner receives (Python SDK JSON body field names). */
export interface ImageRequest {
  /** The image, a PNG in base64. */
  image_png: string;
  width: number;
  height: number;
  /** The classes to look for; detections use these labels. */
  classes: string[];
  max_detections: number;
}

/** The miner's answer. */
export interface ImageResponse {
  /** dHash of the image received (64 hex digits): binds the answer to this challenge. */
  image_hash: string;
  detections: Detection[];
}
