/**
 * The reference miner's pluggable backend: any model server that answers `POST <url>/v1/detect`
 * with detections. Request body: `{ image_png, width, height, classes, max_detections }` (the
 * synapse request as received); response: `{ detections: [{ label, box: [x, y, w, h],
 * confidence }] }`. URL and key come from options or `TAO_IMAGE_MODEL_URL` / `TAO_IMAGE_MODEL_KEY`;
 * the key is sent as a bearer token and never logged. Any failure is an `ImageInputError`
 * (`IMAGE_BACKEND_FAILED`) naming the URL or the field of the answer that was wrong.
 */
import { z } from "zod";
import type { Detection } from "./encode.js";
import { ImageErrorCode, ImageInputError } from "./errors.js";

export interface ModelServer {
  url: string;
  key?: string;
  /** Per-request timeout, ms (default 10,000). */
  timeoutMs?: number;
}

/** What a backend receives: the synapse request fields. */
export interface DetectRequest {
  image_png: string;
  width: number;
  height: number;
  classes: string[];
  max_detections: number;
}

/** A detector: the request in, detections out. */
export type Detector = (request: DetectRequest, signal?: AbortSignal) => Promise<Detection[]>;

/** `TAO_IMAGE_MODEL_URL` / `_KEY` as a ModelServer, or null when the URL is unset. */
export function modelServerFromEnv(env: NodeJS.ProcessEnv = process.env): ModelServer | null {
  const url = env.TAO_IMAGE_MODEL_URL;
  if (!url) return null;
  return { url, ...(env.TAO_IMAGE_MODEL_KEY ? { key: env.TAO_IMAGE_MODEL_KEY } : {}) };
}

const answer = z.object({
  detections: z.array(z.object({ label: z.string(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]), confidence: z.number() })).max(10_000),
});

const failed = (field: string, problem: string, fix: string, cause?: unknown) =>
  new ImageInputError(ImageErrorCode.BACKEND_FAILED, field, problem, fix, cause === undefined ? undefined : { cause });

/** A detector that calls a model server over HTTP. */
export function httpDetector(server: ModelServer): Detector {
  const endpoint = `${server.url.replace(/\/$/, "")}/v1/detect`;
  return async (request, signal) => {
    const timeout = AbortSignal.timeout(server.timeoutMs ?? 10_000);
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...(server.key ? { authorization: `Bearer ${server.key}` } : {}) },
        body: JSON.stringify(request),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      throw failed(
        "TAO_IMAGE_MODEL_URL",
        `${endpoint} could not be reached (${e instanceof Error ? e.message : String(e)})`,
        "start the model server or fix the URL",
        e,
      );
    }
    if (!res.ok) throw failed("TAO_IMAGE_MODEL_URL", `${endpoint} answered HTTP ${res.status}`, "check the server's logs; it must accept POST /v1/detect");
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      throw failed("detections", `${endpoint} answered something that is not JSON`, "answer { detections: [{ label, box: [x, y, w, h], confidence }] }", e);
    }
    const parsed = answer.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw failed(
        issue.path.length
          ? issue.path
              .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
              .join("")
              .replace(/^\./, "")
          : "detections",
        issue.message,
        "answer { detections: [{ label, box: [x, y, w, h], confidence }] }",
      );
    }
    return parsed.data.detections as Detection[];
  };
}
