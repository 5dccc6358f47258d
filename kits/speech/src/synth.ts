/**
 * Clips for challenges: Debian's espeak-ng speaks the text (voice, rate and pitch chosen by the
 * validator's seeded PRNG), the result is converted to 16 kHz mono in TypeScript, and white noise
 * is mixed in at a chosen signal-to-noise ratio. The noise comes from the challenge's PRNG, so a
 * validator gets the same clip from the same seed; the clip is a canonical 16-bit WAV file.
 * espeak-ng runs without a shell and writes to a temporary file (its `--stdout` WAV header carries
 * placeholder sizes, which `parseWav` rightly refuses). Install: `apt-get install espeak-ng`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Random } from "@tao-subnet/sdk/kit";
import { SpeechError, SpeechErrorCode } from "./errors.js";
import { encodeWav, parseWav, resample, toMono } from "./wav.js";

/** How espeak-ng speaks: a voice (`en-us`, `en-us+f2`, …), words per minute, pitch 0–99. */
export interface Voice {
  voice: string;
  rate: number;
  pitch: number;
}

/** The voices challenges draw from: espeak-ng's English voices with male and female variants. */
export const VOICES = ["en-us", "en-us+m3", "en-us+f2", "en-us+f4", "en", "en+m5", "en-gb-x-rp", "en-us+m7"];

export interface SynthesisOptions {
  /** Path of espeak-ng (default /usr/bin/espeak-ng). */
  binary?: string;
  /** Output sample rate (default 16,000 Hz). */
  sampleRate?: number;
  /** Signal-to-noise ratio of the mixed-in white noise, in dB; null for none. */
  snrDb?: number | null;
  /** Kill espeak-ng after this long (default 20 s). */
  timeoutMs?: number;
}

/** A synthesised clip: the WAV bytes and what went into it. */
export interface Clip {
  wav: Uint8Array;
  sampleRate: number;
  durationMs: number;
  voice: Voice;
  snrDb: number | null;
}

const DEFAULT_BINARY = "/usr/bin/espeak-ng";

/** Whether espeak-ng is installed at `binary`; the reason when not. */
export function espeakAvailable(binary = DEFAULT_BINARY): { ok: true } | { ok: false; reason: string } {
  return existsSync(binary) ? { ok: true } : { ok: false, reason: `${binary} not found (apt-get install espeak-ng)` };
}

/** A voice drawn with `random`: one of VOICES, 130–180 words per minute, pitch 30–70. */
export function randomVoice(random: Random): Voice {
  return { voice: random.pick(VOICES), rate: 130 + random.int(51), pitch: 30 + random.int(41) };
}

/** Checks a voice's fields; throws SPEECH_BAD_OPTION naming the field. */
function checkVoice(v: Voice): void {
  if (!/^[a-z]{2,3}(-[a-z0-9]+)*(\+[a-z0-9]+)?$/i.test(v.voice))
    throw new SpeechError(
      SpeechErrorCode.BAD_OPTION,
      "voice.voice",
      `"${v.voice}" is not an espeak-ng voice name; use one of ${VOICES.join(", ")} (see espeak-ng --voices)`,
    );
  if (!Number.isInteger(v.rate) || v.rate < 80 || v.rate > 450)
    throw new SpeechError(SpeechErrorCode.BAD_OPTION, "voice.rate", `${v.rate} words per minute; use an integer in 80–450`);
  if (!Number.isInteger(v.pitch) || v.pitch < 0 || v.pitch > 99)
    throw new SpeechError(SpeechErrorCode.BAD_OPTION, "voice.pitch", `${v.pitch}; use an integer in 0–99`);
}

/**
 * Mixes white noise into `samples` at `snrDb` (signal power over noise power, whole clip). The
 * noise is a sum of four uniform integers from `random` (close to Gaussian), scaled to the power
 * the ratio asks for; the sum saturates at the 16-bit range.
 */
export function mixNoise(samples: Int16Array, snrDb: number, random: Random): Int16Array {
  if (!Number.isFinite(snrDb) || snrDb < -10 || snrDb > 100)
    throw new SpeechError(SpeechErrorCode.BAD_OPTION, "snrDb", `${snrDb} dB; use a number in −10–100 (20 is clean speech with audible hiss, 5 is hard)`);
  let power = 0;
  for (const s of samples) power += s * s;
  power /= Math.max(1, samples.length);
  const noiseRms = Math.sqrt(power / 10 ** (snrDb / 10));
  // a sum of four uniforms on [-1/2, 1/2] has variance 4/12; scale it to noiseRms
  const scale = noiseRms / Math.sqrt(4 / 12);
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    let u = 0;
    for (let k = 0; k < 4; k++) u += random.nextU32() / 2 ** 32 - 0.5;
    const v = samples[i]! + Math.round(u * scale);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Speaks `text` with espeak-ng and returns a 16-bit mono WAV clip (noise mixed in when `snrDb` is set). */
export async function synthesize(text: string, voice: Voice, random: Random | null, options: SynthesisOptions = {}): Promise<Clip> {
  const bin = options.binary ?? DEFAULT_BINARY;
  const avail = espeakAvailable(bin);
  if (!avail.ok) throw new SpeechError(SpeechErrorCode.TOOL_MISSING, "espeak-ng", `${avail.reason}; or set the kit's espeakBinary option`);
  checkVoice(voice);
  if (!text.trim() || text.length > 4000)
    throw new SpeechError(SpeechErrorCode.BAD_OPTION, "text", `${text.length} characters; synthesise 1–4,000 characters per clip`);
  const dir = await mkdtemp(join(tmpdir(), "tao-speech-tts-"));
  try {
    const file = join(dir, "clip.wav");
    // "--" ends the options, so a text starting with "-" is spoken, not parsed
    const args = ["-v", voice.voice, "-s", String(voice.rate), "-p", String(voice.pitch), "-w", file, "--", text];
    await new Promise<void>((resolve, reject) => {
      execFile(bin, args, { timeout: options.timeoutMs ?? 20_000 }, (err, _out, stderr) => {
        if (err)
          reject(
            new SpeechError(
              SpeechErrorCode.TOOL_FAILED,
              "espeak-ng",
              `${bin} failed: ${stderr.trim() || err.message}; check the voice name with espeak-ng --voices`,
              { cause: err },
            ),
          );
        else resolve();
      });
    });
    const raw = parseWav(new Uint8Array(await readFile(file)), { field: "espeak-ng output" });
    const rate = options.sampleRate ?? 16000;
    let samples = resample(toMono(raw), raw.sampleRate, rate);
    const snrDb = options.snrDb ?? null;
    if (snrDb !== null) {
      if (!random) throw new SpeechError(SpeechErrorCode.BAD_OPTION, "random", "noise needs the challenge's PRNG; pass ctx.random");
      samples = mixNoise(samples, snrDb, random);
    }
    return { wav: encodeWav(samples, rate), sampleRate: rate, durationMs: (samples.length * 1000) / rate, voice, snrDb };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
