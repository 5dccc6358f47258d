/**
 * WAV (RIFF/WAVE, integer PCM) reading and writing. `parseWav` trusts nothing in the header: the
 * RIFF size must match the bytes, every chunk must fit in the file, the format must be PCM with
 * consistent block alignment and byte rate, and the data must hold whole frames. Anything else is
 * a `SpeechError` (SPEECH_WAV_INVALID, or SPEECH_AUDIO_TOO_LARGE past the limits) naming the field
 * and the fix, so a hostile or truncated clip never reaches a decoder or a recogniser.
 */
import { SpeechError, SpeechErrorCode } from "./errors.js";

/** A decoded clip: mono or interleaved 16-bit samples. */
export interface Wav {
  sampleRate: number;
  channels: number;
  /** Interleaved signed 16-bit samples (8-bit input is widened). */
  samples: Int16Array;
  /** Frames (samples per channel). */
  frames: number;
  /** Duration in milliseconds (frames / sampleRate). */
  durationMs: number;
}

export interface ParseWavOptions {
  /** The name used in errors (default "audio"). */
  field?: string;
  /** Largest accepted file (default 16 MiB). */
  maxBytes?: number;
  /** Longest accepted clip (default 120 s). */
  maxDurationMs?: number;
}

const ascii = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
const FIX = "write the clip as RIFF/WAVE 16-bit PCM with correct sizes (e.g. `sox in.any -b 16 out.wav`)";

/** Decodes a WAV file, validating every size and field of its header (see the file comment). */
export function parseWav(bytes: Uint8Array, options: ParseWavOptions = {}): Wav {
  const field = options.field ?? "audio";
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const bad = (what: string) => new SpeechError(SpeechErrorCode.WAV_INVALID, field, `${what}; ${FIX}`);
  if (bytes.byteLength > maxBytes)
    throw new SpeechError(
      SpeechErrorCode.AUDIO_TOO_LARGE,
      field,
      `${bytes.byteLength} bytes, above the limit of ${maxBytes}; send a shorter clip or a lower sample rate (16 kHz mono is enough for speech)`,
    );
  if (bytes.byteLength < 12 || ascii(bytes, 0) !== "RIFF" || ascii(bytes, 8) !== "WAVE")
    throw bad('not a RIFF/WAVE file (it must start with "RIFF", a size and "WAVE")');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = view.getUint32(4, true);
  if (riffSize + 8 !== bytes.byteLength) throw bad(`the RIFF header says ${riffSize + 8} bytes but the file has ${bytes.byteLength}`);
  let fmt: { format: number; channels: number; sampleRate: number; byteRate: number; blockAlign: number; bits: number } | null = null;
  let data: Uint8Array | null = null;
  let at = 12;
  while (at < bytes.byteLength) {
    if (at + 8 > bytes.byteLength) throw bad(`a chunk header at byte ${at} is cut off`);
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > bytes.byteLength) throw bad(`chunk "${id}" at byte ${at} says ${size} bytes but only ${bytes.byteLength - body} remain`);
    if (id === "fmt ") {
      if (fmt) throw bad('two "fmt " chunks');
      if (size < 16) throw bad(`the "fmt " chunk has ${size} bytes, expected at least 16`);
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      if (!fmt) throw bad('the "data" chunk comes before "fmt "');
      if (data) throw bad('two "data" chunks');
      data = bytes.subarray(body, body + size);
    }
    at = body + size + (size & 1); // chunks are padded to even sizes
    if (at > bytes.byteLength) at = bytes.byteLength;
  }
  if (!fmt) throw bad('no "fmt " chunk');
  if (!data) throw bad('no "data" chunk');
  if (fmt.format !== 1) throw bad(`audio format ${fmt.format}, expected 1 (integer PCM)`);
  if (fmt.bits !== 8 && fmt.bits !== 16) throw bad(`${fmt.bits} bits per sample, expected 8 or 16`);
  if (fmt.channels < 1 || fmt.channels > 2) throw bad(`${fmt.channels} channels, expected 1 or 2`);
  if (fmt.sampleRate < 4000 || fmt.sampleRate > 192_000) throw bad(`a sample rate of ${fmt.sampleRate} Hz, expected 4,000–192,000`);
  const blockAlign = fmt.channels * (fmt.bits / 8);
  if (fmt.blockAlign !== blockAlign) throw bad(`block align ${fmt.blockAlign}, but ${fmt.channels} channel(s) of ${fmt.bits} bits make ${blockAlign}`);
  if (fmt.byteRate !== fmt.sampleRate * blockAlign)
    throw bad(`byte rate ${fmt.byteRate}, but ${fmt.sampleRate} Hz × ${blockAlign} bytes make ${fmt.sampleRate * blockAlign}`);
  if (data.byteLength % blockAlign !== 0) throw bad(`${data.byteLength} bytes of data is not a whole number of ${blockAlign}-byte frames`);
  const frames = data.byteLength / blockAlign;
  const durationMs = (frames * 1000) / fmt.sampleRate;
  const maxDurationMs = options.maxDurationMs ?? 120_000;
  if (durationMs > maxDurationMs)
    throw new SpeechError(
      SpeechErrorCode.AUDIO_TOO_LARGE,
      field,
      `${(durationMs / 1000).toFixed(1)} s, above the limit of ${maxDurationMs / 1000} s; send a shorter clip`,
    );
  const samples = new Int16Array(frames * fmt.channels);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (fmt.bits === 16) for (let i = 0; i < samples.length; i++) samples[i] = dv.getInt16(2 * i, true);
  else for (let i = 0; i < samples.length; i++) samples[i] = (data[i]! - 128) << 8;
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, samples, frames, durationMs };
}

/** Encodes 16-bit PCM samples (interleaved when `channels` is 2) as a canonical 44-byte-header WAV. */
export function encodeWav(samples: Int16Array, sampleRate: number, channels = 1): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const str = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  str(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  str(8, "WAVE");
  str(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  str(36, "data");
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + 2 * i, samples[i]!, true);
  return out;
}

/** Mono samples (channels averaged). */
export function toMono(wav: Wav): Int16Array {
  if (wav.channels === 1) return wav.samples;
  const out = new Int16Array(wav.frames);
  for (let i = 0; i < wav.frames; i++) out[i] = (wav.samples[2 * i]! + wav.samples[2 * i + 1]!) >> 1;
  return out;
}

/**
 * Resamples mono 16-bit audio to `rate` by linear interpolation in integers (positions in 1/65536
 * of a source sample), so every machine produces the same samples. Enough for speech at 16 kHz.
 */
export function resample(samples: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return samples;
  const n = Math.floor((samples.length * to) / from);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor((i * from * 65536) / to); // fixed-point 16.16 source position
    const k = Math.floor(pos / 65536);
    const f = pos - k * 65536;
    const a = samples[k]!;
    const b = samples[Math.min(k + 1, samples.length - 1)]!;
    out[i] = a + Math.trunc(((b - a) * f) / 65536);
  }
  return out;
}
