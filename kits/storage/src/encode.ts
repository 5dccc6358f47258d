/**
 * Byte layouts of the scoring module's challenge and response (mirrors the header of
 * `assembly/scoring.ts`; all integers little-endian). Encoding never throws: an answer that cannot
 * be decoded becomes one that fails verification.
 */
import type { ProveAnswer } from "./protocol.js";

export const MODE_CHECK = 0;
export const MODE_SCORE = 1;
export const OPS = { store: 0, prove: 1, retrieve: 2 } as const;
export type StorageOp = keyof typeof OPS;

/** What the validator kept for one challenge, plus the scoring parameters. */
export interface ScoringChallenge {
  op: StorageOp;
  root: Uint8Array;
  size: number;
  chunkSize: number;
  index: number;
  nonce: Uint8Array;
  /** Outcomes in the window before this answer. */
  trials: number;
  successes: number;
  latencyBaseMs: number;
  latencyPerMiBMs: number;
  /** u16 units subtracted per failure in the window. */
  penalty: number;
}

export function encodeChallenge(c: ScoringChallenge, mode: number): Uint8Array {
  const b = Buffer.alloc(100);
  b.writeUInt8(mode, 0);
  b.writeUInt8(OPS[c.op], 1);
  b.set(c.root.subarray(0, 32), 4);
  b.writeUInt32LE(c.size >>> 0, 36);
  b.writeUInt32LE(c.chunkSize >>> 0, 40);
  b.writeUInt32LE(c.index >>> 0, 44);
  b.set(c.nonce.subarray(0, 32), 48);
  b.writeUInt32LE(c.trials >>> 0, 80);
  b.writeUInt32LE(c.successes >>> 0, 84);
  b.writeUInt32LE(c.latencyBaseMs >>> 0, 88);
  b.writeUInt32LE(c.latencyPerMiBMs >>> 0, 92);
  b.writeUInt32LE(c.penalty >>> 0, 96);
  return b;
}

/** A decoded answer: `answer` (store: the acknowledged root; prove: H(chunk ‖ nonce)), proof, data. */
export interface ScoringResponse {
  latencyMs: number;
  answer: Uint8Array;
  proof: Uint8Array[];
  data: Uint8Array;
}

export function encodeResponse(r: ScoringResponse): Uint8Array {
  const b = Buffer.alloc(40 + 32 * r.proof.length + 4 + r.data.length);
  b.writeUInt32LE(Math.min(0xffffffff, Math.max(0, Math.round(r.latencyMs))), 0);
  b.set(r.answer.subarray(0, 32), 4);
  b.writeUInt32LE(r.proof.length, 36);
  r.proof.forEach((p, i) => b.set(p.subarray(0, 32), 40 + 32 * i));
  const at = 40 + 32 * r.proof.length;
  b.writeUInt32LE(r.data.length, at);
  b.set(r.data, at + 4);
  return b;
}

/** The response of a prove answer. */
export const proveResponse = (a: ProveAnswer, latencyMs: number): ScoringResponse => ({ latencyMs, answer: a.answer, proof: a.proof, data: a.chunk });

/** A response that fails every check (an answer that could not be decoded). */
export const failingResponse = (latencyMs: number): ScoringResponse => ({ latencyMs, answer: new Uint8Array(32), proof: [], data: new Uint8Array(0) });
