/**
 * Anti-cheat for the image market, over one round's answers. Vetoed (the reason names the field):
 * - malformed detections: a box that is not four finite numbers, has no area, or lies outside the
 *   image (1 pixel of tolerance); a label not in the challenge's class list; a confidence outside
 *   [0, 1]; more detections than `max_detections`;
 * - answers bound to another image: `image_hash` must be the dHash of *this* challenge's image
 *   (within `maxHashDistance` bits). An answer carrying the hash of an image the validator issued
 *   earlier is reported as replayed from that round; any other mismatch (another miner's answer,
 *   a made-up hash, an empty one) as not bound to this image.
 * Each miner gets its own image (the seed covers the uid), so copying another miner's answer in
 * the same round fails the hash check too.
 */
import type { RoundEntry, Verdict } from "@tao-subnet/sdk/kit";
import { hammingHex } from "./dhash.js";
import type { Detection } from "./encode.js";
import { badDetection, type ImageInputError } from "./errors.js";

/** What verify needs from a challenge's expected half. */
export interface VerifiableExpected {
  imageHash: string;
  width: number;
  height: number;
  classes: readonly string[];
  maxHashDistance: number;
  /** The validator round the challenge belongs to. */
  round: number;
}

/**
 * Checks a miner's detections against the challenge; returns the first problem as an
 * `ImageInputError` (field and fix), or null when every detection can be scored.
 */
export function checkDetections(
  detections: readonly Detection[],
  e: { width: number; height: number; classes: readonly string[] },
  maxDetections: number,
): ImageInputError | null {
  if (detections.length > maxDetections)
    return badDetection(
      "detections",
      `${detections.length} detections, above max_detections = ${maxDetections}`,
      `return at most ${maxDetections}, the most confident first`,
    );
  const classes = new Set(e.classes);
  for (let i = 0; i < detections.length; i++) {
    const d = detections[i]!;
    const f = `detections[${i}]`;
    if (!classes.has(d.label))
      return badDetection(`${f}.label`, `"${String(d.label).slice(0, 40)}" is not one of the challenge's classes`, `use one of ${[...classes].join(", ")}`);
    if (!Array.isArray(d.box) || d.box.length !== 4 || d.box.some((v) => typeof v !== "number" || !Number.isFinite(v)))
      return badDetection(`${f}.box`, "is not four finite numbers", "send [x, y, width, height] in pixels");
    const [x, y, w, h] = d.box;
    if (w <= 0 || h <= 0)
      return badDetection(`${f}.box`, `width ${w} and height ${h} must both be > 0`, "send [x, y, width, height], not [x0, y0, x1, y1] with x1 < x0");
    if (x < -1 || y < -1 || x + w > e.width + 1 || y + h > e.height + 1)
      return badDetection(
        `${f}.box`,
        `[${d.box.join(", ")}] lies outside the ${e.width}×${e.height} image`,
        "clip boxes to the image (top-left origin, pixels)",
      );
    if (typeof d.confidence !== "number" || !(d.confidence >= 0 && d.confidence <= 1))
      return badDetection(`${f}.confidence`, `${d.confidence} is outside [0, 1]`, "send a probability between 0 and 1");
  }
  return null;
}

/** Remembers the hashes of issued challenge images (bounded, oldest forgotten first). */
export class IssuedImages {
  private readonly seen = new Map<string, { round: number; uid: number }>();
  constructor(private readonly capacity = 4096) {}

  add(hash: string, at: { round: number; uid: number }): void {
    if (this.seen.has(hash)) return;
    this.seen.set(hash, at);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
  }

  /** An earlier image within `maxDistance` bits of `hash` (exact lookup first). */
  find(hash: string, maxDistance: number): { round: number; uid: number } | undefined {
    const exact = this.seen.get(hash);
    if (exact || maxDistance === 0) return exact;
    for (const [h, at] of this.seen) if (hammingHex(h, hash) <= maxDistance) return at;
    return undefined;
  }
}

/** One round's verdict. */
export function verifyImageRound<Req extends { max_detections: number }, E extends VerifiableExpected>(
  entries: Array<RoundEntry<Req, { image_hash: string; detections: Detection[] }, E>>,
  issued: IssuedImages,
): Verdict {
  const vetoed: Verdict["vetoed"] = [];
  for (const entry of entries) {
    const r = entry.response;
    if (!r) continue;
    const e = entry.challenge.expected;
    const bad = checkDetections(r.detections, e, entry.challenge.request.max_detections);
    if (bad) {
      vetoed.push({ uid: entry.uid, reason: bad.message });
      continue;
    }
    if (hammingHex(r.image_hash, e.imageHash) <= e.maxHashDistance) continue;
    const earlier = r.image_hash ? issued.find(r.image_hash, e.maxHashDistance) : undefined;
    vetoed.push({
      uid: entry.uid,
      reason: earlier
        ? earlier.round < e.round
          ? `replayed: image_hash is that of the image issued to uid ${earlier.uid} in round ${earlier.round}, an earlier round`
          : `copied: image_hash is that of the image issued to uid ${earlier.uid} in this round, not of this miner's challenge`
        : r.image_hash === ""
          ? "image_hash: empty; send the dHash of the challenge image (dHash in @tao-subnet/kit-image)"
          : "image_hash: does not match this challenge's image (an answer to another image); send the dHash of the image you were sent",
    });
  }
  return { vetoed };
}
