/**
 * The cheaters of the image market, as miner behaviours for `simulate` (`SubnetKit.adversaries`):
 * - `replayer`: runs the detector once, then sends that first answer's detections to every later
 *   image, bound to the new image by its dHash (which anyone can compute), so the hash check in
 *   `verify` passes and only the scoring can tell;
 * - `jitter`: the honest detections with every box moved by up to 30 % of its width and height
 *   (clipped to the image): right labels, sloppy localisation.
 */
import type { MinerBehaviour, Random } from "@tao-subnet/sdk/kit";
import { dHash } from "./dhash.js";
import type { Detection } from "./encode.js";
import { decodePng, type PngLimits } from "./png.js";
import type { ImageRequest, ImageResponse } from "./synapse.js";

/** `box` clipped to a `width` × `height` image (at least one pixel wide and high). */
function clip(box: Detection["box"], width: number, height: number): Detection["box"] {
  const w = Math.max(1, Math.min(box[2], width));
  const h = Math.max(1, Math.min(box[3], height));
  return [Math.min(Math.max(0, box[0]), width - w), Math.min(Math.max(0, box[1]), height - h), w, h];
}

/** The detections with each box moved by up to `fraction` of its size in x and y (drawn from `random`), clipped to the image. */
export function jitterDetections(detections: readonly Detection[], width: number, height: number, random: Random, fraction = 0.3): Detection[] {
  const shift = (size: number) => (random.float() * 2 - 1) * fraction * size;
  return detections.map((d) => ({ ...d, box: clip([d.box[0] + shift(d.box[2]), d.box[1] + shift(d.box[3]), d.box[2], d.box[3]], width, height) }));
}

/** An old answer's detections sent for `request`'s image: boxes clipped to it, bound to it by its dHash. */
export function replayOnto(old: ImageResponse, request: ImageRequest, limits: PngLimits = {}): ImageResponse {
  const image = decodePng(new Uint8Array(Buffer.from(request.image_png, "base64")), limits, "image_png");
  return { image_hash: dHash(image), detections: old.detections.map((d) => ({ ...d, box: clip(d.box, image.width, image.height) })) };
}

/** The image kit's adversaries; `limits` are the kit's image limits. */
export function imageAdversaries(limits: PngLimits = {}): Record<string, MinerBehaviour<ImageRequest, ImageResponse>> {
  return {
    replayer: {
      description: "detects once, then sends that answer's boxes for every later image, re-bound to it by its dHash",
      answer: async ({ request, honest, memory }) => {
        const first = memory.get("first") as ImageResponse | undefined;
        if (!first) {
          const answer = await honest();
          memory.set("first", answer);
          return { response: answer };
        }
        return { response: replayOnto(first, request, limits) };
      },
    },
    jitter: {
      description: "the honest detections with every box moved by up to 30 % of its size",
      answer: async ({ request, honest, random }) => {
        const answer = await honest();
        return { response: { ...answer, detections: jitterDetections(answer.detections, request.width, request.height, random) } };
      },
    },
  };
}
