/**
 * The bytes the scoring module reads (layouts in assembly/scoring.ts): the validator's labels and
 * the miner's detections as integers (boxes in 1/16 pixel, confidences in 1/65535, labels as
 * indices into the challenge's class list), so the WASM never parses text or floats.
 */
import type { LabelledObject } from "./render.js";

/** A detection as a miner returns it. */
export interface Detection {
  label: string;
  /** `[x, y, width, height]` in pixels, top-left origin. */
  box: [number, number, number, number];
  /** In [0, 1]. */
  confidence: number;
}

/** An integer box: class index and `[x, y, w, h]` in 1/16 pixel. */
export interface IntBox {
  cls: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ScoringChallenge {
  width: number;
  height: number;
  latencyBudgetMs: number;
  maxHashDistance: number;
  /** 64 hex digits. */
  imageHash: string;
  labels: IntBox[];
}

export interface ScoringResponse {
  latencyMs: number;
  /** 64 hex digits, or null when the answer carries no valid hash. */
  imageHash: string | null;
  detections: Array<IntBox & { confidence: number }>;
}

/** Class index of a label that is not in the challenge's list: it never matches. */
export const UNKNOWN_CLASS = 0xffffffff;
const MAGIC_C = 0x31474d49;
const MAGIC_R = 0x31524d49;
const HEX64 = /^[0-9a-f]{64}$/;

const fix16 = (v: number) => (Number.isFinite(v) ? Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(v * 16))) : 0);
const u32 = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(0xffffffff, Math.round(v))) : 0);

function intBox(classes: readonly string[], label: string, box: readonly number[]): IntBox {
  const i = classes.indexOf(label);
  return { cls: i < 0 ? UNKNOWN_CLASS : i, x: fix16(box[0]!), y: fix16(box[1]!), w: fix16(box[2]!), h: fix16(box[3]!) };
}

/** The validator's side as integers. */
export function scoringChallenge(e: {
  width: number;
  height: number;
  latencyBudgetMs: number;
  maxHashDistance: number;
  imageHash: string;
  classes: readonly string[];
  objects: readonly LabelledObject[];
}): ScoringChallenge {
  return {
    width: e.width,
    height: e.height,
    latencyBudgetMs: u32(e.latencyBudgetMs),
    maxHashDistance: u32(e.maxHashDistance),
    imageHash: e.imageHash,
    labels: e.objects.map((o) => intBox(e.classes, o.label, o.box)),
  };
}

/** The miner's side as integers (a missing or malformed hash becomes null). */
export function scoringResponse(
  classes: readonly string[],
  r: { image_hash: string; detections: readonly Detection[] } | null,
  latencyMs: number,
): ScoringResponse {
  return {
    latencyMs: u32(latencyMs),
    imageHash: r && HEX64.test(r.image_hash) ? r.image_hash : null,
    detections: (r?.detections ?? []).map((d) => ({
      ...intBox(classes, d.label, d.box),
      confidence: Number.isFinite(d.confidence) ? Math.round(Math.max(0, Math.min(1, d.confidence)) * 65535) : 0,
    })),
  };
}

function putHash(v: DataView, at: number, hex: string | null): void {
  for (let i = 0; i < 32; i++) v.setUint8(at + i, hex ? parseInt(hex.slice(2 * i, 2 * i + 2), 16) : 0);
}

export function packChallenge(c: ScoringChallenge): Uint8Array {
  const out = new Uint8Array(56 + 20 * c.labels.length);
  const v = new DataView(out.buffer);
  [MAGIC_C, c.width, c.height, c.latencyBudgetMs, c.maxHashDistance].forEach((x, i) => v.setUint32(4 * i, x, true));
  putHash(v, 20, HEX64.test(c.imageHash) ? c.imageHash : null);
  v.setUint32(52, c.labels.length, true);
  c.labels.forEach((b, i) => {
    const at = 56 + 20 * i;
    v.setUint32(at, b.cls, true);
    [b.x, b.y, b.w, b.h].forEach((x, k) => v.setInt32(at + 4 + 4 * k, x, true));
  });
  return out;
}

export function packResponse(r: ScoringResponse): Uint8Array {
  const out = new Uint8Array(48 + 24 * r.detections.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC_R, true);
  v.setUint32(4, r.latencyMs, true);
  v.setUint32(8, r.imageHash ? 1 : 0, true);
  putHash(v, 12, r.imageHash);
  v.setUint32(44, r.detections.length, true);
  r.detections.forEach((d, i) => {
    const at = 48 + 24 * i;
    v.setUint32(at, d.cls, true);
    [d.x, d.y, d.w, d.h].forEach((x, k) => v.setInt32(at + 4 + 4 * k, x, true));
    v.setUint32(at + 20, d.confidence, true);
  });
  return out;
}
